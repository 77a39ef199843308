"""Display values for the practitioner's own pages and the staff case page's "practitioner's account" section.

The practitioner's page shows only what is meant for them: concerns as shared (SharedConcern rows), the process
and stage, their dates, their named contact's name and role, their rights, and support. Never internal notes.
"""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.accounts.models import Nation
from faircase.core import languages
from faircase.core.formatting import nhs_date
from faircase.policy.workflow import workflow_for
from faircase.practitioners import selectors
from faircase.practitioners.models import Invitation, PractitionerAccount, SharedConcern, WelfarePlan
from faircase.practitioners.support_data import process_for
from faircase.process.clock import deadlines_for_case
from faircase.process.models import KeyDate

PRACTITIONER_KEY_DATES = ("hearing_date", "appeal_hearing_date", "oral_hearing_date", "report_shared")
KEY_DATE_WORDS = {
    "hearing_date": gettext_lazy("Your hearing"),
    "appeal_hearing_date": gettext_lazy("Your appeal hearing"),
    "oral_hearing_date": gettext_lazy("Your oral hearing"),
    "report_shared": gettext_lazy("The investigation report was shared with you"),
}

RIGHTS = [
    {
        "title": gettext_lazy("To be accompanied"),
        "text": gettext_lazy(
            "You can bring someone with you to meetings and hearings. This can be a colleague, or a "
            "representative of your trade union, professional association or defence organisation."
        ),
    },
    {
        "title": gettext_lazy("To give your account"),
        "text": gettext_lazy(
            "You can tell us what happened, in your own words, and it will be taken into account before any "
            "decision is made."
        ),
    },
    {
        "title": gettext_lazy("To comment on the investigation report"),
        "text": gettext_lazy(
            "When the investigation report is shared with you, you can say whether anything in it is factually "
            "wrong or missing, before any decision is made."
        ),
    },
    {
        "title": gettext_lazy("To ask for reasonable adjustments"),
        "text": gettext_lazy(
            "If you need anything to take part fully, for example because of a disability or your health, you "
            "can ask for it. This might be more time, breaks, a different place or format for meetings."
        ),
    },
]


def case_rows(cases: Any) -> list[dict[str, Any]]:
    rows = []
    for case in cases:
        rows.append(
            {
                "id": case.pk,
                "reference": case.reference,
                "organisation": case.organisation.name,
                "process": languages.localised(process_for(case.policy), "name"),
                "stage": workflow_for(case).stage_name(case.stage),
                "closed": case.is_closed,
            }
        )
    return rows


def stages(case: Any) -> list[dict[str, Any]]:
    """The stages of the case's workflow in order: the current one, the ones the case went through (from its
    stage moves), the ones it passed by without entering (not needed for this case) and the ones still ahead."""
    from faircase.cases.models import StageMove

    flow = workflow_for(case)
    codes = [s.code for s in flow.stages]
    current = codes.index(case.stage) if case.stage in codes else -1
    entered = {flow.first_stage.code} | set(
        StageMove.objects.of_case(case).values_list("to_stage", flat=True)
    )
    rows = []
    for i, s in enumerate(flow.stages):
        if i == current:
            status = "current"
        elif s.code in entered:
            status = "passed"
        elif i < current or case.is_closed:
            status = "skipped"
        else:
            status = "later"
        rows.append({"name": s.name, "description": s.description, "current": i == current, "status": status})
    return rows


def dates(case: Any, *, today: dt.date) -> list[dict[str, Any]]:
    """Hearings, the report being shared, and the deadline to comment on it. Nothing else."""
    rows = []
    for key_date in (
        KeyDate.objects.of_case(case).filter(event__in=PRACTITIONER_KEY_DATES).order_by("on", "id")
    ):
        rows.append(
            {
                "on": key_date.on,
                "text": KEY_DATE_WORDS[key_date.event],
                "future": key_date.on >= today,
                "kind": "event",
            }
        )
    for deadline in deadlines_for_case(case, today=today):
        if deadline.rule.starts_on != "report_shared":
            continue
        text = _("Deadline: %(deadline)s") % {"deadline": deadline.title}
        rows.append(
            {
                "on": deadline.due_on,
                "text": text,
                "future": deadline.due_on >= today,
                "kind": "deadline",
                "met": not deadline.is_open,
            }
        )
    rows.sort(key=lambda row: row["on"])
    for row in rows:
        row["date"] = nhs_date(row["on"])
    return rows


def named_contact(case: Any) -> dict[str, str] | None:
    plan = WelfarePlan.objects.of_case(case).select_related("named_contact").first()
    if plan is None:
        return None
    return {"name": plan.named_contact.display_name, "role": _("Named contact")}


def support(case: Any) -> list[dict[str, Any]]:
    organisation = case.organisation
    entries = selectors.support_for(
        profession=case.practitioner.profession, nation=organisation.nation, organisation=organisation
    )
    return [
        {
            "name": languages.localised(e, "name"),
            "description": languages.localised(e, "description"),
            "contact": languages.localised(e, "contact"),
            "website": e.website,
            "checked": nhs_date(e.last_checked_on),
        }
        for e in entries
    ]


def shared_concerns(case: Any) -> list[dict[str, Any]]:
    shared = SharedConcern.objects.of_case(case).order_by("shared_on", "id")
    return [{"text": s.text, "shared_on": nhs_date(s.shared_on)} for s in shared]


def portal_case_context(case: Any, user: Any, *, today: dt.date) -> dict[str, Any]:
    process = process_for(case.policy)
    flow = workflow_for(case)
    return {
        "case": case,
        "organisation": case.organisation.name,
        "nation": Nation(case.organisation.nation).label,
        "concerns": shared_concerns(case),
        "process_name": languages.localised(process, "name"),
        "process_text": languages.localised(process, "plain_english"),
        "stage_name": flow.stage_name(case.stage),
        "stages": stages(case),
        "dates": dates(case, today=today),
        "named_contact": named_contact(case),
        "rights": RIGHTS,
        "support": support(case),
    }


def invitation_status(case: Any, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Not invited, invited (on, expires), expired, or account active."""
    now = now or timezone.now()
    practitioner = case.practitioner
    account = PractitionerAccount.objects.filter(practitioner=practitioner).first()
    if account is not None:
        return {
            "state": "active",
            "text": f"Account active since {nhs_date(timezone.localdate(account.linked_at))}",
            "tag": {"text": "Account active", "classes": "nhsuk-tag--green"},
        }
    latest = Invitation.objects.of_case(case).filter(revoked_at__isnull=True, used_at__isnull=True)
    latest = latest.order_by("-created_at", "-id").first()
    if latest is None:
        return {
            "state": "not_invited",
            "text": _("Not invited yet"),
            "tag": {"text": _("Not invited"), "classes": "nhsuk-tag--grey"},
        }
    sent = nhs_date(timezone.localdate(latest.created_at))
    expires = nhs_date(timezone.localdate(latest.expires_at))
    if latest.expires_at <= now:
        return {
            "state": "expired",
            "text": f"Invited on {sent}; the link expired on {expires}",
            "tag": {"text": "Invitation expired", "classes": "nhsuk-tag--orange"},
        }
    return {
        "state": "invited",
        "text": f"Invited on {sent} ({latest.email}); the link expires on {expires}",
        "tag": {"text": "Invited", "classes": "nhsuk-tag--blue"},
    }


def case_portal_context(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    """What _case_portal.jinja needs on the staff case page."""
    from faircase.cases.models import Concern

    can_change = bool(user.has_perm("cases.change_case", case)) and not case.is_closed
    shared = {s.concern_id: s for s in SharedConcern.objects.of_case(case)}
    concerns = [
        {
            "id": c.pk,
            "category": c.get_category_display(),
            "shared": shared.get(c.pk),
            "shared_on": nhs_date(shared[c.pk].shared_on) if c.pk in shared else "",
        }
        for c in Concern.objects.of_case(case).order_by("raised_on", "id")
    ]
    return {"status": invitation_status(case), "concerns": concerns, "can_change": can_change}
