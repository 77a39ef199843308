"""Fixtures shared by every app's tests."""

import pytest

from faircase.accounts.tests.factories import OrganisationFactory, member
from faircase.cases.tests.factories import open_case


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
