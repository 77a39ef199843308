"""Fixtures shared by every app's tests, and the suite's clock (FAIRCASE_TEST_NOW)."""

import datetime as dt
import os

import pytest
import time_machine

from faircase.accounts.tests.factories import OrganisationFactory, member
from faircase.cases.tests.factories import open_case


def _test_now() -> dt.datetime | None:
    """The instant FAIRCASE_TEST_NOW names (ISO 8601 with an offset, e.g. 2026-07-01T23:30:00Z), if set."""
    value = os.environ.get("FAIRCASE_TEST_NOW", "").strip()
    if not value:
        return None
    try:
        instant = dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise pytest.UsageError(f"FAIRCASE_TEST_NOW={value!r} is not an ISO 8601 date and time") from error
    if instant.tzinfo is None:
        raise pytest.UsageError(f"FAIRCASE_TEST_NOW={value!r} needs an offset (Z or +01:00): which instant?")
    return instant


TEST_NOW = _test_now()


def pytest_configure(config):
    # The Welsh messages, compiled as `make install` does, so that a run of pytest alone reads the .po as it is.
    from faircase.core.catalogues import compile_all

    compile_all()
    # Travel before collection, so module-level dates (a test's "this year") see the chosen instant too.
    # A timestamp, not an aware datetime: time-machine would switch the process to the datetime's time zone,
    # and the suite must keep Django's (Europe/London), as it does on any other day.
    if TEST_NOW is not None:
        traveller = time_machine.travel(TEST_NOW.timestamp(), tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header(config):
    if TEST_NOW is not None:
        return f"FAIRCASE_TEST_NOW: every test starts at {TEST_NOW.isoformat()} (the clock then runs on)"
    return None


@pytest.fixture(autouse=True)
def _start_at_the_test_now():
    """With FAIRCASE_TEST_NOW, put each test back at that instant, so a long run does not drift out of the
    hour it was meant to try (23:00 to 24:00 UTC is already the next day in London in summer)."""
    if TEST_NOW is None:
        yield
        return
    with time_machine.travel(TEST_NOW.timestamp(), tick=True):
        yield


@pytest.fixture(autouse=True)
def _forget_cached_packs():
    """A test's rollback can put back a policy pack version the cache of packs read by id no longer matches (a
    version deleted and another saved under its id, then both undone): each test starts with an empty cache."""
    from faircase.policy.packs import forget_cached_packs

    forget_cached_packs()
    yield
    forget_cached_packs()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(slug="riverside", name="Riverside Fictional NHS Trust")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(
        slug="hillside", name="Hillside Fictional Health Board", nation="wales", kind="health_board"
    )


@pytest.fixture
def case_manager(organisation):
    return member(organisation, "case_manager", username="cm", full_name="Casey Manager")


@pytest.fixture
def case(organisation, case_manager):
    return open_case(organisation=organisation, by=case_manager, case_manager=case_manager)


@pytest.fixture
def signed_in(client):
    """Sign a user in to the test client: `signed_in(user)` returns the client."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


# Fixtures through which a test reaches the database (a fixture that unblocks it itself asks for
# django_db_setup). pytest-django refuses database access to any test that has none of them and no django_db
# mark, so such a test gives the same answer whatever the database is. (django_db_blocker is not one: an
# autouse fixture of pytest-django asks for it in every test.)
DATABASE_FIXTURES = frozenset({"db", "transactional_db", "live_server", "django_db_setup"})


def uses_a_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(item.fixturenames)
    )


def _on_postgresql() -> bool:
    from django.conf import settings

    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.fixture(scope="session")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for every test that only reads it, and rolled back after the last of them.

    Loading it takes the better part of a minute, and a dozen modules read it: they share this one load. So
    that nothing else sees it, the tests that ask for it run together at the end of the suite (below); each
    still runs in its own savepoint inside it, and a module may add to it in a savepoint of its own."""
    from faircase.demo.services import load_demo
    from faircase.demo.tests.loading import rolled_back
    from faircase.tests.database import put_back_what_the_migrations_made

    def load():
        # They run after the browser journeys, whose live server leaves the database empty.
        put_back_what_the_migrations_made()
        return load_demo()

    with rolled_back(django_db_blocker, load) as report:
        yield report


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's, then a copy of the rows the migrations made, for the tests that must put them back."""
    from faircase.tests.database import keep_what_the_migrations_made

    with django_db_blocker.unblock():
        keep_what_the_migrations_made()
    yield
    # Every connection closed before pytest-django drops the test database: PostgreSQL refuses to drop one that
    # a session still uses, and a thread of the live server may still hold one when the last test ends.
    from django.db import connections

    connections.close_all()
    if _on_postgresql():
        with django_db_blocker.unblock():
            from faircase.tests.database import end_the_other_sessions

            end_the_other_sessions()


def pytest_collection_modifyitems(config, items):
    # The tests that read the shared demo run last and together, so the demo is loaded once and no other test
    # ever finds it in the database.
    readers = [item for item in items if "demo_loaded" in item.fixturenames]
    if readers:
        items[:] = [item for item in items if "demo_loaded" not in item.fixturenames] + readers
    # Browser journeys run against a live server, so their database is flushed after each one. pytest-django
    # keeps the rows the migrations made (the national framework) only for tests *marked* serialized_rollback;
    # the page fixture alone is seen too late for that.
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
    # `make test` runs the suite on SQLite and on PostgreSQL. A test that cannot reach a database (pure rules,
    # the statistics' attackers, the guards that read the source) has the same answer on both: the PostgreSQL
    # run leaves it to the SQLite run (FAIRCASE_EVERY_TEST_ON_POSTGRESQL=1 keeps it).
    if _on_postgresql() and os.environ.get("FAIRCASE_EVERY_TEST_ON_POSTGRESQL") != "1":
        without = [item for item in items if not uses_a_database(item)]
        if without:
            config.hook.pytest_deselected(items=without)
            items[:] = [item for item in items if uses_a_database(item)]
            config._faircase_left_to_sqlite = len(without)


def pytest_report_collectionfinish(config):
    left = getattr(config, "_faircase_left_to_sqlite", 0)
    if left:
        return (
            f"PostgreSQL: {left} tests that use no database are left to the SQLite run "
            "(FAIRCASE_EVERY_TEST_ON_POSTGRESQL=1 runs them here too)"
        )
    return None
