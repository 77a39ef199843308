"""The one clock: every date and count of a case, worked out from its policy pack, in one place.

The case page, the deadline lists, the organisation overview, the calendar feed, the reminders, the monthly
exclusions return and the disclosable record all read their dates here; none works out a date of its own (an
architecture test, faircase/core/tests/test_clock_architecture.py, fails on date arithmetic anywhere else). The
calendar (faircase.policy.calendar) does the arithmetic of days, weeks, months and working days; this module
decides which dates a case has. How episodes, continuity and counting work is ADR 15
(docs/adr/0015-one-clock-episodes-and-counting.md); in short:

Days
    `days_counted(first, last)` counts both days (an exclusion from 20 October to 1 December is 43 days);
    `days_left(due, today)` is negative once a date has passed.

Periods of a restriction
    The pack says how long each period of a kind may last, in its rule for the review of each period (starts on
    `period_started`, met by `period_reviewed`); the first day counts, so four weeks from Tuesday 3 November
    end on Monday 30 November. Its `renewal` says whether a review may open another period (formal exclusion),
    not at all (an immediate exclusion ends, or gives way to another kind), or only by an order whose basis is
    recorded (a suspension the First-tier Tribunal extends). A period's review is due on its last day, as
    stored when the period was opened, whatever the pack says later.

Runs and episodes
    Restrictions of the kinds a rule names form a *run* when each starts on, or the day after, the day the one
    before it ended (or while it still runs). A rule that starts when a restriction starts runs from the first
    day of the run, and one met when it ends is met when the run ends: converting an immediate exclusion into a
    formal one does not restart the six-month clock. An *episode* is the run of exclusion and suspension kinds:
    immediate, formal (with its further periods) and a Performers List suspension. Its days are counted from its
    first day.

Due dates
    A rule's due date is `amount` `unit`s after (or before) its event; for a rule about how long something may
    last (a restriction or period limit: `first_day_counts`, or, in packs written before that field, a rule
    that starts when a restriction or period starts and is met when it ends or is reviewed) it is the last day
    of that period, the first day counted. A review of a period is due on the period's last day.

Status
    "done" when met (or, for a rule tied to a restriction, once the restriction or run ended; a date to know once
    reached), "overdue" after the due date, "due" within DUE_SOON_DAYS, "upcoming" otherwise.

Everything that reads the database does so through faircase.access scopes, in a fixed number of queries for
any number of cases.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from faircase.core.formatting import nhs_date
from faircase.core.languages import localised
from faircase.core.page_reads import read_once
from faircase.policy.calendar import PeriodUnit, add_calendar_days, add_months, add_period, describe_period
from faircase.policy.calendar import last_day as period_last_day
from faircase.policy.events import ClockEvent
from faircase.policy.kinds import EXCLUSION_KINDS, RestrictionKind
from faircase.policy.models import PolicyPackVersion
from faircase.policy.packs import ROUTE_REVIEW_POINTS, Pack, Rule, pack_for_case, pack_from_version

if TYPE_CHECKING:
    from faircase.cases.models import Case
    from faircase.process.models import Restriction

DUE_SOON_DAYS = 7
DONE, OVERDUE, DUE, UPCOMING = "done", "overdue", "due", "upcoming"
REVIEW, NO_RENEWAL, BY_ORDER = "review", "none", "order"

RESTRICTION_EVENTS = frozenset({ClockEvent.RESTRICTION_STARTED, ClockEvent.RESTRICTION_ENDED})
PERIOD_EVENTS = frozenset({ClockEvent.PERIOD_STARTED, ClockEvent.PERIOD_REVIEWED})


# ---- days ----------------------------------------------------------------------------------------------------


def day_after(day: dt.date) -> dt.date:
    return add_calendar_days(day, 1)


def day_before(day: dt.date) -> dt.date:
    return add_calendar_days(day, -1)


def days_counted(first: dt.date, last: dt.date) -> int:
    """Calendar days from `first` to `last`, both counted; 0 when `last` is before `first`."""
    return max((last - first).days + 1, 0)


def last_day_after_days(first: dt.date, days: int) -> dt.date:
    """The last day of a stretch of `days` calendar days that begins on, and counts, `first`."""
    return period_last_day(first, days, PeriodUnit.CALENDAR_DAYS, "england")


def days_since(day: dt.date, today: dt.date) -> int:
    """Calendar days from `day` to today: 0 on the day itself, negative when `day` is later."""
    return (today - day).days


def days_left(due_on: dt.date, today: dt.date) -> int:
    """Calendar days from today to the due date: 0 on the day, negative once it has passed."""
    return (due_on - today).days


def soon_until(today: dt.date) -> dt.date:
    """The last day of "due soon": today and the next DUE_SOON_DAYS days."""
    return add_calendar_days(today, DUE_SOON_DAYS)


def reminder_opens(due_on: dt.date, lead_days: int) -> dt.date:
    """The first day a reminder sent `lead_days` before a due date may go."""
    return add_calendar_days(due_on, -lead_days)


def stretch_before(day: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the `days` calendar days that end the day before `day` (the evaluation's
    "before adoption" period, as long as the period it is set against)."""
    return add_calendar_days(day, -days), day_before(day)


def retention_due_on(kept_from: dt.date, years: int) -> dt.date:
    """The day a record kept `years` whole years from `kept_from` falls due for review under the retention
    schedule (faircase.retention): the same day of the month that many years on (29 February: 28 February)."""
    return add_months(kept_from, 12 * years)


EVALUATION_AFTER_MONTHS = 6  # the framework is evaluated six months after an organisation adopts it


def evaluation_period(adopted_on: dt.date, number: int = 1) -> tuple[dt.date, dt.date]:
    """The `number`-th six months from adoption, both ends counted (the first: 1 April to 30 September). The
    periods follow one another and never overlap, so one cannot be subtracted from another."""
    first = add_months(adopted_on, EVALUATION_AFTER_MONTHS * (number - 1))
    return first, day_before(add_months(adopted_on, EVALUATION_AFTER_MONTHS * number))


def evaluation_periods(adopted_on: dt.date, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The six-month periods from adoption that have begun by `today` (at least the first)."""
    periods = [evaluation_period(adopted_on, 1)]
    while (following := evaluation_period(adopted_on, len(periods) + 1))[0] <= today:
        periods.append(following)
    return periods


# ---- periods of a restriction --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodLimit:
    """How long a period of a kind of restriction may last, and how it may go on, from the pack."""

    kind: str
    amount: int
    unit: str
    renewal: str
    rule: Rule

    @property
    def in_words(self) -> str:
        return describe_period(self.amount, self.unit)


def period_limit(pack: Pack, kind: str) -> PeriodLimit | None:
    """The pack's limit on a period of `kind`, or None when the kind does not run in periods under this pack."""
    for rule in pack.rules:
        if (
            rule.starts_on == ClockEvent.PERIOD_STARTED
            and rule.satisfied_by == ClockEvent.PERIOD_REVIEWED
            and rule.period_number is None
            and kind in rule.restriction_kinds
        ):
            return PeriodLimit(kind, rule.amount, rule.unit, rule.renewal or REVIEW, rule)
    # Packs written before periods had a renewal: a limit on the whole of a restriction of this one kind (an
    # immediate exclusion lasts at most two weeks) is the limit of its one period, which is not renewed.
    for rule in pack.rules:
        if (
            rule.starts_on == ClockEvent.RESTRICTION_STARTED
            and rule.satisfied_by == ClockEvent.RESTRICTION_ENDED
            and rule.restriction_kinds == (kind,)
        ):
            renewal = NO_RENEWAL if kind == RestrictionKind.IMMEDIATE_EXCLUSION else REVIEW
            return PeriodLimit(kind, rule.amount, rule.unit, renewal, rule)
    return None


def runs_in_periods(pack: Pack, kind: str) -> bool:
    return period_limit(pack, kind) is not None


def latest_period_end(pack: Pack, kind: str, starts_on: dt.date) -> dt.date | None:
    """The last day a period of `kind` starting on `starts_on` may run to under the pack (None: no periods)."""
    limit = period_limit(pack, kind)
    if limit is None:
        return None
    return period_last_day(starts_on, limit.amount, limit.unit, pack.nation)


def next_period_start(ends_on: dt.date, reviewed_on: dt.date) -> dt.date:
    """A further period starts the day after the one reviewed ends, or on the day of a late review."""
    return day_after(ends_on) if reviewed_on <= ends_on else reviewed_on


def notice_rule(pack: Pack, hearing_event: str, notice_event: str) -> Rule | None:
    for rule in pack.rules:
        if (
            rule.starts_on == hearing_event
            and rule.satisfied_by == notice_event
            and rule.direction == "before"
        ):
            return rule
    return None


def latest_notice(pack: Pack, hearing_on: dt.date) -> tuple[dt.date, Rule] | None:
    """The latest day notice of a Performers List oral hearing on `hearing_on` may be given, with its rule (the
    notice counts its own day: two working days' notice of a Thursday hearing is given by the Tuesday)."""
    return latest_notice_of(
        pack, ClockEvent.ORAL_HEARING_DATE, ClockEvent.ORAL_HEARING_NOTICE_SENT, hearing_on
    )


def latest_notice_of(
    pack: Pack, hearing_event: str, notice_event: str, hearing_on: dt.date
) -> tuple[dt.date, Rule] | None:
    """The latest day notice of a hearing (dated by `hearing_event`) on `hearing_on` may be given under the pack,
    with its rule; None where the pack sets no notice for that kind of hearing (an MHPS conduct hearing follows
    the employer's disciplinary policy)."""
    rule = notice_rule(pack, hearing_event, notice_event)
    if rule is None:
        return None
    return add_period(hearing_on, -rule.amount, rule.unit, pack.nation), rule


APPEAL_WINDOW_STARTS = (ClockEvent.DECISION_CONFIRMED, ClockEvent.DECISION_NOTIFIED)


def appeal_window_rule(pack: Pack, *, capability: bool) -> Rule | None:
    """The pack's rule for lodging an appeal against a decision confirmed or notified to the practitioner, for a
    capability hearing or not (MHPS gives its 25 working days only after a capability hearing); None where the
    pack sets no time for it."""
    conditions = {"capability": capability}
    for rule in pack.rules:
        if (
            rule.satisfied_by == ClockEvent.APPEAL_LODGED
            and rule.starts_on in APPEAL_WINDOW_STARTS
            and all(conditions.get(c, False) for c in rule.only_when)
            and not any(conditions.get(c, False) for c in rule.not_when)
        ):
            return rule
    return None


def appeal_window(pack: Pack, *, decided_on: dt.date, capability: bool) -> tuple[dt.date, Rule] | None:
    """The last day to lodge an appeal against a decision confirmed on `decided_on`, with its rule, or None."""
    rule = appeal_window_rule(pack, capability=capability)
    if rule is None:
        return None
    return due_date(rule, decided_on, pack.nation), rule


def rule_met_by(pack: Pack, events: Iterable[str]) -> Rule | None:
    """The pack's first rule met by one of `events` (the notice of a hearing, the lodging of an appeal)."""
    wanted = set(events)
    return next((rule for rule in pack.rules if rule.satisfied_by in wanted), None)


def period_of_rule(rule: Rule | None) -> str:
    """A rule's period in words, "20 working days", for a letter; empty when there is no rule."""
    return describe_period(rule.amount, rule.unit) if rule is not None and rule.amount else ""


def next_due_on(deadlines: Iterable[Deadline], events: Iterable[str]) -> dt.date | None:
    """The earliest due date of the open deadlines met by one of `events` (the next exclusion review, the
    practitioner's comments on the report), for a letter that names it."""
    wanted = set(events)
    due = [d.due_on for d in deadlines if d.is_open and d.rule.satisfied_by in wanted]
    return min(due) if due else None


# ---- runs and episodes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodDates:
    number: int
    starts_on: dt.date
    ends_on: dt.date
    reviewed_on: dt.date | None
    extension_order: str = ""

    @property
    def review_due_on(self) -> dt.date:
        return self.ends_on


@dataclass(frozen=True)
class Part:
    """One restriction record: an immediate exclusion, a formal exclusion with its periods, a suspension..."""

    restriction_id: Any
    case_id: Any
    kind: str
    started_on: dt.date
    ended_on: dt.date | None
    criminal_investigation: bool
    periods: tuple[PeriodDates, ...]
    source: Any = field(default=None, compare=False, repr=False)

    @property
    def kind_label(self) -> str:
        return str(RestrictionKind(self.kind).label)

    def ended_by(self, as_of: dt.date) -> dt.date | None:
        return self.ended_on if self.ended_on is not None and self.ended_on <= as_of else None

    def in_force_on(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)


@dataclass(frozen=True)
class ReviewState:
    part: Part
    period: PeriodDates
    due_on: dt.date
    reviewed_on: dt.date | None
    due: bool
    on_time: bool


@dataclass(frozen=True)
class Run:
    """Restrictions of some kinds, each starting on or the day after the one before ended (or while it ran)."""

    parts: tuple[Part, ...]

    @property
    def case_id(self) -> Any:
        return self.parts[0].case_id

    @property
    def first(self) -> Part:
        return self.parts[0]

    @property
    def first_day(self) -> dt.date:
        return self.parts[0].started_on

    @property
    def ended_on(self) -> dt.date | None:
        """The run's last day once every part has ended; None while any part runs."""
        ends = [p.ended_on for p in self.parts]
        if any(on is None for on in ends):
            return None
        return max(on for on in ends if on is not None)

    @property
    def criminal_investigation(self) -> bool:
        return any(p.criminal_investigation for p in self.parts)

    def ended_by(self, as_of: dt.date) -> dt.date | None:
        """The last day, if the run had ended on or before `as_of`."""
        end = self.ended_on
        return end if end is not None and end <= as_of else None

    def in_force_between(self, first: dt.date, last: dt.date) -> bool:
        end = self.ended_on
        return self.first_day <= last and (end is None or end >= first)

    def part_at(self, as_of: dt.date) -> Part:
        """The part in force on `as_of` (the latest started, if two overlap), else the last part started by then."""
        in_force = [p for p in self.parts if p.in_force_on(as_of)]
        if in_force:
            return in_force[-1]
        started = [p for p in self.parts if p.started_on <= as_of]
        return started[-1] if started else self.parts[0]

    def days_counted(self, as_of: dt.date) -> int:
        """Calendar days from the first day up to and including the earlier of the end and `as_of`."""
        end = self.ended_on
        last = min(end, as_of) if end is not None else as_of
        return days_counted(self.first_day, last)

    def reviews(self, as_of: dt.date) -> list[ReviewState]:
        """Every period's review, as things stood on `as_of`.

        A review is due once its due date (the period's last day) is on or before `as_of`, except a period cut
        short: one whose part ended on or before its due date without a review (the exclusion ended, or gave way
        to another kind). It is on time when recorded on or before its due date."""
        states = []
        for part in self.parts:
            part_end = part.ended_by(as_of)
            for period in part.periods:
                if period.starts_on > as_of:
                    continue
                reviewed = period.reviewed_on if period.reviewed_on and period.reviewed_on <= as_of else None
                due_on = period.review_due_on
                if due_on > as_of:
                    due = False
                elif reviewed is not None:
                    due = True
                else:
                    due = part_end is None or part_end > due_on
                on_time = due and reviewed is not None and reviewed <= due_on
                states.append(ReviewState(part, period, due_on, reviewed, due, on_time))
        return states

    def next_review_due(self, as_of: dt.date) -> dt.date | None:
        """The earliest review not yet recorded of the parts in force on `as_of`; None once the run has ended."""
        if self.ended_by(as_of) is not None:
            return None
        waiting = []
        for part in self.parts:
            if part.ended_by(as_of) is not None or part.started_on > as_of:
                continue
            previous_reviewed = True  # period 1 is decided when the part starts
            for period in part.periods:
                # A period is known on `as_of` once it has started, or once the review that opened it was held.
                known = period.starts_on <= as_of or previous_reviewed
                reviewed = period.reviewed_on is not None and period.reviewed_on <= as_of
                if known and not reviewed:
                    waiting.append(period.review_due_on)
                previous_reviewed = reviewed
        return min(waiting) if waiting else None


Episode = Run


def part_of(restriction: Restriction) -> Part:
    """A Part from a Restriction whose periods were prefetched (or are read here)."""
    periods = tuple(
        PeriodDates(p.number, p.starts_on, p.ends_on, p.reviewed_on, getattr(p, "extension_order", ""))
        for p in sorted(restriction.periods.all(), key=lambda p: p.number)
    )
    return Part(
        restriction_id=restriction.pk,
        case_id=restriction.case_id,
        kind=restriction.kind,
        started_on=restriction.started_on,
        ended_on=restriction.ended_on,
        criminal_investigation=restriction.criminal_investigation,
        periods=periods,
        source=restriction,
    )


def runs_of(parts: Iterable[Part], kinds: Iterable[str] | None = None) -> list[Run]:
    """The runs of the parts of the given kinds (every kind when None, each part its own run), case by case, in
    order of their first day."""
    wanted = frozenset(kinds) if kinds is not None else None
    by_case: dict[Any, list[Part]] = defaultdict(list)
    for part in parts:
        if wanted is None or part.kind in wanted:
            by_case[part.case_id].append(part)
    runs: list[Run] = []
    for case_parts in by_case.values():
        case_parts.sort(
            key=lambda p: (p.started_on, str(getattr(p.source, "recorded_at", "")), str(p.restriction_id))
        )
        if wanted is None:
            runs.extend(Run((p,)) for p in case_parts)
            continue
        current: list[Part] = []
        end: dt.date | None = None
        for part in case_parts:
            if current and (end is None or part.started_on <= day_after(end)):
                current.append(part)
                end = None if end is None or part.ended_on is None else max(end, part.ended_on)
            else:
                if current:
                    runs.append(Run(tuple(current)))
                current, end = [part], part.ended_on
        if current:
            runs.append(Run(tuple(current)))
    runs.sort(key=lambda r: (r.first_day, str(r.first.restriction_id)))
    return runs


def episodes_of(parts: Iterable[Part]) -> list[Run]:
    """Exclusion and suspension episodes: runs of immediate and formal exclusions and suspensions."""
    return runs_of(parts, EXCLUSION_KINDS)


def parts_of(restrictions: Iterable[Any]) -> list[Part]:
    return [part_of(r) for r in restrictions]


def episodes_for_case(case: Case) -> list[Run]:
    """The exclusion episodes of a case fetched through faircase.access, oldest first."""
    from faircase.process.models import Restriction, RestrictionPeriod

    restrictions = (
        Restriction.objects.of_case(case)
        .filter(kind__in=EXCLUSION_KINDS)
        .prefetch_related(Prefetch("periods", queryset=RestrictionPeriod.objects.order_by("number")))
    )
    return episodes_of(parts_of(restrictions))


# ---- deadlines -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    key: str
    case_id: uuid.UUID
    rule: Rule
    title: str
    due_on: dt.date
    starts_on: dt.date
    status: str
    met_on: dt.date | None
    verified: bool
    source: str
    detail: str
    restriction_id: uuid.UUID | None
    period_number: int | None
    # Every restriction of the run the deadline belongs to (an episode's parts), for the panel and the record.
    restriction_ids: tuple[Any, ...] = ()
    # Which time round, for a rule that comes round again (1 for every other rule).
    occurrence: int = 1
    # Met because what it hung on ended (the restriction, before the rule was met), not by a record.
    closed_by_end: bool = False

    @property
    def is_open(self) -> bool:
        return self.status != DONE

    def days_left(self, today: dt.date) -> int:
        return days_left(self.due_on, today)

    def due_soon(self, today: dt.date) -> bool:
        """Overdue, or due today or in the next DUE_SOON_DAYS days."""
        return self.due_on <= soon_until(today)


@dataclass(frozen=True)
class _Event:
    kind: str
    on: dt.date
    anchor: str
    part: Part | None = None
    period: PeriodDates | None = None
    run: Run | None = None

    @property
    def what_ends(self) -> Part | None:
        """What ending closes this event's deadlines: a period's own part, else the run's last part."""
        if self.period is not None and self.part is not None:
            return self.part
        return self.run.parts[-1] if self.run is not None else None

    @property
    def ended_on(self) -> dt.date | None:
        """The day a period's part ended, or the whole run's last day (None while it continues)."""
        if self.period is not None and self.part is not None:
            return self.part.ended_on
        return self.run.ended_on if self.run is not None else None


@read_once
def deadlines_for_case(case: Case, *, today: dt.date, include_closed: bool = False) -> list[Deadline]:
    """The deadlines of one case (fetched through faircase.access), in due-date order. A closed case has none,
    except for the record of what its dates were (`include_closed`)."""
    from faircase.cases.models import Case

    if case.closed_at is not None and not include_closed:
        return []
    return _compute(
        [case],
        Case.objects.of_case(case),
        today=today,
        packs={case.pk: pack_for_case(case)},
        include_closed=include_closed,
    )


def deadlines_for_cases(cases: QuerySet, *, today: dt.date, include_closed: bool = False) -> list[Deadline]:
    """The deadlines of the open cases of a scoped case queryset, in due-date order, in a fixed number of queries
    whatever their number; with `include_closed`, the closed cases' too (the record of what their dates were, as
    the evaluation counts them)."""
    chosen = cases if include_closed else cases.filter(closed_at__isnull=True)
    case_list = list(chosen.select_related("pack_version"))
    if not case_list:
        return []
    return _compute(case_list, chosen, today=today, packs=packs_for(case_list), include_closed=include_closed)


def open_deadlines(cases: QuerySet, *, today: dt.date) -> list[Deadline]:
    """The deadlines of the cases not yet met."""
    return [d for d in deadlines_for_cases(cases, today=today) if d.status != DONE]


def rules_started_by(pack: Pack, event: str) -> tuple[Rule, ...]:
    """The pack's rules whose clock starts at `event` (what the pack says follows a case investigator's
    appointment, or the report's receipt): none where the pack sets no time for it."""
    return tuple(rule for rule in pack.rules if rule.starts_on == event)


def deadlines_started_by(case: Case, event: str, *, today: dt.date) -> list[Deadline]:
    """The case's deadlines whose clock starts at `event`, the same dates the deadline table shows (kept for a
    closed case too, as the record of what they were)."""
    return [
        deadline
        for deadline in deadlines_for_case(case, today=today, include_closed=True)
        if deadline.rule.starts_on == event
    ]


def packs_for(cases: list[Any]) -> dict[Any, Pack]:
    """Each case's pack, reading the national versions (for cases without a version of their own) once."""
    packs: dict[Any, Pack] = {}
    need_national = {c.policy for c in cases if c.pack_version_id is None}
    national: dict[str, PolicyPackVersion] = {}
    if need_national:
        for version in PolicyPackVersion.objects.filter(organisation__isnull=True, key__in=need_national):
            if version.key not in national or national[version.key].number < version.number:
                national[version.key] = version
    for case in cases:
        if case.pack_version_id is not None:
            packs[case.pk] = pack_from_version(case.pack_version)
        elif case.policy in national:
            packs[case.pk] = pack_from_version(national[case.policy])
        else:
            packs[case.pk] = pack_for_case(case)
    return packs


def _compute(
    cases: list[Any], scope: QuerySet, *, today: dt.date, packs: dict[Any, Pack], include_closed: bool = False
) -> list[Deadline]:
    from faircase.cases.models import StageMove
    from faircase.process.models import AdviceContact, KeyDate, Restriction, RestrictionPeriod

    open_cases = [c for c in cases if include_closed or c.closed_at is None]
    if not open_cases:
        return []
    key_events: dict[Any, list[_Event]] = defaultdict(list)
    for key_date in KeyDate.objects.of_cases(scope).only("id", "case_id", "event", "on"):
        key_events[key_date.case_id].append(_Event(key_date.event, key_date.on, f"kd{key_date.pk}"))
    restrictions = list(
        Restriction.objects.of_cases(scope).prefetch_related(
            Prefetch("periods", queryset=RestrictionPeriod.objects.order_by("number"))
        )
    )
    parts_by_case: dict[Any, list[Part]] = defaultdict(list)
    for restriction in restrictions:
        part = part_of(restriction)
        parts_by_case[part.case_id].append(part)
        anchor = f"r{part.restriction_id}"
        if restriction.oral_hearing_on:
            key_events[part.case_id].append(
                _Event(ClockEvent.ORAL_HEARING_DATE, restriction.oral_hearing_on, f"{anchor}-hearing", part)
            )
        if restriction.oral_hearing_notice_on:
            key_events[part.case_id].append(
                _Event(
                    ClockEvent.ORAL_HEARING_NOTICE_SENT,
                    restriction.oral_hearing_notice_on,
                    f"{anchor}-notice",
                    part,
                )
            )
    advice: dict[Any, list[dt.date]] = defaultdict(list)
    for case_id, contacted_on in AdviceContact.objects.of_cases(scope).values_list("case_id", "contacted_on"):
        advice[case_id].append(contacted_on)
    moves: dict[Any, list[tuple[str, str, dt.date]]] = defaultdict(list)
    for case_id, source, target, moved_at in StageMove.objects.of_cases(scope).values_list(
        "case_id", "from_stage", "to_stage", "moved_at"
    ):
        moves[case_id].append((source, target, moved_at.date()))

    deadlines: list[Deadline] = []
    for case in open_cases:
        pack = packs[case.pk]
        route_dates = sorted(
            on
            for source, target, on in moves[case.pk]
            if (move := pack.workflow.move(source, target)) is not None
            and move.review_point in ROUTE_REVIEW_POINTS
        )
        context = _CaseContext(
            case=case,
            pack=pack,
            today=today,
            parts=parts_by_case[case.pk],
            key_events=sorted(key_events[case.pk], key=lambda e: (e.on, e.anchor)),
            records={"advice_contact": sorted(advice[case.pk]), "route_decision": route_dates},
        )
        for rule in pack.rules:
            deadlines.extend(context.deadlines_of(rule))
    deadlines.sort(key=lambda d: (d.due_on, d.title, d.key))
    return deadlines


def _first_day_counts(rule: Rule) -> bool:
    """Whether the rule is about how long something may last (its due date is the period's last day)."""
    if rule.first_day_counts is not None:
        return rule.first_day_counts
    return rule.starts_on in (
        ClockEvent.RESTRICTION_STARTED,
        ClockEvent.PERIOD_STARTED,
    ) and rule.satisfied_by in (
        ClockEvent.RESTRICTION_ENDED,
        ClockEvent.PERIOD_REVIEWED,
    )


def due_date(rule: Rule, start: dt.date, nation: str, *, times: int = 1) -> dt.date:
    """When a rule started on `start` is due (the `times`-th time, for a rule that comes round again)."""
    amount = rule.amount * times
    if _first_day_counts(rule):
        return period_last_day(start, amount, rule.unit, nation)
    return add_period(start, amount if rule.direction == "after" else -amount, rule.unit, nation)


@dataclass
class _CaseContext:
    case: Case
    pack: Pack
    today: dt.date
    parts: list[Part]
    key_events: list[_Event]
    records: dict[str, list[dt.date]]
    _runs: dict[tuple[str, ...] | None, list[Run]] = field(default_factory=dict)

    def runs(self, kinds: tuple[str, ...]) -> list[Run]:
        slot = tuple(sorted(kinds)) if kinds else None
        if slot not in self._runs:
            self._runs[slot] = runs_of(self.parts, slot)
        return self._runs[slot]

    @property
    def capability(self) -> bool:
        return any(e.kind == ClockEvent.CAPABILITY_HEARING_DATE for e in self.key_events)

    def events_for(self, rule: Rule) -> list[_Event]:
        kinds = rule.restriction_kinds
        if rule.starts_on in RESTRICTION_EVENTS:
            events = []
            for run in self.runs(kinds):
                anchor = f"r{run.first.restriction_id}"
                if rule.starts_on == ClockEvent.RESTRICTION_STARTED:
                    events.append(_Event(rule.starts_on, run.first_day, anchor, run.first, None, run))
                elif run.ended_on is not None:
                    events.append(
                        _Event(rule.starts_on, run.ended_on, f"{anchor}-end", run.parts[-1], None, run)
                    )
            return events
        if rule.starts_on in PERIOD_EVENTS:
            events = []
            for run in self.runs(kinds):
                for part in run.parts:
                    for period in part.periods:
                        anchor = f"r{part.restriction_id}-p{period.number}"
                        if rule.starts_on == ClockEvent.PERIOD_STARTED:
                            events.append(_Event(rule.starts_on, period.starts_on, anchor, part, period, run))
                        elif period.reviewed_on:
                            events.append(
                                _Event(
                                    rule.starts_on, period.reviewed_on, f"{anchor}-review", part, period, run
                                )
                            )
            return events
        return [e for e in self.key_events if e.kind == rule.starts_on]

    def applies(self, rule: Rule, event: _Event) -> bool:
        if rule.period_number is not None and (
            event.period is None or event.period.number != rule.period_number
        ):
            return False
        conditions = {
            "criminal_investigation": event.run is not None and event.run.criminal_investigation,
            "capability": self.capability,
        }
        if any(conditions.get(c, False) for c in rule.not_when):
            return False
        return all(conditions.get(c, False) for c in rule.only_when)

    def met_on(self, rule: Rule, event: _Event, due_on: dt.date) -> dt.date | None:
        if rule.satisfied_by_record:
            # A record counts from the day the clock started, or, with a window, from that many days before the
            # due date (Advice in the fortnight around an immediate exclusion; in the month before six months).
            earliest = (
                add_calendar_days(due_on, -rule.record_window_days) if rule.record_window_days else event.on
            )
            return next((on for on in self.records[rule.satisfied_by_record] if on >= earliest), None)
        wanted = rule.satisfied_by
        if event.period is not None and wanted == ClockEvent.PERIOD_REVIEWED:
            return event.period.reviewed_on
        if event.run is not None and wanted == ClockEvent.RESTRICTION_ENDED:
            return event.ended_on
        if wanted == ClockEvent.RESTRICTION_STARTED:
            starts = [r.first_day for r in self.runs(rule.restriction_kinds) if r.first_day >= event.on]
            return min(starts) if starts else None
        candidates = [e for e in self.key_events if e.kind == wanted]
        # Prefer an event of the same restriction (its own notice) over one typed in as a key date.
        if event.part is not None:
            own = [
                e
                for e in candidates
                if e.part is not None and e.part.restriction_id == event.part.restriction_id
            ]
            candidates = own or [e for e in candidates if e.part is None]
        if rule.direction == "before":
            found = [e.on for e in candidates if e.on <= event.on]
            return max(found) if found else None
        return next((e.on for e in candidates if e.on >= event.on), None)

    def deadlines_of(self, rule: Rule) -> list[Deadline]:
        found = []
        for event in self.events_for(rule):
            if not self.applies(rule, event):
                continue
            if rule.repeats:
                found.extend(self._repeated(rule, event))
            else:
                found.append(self._deadline(rule, event))
        return found

    def _repeated(self, rule: Rule, event: _Event) -> list[Deadline]:
        """A rule that comes round again: each time up to the end of its run, and the next one still to come."""
        deadlines = []
        end = event.run.ended_on if event.run is not None else None
        times = 1
        while True:
            due = due_date(rule, event.on, self.pack.nation, times=times)
            if end is not None and due > end:
                break
            deadlines.append(self._deadline(rule, event, times=times))
            if due > self.today:
                break
            times += 1
        return deadlines

    def _deadline(self, rule: Rule, event: _Event, *, times: int = 1) -> Deadline:
        period = event.period
        if (
            period is not None
            and event.kind == ClockEvent.PERIOD_STARTED
            and rule.satisfied_by == (ClockEvent.PERIOD_REVIEWED)
        ):
            due_on = period.review_due_on
        else:
            due_on = due_date(rule, event.on, self.pack.nation, times=times)
            if period is not None and event.kind == ClockEvent.PERIOD_STARTED and _first_day_counts(rule):
                due_on = min(due_on, period.ends_on)
        # What people read comes in the language in use (the pack's Welsh where it has it); the dates do not.
        detail = localised(rule, "description")
        reached = due_on if self.today >= due_on else None
        met_on = reached if rule.is_milestone else self.met_on(rule, event, due_on)
        ended = event.ended_on
        what_ends = event.what_ends
        closed_by_end = False
        if met_on is None and ended is not None and what_ends is not None:
            met_on = ended
            closed_by_end = True
            detail = _("Closed: the %(kind)s ended on %(date)s.") % {
                "kind": what_ends.kind_label.lower(),
                "date": nhs_date(ended),
            }
        if met_on is not None:
            status = DONE
        elif self.today > due_on:
            status = OVERDUE
            detail = localised(rule, "overdue_message") or localised(rule, "description")
        elif days_left(due_on, self.today) <= DUE_SOON_DAYS:
            status = DUE
        else:
            status = UPCOMING
        title = rule_title = localised(rule, "title")
        period_number = period.number if period is not None else None
        if period_number is not None and rule.period_number is None:
            title = _("%(title)s (period %(number)s)") % {"title": rule_title, "number": period_number}
        key = f"{self.case.pk}:{rule.key}:{event.anchor}"
        if times > 1:
            key = f"{key}:{times}"
            title = f"{rule_title} ({describe_period(rule.amount * times, rule.unit)})"
        return Deadline(
            key=key,
            case_id=self.case.pk,
            rule=rule,
            title=title,
            due_on=due_on,
            starts_on=event.on,
            status=status,
            met_on=met_on,
            verified=rule.verified,
            source=localised(rule, "source"),
            detail=detail,
            restriction_id=event.part.restriction_id if event.part is not None else None,
            period_number=period_number,
            restriction_ids=tuple(p.restriction_id for p in event.run.parts) if event.run is not None else (),
            occurrence=times,
            closed_by_end=closed_by_end,
        )


# ---- months, for the monthly return --------------------------------------------------------------------------


def month_last_day(year: int, month: int) -> dt.date:
    return day_before(add_months(dt.date(year, month, 1), 1))


# ---- quarters, for the oversight trends ------------------------------------------------------------------------


def quarters_ending(today: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """The `count` calendar quarters (January to March, April to June, ...) up to and including the one `today`
    falls in, oldest first, each as its first and last day."""
    first_of_this = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarters = []
    for back in range(count - 1, -1, -1):
        first = add_months(first_of_this, -3 * back)
        quarters.append((first, day_before(add_months(first, 3))))
    return quarters
