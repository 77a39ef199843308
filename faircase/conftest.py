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


def pytest_collection_modifyitems(items):
    # Browser journeys run against a live server, so their database is flushed after each one. pytest-django
    # keeps the rows the migrations made (the national framework) only for tests *marked* serialized_rollback;
    # the page fixture alone is seen too late for that.
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
