"""What people read about the decision on the report, the hearing and the appeal (ADR 20): the page, the case
page's section and the disclosable record's entries, all from these functions. The pack's dates (the latest day
for notice, the last day to appeal) come from the services, which read them from faircase.process.clock; this
module formats, it does not count."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from faircase.access.guard import allows
from faircase.cases.models import Case
from faircase.core.formatting import counted, nhs_date, pluralise
from faircase.core.languages import localised
from faircase.framework.selectors import review_numbers
from faircase.policy.packs import pack_for_case
from faircase.proceedings import selectors
from faircase.proceedings import services_decision as services
from faircase.proceedings.models import Appeal, Hearing, ReportDecision
from faircase.proceedings.options import (
    HEARING_KINDS,
    option_name,
    options_for,
)
from faircase.proceedings.options import (
    appeal_heard_outside as policy_appeal_heard_outside,
)
from faircase.process import clock

# Marked for the messages files: pluralise() looks the pair up in the page's language.
MEMBER = counted("member", "members")


def _names(people: Any) -> list[str]:
    return sorted(person.display_name for person in people)


def _pack_name(case: Case) -> str:
    pack = pack_for_case(case)
    return _("%(title)s, version %(number)s") % {
        "title": localised(pack, "title"),
        "number": pack.version_number,
    }


def kind_label(kind: str) -> str:
    found = HEARING_KINDS.get(kind)
    return str(found.label) if found else _("Hearing")


# ---- choices for the forms ------------------------------------------------------------------------------------


def option_choices(case: Case) -> list[tuple[str, str]]:
    return [(option.key, localised(option, "label")) for option in options_for(case.policy)]


def review_choices(case: Case) -> list[tuple[str, str]]:
    numbers = review_numbers(case)
    return [
        (
            str(review.pk),
            _("Review %(number)s at the determination review point, completed %(date)s by %(person)s")
            % {
                "number": numbers.get(review.pk, ""),
                "date": nhs_date(review.completed_at),
                "person": review.completed_by.display_name if review.completed_by else _("unknown"),
            },
        )
        for review in selectors.determination_reviews(case)
    ]


def appeal_outcome_choices() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in Appeal.Outcome.choices]


# ---- the pack's rules, in words ---------------------------------------------------------------------------------


def notice_text(case: Case, hearing: Hearing) -> dict[str, Any]:
    """What the pack says about notice of this hearing: the latest day, or that it sets none."""
    latest = services.notice_check(case, hearing.kind, hearing.held_on)
    if latest is None:
        return {
            "none": True,
            "text": _(
                "The policy pack (%(pack)s) sets no notice for a %(kind)s. faircase does not invent one: follow "
                "the organisation's own procedure."
            )
            % {"pack": _pack_name(case), "kind": kind_label(hearing.kind).lower()},
        }
    day, rule = latest
    return {
        "none": False,
        "text": _("%(period)s' notice under %(pack)s: by %(day)s.")
        % {"period": clock.period_of_rule(rule), "pack": _pack_name(case), "day": nhs_date(day)},
        "source": rule.source,
    }


def appeal_window_text(case: Case, hearing: Hearing) -> dict[str, Any]:
    """What the pack says about the time to appeal against the hearing's outcome: the last day, or none."""
    window = services.appeal_window(case, hearing)
    if window is None:
        return {
            "none": True,
            "text": _(
                "The policy pack (%(pack)s) sets no time to appeal after a %(kind)s. faircase does not invent "
                "one: follow the organisation's own procedure."
            )
            % {"pack": _pack_name(case), "kind": kind_label(hearing.kind).lower()},
        }
    day, rule = window
    return {
        "none": False,
        "text": _("%(period)s from %(outcome_on)s under %(pack)s: by %(day)s.")
        % {
            "period": clock.period_of_rule(rule),
            "outcome_on": nhs_date(hearing.outcome_on),
            "pack": _pack_name(case),
            "day": nhs_date(day),
        },
        "source": rule.source,
    }


# ---- the page and the case page's section -----------------------------------------------------------------------


def _decision_row(case: Case, decision: ReportDecision) -> dict[str, Any]:
    number = review_numbers(case).get(decision.review_id, "")
    return {
        "option": option_name(case.policy, decision.option, decision.option_label),
        "decided_on": nhs_date(decision.decided_on),
        "decided_by": decision.decided_by.display_name,
        "reasons": decision.reasons,
        "review": {
            "text": _("Review %(number)s at the determination review point, completed %(date)s")
            % {"number": number, "date": nhs_date(decision.review.completed_at)},
            "href": reverse("reviews:detail", kwargs={"case_id": case.pk, "review_id": decision.review_id}),
        },
        "leads_to": kind_label(decision.hearing_kind) if decision.hearing_kind else "",
    }


def _hearing_row(case: Case, hearing: Hearing) -> dict[str, Any]:
    held = hearing.outcome_on is not None
    return {
        "kind": kind_label(hearing.kind),
        "held_on": nhs_date(hearing.held_on),
        "panel": _names(hearing.panel.all()),
        "panel_size": pluralise(len(hearing.panel.all()), MEMBER),
        "notice_given_on": nhs_date(hearing.notice_given_on),
        "notice": notice_text(case, hearing),
        "companion": hearing.companion or _("None"),
        "recorded_by": hearing.recorded_by.display_name,
        "has_outcome": held,
        "outcome": hearing.outcome,
        "outcome_reasons": hearing.outcome_reasons,
        "outcome_on": nhs_date(hearing.outcome_on),
        "appeal_window": appeal_window_text(case, hearing) if held else None,
    }


def appeal_heard_outside(case: Case) -> str:
    """Who hears the case's appeal when its policy sends appeals outside the organisation, or ""."""
    return policy_appeal_heard_outside(case.policy)


def appeal_heard_by(appeal: Appeal) -> tuple[str, str]:
    """Who hears the appeal, as the page, the record and the chronology say it: ("Heard by", "the First-tier
    Tribunal") where the policy sends appeals outside the organisation, else ("Appeal panel", the names)."""
    if appeal.heard_by:
        return _("Heard by"), appeal.heard_by
    return _("Appeal panel"), "; ".join(_names(appeal.panel.all()))


def _appeal_row(appeal: Appeal) -> dict[str, Any]:
    return {
        "heard_by": appeal.heard_by,
        "heard_by_row": appeal_heard_by(appeal),
        "received_on": nhs_date(appeal.received_on),
        "panel": _names(appeal.panel.all()),
        "panel_size": pluralise(len(appeal.panel.all()), "member"),
        "recorded_by": appeal.recorded_by.display_name,
        "has_outcome": appeal.decided_on is not None,
        "outcome": appeal.get_outcome_display() if appeal.outcome else "",
        "outcome_reasons": appeal.outcome_reasons,
        "decided_on": nhs_date(appeal.decided_on),
    }


def decision_context(case: Case, user: Any, today: dt.date) -> dict[str, Any]:
    """What the decision, hearing and appeal page and the case page's section show. `today` is unused today:
    it keeps the signature of the case sections, whose other presenters show what is due."""
    investigation = selectors.investigation_of(case)
    decision = selectors.decision_of(case)
    hearing = selectors.hearing_of(case) if decision is not None else None
    appeal = selectors.appeal_of(case) if hearing is not None else None
    kwargs = {"case_id": case.pk}

    def link(name: str, action: str, when: bool) -> str:
        return reverse(f"proceedings:{name}", kwargs=kwargs) if when and allows(user, case, action) else ""

    report_received = investigation is not None and investigation.report_received_on is not None
    return {
        "page_url": reverse("proceedings:decision", kwargs=kwargs),
        "report_received": report_received,
        "decision": _decision_row(case, decision) if decision else None,
        "hearing": _hearing_row(case, hearing) if hearing else None,
        "appeal": _appeal_row(appeal) if appeal else None,
        "decide_url": link("decide", "decision.record", report_received and decision is None),
        "hearing_url": link(
            "hearing",
            "hearing.change",
            decision is not None and bool(decision.hearing_kind) and hearing is None,
        ),
        "hearing_outcome_url": link(
            "hearing_outcome", "hearing.change", hearing is not None and hearing.outcome_on is None
        ),
        "appeal_url": link(
            "appeal",
            "appeal.change",
            hearing is not None and hearing.outcome_on is not None and appeal is None,
        ),
        "appeal_outcome_url": link(
            "appeal_outcome", "appeal.change", appeal is not None and appeal.decided_on is None
        ),
        "review_url": reverse("reviews:new", kwargs=kwargs),
    }


def case_section_context(case: Case, user: Any, today: dt.date) -> dict[str, Any] | None:
    if not allows(user, case, "decision.read"):
        return None
    return {"proceedings": decision_context(case, user, today)}


# ---- the disclosable record: nothing here depends on the day the record is made --------------------------------


def record_entries(case: Case) -> tuple[Any, ...]:
    from faircase.records.sections import RecordEntry, RecordRow

    decision = selectors.decision_of(case)
    if decision is None:
        return ()
    row = _decision_row(case, decision)
    entries = [
        RecordEntry(
            _("The decision on the investigation report"),
            (
                RecordRow(_("Decision"), row["option"]),
                RecordRow(_("Decided on"), row["decided_on"]),
                RecordRow(_("Decided by"), row["decided_by"]),
                RecordRow(_("Reasons"), row["reasons"]),
                RecordRow(_("Framework review"), row["review"]["text"]),
            ),
        )
    ]
    hearing = selectors.hearing_of(case)
    if hearing is not None:
        h = _hearing_row(case, hearing)
        rows = [
            RecordRow(_("Held on"), h["held_on"]),
            RecordRow(_("Panel"), "; ".join(h["panel"])),
            RecordRow(_("Notice given on"), h["notice_given_on"]),
            RecordRow(_("Notice under the pack"), h["notice"]["text"]),
            RecordRow(_("Companion"), h["companion"]),
        ]
        if h["has_outcome"]:
            rows += [
                RecordRow(_("Outcome"), h["outcome"]),
                RecordRow(_("Reasons"), h["outcome_reasons"]),
                RecordRow(_("Outcome confirmed on"), h["outcome_on"]),
                RecordRow(_("Time to appeal under the pack"), h["appeal_window"]["text"]),
            ]
        entries.append(RecordEntry(h["kind"], tuple(rows)))
        appeal = selectors.appeal_of(case)
        if appeal is not None:
            a = _appeal_row(appeal)
            rows = [
                RecordRow(_("Received on"), a["received_on"]),
                RecordRow(*a["heard_by_row"]),
            ]
            if a["has_outcome"]:
                rows += [
                    RecordRow(_("Outcome"), a["outcome"]),
                    RecordRow(_("Reasons"), a["outcome_reasons"]),
                    RecordRow(_("Decided on"), a["decided_on"]),
                ]
            entries.append(RecordEntry(_("The appeal"), tuple(rows)))
    return tuple(entries)
