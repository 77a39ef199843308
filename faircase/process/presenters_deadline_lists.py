"""Deadlines across cases: "your deadlines", an organisation's overview and the failed reminders page.

Reads are scoped here (never in the views) and the number of queries does not grow with the number of cases:
every deadline comes from one call to the clock (`clock.open_deadlines`), and the case references from one
more query. No date is worked out here: "due soon", "3 days left" and the overview's counts use the clock's.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from faircase.access.policy import OVERSIGHT_ROLES, Capability
from faircase.accounts.models import Organisation
from faircase.accounts.roles import Role
from faircase.accounts.selectors import organisations_with_role
from faircase.cases.models import Case, CaseMember
from faircase.core.formatting import nhs_date, nhs_datetime
from faircase.policy.workflow import get_workflow
from faircase.process import clock
from faircase.process.models import Reminder
from faircase.process.wording import days_in_words

# "Due soon" means due today or in the next seven days (the clock's DUE_SOON_DAYS).
WINDOW_DAYS = clock.DUE_SOON_DAYS
# Who sees an organisation's deadline overview: those who oversee it (faircase.access.policy.OVERSIGHT_ROLES).
# Roles that see (and act on) the reminders that could not be sent.
FAILED_REMINDER_ROLES = frozenset({Role.CASE_MANAGER})

TO_CONFIRM_TAG = {"text": gettext_lazy("To be confirmed"), "classes": "nhsuk-tag--yellow"}
OVERDUE_TAG = {"text": gettext_lazy("Overdue"), "classes": "nhsuk-tag--red"}
DUE_SOON_TAG = {"text": gettext_lazy("Due soon"), "classes": "nhsuk-tag--orange"}


def open_deadlines(cases: QuerySet[Case], *, today: dt.date) -> list[Any]:
    """The deadlines of the cases not yet met, from the clock."""
    return clock.open_deadlines(cases, today=today)


@dataclass(frozen=True)
class DeadlineRow:
    case_id: Any
    reference: str
    organisation: str
    title: str
    due_on: dt.date
    due_on_text: str
    when: str
    overdue: bool
    verified: bool
    source: str
    case_url: str  # empty when the user may not open the case (an overview of cases they are not named on)

    @property
    def tags(self) -> list[dict[str, str]]:
        tags = [OVERDUE_TAG] if self.overdue else [DUE_SOON_TAG]
        if not self.verified:
            tags.append(TO_CONFIRM_TAG)
        return tags


def _rows(
    deadlines: list[Any],
    cases: dict[Any, tuple[str, str]],
    *,
    today: dt.date,
    linkable: set[Any] | None = None,
) -> list[DeadlineRow]:
    rows = []
    for d in deadlines:
        if d.case_id not in cases:
            continue
        reference, organisation = cases[d.case_id]
        can_link = linkable is None or d.case_id in linkable
        rows.append(
            DeadlineRow(
                case_id=d.case_id,
                reference=reference,
                organisation=organisation,
                title=d.title,
                due_on=d.due_on,
                due_on_text=nhs_date(d.due_on),
                when=days_in_words(d.due_on, today=today),
                overdue=clock.days_left(d.due_on, today) < 0,
                verified=bool(d.verified),
                source=d.source,
                case_url=reverse("cases:detail", kwargs={"case_id": d.case_id}) if can_link else "",
            )
        )
    rows.sort(key=lambda r: (r.due_on, r.reference, r.title))
    return rows


def _case_labels(cases: QuerySet[Case]) -> dict[Any, tuple[str, str]]:
    return {pk: (ref, org) for pk, ref, org in cases.values_list("id", "reference", "organisation__name")}


# --- Your deadlines ------------------------------------------------------------------------------------------


def cases_for_your_deadlines(user: Any, *, everything: bool) -> QuerySet[Case]:
    """The open cases the user can see and is named on; with `everything`, all the open cases they can see."""
    cases = Case.objects.visible_to(user).filter(closed_at__isnull=True)
    if not everything:
        cases = cases.filter(id__in=CaseMember.objects.visible_to(user).filter(user=user).values("case_id"))
    return cases


def your_deadlines(user: Any, *, today: dt.date, everything: bool = False) -> list[DeadlineRow]:
    """Overdue deadlines and those due in the next seven days, soonest first."""
    cases = cases_for_your_deadlines(user, everything=everything)
    horizon = clock.soon_until(today)
    deadlines = [d for d in open_deadlines(cases, today=today) if d.due_on <= horizon]
    return _rows(deadlines, _case_labels(cases), today=today)


# --- Organisation overview ------------------------------------------------------------------------------------


def overview_organisations(user: Any) -> QuerySet[Organisation]:
    return organisations_with_role(user, OVERSIGHT_ROLES).order_by("name")


def overview_organisation(user: Any, slug: str) -> Organisation | None:
    return overview_organisations(user).filter(slug=slug).first()


def organisation_open_cases(user: Any, organisation: Organisation) -> QuerySet[Case]:
    """The organisation's open cases that the user oversees (faircase.access: a designated board member oversees
    the timeliness of every case, including those they are not named on; conflicts are left out)."""
    return Case.objects.oversight_of(organisation, user).filter(closed_at__isnull=True)


@dataclass
class Overview:
    organisation: Organisation
    overdue: int = 0
    due_this_week: int = 0
    upcoming: int = 0
    to_confirm: int = 0
    open_cases: int = 0
    stages: list[tuple[str, int]] = field(default_factory=list)
    overdue_rows: list[DeadlineRow] = field(default_factory=list)

    @property
    def count_rows(self) -> list[dict[str, Any]]:
        return [
            {"key": {"text": _("Overdue")}, "value": {"text": str(self.overdue)}},
            {
                "key": {
                    "text": ngettext(
                        "Due in the next %(num)d day", "Due in the next %(num)d days", WINDOW_DAYS
                    )
                    % {"num": WINDOW_DAYS}
                },
                "value": {"text": str(self.due_this_week)},
            },
            {"key": {"text": _("Upcoming (later)")}, "value": {"text": str(self.upcoming)}},
            {"key": {"text": _("Open cases")}, "value": {"text": str(self.open_cases)}},
        ]


def organisation_overview(user: Any, organisation: Organisation, *, today: dt.date) -> Overview:
    cases = organisation_open_cases(user, organisation)
    horizon = clock.soon_until(today)
    deadlines = open_deadlines(cases, today=today)
    overview = Overview(organisation=organisation)
    for d in deadlines:
        if d.due_on < today:
            overview.overdue += 1
        elif d.due_on <= horizon:
            overview.due_this_week += 1
        else:
            overview.upcoming += 1
    by_stage: Counter[str] = Counter()
    order: dict[str, int] = {}
    for workflow_key, stage, n in cases.order_by().values_list("workflow", "stage").annotate(n=Count("id")):
        workflow = get_workflow(workflow_key)
        name = workflow.stage_name(stage)
        by_stage[name] += n
        codes = [s.code for s in workflow.stages]
        order.setdefault(name, codes.index(stage) if stage in codes else len(codes))
    overview.stages = sorted(by_stage.items(), key=lambda item: (order[item[0]], item[0]))
    overview.open_cases = sum(by_stage.values())
    linkable = set(
        Case.objects.visible_to(user).filter(organisation=organisation).values_list("id", flat=True)
    )
    overdue = [d for d in deadlines if d.due_on < today]
    overview.overdue_rows = _rows(overdue, _case_labels(cases), today=today, linkable=linkable)
    overview.to_confirm = sum(1 for d in deadlines if not d.verified)
    return overview


# --- Failed reminders ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FailedReminderRow:
    reference: str
    organisation: str
    case_url: str
    title: str
    due_on_text: str
    kind: str
    recipient: str
    attempts: int
    last_error: str
    created_at_text: str
    will_retry: bool


def failed_reminder_organisations(user: Any) -> QuerySet[Organisation]:
    return organisations_with_role(user, FAILED_REMINDER_ROLES)


def failed_reminders(user: Any) -> list[FailedReminderRow]:
    """Reminders that could not be sent, for the cases of the organisations where the user manages cases."""
    from faircase.process.reminders import MAX_ATTEMPTS

    reminders = (
        Reminder.objects.with_capability(user, Capability.CHANGE)
        .filter(status=Reminder.Status.FAILED, case__organisation__in=failed_reminder_organisations(user))
        .select_related("case", "case__organisation", "recipient")
        .order_by("due_on", "case__reference", "id")
    )
    return [
        FailedReminderRow(
            reference=r.case.reference,
            organisation=r.case.organisation.name,
            case_url=reverse("cases:detail", kwargs={"case_id": r.case_id}),
            title=r.title or _("A deadline"),
            due_on_text=nhs_date(r.due_on),
            kind=r.get_kind_display()
            if r.kind == Reminder.Kind.OVERDUE
            else ngettext("%(num)d day before", "%(num)d days before", r.lead_days) % {"num": r.lead_days},
            recipient=r.recipient.display_name,
            attempts=r.attempts,
            last_error=r.last_error,
            created_at_text=nhs_datetime(r.created_at),
            will_retry=r.attempts < MAX_ATTEMPTS,
        )
        for r in reminders
    ]
