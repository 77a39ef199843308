"""Holes the outside review found in reads: pages of case content that left no audit event, and the monthly
exclusions return listing a case to someone excluded from it. Each test here failed before the access kernel."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.core.models import AuditEvent
from faircase.framework import services as framework_services
from faircase.practitioners import services_comms, services_voice
from faircase.practitioners.tests.portal_helpers import practitioner_user
from faircase.process import feeds
from faircase.process.tests.test_returns_exclusions import _exclude
from faircase.records.tests.factories import answer_all, follow_up_values

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def at_noon():
    with time_machine.travel(dt.datetime(2026, 11, 20, 12, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def full_case(at_noon, case, case_manager):
    """A case with a completed review that opened a follow-up, a live exclusion, a letter, a submission and a
    welfare plan: something behind every page of case content."""
    review = answer_all(
        framework_services.start_review(case=case, review_point="commencement", by=case_manager),
        by=case_manager,
        special={"WS1": follow_up_values("no", "Not yet offered.", "Offer support", case_manager, TODAY)},
    )
    restriction = _exclude(case, case_manager, "immediate_exclusion", TODAY - dt.timedelta(days=3))
    letter = services_comms.send_letter(
        case=case, kind="concern_notification", fields={}, by=case_manager, today=TODAY
    )
    practitioner = practitioner_user(case)
    submission = services_voice.submit(case=case, kind="account", text="My account.", by=practitioner)
    services_voice.set_welfare_plan(
        case=case,
        named_contact=case_manager,
        contact_every_days=14,
        agreed_on=TODAY,
        notes="",
        by=case_manager,
    )
    return {
        "case": case,
        "review": review,
        "follow_up": case.follow_ups.get(),
        "restriction": restriction,
        "letter": letter,
        "submission": submission,
        "practitioner": practitioner,
    }


def _views_of(case):
    return AuditEvent.objects.filter(case=case, action="case.viewed")


PAGES = {
    "a review's answers and notes": lambda w: reverse(
        "reviews:detail", kwargs={"case_id": w["case"].pk, "review_id": w["review"].pk}
    ),
    "a restriction": lambda w: reverse(
        "process:restriction_detail", kwargs={"case_id": w["case"].pk, "restriction_id": w["restriction"].pk}
    ),
    "a letter's PDF": lambda w: reverse(
        "practitioners:comms_letter_pdf", kwargs={"case_id": w["case"].pk, "letter_id": w["letter"].pk}
    ),
    "the practitioner's submission on the respond page": lambda w: reverse(
        "practitioners:voice_respond", kwargs={"case_id": w["case"].pk, "submission_id": w["submission"].pk}
    ),
    "closing a follow-up": lambda w: reverse(
        "reviews:close_follow_up", kwargs={"case_id": w["case"].pk, "follow_up_id": w["follow_up"].pk}
    ),
    "the welfare plan": lambda w: reverse(
        "practitioners:voice_welfare_plan", kwargs={"case_id": w["case"].pk}
    ),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_reading_case_content_leaves_an_audit_event(page, full_case, case_manager, signed_in):
    url = PAGES[page](full_case)
    before = _views_of(full_case["case"]).count()
    response = signed_in(case_manager).get(url)
    assert response.status_code == 200, url
    views = _views_of(full_case["case"])
    assert views.count() == before + 1
    assert views.order_by("-sequence").first().actor == case_manager


def test_the_practitioner_reading_their_letter_is_audited(full_case, signed_in):
    url = reverse(
        "practitioners:comms_my_letter_pdf",
        kwargs={"case_id": full_case["case"].pk, "letter_id": full_case["letter"].pk},
    )
    before = _views_of(full_case["case"]).count()
    assert signed_in(full_case["practitioner"]).get(url).status_code == 200
    assert _views_of(full_case["case"]).filter(actor=full_case["practitioner"]).count() == 1
    assert _views_of(full_case["case"]).count() == before + 1


def test_reading_the_exclusions_return_page_is_audited(full_case, case_manager, signed_in):
    url = reverse("process:restriction_return", kwargs={"org_slug": full_case["case"].organisation.slug})
    assert signed_in(case_manager).get(url).status_code == 200
    event = AuditEvent.objects.filter(action="exclusions_return.viewed").get()
    assert event.actor == case_manager and event.summary["detail"]["episodes"] == 1


def test_each_fetch_of_the_calendar_feed_is_audited(full_case, case_manager, client):
    _feed, token = feeds.create_feed(by=case_manager)
    url = reverse("process:deadlines_feed", kwargs={"token": token})
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    reads = AuditEvent.objects.filter(action="calendar_feed.read", actor=case_manager)
    assert reads.count() == 2 and reads.first().summary["detail"]["events"] >= 1


def test_the_exclusions_return_leaves_out_a_case_the_reader_is_excluded_from(
    full_case, organisation, case_manager, signed_in
):
    colleague = member(organisation, "case_manager", username="cm-excluded")
    case = full_case["case"]
    case_services.exclude_for_conflict(
        case=case, user=colleague, reason="Her former trainee", by=case_manager
    )
    month = f"{TODAY:%Y-%m}"
    for person, sees in ((case_manager, True), (colleague, False)):
        client = signed_in(person)
        page = client.get(reverse("process:restriction_return", kwargs={"org_slug": organisation.slug}))
        csv_file = client.get(
            reverse(
                "process:restriction_return_file",
                kwargs={"org_slug": organisation.slug, "month": month, "fmt": "csv"},
            )
        )
        assert (case.reference in page.content.decode()) is sees, person.username
        assert (case.reference in csv_file.content.decode()) is sees, person.username


def test_the_consistency_lens_does_not_count_a_case_the_reader_is_excluded_from(
    at_noon, organisation, case, case_manager
):
    from faircase.consistency import selectors
    from faircase.consistency.tests.factories import closed_case

    comparable = closed_case(organisation=organisation, by=case_manager)
    closed_case(organisation=organisation, by=case_manager)
    colleague = member(organisation, "case_manager", username="cm-2")
    assert selectors.comparison_for(case, colleague).total == 2
    case_services.exclude_for_conflict(case=comparable, user=colleague, reason="x", by=case_manager)
    assert selectors.comparison_for(case, colleague).total == 1
    assert selectors.comparison_for(case, case_manager).total == 2
