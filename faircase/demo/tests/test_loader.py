import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.utils import timezone

from faircase.accounts.models import Membership, Nation, Organisation, OrganisationKind, User
from faircase.accounts.roles import Role
from faircase.cases.choices import Outcome, Profession, Setting
from faircase.cases.models import Case, ConflictExclusion, StageMove
from faircase.core import audit
from faircase.core.models import AuditEvent
from faircase.demo.data import demo_data
from faircase.demo.services import SYSTEM_ACTOR, load_demo
from faircase.framework.models import FollowUp, Review
from faircase.framework.principles import ANSWERS_NEEDING_FOLLOW_UP, ReviewPoint
from faircase.policy.choices import Policy
from faircase.policy.workflow import workflow_for

DEMO_SLUGS = [o.slug for o in demo_data().organisations]


@pytest.fixture(scope="module")
def loaded(demo_loaded):
    return demo_loaded


@pytest.fixture
def demo(loaded, db):
    return loaded


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "cases", "framework", "core"}
    }


def test_loading_creates_the_organisations_logins_and_cases(demo):
    assert demo.organisations_created == 4
    assert demo.accounts_created == len(demo_data().accounts)
    assert sorted(demo.cases_created) == sorted(s.reference for s in demo_data().all_stories)


def test_loading_again_duplicates_nothing_and_changes_nothing(demo):
    before = _counts()
    again = load_demo()
    assert not again.changed_anything
    assert sorted(again.cases_already_loaded) == sorted(demo.cases_created)
    assert _counts() == before


def test_every_organisation_has_a_demo_login_for_every_role(demo):
    for slug in DEMO_SLUGS:
        roles = set(
            Membership.objects.filter(organisation__slug=slug, user__is_demo=True).values_list(
                "role", flat=True
            )
        )
        assert roles == set(Role.values), slug


def test_there_is_an_english_acute_trust_a_welsh_health_board_and_a_performers_list_team(demo):
    kinds = set(Organisation.objects.filter(slug__in=DEMO_SLUGS).values_list("nation", "kind"))
    assert (Nation.ENGLAND, OrganisationKind.FOUNDATION_TRUST) in kinds
    assert (Nation.WALES, OrganisationKind.HEALTH_BOARD) in kinds
    assert (Nation.ENGLAND, OrganisationKind.NHSE_REGION) in kinds


def test_every_place_is_fictional(demo):
    for organisation in Organisation.objects.filter(slug__in=DEMO_SLUGS):
        assert organisation.ods_code.startswith("ZZ")
        assert "Fictional" in organisation.name


def test_demo_logins_are_marked_as_demo_and_sign_in_with_the_printed_passwords(demo):
    people = demo_data().accounts
    assert User.objects.filter(username__in=[p.username for p in people], is_demo=True).count() == len(people)
    for person in people:
        assert authenticate(username=person.username, password=person.password) is not None, person.username


def test_at_least_six_cases_at_at_least_four_stages(demo):
    cases = Case.objects.filter(organisation__slug__in=DEMO_SLUGS)
    assert cases.count() >= 6
    stages = set(cases.values_list("stage", flat=True))
    assert len(stages) >= 4
    assert {"concern_received", "initial_assessment", "closed"} <= stages


def test_cases_cover_doctors_dentists_and_pharmacists_primary_and_secondary_care_england_and_wales(demo):
    cases = Case.objects.filter(organisation__slug__in=DEMO_SLUGS).select_related(
        "practitioner", "organisation"
    )
    assert {c.practitioner.profession for c in cases} >= {
        Profession.DOCTOR,
        Profession.DENTIST,
        Profession.PHARMACIST,
    }
    assert {c.practitioner.setting for c in cases} == {Setting.PRIMARY, Setting.SECONDARY}
    assert {c.organisation.nation for c in cases} >= {Nation.ENGLAND, Nation.WALES}
    assert Policy.PERFORMERS_LISTS in {c.policy for c in cases}
    assert Policy.UPSW in {c.policy for c in cases}


def test_every_case_has_a_completed_commencement_review_with_a_no_or_unknown_and_its_follow_up(demo):
    for case in Case.objects.filter(organisation__slug__in=DEMO_SLUGS):
        review = Review.objects.get(case=case, review_point=ReviewPoint.COMMENCEMENT)
        assert review.is_locked, case.reference
        doubtful = review.answers.filter(answer__in=ANSWERS_NEEDING_FOLLOW_UP)
        assert doubtful.exists(), case.reference
        assert FollowUp.objects.filter(answer__in=doubtful).count() == doubtful.count(), case.reference


def test_closed_follow_ups_have_outcomes_and_some_remain_open(demo):
    follow_ups = FollowUp.objects.filter(case__organisation__slug__in=DEMO_SLUGS)
    closed = follow_ups.filter(status=FollowUp.Status.CLOSED)
    assert closed.exists()
    assert not closed.filter(outcome="").exists()
    assert follow_ups.filter(status=FollowUp.Status.OPEN).exists()


def test_every_stage_move_follows_a_review_at_the_review_point_its_workflow_asks_for(demo):
    moves = StageMove.objects.filter(case__organisation__slug__in=DEMO_SLUGS).select_related("case", "review")
    assert moves.count() >= 10
    for move in moves:
        expected = workflow_for(move.case).move(move.from_stage, move.to_stage).review_point
        assert move.review is not None and move.review.review_point == expected, move.case.reference
        assert move.decision and move.reasons
        if move.open_follow_ups:
            assert move.open_follow_ups_reason, move.case.reference
    assert moves.filter(open_follow_ups__gt=0).exists()


def test_closed_cases_have_an_outcome(demo):
    closed = Case.objects.filter(organisation__slug__in=DEMO_SLUGS, stage="closed")
    assert closed.exists()
    for case in closed:
        assert case.outcome in Outcome.values and case.closed_at is not None


def test_one_person_is_excluded_from_a_case_for_a_conflict_of_interest_and_is_no_longer_named_on_it(demo):
    exclusion = ConflictExclusion.objects.get(case__organisation__slug__in=DEMO_SLUGS)
    assert exclusion.reason
    assert not exclusion.case.members.filter(user=exclusion.user).exists()
    assert exclusion.case.members.filter(role="case_investigator").exists()


def test_the_welsh_board_reviews_against_its_adapted_framework(demo):
    case = Case.objects.get(organisation__slug="bro-derwen", reference="BD-0093")
    review = Review.objects.get(case=case, review_point=ReviewPoint.COMMENCEMENT)
    assert review.version.organisation.slug == "bro-derwen"
    assert review.answers.filter(consideration__code="BD-WL1", answer="unknown").exists()


def test_the_welsh_board_s_adapted_framework_keeps_its_welsh(demo):
    """Every consideration of Bro Derwen's version has Welsh: the national set's, copied with it, and the board's
    own for what it added and for its local guidance."""
    from faircase.framework import selectors

    version = selectors.current_version(Organisation.objects.get(slug="bro-derwen"))
    considerations = {c.code: c for c in selectors.considerations_in(version)}
    assert considerations and all(c.text_cy for c in considerations.values())
    assert all(c.guidance_cy for c in considerations.values() if c.guidance)
    assert considerations["BD-WL1"].text_cy.startswith("Mae'r broses, y cyfarfodydd a'r llythyrau")
    assert considerations["BD-WL1"].guidance_cy and considerations["UI8"].guidance_cy
    national = {c.code: c for c in selectors.considerations_in(version.based_on)}
    assert considerations["WS2"].text_cy == national["WS2"].text_cy


def test_a_review_can_be_left_part_done(demo):
    assert Review.objects.filter(
        case__organisation__slug__in=DEMO_SLUGS, status=Review.Status.IN_PROGRESS
    ).exists()


def test_the_audit_chain_is_whole_after_loading(demo):
    checked, fault = audit.verify_chain()
    assert fault is None
    assert checked == AuditEvent.objects.count() > 0


def test_setting_up_is_audited_as_the_demo_loader_and_case_work_as_the_people_named(demo):
    assert AuditEvent.objects.filter(actor_label=SYSTEM_ACTOR, action="user.created").count() == len(
        demo_data().accounts
    )
    opened = AuditEvent.objects.filter(action="case.opened", case__organisation__slug__in=DEMO_SLUGS)
    assert opened.count() == len(demo_data().all_stories)
    assert not opened.filter(actor__isnull=True).exists()


def test_the_history_is_dated_in_the_past_in_the_order_it_happened(demo):
    pytest.importorskip("time_machine")
    events = list(AuditEvent.objects.filter(case__organisation__slug__in=DEMO_SLUGS).order_by("sequence"))
    times = [event.occurred_at for event in events]
    assert times == sorted(times)
    assert times[0] < timezone.now() - dt.timedelta(days=200)
    assert all(time < timezone.now() for time in times)
    for case in Case.objects.filter(organisation__slug__in=DEMO_SLUGS):
        assert case.opened_at.date() < timezone.localdate()


# ---- the practitioners' own logins ------------------------------------------------------------------------


def test_each_practitioner_login_signs_in_is_demo_and_sees_exactly_its_own_case(demo):
    from faircase.practitioners.selectors import practitioner_cases

    logins = demo_data().practitioner_logins
    assert {p.organisation for p in logins} >= {"riverside"} and len(logins) >= 2
    for person in logins:
        user = authenticate(username=person.username, password=person.password)
        assert user is not None and user.is_demo
        own = {
            story.reference
            for story in demo_data().stories
            if story.practitioner_login is not None and story.practitioner_login.username == person.username
        }
        seen = practitioner_cases(user)
        assert {case.reference for case in seen} == own
        assert {case.organisation.slug for case in seen} == {person.organisation}


def test_each_practitioner_case_has_a_shared_concern_welfare_a_submission_answered_and_a_letter(demo):
    from faircase.practitioners.models import Letter, SharedConcern, Submission, WelfareContact, WelfarePlan

    for story in demo_data().stories:
        if story.practitioner_login is None:
            continue
        case = Case.objects.get(organisation__slug=story.organisation, reference=story.reference)
        user = User.objects.get(username=story.practitioner_login.username)
        assert SharedConcern.objects.filter(concern__case=case).exists()
        assert WelfarePlan.objects.get(case=case).named_contact is not None
        assert WelfareContact.objects.filter(case=case).count() >= 2
        submission = Submission.objects.get(case=case)
        assert submission.submitted_by == user
        assert submission.acknowledged_at is not None and submission.taken_into_account
        assert Letter.objects.filter(
            case=case, kind__in=("meeting_invitation", "interview_invitation")
        ).exists()


def test_the_audit_chain_verifies_after_loading_the_practitioners_stories(demo):
    count, broken = audit.verify_chain()
    assert count > 0 and broken is None


def test_every_organisation_has_an_adoption_date_and_an_evaluation_on_both_sides_of_it(demo):
    from faircase.evaluation.measures import build_evaluation
    from faircase.process import clock

    for organisation in Organisation.objects.filter(slug__in=DEMO_SLUGS):
        assert organisation.framework_adopted_on is not None
        evaluation = build_evaluation(
            organisation, *clock.evaluation_period(organisation.framework_adopted_on)
        )
        shown = [
            m for m in evaluation.measures if m.value is not None and m.before and m.before.value is not None
        ]
        assert shown, f"{organisation.slug}: nothing to compare before and after adoption"
    riverside = build_evaluation(
        Organisation.objects.get(slug="riverside"),
        *clock.evaluation_period(Organisation.objects.get(slug="riverside").framework_adopted_on),
    )
    cases_on_both_sides = {
        m.key: (m.denominator, m.before.denominator) for m in riverside.measures if m.before
    }
    assert all(cases_on_both_sides["reviews_at_required_points"])  # stage moves after adoption and before
