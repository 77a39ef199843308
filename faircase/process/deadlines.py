"""Deadlines: a case's dated events and its policy pack's timescale rules, worked out into due dates.

Events come from the case's key dates (KeyDate), its restrictions (started_on, ended_on and, for a Performers
List suspension, the oral hearing and its notice) and their periods (starts_on, reviewed_on). For every rule,
each event that starts its clock gives one deadline, due `amount` `unit`s after (or before) it in the pack's
nation's calendar. A formal exclusion period's review is due by the period's last day (ends_on) at the latest.

Status: "done" when the event (or record) that meets the rule happened; a rule tied to a restriction is done
too once the restriction has ended. "overdue" when today is after the due date and it is not done; "due" when
it falls within the next 7 days; "upcoming" otherwise. A rule that nothing meets is a date to know (a
milestone): done once reached.

Closed cases have no deadlines. `deadlines_for_cases` reads everything in a fixed number of queries, whatever
the number of cases.
"""

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from faircase.cases.models import Case
from faircase.policy.calendar import add_period
from faircase.policy.events import ClockEvent
from faircase.policy.models import PolicyPackVersion
from faircase.policy.packs import ROUTE_REVIEW_POINTS, Pack, Rule, pack_for_case, pack_from_version
from faircase.process.models import AdviceContact, KeyDate, Restriction, RestrictionPeriod

DUE_SOON_DAYS = 7
DONE, OVERDUE, DUE, UPCOMING = "done", "overdue", "due", "upcoming"


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

    @property
    def is_open(self) -> bool:
        return self.status != DONE


@dataclass(frozen=True)
class _Event:
    kind: str
    on: dt.date
    anchor: str
    restriction: Any = None
    period: Any = None


def deadlines_for_case(case: Any, *, today: dt.date) -> list[Deadline]:
    """The deadlines of one case (fetched through faircase.access), in due-date order."""
    if case.closed_at is not None:
        return []
    return _compute([case], Case.objects.of_case(case), today=today, packs={case.pk: pack_for_case(case)})


def deadlines_for_cases(cases: QuerySet, *, today: dt.date) -> list[Deadline]:
    """The deadlines of the open cases of a scoped case queryset, in due-date order, in a fixed number of queries
    whatever their number."""
    open_cases = cases.filter(closed_at__isnull=True)
    case_list = list(open_cases.select_related("pack_version"))
    if not case_list:
        return []
    return _compute(case_list, open_cases, today=today, packs=_packs_for(case_list))


def _packs_for(cases: list[Any]) -> dict[Any, Pack]:
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


def _compute(cases: list[Any], scope: QuerySet, *, today: dt.date, packs: dict[Any, Pack]) -> list[Deadline]:
    open_cases = [c for c in cases if c.closed_at is None]
    if not open_cases:
        return []
    events: dict[Any, list[_Event]] = defaultdict(list)
    for key_date in KeyDate.objects.of_cases(scope).only("id", "case_id", "event", "on"):
        events[key_date.case_id].append(_Event(key_date.event, key_date.on, f"kd{key_date.pk}"))
    restrictions = {r.pk: r for r in Restriction.objects.of_cases(scope)}
    for r in restrictions.values():
        anchor = f"r{r.pk}"
        events[r.case_id].append(_Event(ClockEvent.RESTRICTION_STARTED, r.started_on, anchor, r))
        if r.ended_on:
            events[r.case_id].append(_Event(ClockEvent.RESTRICTION_ENDED, r.ended_on, f"{anchor}-end", r))
        if r.oral_hearing_on:
            events[r.case_id].append(
                _Event(ClockEvent.ORAL_HEARING_DATE, r.oral_hearing_on, f"{anchor}-hearing", r)
            )
        if r.oral_hearing_notice_on:
            events[r.case_id].append(
                _Event(ClockEvent.ORAL_HEARING_NOTICE_SENT, r.oral_hearing_notice_on, f"{anchor}-notice", r)
            )
    for p in RestrictionPeriod.objects.of_cases(scope).order_by("restriction_id", "number"):
        r = restrictions.get(p.restriction_id)
        if r is None:
            continue
        anchor = f"r{r.pk}-p{p.number}"
        events[r.case_id].append(_Event(ClockEvent.PERIOD_STARTED, p.starts_on, anchor, r, p))
        if p.reviewed_on:
            events[r.case_id].append(
                _Event(ClockEvent.PERIOD_REVIEWED, p.reviewed_on, f"{anchor}-review", r, p)
            )
    advice: dict[Any, list[dt.date]] = defaultdict(list)
    for case_id, contacted_on in AdviceContact.objects.of_cases(scope).values_list("case_id", "contacted_on"):
        advice[case_id].append(contacted_on)
    moves: dict[Any, list[tuple[str, str, dt.date]]] = defaultdict(list)
    from faircase.cases.models import StageMove

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
        records = {"advice_contact": sorted(advice[case.pk]), "route_decision": route_dates}
        case_events = sorted(events[case.pk], key=lambda e: (e.on, e.anchor))
        for rule in pack.rules:
            for event in case_events:
                if event.kind == rule.starts_on and _applies(rule, event):
                    deadlines.append(_deadline(case, pack, rule, event, case_events, records, today))
    deadlines.sort(key=lambda d: (d.due_on, d.title, d.key))
    return deadlines


def _applies(rule: Rule, event: _Event) -> bool:
    r = event.restriction
    if rule.restriction_kinds and (r is None or r.kind not in rule.restriction_kinds):
        return False
    if rule.period_number is not None and (event.period is None or event.period.number != rule.period_number):
        return False
    return not ("criminal_investigation" in rule.not_when and r is not None and r.criminal_investigation)


def _met_on(
    rule: Rule, event: _Event, events: list[_Event], records: dict[str, list[dt.date]]
) -> dt.date | None:
    if rule.satisfied_by_record:
        return next((on for on in records[rule.satisfied_by_record] if on >= event.on), None)
    wanted = rule.satisfied_by
    if event.period is not None and wanted == ClockEvent.PERIOD_REVIEWED:
        return event.period.reviewed_on
    if event.restriction is not None and wanted == ClockEvent.RESTRICTION_ENDED:
        return event.restriction.ended_on
    candidates = [e for e in events if e.kind == wanted]
    # Prefer an event of the same restriction (its own notice, its own review) over one typed in as a key date.
    if event.restriction is not None:
        own = [
            e for e in candidates if e.restriction is not None and e.restriction.pk == event.restriction.pk
        ]
        candidates = own or [e for e in candidates if e.restriction is None]
    if rule.direction == "before":
        found = [e.on for e in candidates if e.on <= event.on]
        return max(found) if found else None
    return next((e.on for e in candidates if e.on >= event.on), None)


def _deadline(
    case: Any,
    pack: Pack,
    rule: Rule,
    event: _Event,
    events: list[_Event],
    records: dict[str, list[dt.date]],
    today: dt.date,
) -> Deadline:
    amount = rule.amount if rule.direction == "after" else -rule.amount
    due_on = add_period(event.on, amount, rule.unit, pack.nation)
    # A period's review is due by the period's last day at the latest.
    ends_on = event.period.ends_on if event.period is not None else None
    if (
        ends_on
        and event.kind == ClockEvent.PERIOD_STARTED
        and rule.satisfied_by == ClockEvent.PERIOD_REVIEWED
    ):
        due_on = min(due_on, ends_on)
    detail = rule.description
    if rule.is_milestone:
        met_on = due_on if today >= due_on else None
    else:
        met_on = _met_on(rule, event, events, records)
    restriction = event.restriction
    if met_on is None and restriction is not None and restriction.ended_on:
        met_on = restriction.ended_on
        detail = (
            f"Closed: the {restriction.get_kind_display().lower()} ended on {restriction.ended_on:%d %B %Y}."
        )
    if met_on is not None:
        status = DONE
    elif today > due_on:
        status = OVERDUE
        detail = rule.overdue_message or rule.description
    elif (due_on - today).days <= DUE_SOON_DAYS:
        status = DUE
    else:
        status = UPCOMING
    title = rule.title
    period_number = event.period.number if event.period is not None else None
    if period_number is not None and rule.period_number is None:
        title = f"{rule.title} (period {period_number})"
    return Deadline(
        key=f"{case.pk}:{rule.key}:{event.anchor}",
        case_id=case.pk,
        rule=rule,
        title=title,
        due_on=due_on,
        starts_on=event.on,
        status=status,
        met_on=met_on,
        verified=rule.verified,
        source=rule.source,
        detail=detail,
        restriction_id=restriction.pk if restriction is not None else None,
        period_number=period_number,
    )
