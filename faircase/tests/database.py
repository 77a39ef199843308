"""The rows the migrations made (the national framework and policy packs), kept so tests can put them back.

A live-server test empties the database when it ends. pytest-django's serialized_rollback is meant to put those
rows back, but in a whole run they did not always come back (the browser journeys and the demo's readers then
met a database with no national policy packs, and cases with no pack). So the suite keeps its own copy, taken
when the test database is made (faircase/conftest.py, django_db_setup), and puts it back where it is needed.
"""

from io import StringIO

from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction

_ROWS: list[str] = []


def keep_what_the_migrations_made() -> None:
    _ROWS[:] = [connection.creation.serialize_db_to_string()]


def put_back_what_the_migrations_made() -> None:
    """Idempotent: rows already there are saved again under the same keys."""
    from faircase.framework.models import FrameworkVersion
    from faircase.policy.models import PolicyPackVersion

    if PolicyPackVersion.objects.exists() and FrameworkVersion.objects.exists():
        return
    if not _ROWS:
        raise RuntimeError(
            "no copy of the migrations' rows was kept: is django_db_setup overridden elsewhere?"
        )
    # As Django's own deserialize_db_from_string, except that content types and permissions already made again by
    # the flush's post_migrate are left as they are (saving the copy's would clash with them on their names).
    remade = {label for label in ("contenttypes.contenttype", "auth.permission") if _has_rows(label)}
    saved = set()
    with transaction.atomic(), connection.constraint_checks_disabled():
        for row in serializers.deserialize("json", StringIO(_ROWS[0])):
            if row.object._meta.label_lower in remade:
                continue
            row.save()
            saved.add(type(row.object))
    connection.check_constraints(table_names=sorted(model._meta.db_table for model in saved))
    # The rows came back with their own keys, which PostgreSQL's sequences did not count: a sequence set lower by
    # an earlier test (a backup restored into the test database sets them to the backup's) would hand out a key
    # already taken. As loaddata does, each sequence moves past the largest key.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(saved)):
            cursor.execute(sql)


def _has_rows(label: str) -> bool:
    from django.apps import apps

    return apps.get_model(label).objects.exists()


def end_the_other_sessions() -> None:
    """End every other session on the test database (PostgreSQL), saying which, so that it can be dropped.

    Only ever called as the suite ends, on its own test database. What each session was last doing is printed,
    so a test that leaves a connection open can be found."""
    import sys

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, left(query, 200) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        for pid, application, state, query in cursor.fetchall():
            print(
                f"\nA session was still open on the test database as the suite ended (pid {pid}, "
                f"{application or 'no application name'}, {state}): {query}",
                file=sys.stderr,
            )
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    connection.close()
