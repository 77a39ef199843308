"""The demo shows issue 5's case-level features with its own logins: comparable closed cases and the warning on
the page for moving to a formal investigation, a blind second look answered and recorded and another waiting for
the reviewer, and the language check with an organisation's own term."""

import shutil

import pytest
from django.urls import reverse
from django.utils import timezone

from faircase.accounts.models import Membership, User
from faircase.accounts.roles import Role
from faircase.cases.models import Case, CaseMember
from faircase.consistency import presenters, selectors
from faircase.consistency.models import LexiconTerm
from faircase.core.models import AuditEvent
from faircase.demo.data import DATA_DIR, DemoDataError, demo_data, read_demo_data
from faircase.demo.services import load_demo
from faircase.framework.models import Review
from faircase.policy.workflow import workflow_for
from faircase.second_look.choices import Agreement, Status
from faircase.second_look.models import SecondLook
from faircase.second_look.presenters import reviewer_home_context

WARNING = "More severe than most comparable cases"


@pytest.fixture(scope="module")
def loaded(demo_loaded):
    return demo_loaded


@pytest.fixture
def demo(loaded, db):
    return loaded


def case(slug, reference):
    return Case.objects.select_related("organisation", "practitioner").get(
        organisation__slug=slug, reference=reference
    )


def user(username):
    return User.objects.get(username=username)


def move_check(case_, to_stage):
    workflow = workflow_for(case_)
    return presenters.move_check(
        case_, case_.opened_by, workflow=workflow, moves=workflow.moves_from(case_.stage), to_stage=to_stage
    )


# ---- the consistency lens ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("slug", "reference"), [("riverside", "RIV-0147"), ("northvale", "NVPL-0047")])
def test_an_open_case_has_six_or_more_comparable_closed_cases_handled_and_ended_in_different_ways(
    demo, slug, reference
):
    subject = case(slug, reference)
    comparison = selectors.comparison_for(subject, subject.opened_by)
    assert comparison.total >= 6 and not comparison.weak
    assert all(count for _step, count in comparison.route.counts), "with and without a formal investigation"
    assert comparison.restriction.count("restriction") and comparison.restriction.count("none")
    assert len([step for step, count in comparison.outcome.counts if count]) >= 4


@pytest.mark.parametrize(("slug", "reference"), [("riverside", "RIV-0147"), ("northvale", "NVPL-0047")])
def test_moving_an_open_case_to_a_formal_investigation_is_more_severe_than_most_comparable_cases(
    demo, slug, reference
):
    check = move_check(case(slug, reference), "formal_investigation")
    assert check is not None and not check.weak
    (warning,) = check.warnings
    assert "comparable closed cases" in warning and "without a formal investigation" in warning


@pytest.mark.parametrize(
    ("slug", "reference", "share"),
    [("riverside", "RIV-0147", "6 of 8 comparable closed cases (75%)"), ("northvale", "NVPL-0047", "4 of 6")],
)
def test_the_case_manager_sees_the_warning_on_the_page_for_moving_to_a_formal_investigation(
    demo, signed_in, slug, reference, share
):
    open_case = case(slug, reference)
    client = signed_in(user(f"{slug}-case-manager"))
    page = client.get(reverse("cases:move", kwargs={"case_id": open_case.pk}), {"to": "formal_investigation"})
    assert page.status_code == 200
    text = page.content.decode()
    assert WARNING in text
    assert f"{share}" in text and "were handled without a formal investigation" in text


def test_the_consistency_page_shows_the_distribution_and_the_comparable_cases(demo, signed_in):
    riv = case("riverside", "RIV-0147")
    page = signed_in(user("riverside-case-manager")).get(
        reverse("consistency:case", kwargs={"case_id": riv.pk})
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "8 comparable closed cases" in text and "75%" in text
    for story in demo_data().closed_cases:
        if story.organisation == "riverside":
            assert story.reference in text


def test_the_closed_cases_were_played_through_the_services_and_closed_in_the_past(demo):
    today = timezone.localdate()
    for story in demo_data().closed_cases:
        closed = case(story.organisation, story.reference)
        assert closed.is_closed and closed.outcome and closed.stage == "closed", story.reference
        assert closed.closed_at.date() < today and closed.opened_at < closed.closed_at
        assert (today - closed.closed_at.date()).days == story.steps[-1].day
        actions = set(AuditEvent.objects.filter(case=closed).values_list("action", flat=True))
        assert {"case.opened", "case.stage_moved"} <= actions
        assert not AuditEvent.objects.filter(case=closed, actor__isnull=True).exists()
        assert Review.objects.filter(case=closed, review_point="closure", status=Review.Status.COMPLETED)
        assert not closed.restrictions.filter(ended_on__isnull=True).exists(), "no restriction left live"


# ---- a blind second look ----------------------------------------------------------------------------------


def _independent_riverside_board_member(look):
    assert Membership.objects.filter(
        user=look.reviewer, organisation__slug="riverside", role=Role.BOARD_MEMBER
    ).exists()
    assert not CaseMember.objects.filter(case=look.case, user=look.reviewer).exists()
    assert not Case.objects.visible_to(look.reviewer).filter(pk=look.case_id).exists(), "blind"
    assert not look.reviewer_can_open_case


def test_a_second_look_was_answered_by_an_independent_board_member_and_recorded_against_the_framework(demo):
    look = SecondLook.objects.select_related("case", "reviewer", "review").get(status=Status.RECORDED)
    assert look.case.organisation.slug == "riverside"
    _independent_riverside_board_member(look)
    assert look.route and look.reasons and look.taken_into_account
    assert look.agreement == Agreement.DIVERGES and look.review is not None and look.considerations
    answered = AuditEvent.objects.get(action="second_look.answered", object_id=str(look.pk))
    assert answered.actor == look.reviewer


def test_a_second_look_waits_for_the_reviewer_who_sees_it_on_your_work(demo, signed_in):
    waiting = SecondLook.objects.select_related("case", "reviewer").get(status=Status.SENT)
    _independent_riverside_board_member(waiting)
    assert reviewer_home_context(waiting.reviewer)["waiting"] == 1
    text = signed_in(waiting.reviewer).get(reverse("cases:home")).content.decode()
    assert "Blind second looks asked of you" in text and "1 waiting for your answer" in text


def test_the_second_look_reviewer_is_a_printed_demo_login(demo):
    reviewers = set(SecondLook.objects.values_list("reviewer__username", flat=True))
    people = {p.username: p for p in demo_data().accounts}
    assert reviewers and all(people[r].role == Role.BOARD_MEMBER for r in reviewers)


# ---- the language check -----------------------------------------------------------------------------------


def test_riversides_administrator_added_a_term_to_its_language_check(demo):
    term = LexiconTerm.objects.get(organisation__slug="riverside")
    assert term.created_by.username == "riverside-org-admin"
    assert AuditEvent.objects.filter(action="lexicon.term_added", actor=term.created_by).exists()
    assert term.created_at.date() < timezone.localdate()


def test_a_concern_triggers_advice_from_the_national_list_and_from_the_organisations_own(demo, signed_in):
    riv = case("riverside", "RIV-0147")
    own = LexiconTerm.objects.get(organisation=riv.organisation)
    advice = selectors.lexicon_for(riv.organisation).advice_for(riv.concerns.get().description)
    keys = {a.key for a in advice}
    assert f"org-{own.pk}" in keys and "does_not_fit_in" in keys
    text = (
        signed_in(user("riverside-case-manager"))
        .get(reverse("cases:detail", kwargs={"case_id": riv.pk}))
        .content.decode()
    )
    assert "Language check" in text and "just an agency doctor" in text


def test_loading_again_adds_no_second_look_or_language_term(demo):
    counts = (SecondLook.objects.count(), LexiconTerm.objects.count(), Case.objects.count())
    again = load_demo()
    assert not again.changed_anything
    assert (SecondLook.objects.count(), LexiconTerm.objects.count(), Case.objects.count()) == counts


# ---- the data files are checked before anything loads -------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path):
    for path in DATA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def spoil(directory, name, old, new):
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_second_look_answered_by_someone_other_than_the_reviewer_is_refused(data_copy):
    spoil(
        data_copy,
        "cases-riverside.yaml",
        "        by: riverside-board-member-2\n",
        "        by: riverside-auditor\n",
    )
    with pytest.raises(DemoDataError, match=r"RIV-0163, step \d+: only the reviewer asked"):
        read_demo_data(data_copy)


def test_a_second_look_reviewer_named_on_the_case_is_refused(data_copy):
    spoil(
        data_copy,
        "cases-riverside.yaml",
        "          reviewer: riverside-board-member-2\n        day: 48",
        "          reviewer: riverside-board-member\n        day: 48",
    )
    with pytest.raises(DemoDataError, match="the reviewer riverside-board-member is named on the case"):
        read_demo_data(data_copy)


def test_a_closed_case_through_a_stage_it_cannot_pass_is_refused(data_copy):
    spoil(data_copy, "closed-riverside.yaml", "via: [informal_resolution]", "via: [appeal]")
    with pytest.raises(DemoDataError, match=r"closed-riverside\.yaml, case RIV-0071: 'via' lists stages"):
        read_demo_data(data_copy)


def test_a_language_term_added_by_someone_who_is_not_the_administrator_is_refused(data_copy):
    spoil(data_copy, "language.yaml", "by: riverside-org-admin", "by: riverside-case-manager")
    with pytest.raises(DemoDataError, match="must be an organisation administrator of riverside"):
        read_demo_data(data_copy)
