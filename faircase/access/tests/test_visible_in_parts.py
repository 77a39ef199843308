"""The visible set in parts (ADR 37) is the visible set: the same cases, each in one part, for every kind of
person the rule knows (organisation roles in either organisation, named on cases, excluded, the subject)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faircase.accounts.models import Membership
from faircase.accounts.roles import CaseRole, Role
from faircase.accounts.tests.factories import member
from faircase.cases.models import Case, CaseMember, ConflictExclusion
from faircase.cases.tests.factories import open_case
from faircase.practitioners.models import PractitionerAccount

ROLES = st.sets(st.sampled_from(list(Role.values)), max_size=2)
CASE_INDEXES = st.sets(st.integers(min_value=0, max_value=3), max_size=3)


@pytest.fixture
def four_cases(organisation, other_organisation, case_manager):
    elsewhere = member(other_organisation, "case_manager", username="cm2")
    return [
        open_case(organisation=organisation, by=case_manager),
        open_case(organisation=organisation, by=case_manager),
        open_case(organisation=other_organisation, by=elsewhere),
        open_case(organisation=other_organisation, by=elsewhere),
    ]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    here=ROLES,
    there=ROLES,
    named=CASE_INDEXES,
    excluded=CASE_INDEXES,
    subject_of=st.none() | st.integers(min_value=0, max_value=3),
    named_as=st.sampled_from(list(CaseRole.values)),
)
def test_the_parts_are_the_visible_set_each_case_once(
    four_cases,
    organisation,
    other_organisation,
    case_manager,
    here,
    there,
    named,
    excluded,
    subject_of,
    named_as,
):
    person = member(organisation, "case_investigator", username="p")
    Membership.objects.filter(user=person).delete()
    try:
        for org, roles in ((organisation, here), (other_organisation, there)):
            for role in roles:
                Membership.objects.create(user=person, organisation=org, role=role)
        for i in named:
            CaseMember.objects.create(case=four_cases[i], user=person, role=named_as)
        for i in excluded:
            ConflictExclusion.objects.create(
                case=four_cases[i], user=person, reason="x", recorded_by=case_manager
            )
        if subject_of is not None:
            PractitionerAccount.objects.create(user=person, practitioner=four_cases[subject_of].practitioner)
        in_parts = [
            pk for part in Case.objects.visible_in_parts(person) for pk in part.values_list("pk", flat=True)
        ]
        assert len(in_parts) == len(set(in_parts)), "a case in two parts would be listed twice"
        assert set(in_parts) == set(Case.objects.visible_to(person).values_list("pk", flat=True))
    finally:
        ConflictExclusion.objects.filter(user=person).delete()
        CaseMember.objects.filter(user=person).delete()
        PractitionerAccount.objects.filter(user=person).delete()
        Membership.objects.filter(user=person).delete()


def test_no_one_signed_in_has_no_parts(db):
    from django.contrib.auth.models import AnonymousUser

    assert Case.objects.visible_in_parts(AnonymousUser()) == []
