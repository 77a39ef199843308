"""Reads for the oversight page, every one through the access kernel.

Every figure counts the organisation's cases the reader oversees (`Case.objects.oversight_of`): never a case they
are kept from for a conflict of interest, nor their own, so every count on the page leaves those out the same
way and none can be set against another to find one. Links go only where the reader may follow them: a case
they may open (`Case.objects.visible_to`), or a filtered case list only when they may open every case a figure
counts (a role that sees every case of the organisation), so the list shows the same number.

Dates come from the one clock (faircase.process.clock); the open-cases and overdue figures are the deadlines
overview's own (faircase.process.presenters_deadline_lists), the exclusions the monthly return's episodes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop as N_  # marked for the messages files, looked up when shown

from faircase.access.policy import GRANTS, OVERSIGHT_ROLES, Capability
from faircase.accounts.models import Membership, Organisation, User, Viewer
from faircase.accounts.roles import CaseRole
from faircase.accounts.selectors import organisations_with_role
from faircase.cases.models import Case, CaseMember, StageMove
from faircase.framework.models import Review
from faircase.framework.principles import ReviewPoint
from faircase.policy.kinds import EXCLUSION_KINDS
from faircase.policy.workflow import get_workflow
from faircase.process import clock
from faircase.process import presenters_deadline_lists as deadline_lists
from faircase.process.models import Restriction, RestrictionPeriod

from .rules import AGE_BANDS, TREND_QUARTERS, age_band

NO_CASE_MANAGER = N_("No case manager named")  # shown through gettext


# ---- who oversees what -----------------------------------------------------------------------------------------


def oversight_organisations(user: Viewer) -> QuerySet[Organisation]:
    """The organisations whose cases the user oversees as a whole (faircase.access.policy.OVERSIGHT_ROLES)."""
    return organisations_with_role(user, OVERSIGHT_ROLES).order_by("name")


def oversight_organisation(user: Viewer, slug: str) -> Organisation:
    """The organisation, if the user oversees it; else 404."""
    organisation = oversight_organisations(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404("Not available")
    return organisation


def overseen_cases(user: Viewer, organisation: Organisation) -> QuerySet[Case]:
    """Every case of the organisation the user oversees, open and closed: the base of every figure."""
    return Case.objects.oversight_of(organisation, user)


def sees_every_case(user: Viewer, organisation: Organisation) -> bool:
    """Whether the user may open every case they oversee there (a role that sees every case of the organisation),
    so a filtered case list shows the same cases as a figure."""
    if not isinstance(user, User):
        return False
    return Membership.objects.filter(
        user=user, organisation=organisation, role__in=GRANTS[Capability.VIEW].organisation_roles
    ).exists()


def openable_case_ids(user: Viewer, organisation: Organisation) -> set[Any]:
    """The organisation's cases the user may open: only these are linked."""
    return set(Case.objects.visible_to(user).filter(organisation=organisation).values_list("id", flat=True))


# ---- open cases by stage and age -------------------------------------------------------------------------------


@dataclass
class StageAges:
    code: str
    name: str
    by_band: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_band.values())


def open_cases_by_stage_and_age(
    user: Viewer, organisation: Organisation, *, today: dt.date
) -> list[StageAges]:
    """The open cases the user oversees, by stage (in the workflow's order) and by age band (rules.age_band of the
    days since the case opened, from the clock). The same open cases as the deadlines overview."""
    cases = deadline_lists.organisation_open_cases(user, organisation)
    rows: dict[str, StageAges] = {}
    order: dict[str, int] = {}
    for workflow_key, stage, opened_at in cases.order_by().values_list("workflow", "stage", "opened_at"):
        workflow = get_workflow(workflow_key)
        if stage not in rows:
            rows[stage] = StageAges(stage, workflow.stage_name(stage), {b.label: 0 for b in AGE_BANDS})
            codes = [s.code for s in workflow.stages]
            order[stage] = codes.index(stage) if stage in codes else len(codes)
        band = age_band(clock.days_since(timezone.localdate(opened_at), today))
        rows[stage].by_band[band.label] += 1
    return sorted(rows.values(), key=lambda row: (order[row.code], row.name))


# ---- restrictions in force -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InForce:
    case_id: Any
    reference: str
    kind: str
    exclusion: bool
    first_day: dt.date
    days_counted: int
    next_review_due: dt.date | None


def restrictions_in_force(user: Viewer, organisation: Organisation, *, today: dt.date) -> list[InForce]:
    """Exclusion episodes (as the monthly return joins them) and other restrictions in force today on the cases
    the user oversees, with the next review the clock has for each. Exclusions first, then by first day."""
    restrictions = list(
        Restriction.objects.oversight_of(organisation, user)
        .filter(started_on__lte=today)
        .select_related("case")
        .prefetch_related(Prefetch("periods", queryset=RestrictionPeriod.objects.order_by("number")))
    )
    references = {r.case_id: r.case.reference for r in restrictions}
    parts = clock.parts_of(restrictions)
    runs = clock.episodes_of(parts) + [
        run for run in clock.runs_of(parts) if run.first.kind not in EXCLUSION_KINDS
    ]
    rows = []
    for run in runs:
        if not run.in_force_between(today, today):
            continue
        rows.append(
            InForce(
                case_id=run.case_id,
                reference=references[run.case_id],
                kind=run.part_at(today).kind_label,
                exclusion=run.first.kind in EXCLUSION_KINDS,
                first_day=run.first_day,
                days_counted=run.days_counted(today),
                next_review_due=run.next_review_due(today),
            )
        )
    rows.sort(key=lambda row: (not row.exclusion, row.first_day, row.reference))
    return rows


# ---- overdue work by owner ---------------------------------------------------------------------------------------


@dataclass
class OwnerOverdue:
    owner: str
    overdue: int = 0
    cases: set[Any] = field(default_factory=set)


def overdue_by_owner(
    user: Viewer, organisation: Organisation, *, today: dt.date
) -> tuple[list[deadline_lists.DeadlineRow], list[OwnerOverdue]]:
    """The overdue deadlines of the deadlines overview (the clock's), and their count by the person responsible:
    the case manager named on the case. Most overdue first; nobody named last."""
    overview = deadline_lists.organisation_overview(user, organisation, today=today)
    cases = deadline_lists.organisation_open_cases(user, organisation)
    managers = {
        m.case_id: m.user.display_name
        for m in CaseMember.objects.oversight_of(organisation, user)
        .filter(role=CaseRole.CASE_MANAGER, case__in=cases)
        .select_related("user")
    }
    owners: dict[str, OwnerOverdue] = {}
    for row in overview.overdue_rows:
        owner = managers.get(row.case_id, NO_CASE_MANAGER)
        entry = owners.setdefault(owner, OwnerOverdue(owner))
        entry.overdue += 1
        entry.cases.add(row.case_id)
    ordered = sorted(owners.values(), key=lambda o: (o.owner == NO_CASE_MANAGER, -o.overdue, o.owner))
    return overview.overdue_rows, ordered


# ---- framework adherence -------------------------------------------------------------------------------------------


@dataclass
class Adherence:
    review_point: str
    label: str
    required: int = 0
    done: int = 0
    missing: list[Any] = field(default_factory=list)  # the case ids of the reviews not done

    @property
    def share(self) -> float | None:
        return self.done / self.required if self.required else None


def framework_adherence(user: Viewer, organisation: Organisation, *, today: dt.date) -> list[Adherence]:
    """For each review point, the framework reviews the cases the user oversees needed and how many were done:

    - commencement: every case needs one (a stage move is refused without it);
    - each stage move needs a completed review taken for it (`move_stage` links it), counted at the review point
      the case's workflow names for that move;
    - each period of a restriction whose review is due (the clock's `Run.reviews`, as the monthly return counts
      them) needs a framework review at the restriction review point, linked when the period is reviewed.
    """
    cases = overseen_cases(user, organisation)
    by_point = {point: Adherence(point, str(ReviewPoint(point).label)) for point in ReviewPoint.values}

    commenced = set(
        Review.objects.of_cases(cases)
        .filter(review_point=ReviewPoint.COMMENCEMENT, status=Review.Status.COMPLETED)
        .values_list("case_id", flat=True)
    )
    commencement = by_point[ReviewPoint.COMMENCEMENT]
    for case_id in cases.values_list("id", flat=True):
        commencement.required += 1
        if case_id in commenced:
            commencement.done += 1
        else:
            commencement.missing.append(case_id)

    moves = list(
        StageMove.objects.of_cases(cases).values_list("case_id", "from_stage", "to_stage", "review_id")
    )
    # Only the cases that moved need their pack (its workflow names each move's review point).
    moved = cases.filter(id__in={case_id for case_id, *_rest in moves}).select_related("pack_version")
    packs = clock.packs_for(list(moved))
    for case_id, source, target, review_id in moves:
        move = packs[case_id].workflow.move(source, target)
        if move is None:
            continue
        entry = by_point[move.review_point]
        entry.required += 1
        if review_id is not None:
            entry.done += 1
        else:
            entry.missing.append(case_id)

    restrictions = Restriction.objects.of_cases(cases).prefetch_related(
        Prefetch("periods", queryset=RestrictionPeriod.objects.order_by("number"))
    )
    linked = {
        (p.restriction_id, p.number) for r in restrictions for p in r.periods.all() if p.review_id is not None
    }
    for run in clock.runs_of(clock.parts_of(restrictions)):
        for state in run.reviews(today):
            if not state.due:
                continue
            entry = by_point[ReviewPoint.RESTRICTION]
            entry.required += 1
            if state.reviewed_on is not None and (state.part.restriction_id, state.period.number) in linked:
                entry.done += 1
            else:
                entry.missing.append(run.case_id)
    return [entry for entry in by_point.values() if entry.required]


# ---- trends --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quarter:
    first: dt.date
    last: dt.date
    opened: int
    closed: int
    exclusions_started: int

    @property
    def label(self) -> str:
        return f"{self.first:%b} to {self.last:%b %Y}"


def trends(user: Viewer, organisation: Organisation, *, today: dt.date) -> list[Quarter]:
    """Cases opened and closed, and exclusion episodes begun, each quarter of the last two years (the clock's
    quarters and episodes), of the cases the user oversees."""
    quarters = clock.quarters_ending(today, TREND_QUARTERS)
    cases = overseen_cases(user, organisation)
    opened: Counter[int] = Counter()
    closed: Counter[int] = Counter()
    started: Counter[int] = Counter()

    def index(day: dt.date) -> int | None:
        for n, (first, last) in enumerate(quarters):
            if first <= day <= last:
                return n
        return None

    for opened_at, closed_at in cases.values_list("opened_at", "closed_at"):
        if (n := index(timezone.localdate(opened_at))) is not None:
            opened[n] += 1
        if closed_at is not None and (n := index(timezone.localdate(closed_at))) is not None:
            closed[n] += 1
    restrictions = (
        Restriction.objects.of_cases(cases)
        .filter(kind__in=EXCLUSION_KINDS)
        .prefetch_related(Prefetch("periods", queryset=RestrictionPeriod.objects.order_by("number")))
    )
    for episode in clock.episodes_of(clock.parts_of(restrictions)):
        if (n := index(episode.first_day)) is not None:
            started[n] += 1
    return [
        Quarter(first, last, opened[n], closed[n], started[n]) for n, (first, last) in enumerate(quarters)
    ]
