"""The demo shows issue 10's follow-ups and closures: a follow-up carried forward through later reviews and closed
by a later "yes" with a reason, an exclusion review that asked only what its pack asks, and a case closed with its
closure checklist complete (a follow-up carried beyond the case, the practitioner told)."""

import pytest
from django.urls import reverse

from faircase.accounts.models import User
from faircase.cases import closure
from faircase.cases.models import Case
from faircase.framework import selectors as framework_selectors
from faircase.framework.models import FollowUp, Review
from faircase.practitioners.models import Communication
from faircase.process.models import Restriction


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


def test_a_follow_up_is_carried_forward_through_later_reviews_and_closed_by_a_later_yes(demo):
    riv = case("riverside", "RIV-0171")
    follow_up = FollowUp.objects.get(case=riv, code="WS4")
    history = framework_selectors.follow_up_history(follow_up)
    assert [(entry.review_point, entry.answer, entry.what) for entry in history] == [
        ("commencement", "unknown", "Opened it"),
        ("route", "unknown", "Added to it"),
        ("restriction", "yes", "Closed it"),
    ]
    assert follow_up.status == FollowUp.Status.CLOSED
    assert "named contact from outside anaesthetics" in follow_up.outcome
    assert FollowUp.objects.filter(case=riv, code="WS4").count() == 1, "one follow-up, never a duplicate"


def test_no_demo_case_has_two_follow_ups_open_for_one_consideration(demo):
    for riv in Case.objects.for_system("demo"):
        codes = list(framework_selectors.open_follow_ups(riv).values_list("code", flat=True))
        assert len(codes) == len(set(codes)), riv.reference


def test_the_demo_exclusion_review_asked_what_its_pack_asks(demo):
    riv = case("riverside", "RIV-0171")
    review = Review.objects.get(case=riv, review_point="restriction")
    asked = {answer.consideration.code for answer in review.answers.select_related("consideration")}
    assert asked == {"WS3", "WS4", "WS7", "UI2", "PH2", "PH4", "AP4", "AP5", "EP2", "EP5"}


def test_later_demo_reviews_started_from_the_last_answers(demo):
    riv = case("riverside", "RIV-0171")
    route = Review.objects.get(case=riv, review_point="route")
    answers = list(route.answers.select_related("carried_from"))
    confirmed = [a for a in answers if a.carried_from_id and a.carried_from.answer == a.answer]
    assert len(confirmed) > 20, "most answers were confirmed, not ticked afresh"


def test_a_demo_case_closed_with_its_checklist_complete(demo):
    riv = case("riverside", "RIV-0112")
    assert riv.is_closed
    carried = FollowUp.objects.get(case=riv, status=FollowUp.Status.CARRIED)
    assert carried.code == "WS5" and "line manager" in carried.outcome
    assert Communication.objects.filter(case=riv, to_practitioner=True, channel="letter").exists()


def test_every_closed_demo_case_left_nothing_open(demo):
    closed = Case.objects.for_system("demo").filter(closed_at__isnull=False)
    assert closed.count() >= 10
    for riv in closed:
        assert not framework_selectors.open_follow_ups(riv).exists(), riv.reference
        assert not Restriction.objects.filter(case=riv, ended_on__isnull=True).exists(), riv.reference
        assert closure.practitioner_told(riv), riv.reference


def test_the_demo_move_page_shows_the_checklist_of_a_case_about_to_close(demo, client):
    riv = case("riverside", "RIV-0147")
    client.force_login(User.objects.get(username="riverside-case-manager"))
    html = client.get(reverse("cases:move", kwargs={"case_id": riv.pk})).content.decode()
    assert "Before the case can close" in html
    assert "The practitioner has been told the outcome" in html
