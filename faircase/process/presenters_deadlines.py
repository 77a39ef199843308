"""What people read about deadlines and policy packs: due dates, what is due, the period in words, the source
and whether the rule is verified or still to be confirmed."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from faircase.core.formatting import nhs_date
from faircase.core.languages import localised
from faircase.policy.calendar import Nation
from faircase.policy.packs import STATUSES, TO_CONFIRM, Pack, Rule, pack_for_case
from faircase.process.clock import DUE, OVERDUE, Deadline, deadlines_for_case

STATUS_TAGS = {
    OVERDUE: {"text": _("Overdue"), "classes": "nhsuk-tag--red"},
    DUE: {"text": _("Due within 7 days"), "classes": "nhsuk-tag--orange"},
    "upcoming": {"text": _("Upcoming"), "classes": "nhsuk-tag--grey"},
    "done": {"text": _("Done"), "classes": "nhsuk-tag--green"},
}
RULE_STATUS_TAGS = {
    "verified": {"text": STATUSES["verified"], "classes": "nhsuk-tag--green"},
    TO_CONFIRM: {"text": STATUSES[TO_CONFIRM], "classes": "nhsuk-tag--yellow"},
}


def deadline_row(deadline: Deadline) -> dict[str, Any]:
    return {
        "key": deadline.key,
        "due_on": nhs_date(deadline.due_on),
        "due_iso": deadline.due_on.isoformat(),
        "title": deadline.title,
        "period": deadline.rule.period_in_words(),
        "started": nhs_date(deadline.starts_on),
        "source": deadline.source,
        "to_confirm": not deadline.verified,
        "to_confirm_tag": RULE_STATUS_TAGS[TO_CONFIRM],
        "status": deadline.status,
        "status_tag": STATUS_TAGS[deadline.status],
        "detail": deadline.detail,
        "overdue": deadline.status == OVERDUE,
    }


def rule_row(rule: Rule) -> dict[str, Any]:
    return {
        "key": rule.key,
        "title": localised(rule, "title"),
        "description": localised(rule, "description"),
        "period": rule.period_in_words(),
        "applies": rule.applies_text,
        "source": localised(rule, "source"),
        "status_tag": RULE_STATUS_TAGS[rule.status],
        "verified": rule.verified,
    }


def pack_summary(pack: Pack) -> dict[str, Any]:
    return {
        "key": pack.key,
        "title": localised(pack, "title"),
        "version": pack.version_number,
        "nation": Nation(pack.nation).label,
        "description": localised(pack, "description"),
        "rules": [rule_row(rule) for rule in pack.rules],
        "notifications": [
            {
                "title": localised(n, "title"),
                "to": localised(n, "to"),
                "source": localised(n, "source"),
                "status_tag": RULE_STATUS_TAGS[n.status],
            }
            for n in pack.notifications
        ],
        "stages": [stage.label for stage in pack.workflow.stages],
    }


def case_deadlines_context(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    """What _case_deadlines.jinja needs: the open deadlines (overdue first), the pack, and what the user may do."""
    pack = pack_for_case(case)
    deadlines = deadlines_for_case(case, today=today)
    open_rows = [deadline_row(d) for d in deadlines if d.is_open]
    open_rows.sort(key=lambda row: (not row["overdue"], row["due_iso"]))
    can_change = bool(user.has_perm("cases.change_case", case)) and not case.is_closed
    return {
        "rows": open_rows,
        "overdue_count": sum(1 for row in open_rows if row["overdue"]),
        "done_count": sum(1 for d in deadlines if not d.is_open),
        "pack_title": localised(pack, "title"),
        "pack_version": pack.version_number,
        "nation": pack.nation,
        "nation_label": Nation(pack.nation).label,
        "can_change": can_change,
        "closed": case.is_closed,
    }
