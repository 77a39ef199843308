"""SQLite as the settings configure it, under two writers at once (issue 15, ADR 36).

Each test opens its own connections to a file database in a temporary folder through Django's SQLite backend with
the OPTIONS the settings give every SQLite database (faircase.config.settings.base.SQLITE_OPTIONS): not the test
database, which is in memory and shared.
"""

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper

from faircase.config.settings.base import SQLITE_BUSY_TIMEOUT_SECONDS, SQLITE_OPTIONS

# Longer than SQLite's own default patience (Python's sqlite3 waits 5 seconds), as a writer is held up when its
# worker's threads queue for the CPU on a loaded machine.
HELD_SECONDS = 5.5


@pytest.fixture(autouse=True)
def own_connections(django_db_blocker: Any) -> Iterator[None]:
    """These tests open their own connections, never the test database's: pytest-django lets them."""
    with django_db_blocker.unblock():
        yield


def _connection(path: Path, alias: str) -> DatabaseWrapper:
    wrapper = DatabaseWrapper(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {**SQLITE_OPTIONS},
            "ATOMIC_REQUESTS": False,
            "AUTOCOMMIT": True,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "TIME_ZONE": None,
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TEST": {},
        },
        alias=alias,
    )
    wrapper.ensure_connection()
    return wrapper


def test_a_connection_waits_as_long_as_the_settings_say(tmp_path: Path) -> None:
    connection = _connection(tmp_path / "faircase.sqlite3", "patience")
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == SQLITE_BUSY_TIMEOUT_SECONDS * 1000
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        connection.close()


def test_a_writer_waits_for_a_slow_writer_rather_than_failing_database_is_locked(tmp_path: Path) -> None:
    path = tmp_path / "faircase.sqlite3"
    setup = _connection(path, "setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE event (id INTEGER PRIMARY KEY, by TEXT)")
    setup.close()
    holding = threading.Event()
    failures: list[BaseException] = []

    def slow_writer() -> None:
        connection = _connection(path, "slow")
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "BEGIN IMMEDIATE"
                )  # what transaction.atomic sends on SQLite (transaction_mode)
                cursor.execute("INSERT INTO event (by) VALUES ('slow')")
                holding.set()
                time.sleep(HELD_SECONDS)
                cursor.execute("COMMIT")
        finally:
            connection.close()

    def second_writer() -> None:
        connection = _connection(path, "second")
        try:
            holding.wait(timeout=10)
            with connection.cursor() as cursor:
                cursor.execute("BEGIN IMMEDIATE")
                cursor.execute("INSERT INTO event (by) VALUES ('second')")
                cursor.execute("COMMIT")
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=slow_writer), threading.Thread(target=second_writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    check = _connection(path, "check")
    with check.cursor() as cursor:
        cursor.execute("SELECT by FROM event ORDER BY id")
        assert [row[0] for row in cursor.fetchall()] == ["slow", "second"]
    check.close()
