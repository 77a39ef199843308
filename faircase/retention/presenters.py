"""What people read about retention: the schedule in force, the due list, holds and tombstones. The page and the
command read the same selectors; the words are made here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from faircase.core.formatting import nhs_date, nhs_datetime
from faircase.core.models import AuditEvent

from .models import LegalHold
from .schedule import Rule, Schedule
from .selectors import Kept


def status_tag(rule: Rule) -> dict[str, str]:
    if rule.verified:
        return {"text": _("Verified"), "classes": "nhsuk-tag--green"}
    return {"text": _("To confirm"), "classes": "nhsuk-tag--orange"}


def rule_rows(rules: tuple[Rule, ...]) -> list[dict[str, Any]]:
    return [
        {
            "title": rule.label,
            "period": rule.period,
            "override": (
                _("Kept longer here: the schedule gives %(years)s (%(reason)s)")
                % {"years": rule.shipped_years, "reason": rule.override_reason}
                if rule.shipped_years is not None
                else ""
            ),
            "source": rule.source_label,
            "status": status_tag(rule),
        }
        for rule in rules
    ]


def schedule_page(schedule: Schedule) -> dict[str, Any]:
    return {
        "case_rules": rule_rows(schedule.cases),
        "equality_rules": rule_rows(schedule.equality),
        "all_verified": schedule.all_verified,
    }


def due_label(kept: Kept) -> str:
    return _(
        "%(reference)s: %(outcome)s, closed %(closed)s. Kept under “%(rule)s” (%(period)s); due since %(due)s"
    ) % {
        "reference": kept.reference,
        "outcome": kept.outcome,
        "closed": nhs_date(kept.closed_on),
        "rule": kept.rule.label,
        "period": kept.rule.period,
        "due": nhs_date(kept.due_on),
    }


def due_choices(due: list[Kept]) -> list[tuple[str, str]]:
    return [(str(kept.case_id), due_label(kept)) for kept in due]


def held_rows(held: list[Kept], organisation_slug: str) -> list[dict[str, str]]:
    return [
        {
            "reference": kept.reference,
            "rule": kept.rule.label,
            "due_on": nhs_date(kept.due_on),
            "reason": kept.hold.get_reason_display() if kept.hold else "",
            "href": hold_url(organisation_slug, kept.case_id),
        }
        for kept in held
    ]


def hold_url(organisation_slug: str, case_id: object) -> str:
    return reverse("retention:hold", kwargs={"org_slug": organisation_slug, "held_case_id": case_id})


def tombstone_rows(events: list[AuditEvent]) -> list[dict[str, str]]:
    rows = []
    for event in events:
        detail = event.summary.get("detail", {})
        rows.append(
            {
                "reference": str(detail.get("reference", "")),
                "deleted": nhs_datetime(event.occurred_at),
                "by": event.actor_label,
                "rule": f"{detail.get('rule_title', '')}: {detail.get('source', '')}",
                "sequence": str(event.sequence),
            }
        )
    return rows


def hold_summary(hold: LegalHold) -> list[dict[str, Any]]:
    rows = [
        {"key": {"text": _("Reason")}, "value": {"text": hold.get_reason_display()}},
        {"key": {"text": _("What it is for")}, "value": {"text": hold.note}},
        {
            "key": {"text": _("Placed")},
            "value": {
                "text": _("%(when)s by %(name)s")
                % {"when": nhs_datetime(hold.placed_at), "name": hold.placed_by.display_name}
            },
        },
    ]
    if hold.lifted_at:
        by = hold.lifted_by.display_name if hold.lifted_by else "faircase"
        rows.append(
            {
                "key": {"text": _("Lifted")},
                "value": {
                    "text": _("%(when)s by %(name)s") % {"when": nhs_datetime(hold.lifted_at), "name": by}
                },
            }
        )
        rows.append({"key": {"text": _("Why it was lifted")}, "value": {"text": hold.lift_note}})
    return rows


def case_section(holds: list[LegalHold], change_url: str, today: dt.date) -> dict[str, Any]:
    in_place = next((hold for hold in holds if hold.in_place), None)
    return {
        "in_place": in_place,
        "in_place_rows": hold_summary(in_place) if in_place else [],
        "earlier": [hold_summary(hold) for hold in holds if not hold.in_place],
        "change_url": change_url,
    }


def review_url(organisation_slug: str) -> str:
    return reverse("retention:review", kwargs={"org_slug": organisation_slug})


def case_url(case: Any) -> str:
    return reverse("cases:detail", kwargs={"case_id": case.pk}) + "#legal-hold"
