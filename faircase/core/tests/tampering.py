"""Tampering with the audit trail on purpose, to show it is detected. Raw SQL, because the ORM refuses; on
PostgreSQL the append-only trigger is switched off for the statement, as the table's owner (the test's own
transaction undoes it)."""

from django.db import connection

from faircase.core.models import AuditEvent

TRIGGER = "core_auditevent_append_only"


def tamper(sql: str, params: list) -> None:
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE waits for nothing pending: check the deferred foreign keys of the test's rows now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {TRIGGER}")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {TRIGGER}")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
