"""Audit events as people read them."""

from dataclasses import dataclass
from typing import Any

from faircase.core.formatting import nhs_datetime

ACTION_WORDS = {
    "case.opened": "Opened the case",
    "case.viewed": "Viewed the case",
    "case.person_named": "Named a person on the case",
    "case.conflict_excluded": "Excluded someone for a conflict of interest",
    "case.stage_moved": "Moved the case to another stage",
    "case.being_fair_recorded": "Recorded the Being fair tool status",
    "concern.added": "Added a concern",
    "review.started": "Started a framework review",
    "review.answers_saved": "Saved answers to a framework review",
    "review.completed": "Completed a framework review",
    "follow_up.closed": "Closed a follow-up",
    "record.generated": "Generated the disclosable record",
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
                what=ACTION_WORDS.get(event.action, event.action.replace(".", ": ").replace("_", " ")),
                changes=changes,
            )
        )
    return lines
