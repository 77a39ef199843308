"""Restrictions, exclusions and deadlines in the disclosable record (faircase.records): plain values for the one
record presenter, which renders them in the web page, the PDF and the Word document alike.

The record's integrity hash must not change while the case does not, so nothing here depends on the day the
record is made: a period's review reads "Not reviewed" (never "overdue"), a live episode "Continues" (its days
are counted once it ends), a deadline shows its due date and whether, and when, it was met; a rule that comes
round again shows its first date and how often it comes round. Every date comes from the one clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from faircase.core.formatting import nhs_date, pluralise
from faircase.policy.calendar import describe_period
from faircase.policy.kinds import EXCLUSION_KINDS
from faircase.policy.packs import STATUSES
from faircase.process import clock, selectors
from faircase.records.sections import RecordEntry, RecordRow


def _review_status(period: clock.PeriodDates, part: clock.Part) -> str:
    if period.reviewed_on is not None:
        timing = "on time" if period.reviewed_on <= period.review_due_on else "late"
        return f"reviewed {nhs_date(period.reviewed_on)}, {timing}"
    if part.ended_on is not None and part.ended_on <= period.review_due_on:
        return "ended before its review was due"
    return "not reviewed"


def _period_row(period: clock.PeriodDates, part: clock.Part) -> RecordRow:
    text = (
        f"{nhs_date(period.starts_on)} to {nhs_date(period.ends_on)}; review due by "
        f"{nhs_date(period.review_due_on)}; {_review_status(period, part)}"
    )
    if period.extension_order:
        text += f". Extended by: {period.extension_order}"
    return RecordRow(f"Period {period.number}", text)


def restriction_entries(case: Any) -> tuple[RecordEntry, ...]:
    """Each restriction, exclusion or suspension of the case, oldest first, with its episode and periods."""
    restrictions = sorted(selectors.restrictions_for(case), key=lambda r: (r.started_on, r.recorded_at))
    parts = clock.parts_of(restrictions)
    episode_of = {p.restriction_id: e for e in clock.episodes_of(parts) for p in e.parts}
    entries = []
    for restriction, part in zip(restrictions, parts, strict=True):
        rows = [
            RecordRow(_("Started"), nhs_date(part.started_on)),
            RecordRow(_("Ended"), nhs_date(part.ended_on, empty=_("In force"))),
        ]
        episode = episode_of.get(part.restriction_id)
        if episode is not None:
            described = "; ".join(
                f"{p.kind_label.lower()} from {nhs_date(p.started_on)}"
                + (f" to {nhs_date(p.ended_on)}" if p.ended_on else "")
                for p in episode.parts
            )
            rows.append(RecordRow(_("Episode"), f"From {nhs_date(episode.first_day)}: {described}"))
            if episode.ended_on is not None:
                rows.append(
                    RecordRow(
                        "Days excluded in the episode",
                        pluralise(clock.days_counted(episode.first_day, episode.ended_on), "day"),
                    )
                )
        rows += [
            RecordRow(_("What is restricted"), restriction.terms),
            RecordRow(_("Reasons"), restriction.reasons),
        ]
        if restriction.kind in EXCLUSION_KINDS:
            rows.append(
                RecordRow(
                    _("Criminal investigation"), _("Yes") if restriction.criminal_investigation else _("No")
                )
            )
        if restriction.advice_contact_id is not None:
            contact = restriction.advice_contact
            rows.append(
                RecordRow(_("Advice"), f"Consulted on {nhs_date(contact.contacted_on)} ({contact.adviser})")
            )
        elif restriction.advice_not_consulted_reason:
            rows.append(RecordRow(_("Advice"), f"Not consulted: {restriction.advice_not_consulted_reason}"))
        if restriction.oral_hearing_on:
            rows.append(
                RecordRow(
                    "Oral hearing",
                    f"{nhs_date(restriction.oral_hearing_on)}, notice given "
                    f"{nhs_date(restriction.oral_hearing_notice_on)}",
                )
            )
        rows += [_period_row(period, part) for period in part.periods]
        if restriction.end_reason:
            rows.append(RecordRow(_("Why it ended"), restriction.end_reason))
        entries.append(RecordEntry(f"{part.kind_label}, from {nhs_date(part.started_on)}", tuple(rows)))
    return tuple(entries)


def deadline_entries(case: Any, *, generated_on: dt.date) -> tuple[RecordEntry, ...]:
    """Every deadline the case's policy pack gives it, met or not, in due-date order."""
    entries = []
    for deadline in clock.deadlines_for_case(case, today=generated_on, include_closed=True):
        if deadline.occurrence > 1:
            continue
        rule = deadline.rule
        period = rule.period_in_words()
        if rule.repeats:
            period += f", then every {describe_period(rule.amount, rule.unit)}"
        if rule.is_milestone:
            met = "A date to know"
        elif deadline.met_on is not None:
            met = f"Met on {nhs_date(deadline.met_on)}"
            if deadline.detail.startswith("Closed:"):
                met = f"Ended on {nhs_date(deadline.met_on)}"
        else:
            met = "Not met"
        rows = (
            RecordRow(_("Due"), nhs_date(deadline.due_on)),
            RecordRow(_("Rule"), f"{period} (from {nhs_date(deadline.starts_on)})"),
            RecordRow(_("Met"), met),
            RecordRow(_("Source"), f"{deadline.source} ({STATUSES[rule.status].lower()})"),
        )
        entries.append(RecordEntry(deadline.title, rows))
    return tuple(entries)


def _recorded(by: Any, at: dt.datetime) -> RecordRow:
    return RecordRow(_("Recorded by"), f"{by.display_name}, {nhs_date(timezone.localtime(at).date())}")


def advice_entries(case: Any) -> tuple[RecordEntry, ...]:
    """Each contact with Practitioner Performance Advice, oldest first: what was asked, the advice, and what
    was done about each action it opened."""
    entries = []
    for contact in reversed(list(selectors.advice_contacts_for(case))):
        rows = [
            RecordRow(_("What was asked"), contact.question),
            RecordRow(_("Advice given"), contact.advice),
        ]
        for action in contact.actions.all():
            outcome = f"done: {action.outcome}" if action.closed_at else "open"
            rows.append(
                RecordRow(
                    "Action",
                    f"{action.action} ({action.owner.display_name}, due {nhs_date(action.due_on)}); {outcome}",
                )
            )
        rows.append(_recorded(contact.recorded_by, contact.recorded_at))
        entries.append(
            RecordEntry(f"Advice from {contact.adviser}, {nhs_date(contact.contacted_on)}", tuple(rows))
        )
    return tuple(entries)


def decision_entries(case: Any) -> tuple[RecordEntry, ...]:
    """Each decision not to exclude or restrict, oldest first: a panel asks what was considered and why not."""
    return tuple(
        RecordEntry(
            f"{decision.get_considered_display()} considered and not used, {nhs_date(decision.decided_on)}",
            (
                RecordRow(_("Reasons"), decision.reasons),
                RecordRow(_("What was done instead"), decision.alternative or _("Nothing recorded")),
                _recorded(decision.recorded_by, decision.recorded_at),
            ),
        )
        for decision in reversed(list(selectors.decisions_for(case)))
    )


def referral_entries(case: Any) -> tuple[RecordEntry, ...]:
    """Each referral to a regulator, oldest first, with the checks the framework asks for before one."""
    return tuple(
        RecordEntry(
            f"Referred to the {referral.regulator}, {nhs_date(referral.referred_on)}",
            (
                RecordRow(_("Reasons"), referral.reasons),
                RecordRow(_("Systemic factors"), referral.systemic_factors),
                RecordRow(_("Induction and support"), referral.induction),
                RecordRow(_("Impartial check"), referral.impartial_check),
                _recorded(referral.recorded_by, referral.recorded_at),
            ),
        )
        for referral in reversed(list(selectors.referrals_for(case)))
    )
