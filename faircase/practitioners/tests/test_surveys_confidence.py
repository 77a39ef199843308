"""The confidence-in-decision survey for case managers after a framework review is completed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.core.models import AuditEvent
from faircase.framework import services as framework_services
from faircase.framework.tests.test_reviews import complete_review
from faircase.practitioners import services_surveys as services
from faircase.practitioners.models import ConfidenceResponse
from faircase.practitioners.presenters_surveys import case_surveys_context

LONDON = ZoneInfo("Europe/London")


def _url(case, review):
    return reverse("practitioners:survey_confidence", kwargs={"case_id": case.pk, "review_id": review.pk})


def test_the_case_page_links_the_latest_completed_review_to_the_question(case, case_manager):
    assert case_surveys_context(case, case_manager)["surveys"]["confidence"] is None
    review = complete_review(case, case_manager)
    confidence = case_surveys_context(case, case_manager)["surveys"]["confidence"]
    assert confidence["review"] == review
    assert confidence["url"] == _url(case, review)
    assert confidence["answered"] is False


def test_an_answer_is_stored_with_organisation_review_point_and_month_only(
    case, case_manager, signed_in, organisation
):
    with time_machine.travel(dt.datetime(2027, 5, 20, 9, tzinfo=LONDON), tick=False):
        review = complete_review(case, case_manager)
        client = signed_in(case_manager)
        assert "How confident are you in this decision?" in client.get(_url(case, review)).content.decode()
        response = client.post(_url(case, review), {"confidence": "4", "comments": "Enough evidence"})
    assert response.status_code == 302
    row = ConfidenceResponse.objects.values().get()
    row.pop("id")
    assert row == {
        "organisation_id": organisation.pk,
        "review_point": "commencement",
        "month": dt.date(2027, 5, 1),
        "confidence": 4,
        "comments": "Enough evidence",
    }
    event = AuditEvent.objects.get(action=services.CONFIDENCE_ANSWERED)
    assert event.object_id == str(review.pk) and event.summary == {}
    assert case_surveys_context(case, case_manager)["surveys"]["confidence"]["answered"] is True


def test_a_case_manager_answers_once_per_decision(case, case_manager, signed_in):
    review = complete_review(case, case_manager)
    client = signed_in(case_manager)
    client.post(_url(case, review), {"confidence": "4"})
    again = client.get(_url(case, review))
    assert again.status_code == 302
    with pytest.raises(ValidationError, match="already answered"):
        services.submit_confidence(review=review, confidence=2, by=case_manager)
    assert ConfidenceResponse.objects.count() == 1


def test_an_answer_is_required(case, case_manager, signed_in):
    review = complete_review(case, case_manager)
    response = signed_in(case_manager).post(_url(case, review), {"confidence": ""})
    assert "Choose how confident you are in this decision" in response.content.decode()
    assert not ConfidenceResponse.objects.exists()


def test_a_review_still_in_progress_is_not_found(case, case_manager, signed_in):
    review = framework_services.start_review(case=case, review_point="commencement", by=case_manager)
    assert signed_in(case_manager).get(_url(case, review)).status_code == 404
    with pytest.raises(ValidationError):
        services.submit_confidence(review=review, confidence=3, by=case_manager)


def test_people_who_cannot_change_the_case_get_not_found(
    case, case_manager, organisation, other_organisation, signed_in
):
    review = complete_review(case, case_manager)
    for person in (
        member(organisation, "responsible_officer", username="ro"),
        member(other_organisation, "case_manager", username="elsewhere"),
    ):
        assert signed_in(person).get(_url(case, review)).status_code == 404
        assert signed_in(person).post(_url(case, review), {"confidence": "5"}).status_code == 404
    assert not ConfidenceResponse.objects.exists()


def test_a_review_of_another_case_is_not_found_through_this_case(case, case_manager, organisation, signed_in):
    from faircase.cases.tests.factories import open_case

    other = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    review = complete_review(other, case_manager)
    assert signed_in(case_manager).get(_url(case, review)).status_code == 404
