"""The national support directory and letter templates, corrected against their sources (December 2026):
Practitioner Performance Advice talks with practitioners too; Freedom to Speak Up guardians are an England
arrangement; pharmacists have their own defence entry; a defence organisation's representative may accompany the
practitioner to a meeting. Installed national entries are brought up to the shipped ones."""

from django.db import migrations

LABEL = "faircase (national letter templates)"


def refresh(apps, schema_editor):
    from faircase.practitioners.letters import sync_national_templates
    from faircase.practitioners.support_data import sync_national_directory

    sync_national_directory(apps.get_model("practitioners", "SupportEntry"))
    sync_national_templates(apps.get_model("practitioners", "LetterTemplate"), label=LABEL)


class Migration(migrations.Migration):
    dependencies = [("practitioners", "0003_comms_letter_templates")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
