"""A timescale rule's period in the page's language ("4 weeks after the case investigator was appointed").

The English is the policy app's (Rule.period_in_words) and is returned unchanged. Welsh cannot reuse its event
phrases ("after the case investigator was appointed" reads "ar ôl penodi'r ymchwilydd achos"), so each event has
its own Welsh here, written to follow "ar ôl" (after) and "cyn" (before)."""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.core import languages
from faircase.policy.calendar import describe_period
from faircase.policy.events import ClockEvent
from faircase.policy.kinds import RestrictionKind

# Each event as it reads after "after" or "before": "4 weeks after <the case investigator was appointed>".
EVENTS: dict[str, Promise] = {
    ClockEvent.CONCERN_CAME_TO_NOTICE: gettext_lazy("the concern came to notice"),
    ClockEvent.COMPLAINT_CONCLUDED: gettext_lazy("the allegation stopped being the subject of a complaint"),
    ClockEvent.INVESTIGATOR_APPOINTED: gettext_lazy("the case investigator was appointed"),
    ClockEvent.REPORT_SUBMITTED: gettext_lazy("the report reached the case manager"),
    ClockEvent.REPORT_SHARED: gettext_lazy("the report was shared with the practitioner"),
    ClockEvent.PRACTITIONER_COMMENTS_RECEIVED: gettext_lazy("the practitioner's comments came in"),
    ClockEvent.HEARING_DATE: gettext_lazy("the hearing"),
    ClockEvent.CAPABILITY_HEARING_DATE: gettext_lazy("the capability hearing"),
    ClockEvent.INTERIM_SUSPENSION_ORDER: gettext_lazy("the regulator's interim suspension order"),
    ClockEvent.PAYMENTS_DETERMINED: gettext_lazy("the payments during the suspension were determined"),
    ClockEvent.HEARING_NOTICE_SENT: gettext_lazy("notice of the hearing was sent"),
    ClockEvent.HEARING_DOCUMENTS_EXCHANGED: gettext_lazy("the hearing documents were exchanged"),
    ClockEvent.DECISION_CONFIRMED: gettext_lazy("the decision was confirmed in writing"),
    ClockEvent.APPEAL_LODGED: gettext_lazy("the appeal was lodged"),
    ClockEvent.APPEAL_HEARING_DATE: gettext_lazy("the appeal hearing"),
    ClockEvent.APPEAL_DECISION_SENT: gettext_lazy("the appeal decision was sent"),
    ClockEvent.REPRESENTATIONS_INVITED: gettext_lazy("the practitioner was invited to make representations"),
    ClockEvent.REPRESENTATIONS_RECEIVED: gettext_lazy("the representations came in"),
    ClockEvent.ORAL_HEARING_DATE: gettext_lazy("the oral hearing"),
    ClockEvent.ORAL_HEARING_NOTICE_SENT: gettext_lazy("notice of the oral hearing was sent"),
    ClockEvent.DECISION_NOTIFIED: gettext_lazy("the decision was notified"),
    ClockEvent.PERIOD_STARTED: gettext_lazy("each period starts"),
    ClockEvent.PERIOD_REVIEWED: gettext_lazy("each review"),
}


def _event(rule: Any) -> str:
    if rule.starts_on in (ClockEvent.RESTRICTION_STARTED, ClockEvent.RESTRICTION_ENDED):
        kinds = rule.restriction_kinds
        what = str(RestrictionKind(kinds[0]).label).lower() if len(kinds) == 1 else _("restriction")
        if rule.starts_on == ClockEvent.RESTRICTION_STARTED:
            return _("the %(what)s started") % {"what": what}
        return _("the %(what)s ended") % {"what": what}
    if rule.period_number and rule.starts_on == ClockEvent.PERIOD_STARTED:
        return _("period %(number)s starts") % {"number": rule.period_number}
    found = EVENTS.get(rule.starts_on)
    return str(found) if found is not None else str(rule.starts_on)


def period_in_words(rule: Any) -> str:
    """The rule's period as the English page reads it, or its Welsh."""
    if languages.active() != languages.WELSH:
        return str(rule.period_in_words())
    event = _event(rule)
    if rule.amount == 0:
        return _("When %(event)s") % {"event": event}
    period = describe_period(rule.amount, rule.unit)
    if rule.first_day_counts:
        return _("%(period)s from the day %(event)s, that day counted") % {"period": period, "event": event}
    if rule.direction == "after":
        return _("%(period)s after %(event)s") % {"period": period, "event": event}
    return _("%(period)s before %(event)s") % {"period": period, "event": event}
