"""Who sees which case: organisation roles, people named on a case, and conflicts of interest."""

import pytest

from faircase.accounts.tests.factories import member
from faircase.cases import services
from faircase.cases.models import Case


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("case_manager", True),
        ("hr_adviser", True),
        ("responsible_officer", True),
        ("auditor", True),
        ("case_investigator", False),
        ("board_member", False),
        ("equality_analyst", False),
        ("org_admin", False),
    ],
)
def test_organisation_roles_see_cases_by_the_role_table(case, organisation, role, sees):
    user = member(organisation, role, username=f"u-{role}")
    assert Case.objects.visible_to(user).filter(pk=case.pk).exists() is sees


def test_someone_named_on_a_case_sees_it_even_from_another_organisation(
    case, other_organisation, case_manager
):
    investigator = member(other_organisation, "case_investigator", username="external-ci")
    services.name_person(case=case, user=investigator, role="case_investigator", by=case_manager)
    assert list(Case.objects.visible_to(investigator)) == [case]
    assert investigator.has_perm("cases.change_case", case)


def test_a_board_member_named_on_a_case_sees_it_but_cannot_change_it(case, organisation, case_manager):
    board = member(organisation, "board_member", username="dbm")
    services.name_person(case=case, user=board, role="board_member", by=case_manager)
    assert board.has_perm("cases.view_case", case)
    assert not board.has_perm("cases.change_case", case)


def test_an_auditor_reads_but_cannot_change(case, organisation):
    auditor = member(organisation, "auditor", username="aud")
    assert auditor.has_perm("cases.view_case", case)
    assert not auditor.has_perm("cases.change_case", case)


def test_exclusion_overrides_every_role(case, organisation, case_manager):
    ro = member(organisation, "responsible_officer", username="ro")
    services.name_person(case=case, user=ro, role="hr_adviser", by=case_manager)
    services.exclude_for_conflict(
        case=case, user=ro, reason="Supervised the practitioner's training", by=case_manager
    )
    assert not Case.objects.visible_to(ro).exists()
    assert not ro.has_perm("cases.view_case", case)
    assert not case.members.filter(user=ro).exists()


def test_a_person_cannot_exclude_themselves(case, case_manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.exclude_for_conflict(case=case, user=case_manager, reason="x", by=case_manager)
