"""What was seen (issue 10), each as a test that failed before the one clock: the case page, the deadline table,
the monthly return and the closure check disagreed about the dates of one exclusion.

All in an English organisation, with time under control.
"""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.framework import services as framework_services
from faircase.process import selectors, services
from faircase.process.presenters_deadlines import case_deadlines_context
from faircase.process.presenters_restrictions import case_restrictions_context
from faircase.records.tests.factories import answer_all

LONDON = ZoneInfo("Europe/London")
D = dt.date


def at(year, month, day, hour=12):
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=LONDON), tick=False)


def _advice(case, by, on):
    return services.record_advice_contact(
        case=case, contacted_on=on, adviser="A. Adviser", question="Exclude?", advice="Formally, yes.", by=by
    )


def _record(case, by, kind, started_on, **extra):
    return services.record_restriction(
        case=case,
        kind=kind,
        started_on=started_on,
        terms="Off all clinical duties.",
        reasons="Protect patients while the facts are established.",
        by=by,
        **extra,
    )


def _review(case, by, period, on, *, continues=True):
    review = answer_all(framework_services.start_review(case=case, review_point="restriction", by=by), by=by)
    return services.review_period(
        period=period,
        reviewed_on=on,
        outcome="Reviewed.",
        continues=continues,
        end_reason="" if continues else "Ended.",
        review=review,
        by=by,
    )


def _rows_titled(context, words):
    return [row for row in context["rows"] if words in row["title"]]


def _panel_dates(line, words):
    """The dates the exclusion panel lists under a title (the six-month mark...)."""
    return [d.due_on for d in line.dates if words in d.title]


@pytest.mark.django_db
def test_an_immediate_exclusion_ends_on_the_same_day_in_the_deadlines_and_the_exclusion_panel(
    case, case_manager
):
    """Seen: "Immediate exclusion ends 1 Dec, due within 7 days" beside "Review due by 30 Nov, overdue"."""
    with at(2026, 11, 17):
        _record(case, case_manager, "immediate_exclusion", D(2026, 11, 17))
    with at(2026, 11, 30):
        deadlines = case_deadlines_context(case, case_manager, D(2026, 11, 30))
        panel = case_restrictions_context(case, case_manager, D(2026, 11, 30))
    [ends] = _rows_titled(deadlines, "Immediate exclusion ends")
    [line] = panel["live"]
    # Two weeks with the first day counted: 17 to 30 November.
    assert ends["due_on"] == line.current.review_due == "30 November 2026"
    assert ends["status"] == "due" and line.current.status["text"] == "Review due"
    with at(2026, 12, 1):
        deadlines = case_deadlines_context(case, case_manager, D(2026, 12, 1))
        panel = case_restrictions_context(case, case_manager, D(2026, 12, 1))
    [ends] = _rows_titled(deadlines, "Immediate exclusion ends")
    assert ends["status"] == "overdue" and panel["live"][0].current.status["text"] == "Review overdue"


@pytest.mark.django_db
def test_the_six_month_mark_is_one_date_in_the_deadlines_and_the_exclusion_panel(case, case_manager):
    """Seen: 18 May in one place (26 weeks) and 16 May in another (six calendar months, less a day)."""
    with at(2026, 11, 17):
        _record(
            case,
            case_manager,
            "formal_exclusion",
            D(2026, 11, 17),
            advice_contact=_advice(case, case_manager, D(2026, 11, 17)),
        )
        deadlines = case_deadlines_context(case, case_manager, D(2026, 11, 17))
        panel = case_restrictions_context(case, case_manager, D(2026, 11, 17))
    [six] = _rows_titled(deadlines, "Six months")
    # Six calendar months from 17 November 2026, the first day counted: the last day is 16 May 2027.
    assert [six["due_on"]] == _panel_dates(panel["live"][0], "Six months") == ["16 May 2027"]


@pytest.mark.django_db
def test_converting_an_immediate_exclusion_into_a_formal_one_keeps_the_six_month_clock(case, case_manager):
    """Seen: the formal exclusion restarted the six-month clock, ignoring the days already excluded."""
    with at(2026, 11, 17):
        _record(case, case_manager, "immediate_exclusion", D(2026, 11, 17))
    with at(2026, 11, 27):
        _record(
            case,
            case_manager,
            "formal_exclusion",
            D(2026, 11, 27),
            advice_contact=_advice(case, case_manager, D(2026, 11, 26)),
        )
    with at(2026, 12, 1):
        deadlines = case_deadlines_context(case, case_manager, D(2026, 12, 1))
        panel = case_restrictions_context(case, case_manager, D(2026, 12, 1))
    # One continuous exclusion is one episode: one six-month mark, from its first day.
    assert [row["due_on"] for row in _rows_titled(deadlines, "Six months")] == ["16 May 2027"]
    [line] = panel["live"]
    assert line.kind == "Formal exclusion"
    assert _panel_dates(line, "Six months") == ["16 May 2027"]
    assert line.length_days == 15  # 17 November to 1 December, both counted
    # The immediate exclusion gave way to the formal one: its end is no longer a deadline, nor overdue.
    assert not _rows_titled(deadlines, "Immediate exclusion ends")


@pytest.mark.django_db
def test_the_return_viewed_on_1_december_counts_to_that_day_and_not_reviews_due_later(
    organisation, case, case_manager, signed_in
):
    """Seen: 73 days for an exclusion from 20 October (counted to 31 December), and a review due on 28 December
    counted as due, so 0% and "target not met"."""
    with at(2026, 10, 20):
        restriction = _record(
            case,
            case_manager,
            "formal_exclusion",
            D(2026, 10, 20),
            advice_contact=_advice(case, case_manager, D(2026, 10, 19)),
        )
    with at(2026, 12, 1):
        # Period 1 (20 October to 16 November) reviewed late, on 1 December: period 2 runs to 28 December.
        next_period = _review(case, case_manager, restriction.periods.get(number=1), D(2026, 12, 1))
        assert next_period.ends_on == D(2026, 12, 28)
        board = member(organisation, "board_member", username="board")
        client = signed_in(board)
        page = client.get(
            reverse("process:restriction_return", kwargs={"org_slug": organisation.slug}),
            {"month": "2026-12"},
        )
        download = client.get(
            reverse(
                "process:restriction_return_file",
                kwargs={"org_slug": organisation.slug, "month": "2026-12", "fmt": "csv"},
            )
        )
    html = page.content.decode()
    assert "Target not met" not in html and "Not met" not in html
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8"))))
    header, first = rows[0], rows[1]
    values = dict(zip(header, first, strict=False))
    assert values["days_excluded"] == "43"  # 20 October to 1 December, both counted
    assert values["reviews_due"] == "1" and values["reviews_on_time"] == "0"
    assert values["next_review_due"] == "2026-12-28"
    summary = {row[0]: row[1] for row in rows if len(row) == 2}
    assert summary["Reviews due in the month"] == "0"
    assert summary["Share of reviews done when due"] == "No reviews fell due"


@pytest.mark.django_db
def test_a_restriction_on_practice_has_a_review_date_in_the_deadlines_and_on_the_panel(case, case_manager):
    """Seen: a restriction on practice had no review date or clock at all."""
    with at(2027, 1, 18):
        _record(case, case_manager, "restriction", D(2027, 1, 18))
        deadlines = case_deadlines_context(case, case_manager, D(2027, 1, 18))
        panel = case_restrictions_context(case, case_manager, D(2027, 1, 18))
    [review] = _rows_titled(deadlines, "Review of the restriction on practice")
    [line] = panel["live"]
    assert line.current is not None
    assert review["due_on"] == line.current.review_due


@pytest.mark.django_db
def test_what_is_still_in_force_is_listed_for_the_closure_check(case, case_manager):
    """Seen: a case could be closed with a restriction or an exclusion in force, without a word. The closure
    checklist asks `selectors.restrictions_in_force`."""
    with at(2027, 1, 18):
        restriction = _record(case, case_manager, "restriction", D(2027, 1, 18))
        immediate = _record(case, case_manager, "immediate_exclusion", D(2027, 1, 18))
    assert [r.pk for r in selectors.restrictions_in_force(case)] == [restriction.pk, immediate.pk]
    with at(2027, 1, 20):
        services.end_restriction(
            restriction=immediate, ended_on=D(2027, 1, 20), end_reason="Facts established.", by=case_manager
        )
    assert [r.pk for r in selectors.restrictions_in_force(case)] == [restriction.pk]
