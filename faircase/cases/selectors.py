"""Reads of case data for pages. Every read starts from the access kernel (faircase.access): a scope for lists,
or a case the view's decorator fetched, whose rows are read with `of_case`.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from faircase.accounts import roles as R
from faircase.accounts.models import Membership
from faircase.cases.models import Case, CaseMember, Concern, ConflictExclusion, Practitioner, StageMove
from faircase.core.page_reads import read_once
from faircase.framework.models import FollowUp

if TYPE_CHECKING:
    from faircase.accounts.models import Organisation, User


# The case list's order, newest first, the id breaking ties: the order of the case list's index (ADR 37).
CASE_LIST_ORDER = ("-opened_at", "-id")
# Past this many cases the list says "1,000 or more" instead of counting on (ADR 37): a count rescans.
COUNT_BOUND = 1000


def case_list(
    user: User,
    *,
    organisation: Organisation | None = None,
    stage: str = "",
    search: str = "",
    opened: tuple[dt.date, dt.date] | None = None,
    closed: tuple[dt.date, dt.date] | None = None,
) -> QuerySet[Case]:
    """The cases the user may see, filtered; `opened` and `closed` are inclusive ranges of local days (the
    oversight page's quarters link here)."""
    cases = _filtered(
        Case.objects.visible_to(user),
        organisation=organisation,
        stage=stage,
        search=search,
        opened=opened,
        closed=closed,
    )
    return _for_rows(cases).order_by(*CASE_LIST_ORDER)


@dataclass(frozen=True)
class Cursor:
    """Where a page of the case list starts: the key (opened_at, id) of the row beside it, and which way."""

    opened_at: dt.datetime
    case_id: uuid.UUID
    backwards: bool = False

    def token(self) -> str:
        """Opaque in the URL: people are not asked to read it, and anything else sent back gives page one."""
        raw = f"{self.opened_at.isoformat()}|{self.case_id.hex}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def from_token(cls, token: str, *, backwards: bool = False) -> Cursor | None:
        """The cursor a link carried, or None for anything that is not one (the list then shows page one)."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            when, case_id = raw.split("|")
            opened_at = dt.datetime.fromisoformat(when)
            if opened_at.tzinfo is None:
                return None
            return cls(opened_at=opened_at, case_id=uuid.UUID(hex=case_id), backwards=backwards)
        except (ValueError, UnicodeDecodeError):
            return None


@dataclass(frozen=True)
class CasePage:
    cases: list[Case]
    count: int  # counted up to COUNT_BOUND
    count_reached_bound: bool
    previous: Cursor | None
    next: Cursor | None


def case_list_page(
    user: User,
    *,
    cursor: Cursor | None = None,
    size: int = 50,
    organisation: Organisation | None = None,
    stage: str = "",
    search: str = "",
    opened: tuple[dt.date, dt.date] | None = None,
    closed: tuple[dt.date, dt.date] | None = None,
) -> CasePage:
    """One page of the case list, read by keyset (ADR 37): each part of the visible set (faircase.access) is
    read in the index's order from the cursor, `size + 1` rows at most, and the parts merged. Nothing is
    sorted or counted past what the page needs, so a page costs the same at 1,000 cases as at 100,000."""
    filters: dict[str, Any] = {
        "organisation": organisation,
        "stage": stage,
        "search": search,
        "opened": opened,
        "closed": closed,
    }
    parts = [_filtered(part, **filters) for part in Case.objects.visible_in_parts(user)]
    rows = _page_rows(parts, cursor, size + 1)
    more = len(rows) > size
    rows = rows[:size]
    if cursor is not None and (not rows or (cursor.backwards and not more)):
        # Back at the start of the list, or past its end (the cases moved on): the first page, whole.
        return case_list_page(user, size=size, **filters)
    previous: Cursor | None
    following: Cursor | None
    if cursor is not None and cursor.backwards:
        rows.reverse()
        previous, following = _key(rows[0], backwards=True), _key(rows[-1])
    else:
        previous = None if cursor is None else _key(rows[0], backwards=True)
        following = _key(rows[-1]) if more else None
    if cursor is None and not more:
        count, reached = len(rows), False
    else:
        count = sum(part.order_by()[:COUNT_BOUND].count() for part in parts)
        count, reached = min(count, COUNT_BOUND), count >= COUNT_BOUND
    return CasePage(cases=rows, count=count, count_reached_bound=reached, previous=previous, next=following)


def _page_rows(parts: list[QuerySet[Case]], cursor: Cursor | None, limit: int) -> list[Case]:
    backwards = cursor is not None and cursor.backwards
    order = ("opened_at", "id") if backwards else CASE_LIST_ORDER
    rows: list[Case] = []
    for part in parts:
        if cursor is not None and backwards:
            part = part.filter(opened_at__gte=cursor.opened_at).exclude(
                opened_at=cursor.opened_at, id__lte=cursor.case_id
            )
        elif cursor is not None:
            part = part.filter(opened_at__lte=cursor.opened_at).exclude(
                opened_at=cursor.opened_at, id__gte=cursor.case_id
            )
        rows += _for_rows(part).order_by(*order)[:limit]
    rows.sort(key=lambda case: (case.opened_at, case.pk), reverse=not backwards)
    return rows[:limit]


def _key(case: Case, *, backwards: bool = False) -> Cursor:
    return Cursor(opened_at=case.opened_at, case_id=case.pk, backwards=backwards)


def _filtered(
    cases: QuerySet[Case],
    *,
    organisation: Organisation | None,
    stage: str,
    search: str,
    opened: tuple[dt.date, dt.date] | None,
    closed: tuple[dt.date, dt.date] | None,
) -> QuerySet[Case]:
    if organisation is not None:
        cases = cases.filter(organisation=organisation)
    if stage:
        cases = cases.filter(stage=stage)
    if opened is not None:
        cases = cases.filter(opened_at__date__range=opened)
    if closed is not None:
        cases = cases.filter(closed_at__date__range=closed)
    if search:
        cases = cases.filter(Q(reference__icontains=search) | Q(practitioner__full_name__icontains=search))
    return cases


def _for_rows(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What a row of the list shows (faircase.cases.presenters.case_list_rows), read in the same query and no
    more: a case's and its practitioner's long text would be read fifty times for nothing."""
    return (
        cases.select_related("organisation", "practitioner", "pack_version")
        .only(*LIST_ROW_FIELDS)
        .annotate(
            has_open_follow_ups=Exists(
                FollowUp.objects.filter(case=OuterRef("pk"), status=FollowUp.Status.OPEN)
            )
        )
    )


# The columns a row of the list reads; the pack version whole, as a case's stage names come from it.
LIST_ROW_FIELDS = (
    "reference",
    "policy",
    "workflow",
    "stage",
    "opened_at",
    "closed_at",
    "organisation__name",
    "practitioner__full_name",
    "practitioner__profession",
    "pack_version",
)


@read_once
def concerns_for(case: Case) -> QuerySet[Concern]:
    return Concern.objects.of_case(case).select_related("recorded_by")


@read_once
def members_for(case: Case) -> QuerySet[CaseMember]:
    return CaseMember.objects.of_case(case).select_related("user")


def exclusions_for(case: Case) -> QuerySet[ConflictExclusion]:
    return ConflictExclusion.objects.of_case(case).select_related("user", "recorded_by")


@read_once
def stage_moves_for(case: Case) -> QuerySet[StageMove]:
    return StageMove.objects.of_case(case).select_related("moved_by", "review").order_by("moved_at", "id")


def last_move(case: Case) -> StageMove | None:
    return StageMove.objects.of_case(case).order_by("-moved_at", "-id").first()


def practitioners_for(user: User, organisation: Organisation) -> QuerySet[Practitioner]:
    """Practitioners a case opener may choose from: only in organisations where they can open cases."""
    allowed = Membership.objects.filter(user=user, role__in=R.OPENS_CASES).values("organisation_id")
    return Practitioner.objects.filter(organisation=organisation, organisation_id__in=allowed)
