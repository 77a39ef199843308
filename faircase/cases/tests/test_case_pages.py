"""The case manager's core path through the real views (the browser journey covers the same in Chromium)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from faircase.accounts.tests.factories import member
from faircase.cases.models import Case, StageMove
from faircase.cases.tests.factories import PractitionerFactory
from faircase.core.models import AuditEvent
from faircase.framework import selectors as fw
from faircase.framework.models import FollowUp, Review
from faircase.framework.principles import Principle


def _date(prefix, value):
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


def _answer_everything(client, case, review, *, no_code, owner):
    considerations = fw.considerations_for(review)
    for principle in Principle.values:
        data = {}
        for c in considerations:
            if c.principle != principle:
                continue
            data[f"c{c.pk}-answer"] = "no" if c.code == no_code else "yes"
            if c.code == no_code:
                data[f"c{c.pk}-note"] = "No induction record could be found."
                data[f"c{c.pk}-no-follow_up_action"] = "Ask medical staffing for the induction record."
                data[f"c{c.pk}-no-follow_up_owner"] = str(owner.pk)
                data.update(
                    _date(f"c{c.pk}-no-follow_up_due_on", timezone.localdate() + dt.timedelta(days=7))
                )
        url = reverse(
            "reviews:principle", kwargs={"case_id": case.pk, "review_id": review.pk, "principle": principle}
        )
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]


def test_case_manager_opens_reviews_and_moves_a_case(organisation, case_manager, signed_in):
    client = signed_in(case_manager)
    practitioner = PractitionerFactory(organisation=organisation)
    response = client.post(
        reverse("cases:open"),
        {
            "organisation": str(organisation.pk),
            "practitioner": str(practitioner.pk),
            "reference": "RFT-2025-001",
            "policy": "mhps_england",
            "patient_safety_incident": "no",
            "summary": "",
            "category": "clinical",
            "source": "incident",
            "severity": "moderate",
            **_date("occurred_on", dt.date(2025, 3, 1)),
            **_date("raised_on", dt.date(2025, 3, 3)),
            "description": "A discharge summary omitted a change of anticoagulant dose.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(reference="RFT-2025-001")
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk}))
    assert page.status_code == 200
    assert "Commencement review needed" in page.content.decode()

    response = client.post(
        reverse("reviews:start", kwargs={"case_id": case.pk}), {"review_point": "commencement"}
    )
    review = Review.objects.get(case=case)
    assert response.status_code == 302
    for principle in Principle.values:
        url = reverse(
            "reviews:principle", kwargs={"case_id": case.pk, "review_id": review.pk, "principle": principle}
        )
        assert client.get(url).status_code == 200
    _answer_everything(client, case, review, no_code="UI4", owner=case_manager)
    assert FollowUp.objects.filter(case=case, status="open").count() == 1
    response = client.post(reverse("reviews:complete", kwargs={"case_id": case.pk, "review_id": review.pk}))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_locked

    move_url = reverse("cases:move", kwargs={"case_id": case.pk})
    move_page = client.get(move_url).content.decode()
    assert "This move will be linked to the commencement of the case review completed" in move_page
    assert "&lt;p&gt;" not in move_page
    refused = client.post(
        move_url, {"to_stage": "initial_assessment", "decision": "Assess", "reasons": "Facts needed"}
    )
    assert refused.status_code == 200
    assert "say why the case should move on" in refused.content.decode()
    assert not StageMove.objects.exists()

    moved = client.post(
        move_url,
        {
            "to_stage": "initial_assessment",
            "decision": "Assess",
            "reasons": "Facts needed",
            "open_follow_ups_reason": "The induction record is being traced in parallel.",
        },
    )
    assert moved.status_code == 302
    case.refresh_from_db()
    assert case.stage == "initial_assessment"
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "The induction record is being traced in parallel." in page
    assert "No induction record could be found." in page
    assert client.get(reverse("cases:history", kwargs={"case_id": case.pk})).status_code == 200
    assert client.get(reverse("cases:list")).status_code == 200
    assert client.get(reverse("cases:home")).status_code == 200


@pytest.mark.parametrize(
    "name", ["cases:detail", "cases:move", "cases:history", "cases:add_concern", "reviews:new"]
)
def test_a_user_of_another_organisation_gets_404(name, case, other_organisation, signed_in):
    outsider = member(other_organisation, "case_manager", username="outsider")
    response = signed_in(outsider).get(reverse(name, kwargs={"case_id": case.pk}))
    assert response.status_code == 404


def test_an_excluded_case_manager_cannot_see_the_case_at_all(case, organisation, case_manager, signed_in):
    from faircase.cases import services

    conflicted = member(organisation, "case_manager", username="conflicted")
    services.exclude_for_conflict(
        case=case, user=conflicted, reason="Works closely with the practitioner", by=case_manager
    )
    client = signed_in(conflicted)
    assert client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).status_code == 404
    assert case.reference not in client.get(reverse("cases:list")).content.decode()


def test_viewing_a_case_is_audited(case, case_manager, signed_in):
    signed_in(case_manager).get(reverse("cases:detail", kwargs={"case_id": case.pk}))
    assert AuditEvent.objects.filter(case=case, action="case.viewed", actor=case_manager).count() == 1


def test_the_case_list_shows_the_cases_opened_between_two_days_and_says_so(
    organisation, case_manager, signed_in
):
    from faircase.cases.tests.factories import open_case

    london = timezone.get_current_timezone()
    # Days are London's: 00:15 on 1 April in London is still 31 March in UTC (summer time).
    for reference, opened in [
        ("LIST-MAR", dt.datetime(2026, 3, 31, 23, 30, tzinfo=london)),
        ("LIST-APR", dt.datetime(2026, 4, 1, 0, 15, tzinfo=london)),
        ("LIST-JUN", dt.datetime(2026, 6, 30, 23, 59, tzinfo=london)),
        ("LIST-JUL", dt.datetime(2026, 7, 1, 9, 0, tzinfo=london)),
    ]:
        open_case(organisation=organisation, by=case_manager, reference=reference, opened_at=opened)
    client = signed_in(case_manager)
    page = client.get(reverse("cases:list"), {"opened_from": "2026-04-01", "opened_to": "2026-06-30"})
    html = page.content.decode()
    assert "LIST-APR" in html and "LIST-JUN" in html
    assert "LIST-MAR" not in html and "LIST-JUL" not in html
    assert "Cases opened from 1 April 2026 to 30 June 2026" in html and "2 cases" in html
    # The filter is kept as the list is paged and shown with a way back to every case.
    assert "Show cases opened and closed on any day" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"opened_from": "2026-04-01", "opened_to": "soon"}, "must both be dates like 2026-04-01"),
        ({"opened_from": "2026-04-01"}, "must both be dates like 2026-04-01"),
        (
            {"closed_from": "2026-06-30", "closed_to": "2026-04-01"},
            "The last day the cases were closed on is before",
        ),
    ],
)
def test_dates_the_case_list_cannot_use_are_said_and_every_case_shown(
    query, message, case, case_manager, signed_in
):
    page = signed_in(case_manager).get(reverse("cases:list"), query)
    html = page.content.decode()
    assert page.status_code == 200
    assert message in html and case.reference in html
