"""Load the national support directory (faircase/data/support/directory.yaml)."""

from django.db import migrations


def load_directory(apps, schema_editor):
    from faircase.practitioners.support_data import sync_national_directory

    sync_national_directory(apps.get_model("practitioners", "SupportEntry"))


def unload_directory(apps, schema_editor):
    from faircase.practitioners.support_data import directory_entries

    SupportEntry = apps.get_model("practitioners", "SupportEntry")
    keys = [entry["key"] for entry in directory_entries()]
    SupportEntry.objects.filter(organisation__isnull=True, key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("practitioners", "0001_initial")]

    operations = [migrations.RunPython(load_directory, unload_directory)]
