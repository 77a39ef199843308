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

from faircase.core.formatting import counted, nhs_date, pluralise
from faircase.policy.calendar import describe_period
from faircase.policy.kinds import EXCLUSION_KINDS
from faircase.policy.packs import STATUSES
from faircase.process import clock, selectors
from faircase.records.sections import RecordEntry, RecordRow


def _review_status(period: clock.PeriodDates, part: clock.Part) -> str:
    if period.reviewed_on is not None:
        if period.reviewed_on <= period.review_due_on:
            return _("reviewed %(date)s, on time") % {"date": nhs_date(period.reviewed_on)}
        return _("reviewed %(date)s, late") % {"date": nhs_date(period.reviewed_on)}
    if part.ended_on is not None and part.ended_on <= period.review_due_on:
        return _("ended before its review was due")
    return _("not reviewed")


def _period_row(period: clock.PeriodDates, part: clock.Part) -> RecordRow:
    text = _("%(start)s to %(end)s; review due by %(due)s; %(status)s") % {
        "start": nhs_date(period.starts_on),
        "end": nhs_date(period.ends_on),
        "due": nhs_date(period.review_due_on),
        "status": _review_status(period, part),
    }
    if period.extension_order:
        text += _(". Extended by: %(order)s") % {"order": period.extension_order}
    return RecordRow(_("Period %(number)s") % {"number": period.number}, text)


def _episode_part(part: clock.Part) -> str:
    """ "formal exclusion from 1 December 2026 to 28 February 2027", or "... from <date>" while it continues."""
    kind = part.kind_label.lower()
    if part.ended_on:
        return _("%(kind)s from %(start)s to %(end)s") % {
            "kind": kind,
            "start": nhs_date(part.started_on),
            "end": nhs_date(part.ended_on),
        }
    return _("%(kind)s from %(start)s") % {"kind": kind, "start": nhs_date(part.started_on)}


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
            described = "; ".join(_episode_part(p) for p in episode.parts)
            rows.append(
                RecordRow(
                    _("Episode"),
                    _("From %(date)s: %(parts)s") % {"date": nhs_date(episode.first_day), "parts": described},
                )
            )
            if episode.ended_on is not None:
                rows.append(
                    RecordRow(
                        _("Days excluded in the episode"),
                        pluralise(
                            clock.days_counted(episode.first_day, episode.ended_on), counted("day", "days")
                        ),
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
                RecordRow(
                    _("Advice"),
                    _("Consulted on %(date)s (%(adviser)s)")
                    % {"date": nhs_date(contact.contacted_on), "adviser": contact.adviser},
                )
            )
        elif restriction.advice_not_consulted_reason:
            rows.append(
                RecordRow(
                    _("Advice"),
                    _("Not consulted: %(reason)s") % {"reason": restriction.advice_not_consulted_reason},
                )
            )
        if restriction.oral_hearing_on:
            rows.append(
                RecordRow(
                    _("Oral hearing"),
                    _("%(date)s, notice given %(notice)s")
                    % {
                        "date": nhs_date(restriction.oral_hearing_on),
                        "notice": nhs_date(restriction.oral_hearing_notice_on),
                    },
                )
            )
        rows += [_period_row(period, part) for period in part.periods]
        if restriction.end_reason:
            rows.append(RecordRow(_("Why it ended"), restriction.end_reason))
        title = _("%(kind)s, from %(date)s") % {"kind": part.kind_label, "date": nhs_date(part.started_on)}
        entries.append(RecordEntry(title, tuple(rows)))
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
            period = _("%(period)s, then every %(every)s") % {
                "period": period,
                "every": describe_period(rule.amount, rule.unit),
            }
        if rule.is_milestone:
            met = _("A date to know")
        elif deadline.met_on is not None:
            met = _("Met on %(date)s") % {"date": nhs_date(deadline.met_on)}
            if deadline.closed_by_end:
                met = _("Ended on %(date)s") % {"date": nhs_date(deadline.met_on)}
        else:
            met = _("Not met")
        rows = (
            RecordRow(_("Due"), nhs_date(deadline.due_on)),
            RecordRow(
                _("Rule"),
                _("%(period)s (from %(date)s)") % {"period": period, "date": nhs_date(deadline.starts_on)},
            ),
            RecordRow(_("Met"), met),
            RecordRow(
                _("Source"),
                _("%(source)s (%(status)s)")
                % {"source": deadline.source, "status": str(STATUSES[rule.status]).lower()},
            ),
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
            values = {
                "action": action.action,
                "owner": action.owner.display_name,
                "due": nhs_date(action.due_on),
                "outcome": action.outcome,
            }
            if action.closed_at:
                text = _("%(action)s (%(owner)s, due %(due)s); done: %(outcome)s") % values
            else:
                text = _("%(action)s (%(owner)s, due %(due)s); open") % values
            rows.append(RecordRow(_("Action"), text))
        rows.append(_recorded(contact.recorded_by, contact.recorded_at))
        entries.append(
            RecordEntry(
                _("Advice from %(adviser)s, %(date)s")
                % {"adviser": contact.adviser, "date": nhs_date(contact.contacted_on)},
                tuple(rows),
            )
        )
    return tuple(entries)


def decision_entries(case: Any) -> tuple[RecordEntry, ...]:
    """Each decision not to exclude or restrict, oldest first: a panel asks what was considered and why not."""
    return tuple(
        RecordEntry(
            _("%(what)s considered and not used, %(date)s")
            % {"what": decision.get_considered_display(), "date": nhs_date(decision.decided_on)},
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
            _("Referred to the %(regulator)s, %(date)s")
            % {"regulator": referral.regulator, "date": nhs_date(referral.referred_on)},
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
