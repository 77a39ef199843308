"""Tampering with the audit trail on purpose, to show it is detected. Raw SQL, because the ORM refuses; on
PostgreSQL the append-only trigger is switched off for the statement (the test's own transaction undoes it)."""

from django.db import connection

from faircase.core.models import AuditEvent

TRIGGER = "core_auditevent_append_only"


def tamper(sql: str, params: list) -> None:
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {TRIGGER}")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {TRIGGER}")
