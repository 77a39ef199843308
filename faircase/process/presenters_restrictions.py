"""Restrictions, decisions, Advice and referrals as people read them, for the case page and the record pages.

`case_restrictions_context(case, user, today)` gives the case page's restrictions section
(process/_case_restrictions.jinja) everything it shows, under one name. Every date and count on it comes from
the one clock (faircase.process.clock): the review due dates, the days of an episode counted from its first day,
and the episode's dates to know (six months of exclusion, Advice after three periods...) as the pack words them.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from faircase.core.formatting import nhs_date
from faircase.policy.kinds import EXCLUSION_KINDS
from faircase.policy.packs import pack_for_case
from faircase.process import clock, selectors
from faircase.process.presenters_deadlines import STATUS_TAGS

NOT_REVIEWED = gettext_lazy(
    "The review was due by %(due)s and has not been recorded. If a review is not carried out, the practitioner "
    "may have a right to return to work. Review it now, or record that it has ended."
)
REVIEW_OVERDUE = gettext_lazy("Review overdue")


def days_text(days: int) -> str:
    """ "1 day", "43 days"."""
    return ngettext("%(num)s day", "%(num)s days", days) % {"num": f"{days:,}"}


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
    extension_order: str = ""


@dataclass
class DateLine:
    """A date to know about an episode or a restriction, from the pack through the clock."""

    title: str
    due_on: str
    status_tag: dict[str, str]
    source: str
    to_confirm: bool
    overdue: bool
    message: str


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
    episode_start: str = ""
    episode_parts: list[str] = field(default_factory=list)
    dates: list[DateLine] = field(default_factory=list)
    warnings: list[DateLine] = field(default_factory=list)
    length_days: int = 0
    length_label: str = ""

    @property
    def length_text(self) -> str:
        return days_text(self.length_days)

    review_url: str = ""
    end_url: str = ""
    renewal: str = ""


def _period_status(
    state: clock.ReviewState | None, *, live: bool, today: dt.date
) -> tuple[bool | None, dict]:
    if state is not None and state.reviewed_on is not None:
        if state.reviewed_on <= state.due_on:
            return True, {"text": _("Reviewed on time"), "classes": "nhsuk-tag--green"}
        return False, {"text": _("Reviewed late"), "classes": "nhsuk-tag--orange"}
    if state is not None and state.due and today > state.due_on:
        if live:
            return False, {"text": str(REVIEW_OVERDUE), "classes": "nhsuk-tag--red"}
        return False, {"text": _("Not reviewed"), "classes": "nhsuk-tag--red"}
    if not live:
        return None, {"text": _("Ended before review"), "classes": "nhsuk-tag--grey"}
    return None, {"text": _("Review due"), "classes": "nhsuk-tag--blue"}


def _date_line(deadline: clock.Deadline) -> DateLine:
    return DateLine(
        title=deadline.title,
        due_on=nhs_date(deadline.due_on),
        status_tag=STATUS_TAGS[deadline.status],
        source=deadline.source,
        to_confirm=not deadline.verified,
        overdue=deadline.status == clock.OVERDUE,
        message=deadline.detail,
    )


def restriction_line(
    restriction: Any,
    *,
    today: dt.date,
    can_change: bool,
    run: clock.Run | None = None,
    deadlines: list[clock.Deadline] | None = None,
    pack: Any = None,
) -> RestrictionLine:
    """One restriction as people read it. `run` is its episode (or its run of one kind), `deadlines` the case's
    deadlines from the clock; both are worked out here when not given (the restriction's own page)."""
    case_id = restriction.case_id
    if pack is None:
        pack = pack_for_case(restriction.case)
    part = clock.part_of(restriction)
    if run is None or deadlines is None:
        case = restriction.case
    if run is None:
        kinds = EXCLUSION_KINDS if restriction.kind in EXCLUSION_KINDS else {restriction.kind}
        siblings = (
            clock.parts_of(selectors.restrictions_for(case))
            if restriction.kind in EXCLUSION_KINDS
            else [part]
        )
        run = next(
            r
            for r in clock.runs_of(siblings, kinds)
            if part.restriction_id in {p.restriction_id for p in r.parts}
        )
    if deadlines is None:
        deadlines = clock.deadlines_for_case(case, today=today)
    live = restriction.is_live
    limit = clock.period_limit(pack, restriction.kind)
    line = RestrictionLine(
        id=restriction.pk,
        kind=restriction.get_kind_display(),
        kind_code=restriction.kind,
        started_on=nhs_date(restriction.started_on),
        ended_on=nhs_date(restriction.ended_on, empty=_("Not ended")),
        terms=restriction.terms,
        reasons=restriction.reasons,
        end_reason=restriction.end_reason,
        is_live=live,
        runs_in_periods=bool(part.periods) or limit is not None,
        criminal_investigation=restriction.criminal_investigation,
        detail_url=reverse(
            "process:restriction_detail", kwargs={"case_id": case_id, "restriction_id": restriction.pk}
        ),
        renewal=limit.renewal if limit is not None else "",
        length_label=_("Length so far"),
    )
    if restriction.kind in EXCLUSION_KINDS:
        line.length_days = run.days_counted(today)
        line.length_label = _("Days excluded so far") if live else _("Days excluded in the episode")
        line.episode_start = nhs_date(run.first_day)
        line.episode_parts = [
            _("%(kind)s, %(start)s to %(end)s")
            % {
                "kind": p.kind_label,
                "start": nhs_date(p.started_on),
                "end": nhs_date(p.ended_on, empty=_("now")),
            }
            for p in run.parts
        ]
    else:
        line.length_days = clock.days_counted(
            part.started_on, min(part.ended_on, today) if part.ended_on else today
        )
    if restriction.advice_contact_id is not None:
        contact = restriction.advice_contact
        line.advice = _("Advice consulted on %(date)s (%(adviser)s)") % {
            "date": nhs_date(contact.contacted_on),
            "adviser": contact.adviser,
        }
    elif restriction.advice_not_consulted_reason:
        line.advice = _("Advice not consulted: %(reason)s") % {
            "reason": restriction.advice_not_consulted_reason
        }
    if restriction.oral_hearing_on:
        line.hearing = _("Oral hearing on %(date)s, notice given %(notice)s") % {
            "date": nhs_date(restriction.oral_hearing_on),
            "notice": nhs_date(restriction.oral_hearing_notice_on),
        }
    states = {s.period.number: s for s in run.reviews(today) if s.part.restriction_id == part.restriction_id}
    for period in restriction.periods.all():
        review_url = ""
        if can_change and live and period.reviewed_on is None:
            review_url = reverse(
                "process:restriction_review",
                kwargs={"case_id": case_id, "restriction_id": restriction.pk, "number": period.number},
            )
        on_time, status = _period_status(states.get(period.number), live=live, today=today)
        line.periods.append(
            PeriodLine(
                number=period.number,
                starts_on=nhs_date(period.starts_on),
                ends_on=nhs_date(period.ends_on),
                review_due=nhs_date(period.ends_on),
                reviewed_on=nhs_date(period.reviewed_on, empty=_("Not reviewed")),
                on_time=on_time,
                status=status,
                outcome=period.review_outcome,
                review_url=review_url,
                extension_order=period.extension_order,
            )
        )
    if can_change and live:
        line.end_url = reverse(
            "process:restriction_end", kwargs={"case_id": case_id, "restriction_id": restriction.pk}
        )
    if live and line.periods:
        line.current = line.periods[-1]
        line.review_url = line.current.review_url
        if line.current.status["text"] == str(REVIEW_OVERDUE):
            review = next(
                (
                    d
                    for d in deadlines
                    if d.restriction_id == restriction.pk
                    and d.period_number == line.current.number
                    and d.status == clock.OVERDUE
                    and d.rule.satisfied_by == "period_reviewed"
                ),
                None,
            )
            line.overdue = (
                review.detail
                if review is not None and review.rule.overdue_message
                else NOT_REVIEWED % {"due": line.current.review_due}
            )
    if live:
        own = {p.restriction_id for p in run.parts}
        for deadline in deadlines:
            if not deadline.is_open:
                continue
            tied = (deadline.period_number is None and own.intersection(deadline.restriction_ids)) or (
                deadline.restriction_id == restriction.pk
                and deadline.period_number is not None
                and not (
                    deadline.rule.satisfied_by == "period_reviewed" and deadline.rule.period_number is None
                )
            )
            if tied:
                date_line = _date_line(deadline)
                line.dates.append(date_line)
                if date_line.overdue:
                    line.warnings.append(date_line)
    return line


def decision_line(decision: Any) -> dict[str, str]:
    return {
        "decided_on": nhs_date(decision.decided_on),
        "considered": decision.get_considered_display(),
        "alternative": decision.alternative or _("Nothing recorded"),
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
    restrictions = list(selectors.restrictions_for(case))
    parts = clock.parts_of(restrictions)
    runs = clock.episodes_of(parts) + [
        run
        for kind in {p.kind for p in parts if p.kind not in EXCLUSION_KINDS}
        for run in clock.runs_of(parts, {kind})
    ]
    run_of = {p.restriction_id: run for run in runs for p in run.parts}
    deadlines = clock.deadlines_for_case(case, today=today)
    pack = pack_for_case(case)
    lines = [
        restriction_line(
            r, today=today, can_change=can_change, run=run_of[r.pk], deadlines=deadlines, pack=pack
        )
        for r in restrictions
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
