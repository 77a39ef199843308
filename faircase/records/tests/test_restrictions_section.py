"""The record shows the case's restrictions, exclusions and the policy pack's deadlines, from the one clock, the
same in the web page, the PDF and the Word document, and its hash does not move while the case does not."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from faircase.process import services
from faircase.records.presenters import build_record
from faircase.records.renderers import FORMATS
from faircase.records.tests.reading import docx_text, html_text, pdf_text

LONDON = ZoneInfo("Europe/London")
D = dt.date


def at(year, month, day, hour=12):
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=LONDON), tick=False)


@pytest.fixture
def excluded(case, case_manager):
    """An immediate exclusion from 17 November 2026 that became a formal one on 27 November, and a restriction
    on practice from 1 December."""
    with at(2026, 11, 17):
        services.record_restriction(
            case=case,
            kind="immediate_exclusion",
            started_on=D(2026, 11, 17),
            terms="Off all clinical duties.",
            reasons="Protect patients while the facts are established.",
            by=case_manager,
        )
    with at(2026, 11, 27):
        contact = services.record_advice_contact(
            case=case,
            contacted_on=D(2026, 11, 26),
            adviser="A. Adviser",
            question="?",
            advice="!",
            by=case_manager,
        )
        services.record_restriction(
            case=case,
            kind="formal_exclusion",
            started_on=D(2026, 11, 27),
            terms="Excluded from the workplace.",
            reasons="The investigation needs it.",
            advice_contact=contact,
            by=case_manager,
        )
    with at(2026, 12, 1):
        services.record_restriction(
            case=case,
            kind="restriction",
            started_on=D(2026, 12, 1),
            terms="Supervised prescribing.",
            reasons="Errors.",
            by=case_manager,
        )
    return case


@pytest.mark.django_db
def test_the_record_shows_the_episode_its_periods_and_the_deadlines_in_every_format(excluded, case_manager):
    with at(2026, 12, 2):
        document = build_record(excluded, generated_by=case_manager)
    headings = [entry.heading for entry in document.section("restrictions").entries]
    assert headings == [
        "Immediate exclusion, from 17 November 2026",
        "Formal exclusion, from 27 November 2026",
        "Restriction on practice, from 1 December 2026",
    ]
    formal = {row.label: row.value for row in document.section("restrictions").entries[1].rows}
    assert formal["Episode"] == (
        "From 17 November 2026: immediate exclusion from 17 November 2026 to 26 November 2026; formal exclusion "
        "from 27 November 2026"
    )
    assert (
        formal["Period 1"]
        == "27 November 2026 to 24 December 2026; review due by 24 December 2026; not reviewed"
    )
    immediate = {row.label: row.value for row in document.section("restrictions").entries[0].rows}
    assert immediate["Period 1"].endswith("ended before its review was due")
    deadlines = {
        entry.heading: {r.label: r.value for r in entry.rows}
        for entry in document.section("deadlines").entries
    }
    assert deadlines["Six months of exclusion"]["Due"] == "16 May 2027"
    assert deadlines["Immediate exclusion ends (period 1)"]["Met"] == "Ended on 26 November 2026"
    assert deadlines["Refer the prolonged exclusion to Practitioner Performance Advice"]["Met"] == "Not met"
    assert deadlines["Review of the restriction on practice (period 1)"]["Due"] == "28 February 2027"
    assert "(to be confirmed)" in deadlines["Review of the restriction on practice (period 1)"]["Source"]
    texts = {
        "html": html_text(FORMATS["html"].render(document)),
        "pdf": pdf_text(FORMATS["pdf"].render(document)),
        "docx": docx_text(FORMATS["docx"].render(document)),
    }
    for fmt, text in texts.items():
        for expected in (
            "Restrictions, exclusions and suspensions",
            "Deadlines from the policy pack",
            "From 17 November 2026: immediate exclusion",
            "review due by 24 December 2026",
            "16 May 2027",
            "28 February 2027",
        ):
            assert expected in text, (fmt, expected)


@pytest.mark.django_db
def test_the_hash_does_not_move_with_the_day_the_record_is_made(excluded, case_manager):
    with at(2026, 12, 2):
        first = build_record(excluded, generated_by=case_manager)
    with at(2027, 6, 2):
        later = build_record(excluded, generated_by=case_manager)
    assert later.footer.sha256 == first.footer.sha256
    with at(2027, 6, 3):
        services.record_advice_contact(
            case=excluded,
            contacted_on=D(2027, 6, 3),
            adviser="B. Adviser",
            question="?",
            advice="!",
            by=case_manager,
        )
        changed = build_record(excluded, generated_by=case_manager)
    assert changed.footer.sha256 != first.footer.sha256
