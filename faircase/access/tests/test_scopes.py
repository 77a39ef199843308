"""The access kernel's rule: who sees, changes and oversees which case, one SQL rule asked by scopes and
predicates alike."""

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faircase.access.guard import ActionRefused, allows, authorize, fetch_case, has_capability
from faircase.access.policy import CASE_ACTIONS, GRANTS, OVERSIGHT_ROLES, Capability
from faircase.access.scopes import AccessError, people_with_access
from faircase.accounts.models import Membership
from faircase.accounts.roles import CaseRole, Role
from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.models import Case, CaseMember, Concern, ConflictExclusion
from faircase.cases.tests.factories import concern_fields, open_case
from faircase.practitioners.models import PractitionerAccount


def _subject_with_staff_role(case, role="case_manager"):
    """The practitioner the case is about, who also holds a staff role in the organisation."""
    person = member(case.organisation, role, username=f"subject-{role}")
    PractitionerAccount.objects.create(user=person, practitioner=case.practitioner)
    return person


@pytest.mark.parametrize("role", ["case_manager", "responsible_officer", "auditor", "hr_adviser"])
def test_the_practitioner_never_sees_their_own_case_whatever_role_they_hold(case, role):
    person = _subject_with_staff_role(case, role)
    assert not Case.objects.visible_to(person).filter(pk=case.pk).exists()
    assert not Case.objects.oversight_of(case.organisation, person).filter(pk=case.pk).exists()
    assert not has_capability(person, case, Capability.VIEW)
    assert list(Case.objects.own_cases_of(person)) == [case], "their own pages still show it"


def test_the_practitioner_with_a_staff_role_gets_404_on_every_staff_page_of_their_case(case, signed_in):
    client = signed_in(_subject_with_staff_role(case))
    for url in (
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/record/",
        f"/cases/{case.pk}/record.pdf",
        f"/cases/{case.pk}/history/",
        f"/api/v1/cases/{case.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert f"/cases/{case.pk}/" not in client.get("/cases/").content.decode()
    assert client.get(f"/my/cases/{case.pk}/").status_code == 200


def test_a_named_person_still_sees_a_case_whose_practitioner_is_someone_else(
    case, organisation, case_manager
):
    investigator = member(organisation, "case_investigator", username="ci")
    case_services.name_person(case=case, user=investigator, role="case_investigator", by=case_manager)
    other_practitioner_case = open_case(organisation=organisation, by=case_manager)
    PractitionerAccount.objects.create(user=investigator, practitioner=other_practitioner_case.practitioner)
    assert list(Case.objects.visible_to(investigator)) == [case]


def test_oversight_covers_the_organisation_less_conflicts_and_needs_an_oversight_role(
    case, organisation, other_organisation, case_manager
):
    board = member(organisation, "board_member", username="board")
    other = open_case(organisation=organisation, by=case_manager)
    assert set(Case.objects.oversight_of(organisation, board)) == {case, other}
    assert not Case.objects.visible_to(board).exists(), "oversight is not the right to open a case"
    case_services.exclude_for_conflict(case=case, user=board, reason="Sat on the panel", by=case_manager)
    assert list(Case.objects.oversight_of(organisation, board)) == [other]
    assert not Case.objects.oversight_of(other_organisation, board).exists()
    analyst = member(organisation, "equality_analyst", username="analyst")
    assert not Case.objects.oversight_of(organisation, analyst).exists()


def test_nobody_signed_out_sees_anything(case):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not Case.objects.visible_to(anonymous).exists()
    assert not Case.objects.oversight_of(case.organisation, anonymous).exists()
    assert not Case.objects.own_cases_of(anonymous).exists()
    assert not Concern.objects.visible_to(anonymous).exists()


def test_case_owned_rows_follow_their_case(case, organisation, case_manager, other_organisation):
    stranger = member(other_organisation, "case_manager", username="stranger")
    assert Concern.objects.visible_to(case_manager).filter(case=case).exists()
    assert not Concern.objects.visible_to(stranger).exists()
    assert Concern.objects.of_case(case).count() == case.concerns.count()


def test_the_system_scope_needs_a_named_purpose():
    with pytest.raises(AccessError):
        Case.objects.for_system("whatever")
    Case.objects.for_system("reminders")


def test_rows_of_several_cases_come_only_from_a_scoped_case_queryset(case):
    with pytest.raises(AccessError):
        Concern.objects.of_cases([case])


# ---- one rule: the predicates agree with the scopes ------------------------------------------------------------

ORGANISATION_ROLES = st.sets(st.sampled_from(list(Role.values)), max_size=3)
CASE_ROLES = st.sets(st.sampled_from(list(CaseRole.values)), max_size=2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    roles=ORGANISATION_ROLES,
    named=CASE_ROLES,
    excluded=st.booleans(),
    subject=st.booleans(),
    closed=st.booleans(),
)
def test_the_predicates_ask_the_same_rule_as_the_scopes(
    case, organisation, case_manager, roles, named, excluded, subject, closed
):
    person = member(organisation, "case_investigator", username="p")
    Membership.objects.filter(user=person).delete()
    for role in roles:
        Membership.objects.create(user=person, organisation=organisation, role=role)
    for role in named:
        CaseMember.objects.update_or_create(case=case, role=role, defaults={"user": person})
    if excluded:
        ConflictExclusion.objects.create(case=case, user=person, reason="x", recorded_by=case_manager)
    if subject:
        PractitionerAccount.objects.create(user=person, practitioner=case.practitioner)
    Case.objects.filter(pk=case.pk).update(closed_at="2026-11-30T12:00:00Z" if closed else None)
    case.refresh_from_db()
    try:
        expected_view = bool(
            (roles & GRANTS[Capability.VIEW].organisation_roles or named) and not excluded and not subject
        )
        fresh = Case.objects.get(pk=case.pk)
        for capability in Capability:
            in_scope = Case.objects.with_capability(person, capability).filter(pk=case.pk).exists()
            grant = GRANTS[capability]
            by_table = expected_view and bool(roles & grant.organisation_roles or named & grant.case_roles)
            assert in_scope == by_table, capability
            assert has_capability(person, fresh, capability) == in_scope, capability
            # Read from the case's side (who may own its work), the rule gives the same answer.
            assert people_with_access(fresh, capability).filter(pk=person.pk).exists() == in_scope, capability
        if expected_view:
            fetched = fetch_case(person, case.pk)
            for capability in Capability:
                assert has_capability(person, fetched, capability) == has_capability(
                    person, fresh, capability
                )
            for action, need in CASE_ACTIONS.items():
                may = has_capability(person, fetched, need.capability) and (need.while_closed or not closed)
                assert allows(person, fetched, action) == may, action
        oversees = bool(roles & OVERSIGHT_ROLES) and not excluded and not subject
        assert Case.objects.oversight_of(organisation, person).filter(pk=case.pk).exists() == oversees
    finally:
        ConflictExclusion.objects.filter(user=person).delete()
        CaseMember.objects.filter(user=person).delete()
        PractitionerAccount.objects.filter(user=person).delete()
        Membership.objects.filter(user=person).delete()
        person.delete()


# ---- services refuse what the pages refuse ---------------------------------------------------------------------


def _close(case):
    Case.objects.filter(pk=case.pk).update(closed_at="2026-11-30T12:00:00Z")
    case.refresh_from_db()


def test_a_concern_cannot_be_added_to_a_closed_case_by_page_or_service(case, case_manager, signed_in):
    _close(case)
    before = Concern.objects.count()
    response = signed_in(case_manager).post(f"/cases/{case.pk}/concerns/new/", concern_fields())
    assert response.status_code == 404
    with pytest.raises(ActionRefused, match="closed"):
        case_services.add_concern(case=case, by=case_manager, **concern_fields())
    assert Concern.objects.count() == before


def test_a_service_refuses_someone_who_may_see_but_not_change_the_case(case, organisation):
    auditor = member(organisation, "auditor", username="aud")
    with pytest.raises(PermissionDenied):
        case_services.add_concern(case=case, by=auditor, **concern_fields())


def test_a_named_system_actor_may_act_but_not_on_a_closed_case(case):
    authorize(by="faircase import (test)", case=case, action="case.add_concern")
    _close(case)
    with pytest.raises(ActionRefused):
        authorize(by="faircase import (test)", case=case, action="case.add_concern")
    authorize(by="faircase import (test)", case=case, action="case.read")


def test_an_unknown_action_is_an_error_not_a_refusal(case, case_manager):
    with pytest.raises(KeyError):
        authorize(by=case_manager, case=case, action="case.teleport")
