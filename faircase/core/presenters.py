"""Audit events as people read them."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from faircase.core.formatting import nhs_datetime

ACTION_WORDS = {
    "case.opened": _("Opened the case"),
    "case.viewed": _("Viewed the case"),
    "case.person_named": _("Named a person on the case"),
    "case.conflict_excluded": _("Excluded someone for a conflict of interest"),
    "case.stage_moved": _("Moved the case to another stage"),
    "case.being_fair_recorded": _("Recorded the Being fair tool status"),
    "concern.added": _("Added a concern"),
    "review.started": _("Started a framework review"),
    "review.answers_saved": _("Saved answers to a framework review"),
    "review.completed": _("Completed a framework review"),
    "follow_up.closed": _("Closed a follow-up"),
    "record.generated": _("Generated the disclosable record"),
}


@dataclass
class AuditLine:
    sequence: int
    when: str
    who: str
    what: str
    changes: list[tuple[str, str, str]]


def _fmt(value: Any) -> str:
    if value is None or value == "":
        return "\u2013"  # an en dash: nothing recorded
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_fmt(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value)
    return str(value)


def audit_lines(events: Any) -> list[AuditLine]:
    lines = []
    for event in events:
        before = event.summary.get("before") or {}
        after = event.summary.get("after") or {}
        detail = event.summary.get("detail") or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        changes = [(k.replace("_", " ").capitalize(), _fmt(before.get(k)), _fmt(after.get(k))) for k in keys]
        changes += [(k.replace("_", " ").capitalize(), "", _fmt(v)) for k, v in detail.items()]
        lines.append(
            AuditLine(
                sequence=event.sequence,
                when=nhs_datetime(event.occurred_at),
                who=event.actor_label,
                what=str(ACTION_WORDS.get(event.action, event.action.replace(".", ": ").replace("_", " "))),
                changes=changes,
            )
        )
    return lines
