"""Writes for what follows the investigation report (ADR 20): the case manager's decision on it, the hearing it
leads to and the appeal against the hearing's outcome. Like the investigation's services, each checks its action
with the access kernel first, runs in one transaction with its audit event, and refuses with a ValidationError
that saves nothing.

Dates of the pack's clock (the latest day to give notice of a hearing, the last day to lodge an appeal) come from
faircase.process.clock; the hearing, the notice, the confirmed outcome and the appeal are recorded as key dates
so the one clock (the deadline table, the reminders, the record) reads them like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from faircase.access.guard import authorize
from faircase.accounts.models import User
from faircase.cases.models import Case
from faircase.core import audit
from faircase.core.formatting import nhs_date
from faircase.policy.events import ClockEvent
from faircase.policy.packs import pack_for_case
from faircase.proceedings import selectors
from faircase.proceedings.models import Appeal, Hearing, Investigation, ReportDecision
from faircase.proceedings.options import HEARING_KINDS, appeal_heard_outside, option_for
from faircase.proceedings.services import MAX_TEXT, _long, _past_date, _raise, impartiality_refusal
from faircase.process import clock
from faircase.process.services_packs import record_key_date

MAX_PANEL = 12


def _required_text(errors: dict[str, str], field: str, value: str, message: str) -> str:
    value = value.strip()
    if not value:
        errors[field] = message
    _long(errors, field, value)
    return value


def _not_before(
    errors: dict[str, str], field: str, value: dt.date | None, earliest: dt.date | None, message: str
) -> None:
    if field not in errors and value is not None and earliest is not None and value < earliest:
        errors[field] = message


# ---- the decision on the report ---------------------------------------------------------------------------------


@transaction.atomic
def record_decision(
    *, case: Case, option: str, decided_on: dt.date | None, reasons: str, review_id: Any, by: User
) -> ReportDecision:
    """The case manager's decision on the investigation report, taken by `by` (who must be able to change the
    case), with its reasons and the completed framework review at the determination review point that went
    with it."""
    authorize(by=by, case=case, action="decision.record")
    errors: dict[str, str] = {}
    investigation = Investigation.objects.of_case(case).first()
    chosen = option_for(case.policy, option)
    if investigation is None or investigation.report_received_on is None:
        errors["option"] = _("Record the investigation report's receipt first: the decision is on the report")
    elif ReportDecision.objects.of_case(case).exists():
        errors["option"] = _("The decision on the report has already been recorded")
    elif chosen is None:
        errors["option"] = _("Choose one of the decisions open under the case's policy")
    _past_date(
        errors,
        "decided_on",
        decided_on,
        _("Enter the date of the decision"),
        _("The date of the decision must be today or in the past"),
    )
    if investigation is not None:
        _not_before(
            errors, "decided_on", decided_on, investigation.report_received_on,
            _("The decision cannot be before the report was received"),
        )  # fmt: skip
    reasons = _required_text(errors, "reasons", reasons, _("Give the reasons for the decision"))
    review = (
        selectors.determination_reviews(case).filter(pk=review_id).first()
        if str(review_id or "").isdigit()
        else None
    )
    if review is None:
        errors["review"] = _(
            "The decision is taken with a framework review: complete a framework review at the determination "
            "review point, then choose it"
        )
    _raise(errors)
    assert chosen is not None and decided_on is not None and investigation is not None and review is not None
    decision = ReportDecision.objects.create(
        case=case,
        investigation=investigation,
        option=chosen.key,
        option_label=chosen.label,
        hearing_kind=chosen.hearing,
        decided_on=decided_on,
        decided_by=by,
        reasons=reasons,
        review=review,
    )
    audit.record(
        by=by,
        action="decision.recorded",
        obj=decision,
        case=case,
        after={
            "option": chosen.key,
            "decided_on": decided_on.isoformat(),
            "reasons": reasons,
            "framework_review": review.pk,
        },
    )
    return decision


# ---- panels -----------------------------------------------------------------------------------------------------


def panel_member_refusal(case: Case, person: Any, *, hearing_panel: Iterable[Any] = ()) -> str:
    """Why `person` may not sit on a panel of the case, or "" when they may: they must be a person of the
    organisation, not excluded for a conflict of interest, not the practitioner, not the case investigator, and
    (on an appeal panel) not someone who sat on the hearing."""
    name = person.display_name
    refusal = impartiality_refusal(case=case, person=person)
    if refusal:
        return refusal
    if Investigation.objects.of_case(case).filter(investigator=person).exists():
        return f"{name} is the case investigator: the panel must not include them"
    if person in set(hearing_panel):
        return f"{name} sat on the hearing panel: an appeal is heard by people who did not"
    return ""


def _panel(
    errors: dict[str, str], case: Case, panel_ids: Iterable[Any], *, hearing_panel: Iterable[Any] = ()
) -> list[Any]:
    wanted = {str(pk) for pk in panel_ids if str(pk).isdigit()}
    people = list(User.objects.filter(pk__in=wanted).order_by("full_name", "username"))
    if not wanted:
        errors["panel"] = _("Choose the members of the panel")
    elif len(people) != len(wanted) or len(wanted) != len(set(map(str, panel_ids))):
        errors["panel"] = _("Choose the panel from the people of the organisation")
    elif len(people) > MAX_PANEL:
        errors["panel"] = f"A panel has at most {MAX_PANEL} members"
    else:
        hearing_panel = list(hearing_panel)
        refusals = [panel_member_refusal(case, p, hearing_panel=hearing_panel) for p in people]
        refusals = [r for r in refusals if r]
        if refusals:
            errors["panel"] = ". ".join(refusals)
    return people


def _names(people: Iterable[Any]) -> list[str]:
    return [person.display_name for person in people]


# ---- the hearing ------------------------------------------------------------------------------------------------


def notice_check(case: Case, kind: str, held_on: dt.date) -> tuple[dt.date, Any] | None:
    """The latest day notice of this kind of hearing on `held_on` may be given under the case's pack, with its
    rule, from the clock; None where the pack sets no notice."""
    hearing_kind = HEARING_KINDS[kind]
    return clock.latest_notice_of(
        pack_for_case(case), hearing_kind.hearing_event, hearing_kind.notice_event, held_on
    )


@transaction.atomic
def arrange_hearing(
    *,
    case: Case,
    held_on: dt.date | None,
    panel_ids: Iterable[Any],
    notice_given_on: dt.date | None,
    companion: str = "",
    by: User,
) -> Hearing:
    """Set up the hearing the decision leads to: its date (which may be ahead), its panel (each member checked),
    the date the practitioner was given notice (checked against the pack's notice, where it sets one) and their
    companion."""
    authorize(by=by, case=case, action="hearing.change")
    errors: dict[str, str] = {}
    decision = ReportDecision.objects.of_case(case).first()
    if decision is None or not decision.hearing_kind:
        errors["held_on"] = _("The decision on the report does not lead to a hearing")
    elif Hearing.objects.of_case(case).exists():
        errors["held_on"] = _("The hearing has already been set up")
    if held_on is None:
        errors["held_on"] = _("Enter the date of the hearing")
    if decision is not None:
        _not_before(
            errors, "held_on", held_on, decision.decided_on, _("The hearing cannot be before the decision")
        )
    panel = _panel(errors, case, panel_ids)
    _past_date(
        errors,
        "notice_given_on",
        notice_given_on,
        _("Enter the date notice was given"),
        _("The date notice was given must be today or in the past"),
    )
    if decision is not None:
        _not_before(
            errors, "notice_given_on", notice_given_on, decision.decided_on,
            _("Notice cannot be given before the decision to hold the hearing"),
        )  # fmt: skip
    if (
        "held_on" not in errors
        and "notice_given_on" not in errors
        and decision is not None
        and held_on is not None
        and notice_given_on is not None
    ):
        if notice_given_on > held_on:
            errors["notice_given_on"] = _("Notice must be given before the hearing")
        else:
            latest = notice_check(case, decision.hearing_kind, held_on)
            if latest is not None and notice_given_on > latest[0]:
                errors["notice_given_on"] = _(
                    "The pack gives the practitioner %(period)s' notice: for a hearing on %(held_on)s notice is "
                    "given by %(latest)s. Move the hearing or give notice again"
                ) % {
                    "period": clock.period_of_rule(latest[1]),
                    "held_on": nhs_date(held_on),
                    "latest": nhs_date(latest[0]),
                }
    companion = companion.strip()
    if len(companion) > 200:
        errors["companion"] = _("Keep the companion's name to 200 characters")
    _raise(errors)
    assert decision is not None and held_on is not None and notice_given_on is not None
    hearing = Hearing.objects.create(
        case=case,
        decision=decision,
        kind=decision.hearing_kind,
        held_on=held_on,
        notice_given_on=notice_given_on,
        companion=companion,
        recorded_by=by,
    )
    hearing.panel.set(panel)
    kind = HEARING_KINDS[hearing.kind]
    record_key_date(case=case, event=kind.hearing_event, on=held_on, by=by)
    record_key_date(case=case, event=kind.notice_event, on=notice_given_on, by=by)
    audit.record(
        by=by,
        action="hearing.arranged",
        obj=hearing,
        case=case,
        after={
            "kind": hearing.kind,
            "held_on": held_on.isoformat(),
            "panel": _names(panel),
            "notice_given_on": notice_given_on.isoformat(),
            "companion": companion,
        },
    )
    return hearing


def _lock_hearing(case: Case, hearing: Hearing) -> Hearing:
    locked: Hearing = Hearing.objects.of_case(case).select_for_update().get(pk=hearing.pk)
    locked.case = case
    return locked


@transaction.atomic
def record_hearing_outcome(
    *, hearing: Hearing, outcome: str, reasons: str, outcome_on: dt.date | None, by: User
) -> Hearing:
    """The hearing's outcome, its reasons and the date it was confirmed to the practitioner in writing (from
    which the pack's time to appeal runs)."""
    case = hearing.case
    authorize(by=by, case=case, action="hearing.change")
    errors: dict[str, str] = {}
    if hearing.outcome_on is not None:
        errors["outcome"] = _("The hearing's outcome has already been recorded")
    outcome = _required_text(errors, "outcome", outcome, _("Say what the hearing decided"))
    reasons = _required_text(errors, "outcome_reasons", reasons, _("Give the reasons for the outcome"))
    _past_date(
        errors,
        "outcome_on",
        outcome_on,
        _("Enter the date the outcome was confirmed"),
        _("The date the outcome was confirmed must be today or in the past"),
    )
    _not_before(
        errors,
        "outcome_on",
        outcome_on,
        hearing.held_on,
        _("The outcome cannot be before the hearing was held"),
    )
    _raise(errors)
    assert outcome_on is not None
    hearing = _lock_hearing(case, hearing)
    hearing.outcome, hearing.outcome_reasons, hearing.outcome_on = outcome, reasons, outcome_on
    hearing.outcome_recorded_by = by
    hearing.save(update_fields=["outcome", "outcome_reasons", "outcome_on", "outcome_recorded_by"])
    # The pack's time to appeal starts at the decision confirmed (MHPS) or notified (the lists) to the
    # practitioner: record the event its rule starts on, so the one clock shows the same last day.
    rule = clock.appeal_window_rule(pack_for_case(case), capability=HEARING_KINDS[hearing.kind].capability)
    record_key_date(
        case=case, event=rule.starts_on if rule else ClockEvent.DECISION_CONFIRMED, on=outcome_on, by=by
    )
    audit.record(
        by=by,
        action="hearing.outcome_recorded",
        obj=hearing,
        case=case,
        after={"outcome": outcome, "reasons": reasons, "outcome_on": outcome_on.isoformat()},
    )
    return hearing


# ---- the appeal -------------------------------------------------------------------------------------------------


def appeal_window(case: Case, hearing: Hearing) -> tuple[dt.date, Any] | None:
    """The last day to lodge an appeal against the hearing's outcome, with its rule, from the clock; None when the
    outcome is not recorded or the pack sets no time for an appeal after this kind of hearing."""
    if hearing.outcome_on is None:
        return None
    return clock.appeal_window(
        pack_for_case(case),
        decided_on=hearing.outcome_on,
        capability=HEARING_KINDS[hearing.kind].capability,
    )


@transaction.atomic
def lodge_appeal(
    *, hearing: Hearing, received_on: dt.date | None, panel_ids: Iterable[Any], by: User
) -> Appeal:
    """The practitioner's appeal against the hearing's outcome: received within the pack's time (where it sets
    one), heard by a panel none of whom sat on the hearing, or, where the policy sends appeals outside the
    organisation, by the body it names, with no panel."""
    case = hearing.case
    authorize(by=by, case=case, action="appeal.change")
    errors: dict[str, str] = {}
    if hearing.outcome_on is None:
        errors["received_on"] = _("Record the hearing's outcome first: the appeal is against it")
    elif Appeal.objects.of_case(case).exists():
        errors["received_on"] = _("The appeal has already been recorded")
    _past_date(
        errors,
        "received_on",
        received_on,
        _("Enter the date the appeal was received"),
        _("The date the appeal was received must be today or in the past"),
    )
    _not_before(
        errors, "received_on", received_on, hearing.outcome_on,
        _("The appeal cannot be received before the outcome was confirmed"),
    )  # fmt: skip
    window = appeal_window(case, hearing)
    if (
        "received_on" not in errors
        and window is not None
        and received_on is not None
        and received_on > window[0]
    ):
        errors["received_on"] = _(
            "The appeal was received after the pack's time to appeal: %(period)s from %(outcome_on)s, so by "
            "%(latest)s"
        ) % {
            "period": clock.period_of_rule(window[1]),
            "outcome_on": nhs_date(hearing.outcome_on),
            "latest": nhs_date(window[0]),
        }
    heard_by = appeal_heard_outside(case.policy)
    panel: list[Any] = []
    if not heard_by:
        panel = _panel(errors, case, panel_ids, hearing_panel=list(hearing.panel.all()))
    elif any(str(pk).strip() for pk in panel_ids):
        errors["panel"] = _(
            "Under this policy the appeal is heard by %(body)s, not by a panel of the organisation"
        ) % {"body": heard_by}
    _raise(errors)
    assert received_on is not None
    appeal = Appeal.objects.create(
        case=case, hearing=hearing, received_on=received_on, recorded_by=by, heard_by=heard_by
    )
    appeal.panel.set(panel)
    record_key_date(case=case, event=ClockEvent.APPEAL_LODGED, on=received_on, by=by)
    audit.record(
        by=by,
        action="appeal.lodged",
        obj=appeal,
        case=case,
        after={"received_on": received_on.isoformat(), "panel": _names(panel), "heard_by": heard_by},
    )
    return appeal


@transaction.atomic
def record_appeal_outcome(
    *, appeal: Appeal, outcome: str, reasons: str, decided_on: dt.date | None, by: User
) -> Appeal:
    """The appeal's outcome: upheld, not upheld or partly upheld, with reasons and the date."""
    case = appeal.case
    authorize(by=by, case=case, action="appeal.change")
    errors: dict[str, str] = {}
    if appeal.decided_on is not None:
        errors["outcome"] = _("The appeal's outcome has already been recorded")
    elif outcome not in Appeal.Outcome.values:
        errors["outcome"] = _("Choose whether the appeal was upheld, not upheld or partly upheld")
    reasons = _required_text(errors, "outcome_reasons", reasons, _("Give the reasons for the outcome"))
    _past_date(
        errors,
        "decided_on",
        decided_on,
        _("Enter the date of the appeal's outcome"),
        _("The date of the appeal's outcome must be today or in the past"),
    )
    _not_before(
        errors,
        "decided_on",
        decided_on,
        appeal.received_on,
        _("The outcome cannot be before the appeal was received"),
    )
    _raise(errors)
    assert decided_on is not None
    locked: Appeal = Appeal.objects.of_case(case).select_for_update().get(pk=appeal.pk)
    locked.outcome, locked.outcome_reasons, locked.decided_on = outcome, reasons, decided_on
    locked.outcome_recorded_by = by
    locked.save(update_fields=["outcome", "outcome_reasons", "decided_on", "outcome_recorded_by"])
    audit.record(
        by=by,
        action="appeal.outcome_recorded",
        obj=locked,
        case=case,
        after={"outcome": outcome, "reasons": reasons, "decided_on": decided_on.isoformat()},
    )
    locked.case = case
    return locked


__all__ = [
    "MAX_TEXT",
    "appeal_window",
    "arrange_hearing",
    "lodge_appeal",
    "notice_check",
    "panel_member_refusal",
    "record_appeal_outcome",
    "record_decision",
    "record_hearing_outcome",
]
