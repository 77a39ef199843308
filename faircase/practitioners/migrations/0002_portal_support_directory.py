"""Load the national support directory (faircase/data/support/directory.yaml)."""

from django.db import migrations


def load_directory(apps, schema_editor):
    from faircase.practitioners.support_data import directory_entries

    SupportEntry = apps.get_model("practitioners", "SupportEntry")
    for entry in directory_entries():
        fields = {
            k: entry[k]
            for k in (
                "name",
                "description",
                "contact",
                "website",
                "professions",
                "nations",
                "last_checked_on",
            )
        }
        existing = SupportEntry.objects.filter(organisation__isnull=True, key=entry["key"]).first()
        if existing is None:
            SupportEntry.objects.create(organisation=None, key=entry["key"], **fields)
        else:
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.save()


def unload_directory(apps, schema_editor):
    from faircase.practitioners.support_data import directory_entries

    SupportEntry = apps.get_model("practitioners", "SupportEntry")
    keys = [entry["key"] for entry in directory_entries()]
    SupportEntry.objects.filter(organisation__isnull=True, key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("practitioners", "0001_initial")]

    operations = [migrations.RunPython(load_directory, unload_directory)]
