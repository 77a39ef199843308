"""The key-date events in the page's language. The events and their English are the policy app's (ClockEvent);
the forms and messages of this app show them, so their Welsh is kept here, beside the forms that ask for them."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from faircase.policy.events import KEY_DATE_EVENTS, ClockEvent

LABELS: dict[str, Promise] = {
    ClockEvent.CONCERN_CAME_TO_NOTICE: _("Concern came to the organisation's notice"),
    ClockEvent.COMPLAINT_CONCLUDED: _("Allegation stopped being the subject of a complaint"),
    ClockEvent.INVESTIGATOR_APPOINTED: _("Case investigator appointed"),
    ClockEvent.REPORT_SUBMITTED: _("Investigation report submitted to the case manager"),
    ClockEvent.REPORT_SHARED: _("Report shared with the practitioner for comment"),
    ClockEvent.PRACTITIONER_COMMENTS_RECEIVED: _("Practitioner's comments on the report received"),
    ClockEvent.HEARING_DATE: _("Hearing date"),
    ClockEvent.CAPABILITY_HEARING_DATE: _("Capability hearing date"),
    ClockEvent.HEARING_NOTICE_SENT: _("Notice of hearing sent"),
    ClockEvent.HEARING_DOCUMENTS_EXCHANGED: _("Hearing documents exchanged"),
    ClockEvent.DECISION_CONFIRMED: _("Decision confirmed in writing"),
    ClockEvent.APPEAL_LODGED: _("Appeal lodged"),
    ClockEvent.APPEAL_HEARING_DATE: _("Appeal hearing date"),
    ClockEvent.APPEAL_DECISION_SENT: _("Appeal decision sent"),
    ClockEvent.REPRESENTATIONS_INVITED: _("Practitioner invited to make representations"),
    ClockEvent.REPRESENTATIONS_RECEIVED: _("Representations received"),
    ClockEvent.ORAL_HEARING_DATE: _("Oral hearing date"),
    ClockEvent.ORAL_HEARING_NOTICE_SENT: _("Notice of the oral hearing sent"),
    ClockEvent.DECISION_NOTIFIED: _("Decision notified to the practitioner"),
    ClockEvent.INTERIM_SUSPENSION_ORDER: _("Regulator imposed an interim suspension of registration"),
    ClockEvent.PAYMENTS_DETERMINED: _("Payments during suspension determined"),
}


def label(event: str, english: str = "") -> str:
    """The event's label in the active language; an event without Welsh here keeps its English."""
    found = LABELS.get(event)
    return str(found) if found is not None else (english or str(ClockEvent(event).label))


def key_date_choices() -> list[tuple[str, str]]:
    return [(value, label(value, english)) for value, english in KEY_DATE_EVENTS]
