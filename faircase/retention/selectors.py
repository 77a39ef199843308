"""Reads for retention, every one through the access kernel: which closed cases are due for deletion under the
schedule, and which are held. The due date comes from the one clock (faircase.process.clock.retention_due_on).

A closed case is due on the day its rule's period ends; a case with a legal hold in place is never due (it is
listed as held, so the administrator sees why it is left out). Nothing here opens a case's content: reference,
outcome, dates and rule only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from faircase.accounts.models import Organisation, Viewer
from faircase.accounts.roles import Role
from faircase.accounts.selectors import organisations_with_role
from faircase.cases.models import Case
from faircase.core.formatting import NOT_RECORDED
from faircase.core.models import AuditEvent
from faircase.process import clock
from faircase.process.models import RegulatorReferral, Restriction

from .models import LegalHold
from .schedule import Rule, Schedule, schedule_for

TOMBSTONE = "case.deleted_under_retention"
ADMINISTERS = frozenset({Role.ORG_ADMIN})


@dataclass(frozen=True)
class Kept:
    """A closed case under the schedule: its rule, and when it is (or was) due."""

    case_id: uuid.UUID
    reference: str
    organisation_slug: str
    outcome: str
    closed_on: dt.date
    rule: Rule
    due_on: dt.date
    hold: LegalHold | None

    @property
    def on_hold(self) -> bool:
        return self.hold is not None

    def is_due(self, today: dt.date) -> bool:
        return self.hold is None and self.due_on <= today


def administered_organisations(user: Viewer) -> QuerySet[Organisation]:
    return organisations_with_role(user, ADMINISTERS).order_by("name")


def administered_organisation(user: Viewer, slug: str) -> Organisation:
    """The organisation, if the user is its administrator; else 404."""
    organisation = administered_organisations(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404("Not available")
    return organisation


def _with_facts(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.filter(closed_at__isnull=False).annotate(
        restriction_recorded=Exists(Restriction.objects.of_case(OuterRef("pk"))),
        regulator_referral_recorded=Exists(RegulatorReferral.objects.of_case(OuterRef("pk"))),
    )


def kept_under(case: Case, schedule: Schedule) -> tuple[Rule, dt.date, dt.date]:
    """The rule a closed case (annotated by `_with_facts`) is kept under, the day it closed and the day it is due."""
    rule = schedule.rule_for(
        outcome=case.outcome,
        restriction_recorded=bool(getattr(case, "restriction_recorded", False)),
        regulator_referral_recorded=bool(getattr(case, "regulator_referral_recorded", False)),
    )
    closed_on = timezone.localdate(case.closed_at)
    return rule, closed_on, clock.retention_due_on(closed_on, rule.years)


def _kept(cases: QuerySet[Case], organisation: Organisation) -> list[Kept]:
    schedule = schedule_for(organisation.slug)
    holds = {
        hold.case_id: hold
        for hold in LegalHold.objects.of_cases(cases)
        .filter(lifted_at__isnull=True)
        .select_related("placed_by")
    }
    kept = []
    for case in _with_facts(cases).order_by("closed_at", "reference"):
        rule, closed_on, due_on = kept_under(case, schedule)
        kept.append(
            Kept(
                case_id=case.pk,
                reference=case.reference,
                organisation_slug=organisation.slug,
                outcome=case.get_outcome_display() or str(NOT_RECORDED),
                closed_on=closed_on,
                rule=rule,
                due_on=due_on,
                hold=holds.get(case.pk),
            )
        )
    return kept


def due_or_held(kept: list[Kept], today: dt.date) -> tuple[list[Kept], list[Kept]]:
    """Those due (oldest first), and those that would be due but for a hold."""
    due = [k for k in kept if k.is_due(today)]
    held = [k for k in kept if k.on_hold and k.due_on <= today]
    return due, held


def review_for_administrator(user: Viewer, organisation: Organisation) -> list[Kept]:
    """The organisation's closed cases its administrator reviews, conflicts and their own cases left out."""
    return _kept(Case.objects.administered_by(organisation, user), organisation)


def review_for_system(organisation: Organisation) -> list[Kept]:
    """The organisation's closed cases, for the monthly command (`faircase retention review`)."""
    return _kept(Case.objects.for_system("retention").filter(organisation=organisation), organisation)


def holds_of(case: Case) -> QuerySet[LegalHold]:
    return LegalHold.objects.of_case(case).select_related("placed_by", "lifted_by").order_by("-placed_at")


def hold_in_place(case: Case) -> LegalHold | None:
    return holds_of(case).filter(lifted_at__isnull=True).first()


def tombstones(organisation: Organisation) -> QuerySet[AuditEvent]:
    """What the audit trail keeps of the organisation's deleted cases: one event each."""
    return AuditEvent.objects.filter(organisation=organisation, action=TOMBSTONE).order_by("-sequence")


def administered_case(user: Viewer, organisation: Organisation, case_id: uuid.UUID) -> Case:
    """One of the organisation's closed cases its administrator may review (not kept away from it); else 404."""
    case = (
        Case.objects.administered_by(organisation, user)
        .filter(closed_at__isnull=False)
        .select_related("organisation")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404("Not available")
    return case
