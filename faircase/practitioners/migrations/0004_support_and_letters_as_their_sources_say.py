"""Bring the national support directory and letter templates up to date with their files, as corrected against
their sources in December 2026 (../shared/domain/process-rules-review.md, "Support data"): Practitioner
Performance Advice also talks with practitioners, Freedom to Speak Up guardians are an England arrangement, the
defence organisations entry names bodies for pharmacists too, and the meeting invitation lists a defence
organisation's representative among those who may accompany. The loaders of 0002 and 0003 run again: national
rows only, an organisation's own copies left alone."""

from importlib import import_module

from django.db import migrations

directory = import_module("faircase.practitioners.migrations.0002_portal_support_directory")
letters = import_module("faircase.practitioners.migrations.0003_comms_letter_templates")


def bring_up_to_date(apps, schema_editor):
    directory.load_directory(apps, schema_editor)
    letters.load_templates(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("practitioners", "0003_comms_letter_templates")]
    operations = [migrations.RunPython(bring_up_to_date, migrations.RunPython.noop)]
