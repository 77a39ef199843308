"""Restrictions, decisions, Advice and referrals as people read them, for the case page and the record pages.

`case_restrictions_context(case, user, today)` gives the case page's restrictions section
(process/_case_restrictions.jinja) everything it shows, under one name.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from faircase.core.formatting import nhs_date
from faircase.policy.kinds import RestrictionKind
from faircase.process import selectors, services
from faircase.process.models import RestrictionPeriod

SIX_MONTH_SOURCE = "MHPS Part II; NHS Resolution exclusion insights"
RIGHT_TO_RETURN = (
    "The review was due by {due} and has not been recorded. If a review is not carried out, the practitioner "
    "may have a right to return to work. Review the exclusion now, or record that it has ended."
)


@dataclass
class PeriodLine:
    number: int
    starts_on: str
    ends_on: str
    review_due: str
    reviewed_on: str
    on_time: bool | None
    status: dict[str, str]
    outcome: str
    review_url: str = ""


@dataclass
class RestrictionLine:
    id: Any
    kind: str
    kind_code: str
    started_on: str
    ended_on: str
    terms: str
    reasons: str
    end_reason: str
    is_live: bool
    runs_in_periods: bool
    detail_url: str
    criminal_investigation: bool
    advice: str = ""
    hearing: str = ""
    periods: list[PeriodLine] = field(default_factory=list)
    current: PeriodLine | None = None
    overdue: str = ""
    third_period: bool = False
    six_month_mark: str = ""
    six_months_passed: bool = False
    six_month_warning: str = ""
    length_days: int = 0
    review_url: str = ""
    end_url: str = ""


def _period_line(period: RestrictionPeriod, *, today: dt.date, live: bool, review_url: str) -> PeriodLine:
    if period.reviewed_on is not None:
        on_time = period.reviewed_on <= period.ends_on
        status = (
            {"text": "Reviewed on time", "classes": "nhsuk-tag--green"}
            if on_time
            else {"text": "Reviewed late", "classes": "nhsuk-tag--orange"}
        )
    elif not live:
        on_time = None
        status = {"text": "Ended before review", "classes": "nhsuk-tag--grey"}
    elif today > period.ends_on:
        on_time = False
        status = {"text": "Review overdue", "classes": "nhsuk-tag--red"}
    else:
        on_time = None
        status = {"text": "Review due", "classes": "nhsuk-tag--blue"}
    return PeriodLine(
        number=period.number,
        starts_on=nhs_date(period.starts_on),
        ends_on=nhs_date(period.ends_on),
        review_due=nhs_date(period.ends_on),
        reviewed_on=nhs_date(period.reviewed_on, empty="Not reviewed"),
        on_time=on_time,
        status=status,
        outcome=period.review_outcome,
        review_url=review_url if live and period.reviewed_on is None else "",
    )


def restriction_line(restriction: Any, *, today: dt.date, can_change: bool) -> RestrictionLine:
    case_id = restriction.case_id
    live = restriction.is_live
    periods = list(restriction.periods.all())
    runs_in_periods = restriction.kind in services.PERIOD_KINDS
    line = RestrictionLine(
        id=restriction.pk,
        kind=restriction.get_kind_display(),
        kind_code=restriction.kind,
        started_on=nhs_date(restriction.started_on),
        ended_on=nhs_date(restriction.ended_on, empty="Not ended"),
        terms=restriction.terms,
        reasons=restriction.reasons,
        end_reason=restriction.end_reason,
        is_live=live,
        runs_in_periods=runs_in_periods,
        criminal_investigation=restriction.criminal_investigation,
        detail_url=reverse(
            "process:restriction_detail", kwargs={"case_id": case_id, "restriction_id": restriction.pk}
        ),
    )
    end = min(today, restriction.ended_on) if restriction.ended_on else today
    line.length_days = max((end - restriction.started_on).days + 1, 0)
    if restriction.kind == RestrictionKind.FORMAL_EXCLUSION:
        if restriction.advice_contact is not None:
            contact = restriction.advice_contact
            line.advice = f"Advice consulted on {nhs_date(contact.contacted_on)} ({contact.adviser})"
        else:
            line.advice = f"Advice not consulted: {restriction.advice_not_consulted_reason}"
    if restriction.kind == RestrictionKind.PL_SUSPENSION:
        line.hearing = (
            f"Oral hearing on {nhs_date(restriction.oral_hearing_on)}, notice given "
            f"{nhs_date(restriction.oral_hearing_notice_on)}"
        )
    for period in periods:
        review_url = ""
        if can_change:
            review_url = reverse(
                "process:restriction_review",
                kwargs={"case_id": case_id, "restriction_id": restriction.pk, "number": period.number},
            )
        line.periods.append(_period_line(period, today=today, live=live, review_url=review_url))
    if can_change and live:
        line.end_url = reverse(
            "process:restriction_end", kwargs={"case_id": case_id, "restriction_id": restriction.pk}
        )
    if live and runs_in_periods:
        if periods:
            current = periods[-1]
            line.current = line.periods[-1]
            line.review_url = line.current.review_url
            if current.reviewed_on is None and today > current.ends_on:
                line.overdue = RIGHT_TO_RETURN.format(due=nhs_date(current.ends_on))
            line.third_period = current.number >= services.THIRD_PERIOD
        mark = services.six_month_mark(restriction.started_on)
        line.six_month_mark = nhs_date(mark)
        line.six_months_passed = today > mark
        if line.six_months_passed and not restriction.criminal_investigation:
            line.six_month_warning = (
                f"This has run beyond six months (the six-month mark was {nhs_date(mark)}). Exclusion should "
                "not normally exceed six months except during a criminal investigation: a position report to "
                "the board is expected."
            )
    return line


def decision_line(decision: Any) -> dict[str, str]:
    return {
        "decided_on": nhs_date(decision.decided_on),
        "considered": decision.get_considered_display(),
        "alternative": decision.alternative or "Nothing recorded",
        "reasons": decision.reasons,
        "recorded_by": decision.recorded_by.display_name,
    }


def advice_line(contact: Any, *, today: dt.date, can_change: bool) -> dict[str, Any]:
    actions = []
    for action in contact.actions.all():
        is_open = action.closed_at is None
        actions.append(
            {
                "action": action.action,
                "owner": action.owner.display_name,
                "due_on": nhs_date(action.due_on),
                "is_open": is_open,
                "overdue": is_open and today > action.due_on,
                "outcome": action.outcome,
                "close_url": reverse(
                    "process:restriction_advice_action_close",
                    kwargs={"case_id": contact.case_id, "action_id": action.pk},
                )
                if is_open and can_change
                else "",
            }
        )
    return {
        "id": contact.pk,
        "contacted_on": nhs_date(contact.contacted_on),
        "adviser": contact.adviser,
        "question": contact.question,
        "advice": contact.advice,
        "open_actions": [a for a in actions if a["is_open"]],
        "closed_actions": [a for a in actions if not a["is_open"]],
        "add_action_url": reverse(
            "process:restriction_advice_action_new",
            kwargs={"case_id": contact.case_id, "advice_id": contact.pk},
        )
        if can_change
        else "",
    }


def referral_line(referral: Any) -> dict[str, str]:
    labels = {"gmc": "GMC", "gdc": "GDC", "gphc": "GPhC"}
    return {
        "regulator": labels.get(referral.regulator, referral.regulator.upper()),
        "referred_on": nhs_date(referral.referred_on),
        "reasons": referral.reasons,
        "systemic_factors": referral.systemic_factors,
        "induction": referral.induction,
        "impartial_check": referral.impartial_check,
    }


def case_restrictions_context(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    """What the case page's restrictions section shows, for this user, on this day."""
    can_change = user.has_perm("cases.change_case", case) and not case.is_closed
    lines = [
        restriction_line(r, today=today, can_change=can_change) for r in selectors.restrictions_for(case)
    ]
    links = {}
    if can_change:
        kwargs = {"case_id": case.pk}
        links = {
            "new_restriction": reverse("process:restriction_new", kwargs=kwargs),
            "new_decision": reverse("process:restriction_decision_new", kwargs=kwargs),
            "new_advice": reverse("process:restriction_advice_new", kwargs=kwargs),
            "new_referral": reverse("process:restriction_referral_new", kwargs=kwargs),
        }
    return {
        "case_id": case.pk,
        "can_change": can_change,
        "live": [line for line in lines if line.is_live],
        "past": [line for line in lines if not line.is_live],
        "decisions": [decision_line(d) for d in selectors.decisions_for(case)],
        "advice": [
            advice_line(a, today=today, can_change=can_change) for a in selectors.advice_contacts_for(case)
        ],
        "referrals": [referral_line(r) for r in selectors.referrals_for(case)],
        "links": links,
    }
