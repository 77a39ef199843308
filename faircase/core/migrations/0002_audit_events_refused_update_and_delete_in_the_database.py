"""On PostgreSQL the database itself refuses UPDATE and DELETE of audit events (ADR 34), whoever connects:
the ORM's own refusal (AppendOnlyQuerySet) does not stop raw SQL. TRUNCATE stays possible (the test suite
empties tables with it); a signed checkpoint shows when the trail was cut short. SQLite has no such guard."""

from django.db import migrations

TABLE = "core_auditevent"
TRIGGER = "core_auditevent_append_only"
FUNCTION = "faircase_refuse_audit_event_change"

CREATE = f"""
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
"""

DROP = f"""
DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE};
DROP FUNCTION IF EXISTS {FUNCTION}();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no placeholders: RAISE uses % itself

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False)]
