"""The header's navigation reads the user's organisations and roles once (ADR 38); what it shows is still what each
area's own selector of organisations answers, role by role."""

import pytest
from django.test import RequestFactory

from faircase.access.policy import DISCLOSES_FOR_ORGANISATION
from faircase.accounts import roles as R
from faircase.accounts.selectors import organisations_with_role
from faircase.accounts.tests.factories import OrganisationFactory, member
from faircase.core.navigation import navigation
from faircase.evaluation.selectors import readable_organisations
from faircase.oversight.selectors import oversight_organisations
from faircase.practitioners.surveys import results_organisations
from faircase.process.selectors import return_organisations_for

pytestmark = pytest.mark.django_db


def _items(user) -> dict[str, str]:
    request = RequestFactory().get("/")
    request.user = user
    return {item["text"]: item["href"] for item in navigation(request)}


@pytest.mark.parametrize("role", sorted(R.Role.values))
def test_each_item_shows_exactly_when_its_area_selector_finds_an_organisation(role):
    user = member(OrganisationFactory(name="Zephyr Fictional NHS Trust"), role)
    OrganisationFactory(name="Aardvark Fictional Health Board").memberships.create(user=user, role=role)
    items = _items(user)
    returns = return_organisations_for(user).first()
    expected = {
        "Exclusions return": returns is not None,
        "Oversight": oversight_organisations(user).exists(),
        "Equality": readable_organisations(user).exists(),
        "Evaluation": readable_organisations(user).exists(),
        "Survey results": results_organisations(user).exists(),
        "Framework": organisations_with_role(user, R.ADAPTS_FRAMEWORK).exists(),
        "Disclosure": organisations_with_role(user, DISCLOSES_FOR_ORGANISATION).exists(),
        "People": organisations_with_role(user, R.MANAGES_PEOPLE).exists(),
        "Retention": organisations_with_role(user, {R.Role.ORG_ADMIN}).exists(),
    }
    assert {text: text in items for text in expected} == expected
    if returns is not None:
        assert returns.slug in items["Exclusions return"]


def test_the_exclusions_return_links_the_first_organisation_by_name():
    user = member(OrganisationFactory(name="Zephyr Fictional NHS Trust"), R.Role.CASE_MANAGER)
    first = OrganisationFactory(name="Aardvark Fictional Health Board")
    first.memberships.create(user=user, role=R.Role.CASE_MANAGER)
    assert first.slug in _items(user)["Exclusions return"]
    assert return_organisations_for(user).first() == first


def test_the_header_reads_the_users_organisations_in_one_query(django_assert_num_queries):
    user = member(OrganisationFactory(), R.Role.ORG_ADMIN)
    _items(user)  # the practitioner check is the portal middleware's, read once per request too
    request = RequestFactory().get("/")
    request.user = user
    with django_assert_num_queries(0):
        navigation(request)
