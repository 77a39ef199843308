"""One clock, every view: random exclusion episodes (immediate and formal exclusions, conversions, Performers List
suspensions extended by an order, reviews on time, late or missed, episodes that continue or end, criminal
investigations, a restriction on practice beside them) are recorded through the services, day by day with time
under control, and then read on a random day through every view that shows their dates:

- the case page (its exclusion panel and its deadline table),
- "your deadlines", the organisation overview, the calendar feed and the reminders due,
- the monthly exclusions return as a web page, a CSV and a PDF (read back with pypdf),
- the disclosable record.

Each must show what the clock works out, and the clock must agree with the definitions worked here by hand
(days counted from the episode's first day, reviews due by their due date, the six-month mark in calendar
months).
"""

import csv
import datetime as dt
import html
import io
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import open_case
from faircase.core.formatting import nhs_date
from faircase.framework.models import FrameworkVersion, Review
from faircase.process import clock, feeds, reminders, returns, services
from faircase.process import presenters_deadline_lists as lists
from faircase.records.presenters import build_record

LONDON = ZoneInfo("Europe/London")
D = dt.date
EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=LONDON), tick=False)


def months_later(day: dt.date, months: int) -> dt.date:
    """Worked here, not with the calendar: the same day `months` later, or that month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return D(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass
class Review_:
    timing: str  # "on_time", "late" or "missed" (a missed review is the last)
    days: int


@dataclass
class Scenario:
    policy: str
    start: dt.date
    immediate_days: int | None  # an immediate exclusion first, for this many days
    immediate_reviewed: bool  # it ended at a review, and the formal exclusion began the next day
    reviews: list[Review_]
    ending: str  # "continues", "at_review" or "without_review"
    end_after: int
    criminal: bool
    restriction: bool
    view_after: int
    events: list[dt.date] = field(default_factory=list)


@st.composite
def scenarios(draw):
    policy = draw(st.sampled_from(["mhps_england", "mhps_england", "performers_lists"]))
    start = draw(st.dates(min_value=D(2025, 11, 3), max_value=D(2027, 3, 31)))
    immediate = policy == "mhps_england" and draw(st.booleans())
    timings = draw(
        st.lists(
            st.tuples(st.sampled_from(["on_time", "on_time", "late", "missed"]), st.integers(0, 6)),
            max_size=4 if policy == "mhps_england" else 2,
        )
    )
    reviews = []
    for timing, days in timings:
        reviews.append(Review_(timing, days))
        if timing == "missed":
            break
    ending = draw(st.sampled_from(["continues", "at_review", "without_review"]))
    if ending == "at_review" and (not reviews or reviews[-1].timing == "missed"):
        ending = "continues"
    return Scenario(
        policy=policy,
        start=start,
        immediate_days=draw(st.integers(1, 14)) if immediate else None,
        immediate_reviewed=draw(st.booleans()),
        reviews=reviews,
        ending=ending,
        end_after=draw(st.integers(0, 20)),
        criminal=draw(st.booleans()),
        restriction=draw(st.booleans()),
        view_after=draw(st.integers(0, 120)),
    )


def _framework_review(case, by, on):
    """A completed framework review at the restriction review point, made directly (the services only check its
    point, status and date; answering it through the framework is tested elsewhere)."""
    version = FrameworkVersion.objects.filter(organisation__isnull=True).order_by("-number").first()
    moment = dt.datetime.combine(on, dt.time(11), tzinfo=LONDON)
    return Review.objects.create(
        case=case,
        version=version,
        review_point="restriction",
        stage=case.stage,
        status=Review.Status.COMPLETED,
        started_by=by,
        started_at=moment,
        completed_by=by,
        completed_at=moment,
    )


def _record(scenario: Scenario, organisation, by):
    """Record the scenario through the services, each step on its own day. Returns the case."""
    with at(scenario.start - dt.timedelta(days=12)):
        case = open_case(
            organisation=organisation, by=by, case_manager=by, policy=scenario.policy, reference="RFT-PROP"
        )
    first_kind = "pl_suspension" if scenario.policy == "performers_lists" else "formal_exclusion"
    extra = {}
    part_start = scenario.start
    if scenario.policy == "performers_lists":
        extra = {
            "oral_hearing_notice_on": scenario.start - dt.timedelta(days=10),
            "oral_hearing_on": scenario.start - dt.timedelta(days=3),
        }
    with at(scenario.start):
        if scenario.restriction:
            services.record_restriction(
                case=case,
                kind="restriction",
                started_on=scenario.start,
                terms="Supervised prescribing.",
                reasons="Errors.",
                by=by,
            )
        if scenario.immediate_days:
            services.record_restriction(
                case=case,
                kind="immediate_exclusion",
                started_on=scenario.start,
                terms="Off duty.",
                reasons="Facts to establish.",
                criminal_investigation=scenario.criminal,
                by=by,
            )
            part_start = scenario.start + dt.timedelta(days=scenario.immediate_days)
    if scenario.immediate_days and scenario.immediate_reviewed:
        last = part_start - dt.timedelta(days=1)
        with at(last):
            immediate = case.restrictions.get(kind="immediate_exclusion")
            services.review_period(
                period=immediate.periods.get(),
                reviewed_on=last,
                outcome="Formal exclusion needed.",
                continues=False,
                end_reason="Becomes a formal exclusion.",
                review=_framework_review(case, by, last),
                by=by,
            )
        scenario.events.append(last)
    with at(part_start):
        if first_kind == "formal_exclusion":
            extra["advice_contact"] = services.record_advice_contact(
                case=case, contacted_on=part_start, adviser="A. Adviser", question="?", advice="!", by=by
            )
        part = services.record_restriction(
            case=case,
            kind=first_kind,
            started_on=part_start,
            terms="Excluded.",
            reasons="The investigation.",
            criminal_investigation=scenario.criminal,
            by=by,
            **extra,
        )
    scenario.events.append(part_start)
    period = part.periods.get()
    for number, review in enumerate(scenario.reviews, start=1):
        if review.timing == "missed":
            break
        if review.timing == "on_time":
            on = max(period.starts_on, period.ends_on - dt.timedelta(days=review.days))
        else:
            on = period.ends_on + dt.timedelta(days=review.days + 1)
        last_review = number == len(scenario.reviews) and scenario.ending == "at_review"
        order = {}
        if not last_review and scenario.policy == "performers_lists":
            order = {
                "extension_order": "First-tier Tribunal order extending the suspension",
                "next_end": clock.next_period_start(period.ends_on, on) + dt.timedelta(days=59),
            }
        with at(on):
            period = services.review_period(
                period=period,
                reviewed_on=on,
                outcome="Reviewed.",
                continues=not last_review,
                end_reason="Ended at the review." if last_review else "",
                review=_framework_review(case, by, on),
                by=by,
                **order,
            )
        scenario.events.append(on)
        if period is None:
            break
    if scenario.ending == "without_review" and period is not None:
        end = period.starts_on + dt.timedelta(days=scenario.end_after)
        end = max(end, scenario.events[-1])
        with at(end):
            services.end_restriction(
                restriction=case.restrictions.get(kind=first_kind), ended_on=end, end_reason="Lifted.", by=by
            )
        scenario.events.append(end)
    return case


def _text(response) -> str:
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _feed_events(text: str) -> set[tuple[dt.date, str]]:
    unfolded = text.replace("\r\n ", "")
    events = set()
    for block in unfolded.split("BEGIN:VEVENT")[1:]:
        start = re.search(r"DTSTART;VALUE=DATE:(\d{8})", block)[1]
        summary = re.search(r"SUMMARY:(.*)", block)[1].strip()
        summary = summary.replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
        events.add((dt.datetime.strptime(start, "%Y%m%d").date(), summary))
    return events


@pytest.mark.django_db
@EXAMPLES
@given(scenario=scenarios())
def test_every_view_shows_what_the_one_clock_works_out(scenario, organisation, case_manager):
    with transaction.atomic():
        _check(scenario, organisation, case_manager)
        transaction.set_rollback(True)


def _check(scenario: Scenario, organisation, case_manager) -> None:
    board = member(organisation, "board_member", username="prop-board")
    case = _record(scenario, organisation, case_manager)
    today = max([scenario.start + dt.timedelta(days=scenario.view_after), *scenario.events])

    with at(today):
        [episode] = clock.episodes_for_case(case)
        deadlines = clock.deadlines_for_case(case, today=today)
        open_ones = [d for d in deadlines if d.is_open]

        # -- the clock against the definitions, worked here by hand
        parts = list(case.restrictions.exclude(kind="restriction").order_by("started_on", "recorded_at"))
        assert episode.first_day == scenario.start == parts[0].started_on
        end = parts[-1].ended_on
        assert episode.ended_on == end
        last = min(end, today) if end else today
        assert episode.days_counted(today) == (last - scenario.start).days + 1
        due = on_time = 0
        for part in parts:
            for period in part.periods.all():
                if period.ends_on > today:
                    continue
                if period.reviewed_on is not None:
                    due += 1
                    on_time += period.reviewed_on <= period.ends_on
                elif part.ended_on is None or part.ended_on > period.ends_on:
                    due += 1
        states = episode.reviews(today)
        assert (sum(s.due for s in states), sum(s.on_time for s in states)) == (due, on_time)
        six_months = months_later(scenario.start, 6) - dt.timedelta(days=1)
        six = [
            d for d in deadlines if d.rule.key in {"exclusion_six_months", "exclusion_six_monthly_criminal"}
        ]
        if scenario.policy == "mhps_england" and not (scenario.criminal and end and end < six_months):
            # A six-monthly review during a criminal investigation comes only if the episode lasts that long.
            assert six and six[0].due_on == six_months
            assert six[0].starts_on == scenario.start

        # -- the case page: its panel and its deadline table
        client = Client()
        client.force_login(case_manager)
        page = _text(client.get(reverse("cases:detail", kwargs={"case_id": case.pk})))
        live = [p for p in parts if p.ended_on is None]
        if live:
            days = episode.days_counted(today)
            assert f"Days excluded so far {days:,} day" in page
            current = live[-1].periods.order_by("-number").first()
            assert f"Review due by {nhs_date(current.ends_on)}" in page
        for deadline in open_ones:
            assert f"{nhs_date(deadline.due_on)}" in page and deadline.title in page, deadline.title

        # -- "your deadlines", the overview, the feed and the reminders
        soon = {(d.title, d.due_on) for d in open_ones if d.due_on <= clock.soon_until(today)}
        assert {(r.title, r.due_on) for r in lists.your_deadlines(case_manager, today=today)} == soon
        overview = lists.organisation_overview(board, organisation, today=today)
        assert overview.overdue == sum(1 for d in open_ones if d.due_on < today)
        assert overview.due_this_week == sum(
            1 for d in open_ones if today <= d.due_on <= clock.soon_until(today)
        )
        assert overview.upcoming == sum(1 for d in open_ones if d.due_on > clock.soon_until(today))
        text, _count = feeds.feed_text(case_manager, today=today, base_url="")
        assert _feed_events(text) == {(d.due_on, f"{case.reference}: {d.title}") for d in open_ones}
        by_key = {d.key: d for d in open_ones}
        for due_reminder in reminders.due_reminders(today=today):
            assert due_reminder.due_on == by_key[due_reminder.deadline_key].due_on
            expected = reminders.reminder_for(
                due_reminder.due_on,
                reminders.lead_days_for(by_key[due_reminder.deadline_key].rule),
                today=today,
            )
            assert (due_reminder.kind, due_reminder.lead_days) == expected

        # -- the monthly return: its figures, then the web page, the CSV and the PDF. This month's, or, when the
        # episode ended before this month began, the month it ended in (counted to that month's last day).
        month = returns.parse_month(f"{today:%Y-%m}")
        if end is not None and end < month.first:
            month = returns.parse_month(f"{end:%Y-%m}")
            assert not returns.build_return(
                organisation=organisation, month=returns.parse_month(f"{today:%Y-%m}"), by=board
            ).rows
        document = returns.build_return(organisation=organisation, month=month, by=board)
        as_of = document.as_of
        assert as_of == (today if month.holds(today) else month.last)
        [row] = document.rows
        assert (row.episode_start, row.end, row.days_excluded) == (
            episode.first_day,
            episode.ended_by(as_of),
            episode.days_counted(as_of),
        )
        states = episode.reviews(as_of)
        assert (row.reviews_due, row.reviews_on_time) == (
            sum(s.due for s in states),
            sum(s.on_time for s in states),
        )
        if as_of == today:
            assert (row.reviews_due, row.reviews_on_time) == (due, on_time)
        assert row.next_review_due == episode.next_review_due(as_of)
        assert row.kind == episode.part_at(as_of).kind_label
        board_client = Client()
        board_client.force_login(board)
        web = _text(
            board_client.get(
                reverse("process:restriction_return", kwargs={"org_slug": organisation.slug}),
                {"month": month.key},
            )
        )
        for heading, cell in zip(document.headings, row.display_cells(), strict=True):
            assert f"{heading} {cell}" in web, (heading, cell)
        files = {
            fmt: returns.generate_return(organisation=organisation, month=month, fmt=fmt, by=board).content
            for fmt in ("csv", "pdf")
        }
        table = list(csv.reader(io.StringIO(files["csv"].decode("utf-8"))))
        assert table[0][:9] == returns.COLUMNS[:9]
        assert table[1] == row.cells()
        pdf = " ".join(
            " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(files["pdf"])).pages
        )
        for cell in row.display_cells()[:9]:
            assert cell in pdf, cell

        # -- the disclosable record
        record = build_record(case, generated_by=case_manager)
        record_text = " ".join(
            f"{r.label} {r.value}" for entry in record.section("restrictions").entries for r in entry.rows
        )
        for part in parts:
            for period in part.periods.all():
                assert f"review due by {nhs_date(period.ends_on)}" in record_text
        record_deadlines = {
            (entry.heading, {r.label: r.value for r in entry.rows}["Due"])
            for entry in record.section("deadlines").entries
        }
        for deadline in deadlines:
            if deadline.occurrence == 1:
                assert (deadline.title, nhs_date(deadline.due_on)) in record_deadlines
        assert timezone.localdate() == today
