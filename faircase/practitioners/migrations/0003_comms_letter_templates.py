"""Load the national letter templates (faircase/data/letters/*.yaml): organisation null, one per kind.

An organisation's own copies are left alone; running it again brings the national ones up to date."""

from django.db import migrations

LABEL = "faircase (national letter templates)"


def load_templates(apps, schema_editor):
    from faircase.practitioners.letters import sync_national_templates

    sync_national_templates(apps.get_model("practitioners", "LetterTemplate"), label=LABEL)


def unload_templates(apps, schema_editor):
    from faircase.practitioners.letters import national_templates

    LetterTemplate = apps.get_model("practitioners", "LetterTemplate")
    kinds = [template.kind for template in national_templates()]
    LetterTemplate.objects.filter(organisation__isnull=True, kind__in=kinds).delete()


class Migration(migrations.Migration):
    dependencies = [("practitioners", "0002_portal_support_directory")]

    operations = [migrations.RunPython(load_templates, unload_templates)]
