"""Text faircase writes outside a page (issue 16): a calendar feed in the language of the person it belongs to,
whoever fetches it, and the reason kept on an exclusion continued by another in the practitioner's language."""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from faircase.cases.tests.factories import open_case
from faircase.process import feeds
from faircase.process.tests.test_feed_calendar import parse_events
from faircase.process.tests.test_lists_deadlines import NOW, TODAY, install_fake_deadlines
from faircase.process.tests.test_restrictions_services import at, formal, immediate_exclusion


@pytest.fixture
def fake_deadlines(monkeypatch):
    return install_fake_deadlines(monkeypatch)


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_the_feed_is_written_in_the_language_of_the_person_it_belongs_to(
    organisation, case_manager, fake_deadlines
):
    case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-8")
    fake_deadlines.add(case, "Report", TODAY + dt.timedelta(days=3), verified=False, key="report")

    with translation.override("cy"):  # the request's language does not matter: the feed is the owner's
        text, _count = feeds.feed_text(case_manager, today=TODAY, base_url="")
    assert "X-WR-CALNAME:faircase deadlines" in text
    [event] = parse_events(text)
    assert event["DESCRIPTION"] == (
        "Timescale: To be confirmed: the source is not verified.\nSource: MHPS Part II, paragraph 9"
    )

    case_manager.language = "cy"
    case_manager.save(update_fields=["language"])
    with translation.override("en"):
        text, _count = feeds.feed_text(case_manager, today=TODAY, base_url="")
    assert "X-WR-CALNAME:dyddiadau terfyn faircase" in text
    [event] = parse_events(text)
    assert event["DESCRIPTION"] == (
        "Amserlen: I'w chadarnhau: nid yw'r ffynhonnell wedi'i gwirio.\nFfynhonnell: MHPS Part II, paragraph 9"
    )


@pytest.mark.django_db
def test_a_converted_exclusion_keeps_its_reason_in_the_practitioner_s_language(case, case_manager):

    case.practitioner.language = "cy"
    case.practitioner.save(update_fields=["language"])
    with at(2027, 1, 4):
        immediate = immediate_exclusion(case, case_manager)
    with at(2027, 1, 12), translation.override("en"):  # the case manager reads English
        formal(case, case_manager, started_on=dt.date(2027, 1, 12))
    immediate.refresh_from_db()
    assert immediate.end_reason.startswith("Parhawyd fel ")
    assert "12 Ionawr 2027" in immediate.end_reason
    assert "Continued" not in immediate.end_reason
