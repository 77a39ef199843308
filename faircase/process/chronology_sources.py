"""The process app's entries in the chronology (faircase.cases.chronology): restrictions and exclusions starting and
ending, the reviews of their periods, decisions not to exclude, contacts with Practitioner Performance Advice and
referrals to a regulator. Only what happened is listed, on the dates recorded; what is still due (the clock's
deadlines, faircase.process.clock) is the case page's deadlines section, not history."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.cases.choices import Regulator
from faircase.cases.chronology import ChronologyEntry, entry_on_day, register_source
from faircase.core.formatting import with_article
from faircase.process import selectors


def _restriction_url(case: Any, restriction: Any) -> str:
    return reverse(
        "process:restriction_detail", kwargs={"case_id": case.pk, "restriction_id": restriction.pk}
    )


def restriction_events(case: Any) -> Iterator[ChronologyEntry]:
    for restriction in selectors.restrictions_for(case):
        kind = restriction.get_kind_display()
        url = _restriction_url(case, restriction)
        started = _("%(kind)s started") % {"kind": kind}
        yield entry_on_day(restriction.started_on, "restriction", started, restriction.terms, url)
        for period in restriction.periods.all():
            if period.reviewed_on is None:
                continue
            yield entry_on_day(
                period.reviewed_on,
                "restriction",
                _("%(kind)s: period %(number)s reviewed") % {"kind": kind, "number": period.number},
                period.review_outcome,
                url,
            )
        if restriction.ended_on is not None:
            yield entry_on_day(
                restriction.ended_on,
                "restriction",
                _("%(kind)s ended") % {"kind": kind},
                restriction.end_reason,
                url,
            )
    for decision in selectors.decisions_for(case):
        yield entry_on_day(
            decision.decided_on,
            "restriction",
            _("Decided not to impose %(what)s")
            % {"what": with_article(str(decision.get_considered_display()).lower())},
            decision.reasons,
        )


def advice_events(case: Any) -> Iterator[ChronologyEntry]:
    for contact in selectors.advice_contacts_for(case):
        yield entry_on_day(
            contact.contacted_on,
            "advice",
            _("Practitioner Performance Advice contacted (%(adviser)s)") % {"adviser": contact.adviser},
            _("Asked: %(question)s Advised: %(advice)s")
            % {"question": contact.question, "advice": contact.advice},
        )


def referral_events(case: Any) -> Iterator[ChronologyEntry]:
    for referral in selectors.referrals_for(case):
        known = referral.regulator in Regulator.values
        regulator = Regulator(referral.regulator).label if known else referral.regulator
        referred = _("Referred to the %(regulator)s") % {"regulator": regulator}
        yield entry_on_day(referral.referred_on, "referral", referred, referral.reasons)


def register_chronology() -> None:
    register_source("restriction", cast(str, gettext_lazy("Restrictions and exclusions")), restriction_events)
    register_source("advice", cast(str, gettext_lazy("Practitioner Performance Advice")), advice_events)
    register_source("referral", cast(str, gettext_lazy("Referrals to a regulator")), referral_events)
