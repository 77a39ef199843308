"""The events that start and stop policy clocks.

Policy packs (faircase/data/policy_packs/national/<release>/*.yaml) name these kinds in their timescale rules: a rule starts at
one kind of event and is met by another. The kinds are code because the product records them; which rules
hang off them, with which periods, is data.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClockEvent(models.TextChoices):
    # Recorded on the case as key dates (faircase.process.models.KeyDate)
    CONCERN_CAME_TO_NOTICE = "concern_came_to_notice", _("Concern came to the organisation's notice")
    COMPLAINT_CONCLUDED = "complaint_concluded", _("Allegation stopped being the subject of a complaint")
    INVESTIGATOR_APPOINTED = "investigator_appointed", _("Case investigator appointed")
    REPORT_SUBMITTED = "report_submitted", _("Investigation report submitted to the case manager")
    REPORT_SHARED = "report_shared", _("Report shared with the practitioner for comment")
    PRACTITIONER_COMMENTS_RECEIVED = (
        "practitioner_comments_received",
        _("Practitioner's comments on the report received"),
    )
    HEARING_DATE = "hearing_date", _("Hearing date")
    CAPABILITY_HEARING_DATE = "capability_hearing_date", _("Capability hearing date")
    HEARING_NOTICE_SENT = "hearing_notice_sent", _("Notice of hearing sent")
    HEARING_DOCUMENTS_EXCHANGED = "hearing_documents_exchanged", _("Hearing documents exchanged")
    DECISION_CONFIRMED = "decision_confirmed", _("Decision confirmed in writing")
    APPEAL_LODGED = "appeal_lodged", _("Appeal lodged")
    APPEAL_HEARING_DATE = "appeal_hearing_date", _("Appeal hearing date")
    APPEAL_DECISION_SENT = "appeal_decision_sent", _("Appeal decision sent")
    REPRESENTATIONS_INVITED = "representations_invited", _("Practitioner invited to make representations")
    REPRESENTATIONS_RECEIVED = "representations_received", _("Representations received")
    ORAL_HEARING_DATE = "oral_hearing_date", _("Oral hearing date")
    ORAL_HEARING_NOTICE_SENT = "oral_hearing_notice_sent", _("Notice of the oral hearing sent")
    DECISION_NOTIFIED = "decision_notified", _("Decision notified to the practitioner")
    INTERIM_SUSPENSION_ORDER = (
        "interim_suspension_order",
        _("Regulator imposed an interim suspension of registration"),
    )
    PAYMENTS_DETERMINED = "payments_determined", _("Payments during suspension determined")
    # Derived from restriction records (faircase.process.models.Restriction / RestrictionPeriod)
    RESTRICTION_STARTED = "restriction_started", _("Restriction, exclusion or suspension started")
    RESTRICTION_ENDED = "restriction_ended", _("Restriction, exclusion or suspension ended")
    PERIOD_STARTED = "period_started", _("Period of exclusion or suspension started")
    PERIOD_REVIEWED = "period_reviewed", _("Period reviewed")


# Events that come from restriction records rather than from key dates typed in by a person.
DERIVED_EVENTS = frozenset(
    {
        ClockEvent.RESTRICTION_STARTED,
        ClockEvent.RESTRICTION_ENDED,
        ClockEvent.PERIOD_STARTED,
        ClockEvent.PERIOD_REVIEWED,
    }
)
KEY_DATE_EVENTS = [(value, label) for value, label in ClockEvent.choices if value not in DERIVED_EVENTS]
