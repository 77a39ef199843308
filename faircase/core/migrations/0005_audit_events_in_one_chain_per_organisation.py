"""Audit events in one hash chain per organisation and one for the installation (ADR 35).

The events already written stay where they are: they become the chain "all" (the column is added with that
default, which fills it without an UPDATE of any row, so the append-only trigger of 0002 is not fired), keep
their hash and keep their `sequence` as their place. On PostgreSQL the key counter, which now also numbers new
events, is moved past the largest event number, so a new event's number is always larger than every old one's.
"""

from django.db import migrations, models

MOVE_PAST_EVERY_NUMBER = """
SELECT setval(
    pg_get_serial_sequence('core_auditevent', 'id'),
    GREATEST(COALESCE(MAX(id), 0), COALESCE(MAX(sequence), 0), 1)
) FROM core_auditevent
"""


def _move_past_every_number(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(MOVE_PAST_EVERY_NUMBER)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_events_keep_the_key_of_a_deleted_case")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.CharField(default="all", max_length=40),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="position",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["chain", "sequence"], name="core_audit_chain_sequence"),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(fields=("chain", "position"), name="core_audit_one_event_per_place"),
        ),
        migrations.RunPython(_move_past_every_number, migrations.RunPython.noop, elidable=False),
    ]
