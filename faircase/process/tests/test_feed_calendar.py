"""The personal calendar feed: the iCalendar writer, the token (hashed, shown once, revocable) and scoping."""

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.tests.factories import open_case
from faircase.core.models import AuditEvent
from faircase.process import feeds
from faircase.process.models import CalendarFeed
from faircase.process.tests.test_lists_deadlines import NOW, TODAY, install_fake_deadlines


@pytest.fixture
def fake_deadlines(monkeypatch):
    return install_fake_deadlines(monkeypatch)


# --- A small RFC 5545 reader, to parse the feed back ----------------------------------------------------------


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n"), "every content line ends with CRLF"
    physical = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in physical), "bare LF or CR in the feed"
    assert all(len(line.encode("utf-8")) <= 75 for line in physical), "a line is longer than 75 octets"
    logical: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse_events(text: str) -> list[dict[str, str]]:
    events, current = [], None
    for line in unfold(text):
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name] = unescape(value)
            for param in params:
                current[f"{name};{param}"] = value
    return events


# --- The writer ---------------------------------------------------------------------------------------------


def test_text_values_escape_backslashes_semicolons_commas_and_new_lines():
    assert feeds.escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "é" * 100  # two octets each
    folded = feeds.fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(physical)) == line


def test_a_short_line_is_not_folded():
    assert feeds.fold("VERSION:2.0") == "VERSION:2.0"


def test_an_all_day_event_ends_the_next_day():
    lines = feeds.vevent(
        uid="x@faircase", day=dt.date(2026, 12, 31), summary="S", description="D", url="", stamp=NOW
    )
    assert "DTSTART;VALUE=DATE:20261231" in lines
    assert "DTEND;VALUE=DATE:20270101" in lines
    assert "DTSTAMP:20260302T090000Z" in lines


def test_the_calendar_has_the_required_properties_and_crlf_line_ends():
    text = feeds.vcalendar([])
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")


# --- Making, using and stopping a feed -----------------------------------------------------------------------


def _make_feed(client) -> str:
    response = client.post(reverse("process:deadlines_calendar"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    match = re.search(r"(http://testserver/calendar/([A-Za-z0-9_-]+)\.ics)", response.content.decode())
    assert match, "the page shows the new feed's link"
    return match.group(2)


def test_making_a_feed_shows_the_link_once_and_stores_only_its_hash(case_manager, signed_in):
    client = signed_in(case_manager)
    token = _make_feed(client)
    feed = CalendarFeed.objects.get(user=case_manager)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(CalendarFeed.objects.values()))
    assert AuditEvent.objects.filter(action="calendar_feed.created", object_id=str(feed.pk)).exists()
    later = client.get(reverse("process:deadlines_calendar")).content.decode()
    assert token not in later
    assert "Stop this feed" in later


@time_machine.travel(NOW, tick=False)
def test_the_feed_has_one_all_day_event_per_open_deadline_without_personal_details(
    organisation,
    case_manager,
    signed_in,
    fake_deadlines,
    client,
):
    case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-7")
    fake_deadlines.add(
        case, "Review of formal exclusion, period 2", TODAY + dt.timedelta(days=10), key="formal_review"
    )
    fake_deadlines.add(
        case,
        "Practitioner's comments; on the report",
        TODAY - dt.timedelta(days=1),
        verified=False,
        key="comments",
    )
    fake_deadlines.add(case, "Investigation report", TODAY - dt.timedelta(days=5), done=True, key="report")
    token = _make_feed(signed_in(case_manager))
    client.logout()

    response = client.get(reverse("process:deadlines_feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    events = parse_events(text)
    assert [e["SUMMARY"] for e in events] == [
        "RFT-7: Practitioner's comments; on the report",
        "RFT-7: Review of formal exclusion, period 2",
    ]
    comments, review = events
    assert comments["DTSTART;VALUE=DATE"] == "20260301"
    assert review["DTSTART;VALUE=DATE"] == "20260312" and review["DTEND;VALUE=DATE"] == "20260313"
    assert comments["UID"] == f"{case.pk}:comments:2026-03-01@faircase"
    assert "To be confirmed" in comments["DESCRIPTION"] and "Verified" in review["DESCRIPTION"]
    assert "Source: MHPS Part II, paragraph 9" in review["DESCRIPTION"]
    assert review["URL"] == f"http://testserver/cases/{case.pk}/"
    assert case.practitioner.full_name not in text
    assert "anticoagulant" not in text  # the concern's text
    assert case_manager.full_name not in text
    # Stable UIDs: a second fetch describes the same events.
    again = parse_events(
        client.get(reverse("process:deadlines_feed", kwargs={"token": token})).content.decode()
    )
    assert [e["UID"] for e in again] == [e["UID"] for e in events]


@time_machine.travel(NOW, tick=False)
def test_fetching_the_feed_notes_when_it_was_last_used(case_manager, signed_in, client, fake_deadlines):
    token = _make_feed(signed_in(case_manager))
    assert CalendarFeed.objects.get().last_used_at is None
    client.logout()
    assert client.get(reverse("process:deadlines_feed", kwargs={"token": token})).status_code == 200
    assert CalendarFeed.objects.get().last_used_at == NOW


def test_a_stopped_feed_answers_404(case_manager, signed_in, fake_deadlines):
    client = signed_in(case_manager)
    token = _make_feed(client)
    url = reverse("process:deadlines_feed", kwargs={"token": token})
    assert client.get(url).status_code == 200
    feed = CalendarFeed.objects.get()
    response = client.post(reverse("process:deadlines_calendar_revoke", kwargs={"feed_id": feed.pk}))
    assert response.status_code == 302
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="calendar_feed.revoked").count() == 1
    assert "Make a calendar feed" in client.get(reverse("process:deadlines_calendar")).content.decode()


def test_a_new_link_replaces_the_old_one(case_manager, signed_in, fake_deadlines):
    client = signed_in(case_manager)
    old = _make_feed(client)
    new = _make_feed(client)
    assert client.get(reverse("process:deadlines_feed", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("process:deadlines_feed", kwargs={"token": new})).status_code == 200
    assert CalendarFeed.objects.filter(user=case_manager, revoked_at__isnull=True).count() == 1


@pytest.mark.parametrize("token", ["made-up-token", "x" * 300])
def test_an_unknown_token_answers_404(db, client, token):
    assert client.get(reverse("process:deadlines_feed", kwargs={"token": token})).status_code == 404


def test_the_feed_of_a_deactivated_user_answers_404(case_manager, signed_in, fake_deadlines):
    client = signed_in(case_manager)
    token = _make_feed(client)
    case_manager.is_active = False
    case_manager.save(update_fields=["is_active"])
    assert client.get(reverse("process:deadlines_feed", kwargs={"token": token})).status_code == 404


def test_nobody_can_stop_someone_elses_feed(organisation, case_manager, signed_in, fake_deadlines):
    token = _make_feed(signed_in(case_manager))
    feed = CalendarFeed.objects.get()
    intruder = member(organisation, "case_manager", username="intruder")
    client = signed_in(intruder)
    assert (
        client.post(reverse("process:deadlines_calendar_revoke", kwargs={"feed_id": feed.pk})).status_code
        == 404
    )
    assert client.get(reverse("process:deadlines_feed", kwargs={"token": token})).status_code == 200


def test_stopping_needs_a_post(case_manager, signed_in):
    client = signed_in(case_manager)
    _make_feed(client)
    feed = CalendarFeed.objects.get()
    assert (
        client.get(reverse("process:deadlines_calendar_revoke", kwargs={"feed_id": feed.pk})).status_code
        == 405
    )


@time_machine.travel(NOW, tick=False)
def test_a_case_the_user_is_later_excluded_from_disappears_from_the_feed(
    organisation,
    case_manager,
    signed_in,
    client,
    fake_deadlines,
):
    colleague = member(organisation, "case_manager", username="cm2")
    kept = open_case(organisation=organisation, by=colleague, case_manager=colleague, reference="KEPT")
    conflicted = open_case(
        organisation=organisation, by=colleague, case_manager=colleague, reference="CONFLICT"
    )
    fake_deadlines.add(kept, "Kept review", TODAY + dt.timedelta(days=2))
    fake_deadlines.add(conflicted, "Conflicted review", TODAY + dt.timedelta(days=2))
    token = _make_feed(signed_in(case_manager))
    client.logout()
    url = reverse("process:deadlines_feed", kwargs={"token": token})
    assert {e["SUMMARY"] for e in parse_events(client.get(url).content.decode())} == {
        "KEPT: Kept review",
        "CONFLICT: Conflicted review",
    }

    case_services.exclude_for_conflict(
        case=conflicted, user=case_manager, reason="Former partner", by=colleague
    )
    assert {e["SUMMARY"] for e in parse_events(client.get(url).content.decode())} == {"KEPT: Kept review"}
