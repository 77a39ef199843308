"""The history of a case (its audit trail) as people read it, in their language (ADR 41).

An audit event keeps what happened as it was stored: an action ("case.key_date_recorded"), and the fields that
changed by their names ("open_follow_ups_reason") with their values, codes among them ("report_received", True,
{"yes": 27, "no": 1}). In English the page reads them as faircase.core.presenters.audit_lines always has, the
names made readable and the values as stored. In Welsh each action, field and code is said in Welsh: the field's
name from FIELDS, a code from the choices of the model field it was stored from (the event's object), or from the
maps below; what people typed (reasons, outcomes, names) is shown as they wrote it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import pgettext_lazy

from faircase.core import languages
from faircase.core.formatting import nhs_datetime
from faircase.core.presenters import ACTION_WORDS, AuditLine, audit_lines

EMPTY = "\u2013"  # an en dash: nothing recorded


# The fields that case events name, by the key they are stored under. The English of each is what the English
# page shows for it (the key, made readable), so a translator sees the same words.
FIELDS: dict[str, Any] = {
    "accuracy_comments": pgettext_lazy("a field in the case history", "Accuracy comments"),
    "advice": pgettext_lazy("a field in the case history", "Advice"),
    "advice_contact": pgettext_lazy("a field in the case history", "Advice contact"),
    "advice_not_consulted_reason": pgettext_lazy(
        "a field in the case history", "Advice not consulted reason"
    ),
    "adviser": pgettext_lazy("a field in the case history", "Adviser"),
    "agreed_on": pgettext_lazy("a field in the case history", "Agreed on"),
    "agreement": pgettext_lazy("a field in the case history", "Agreement"),
    "allegations": pgettext_lazy("a field in the case history", "Allegations"),
    "alternative": pgettext_lazy("a field in the case history", "Alternative"),
    "answer": pgettext_lazy("a field in the case history", "Answer"),
    "answers": pgettext_lazy("a field in the case history", "Answers"),
    "appointed_on": pgettext_lazy("a field in the case history", "Appointed on"),
    "attended": pgettext_lazy("a field in the case history", "Attended"),
    "being_fair_completed": pgettext_lazy("a field in the case history", "Being fair completed"),
    "body": pgettext_lazy("a field in the case history", "Body"),
    "body_cy": pgettext_lazy("a field in the case history", "Body cy"),
    "category": pgettext_lazy("a field in the case history", "Category"),
    "changed": pgettext_lazy("a field in the case history", "Changed"),
    "channel": pgettext_lazy("a field in the case history", "Channel"),
    "closed": pgettext_lazy("a field in the case history", "Closed"),
    "closure_checklist": pgettext_lazy("a field in the case history", "Closure checklist"),
    "code": pgettext_lazy("a field in the case history", "Code"),
    "comments_received_on": pgettext_lazy("a field in the case history", "Comments received on"),
    "communication": pgettext_lazy("a field in the case history", "Communication"),
    "companion": pgettext_lazy("a field in the case history", "Companion"),
    "concern": pgettext_lazy("a field in the case history", "Concern"),
    "considerations": pgettext_lazy("a field in the case history", "Considerations"),
    "considered": pgettext_lazy("a field in the case history", "Considered"),
    "contact_by": pgettext_lazy("a field in the case history", "Contact by"),
    "contact_every_days": pgettext_lazy("a field in the case history", "Contact every days"),
    "contacted_on": pgettext_lazy("a field in the case history", "Contacted on"),
    "continues": pgettext_lazy("a field in the case history", "Continues"),
    "converted_to": pgettext_lazy("a field in the case history", "Converted to"),
    "corrects": pgettext_lazy("a field in the case history", "Corrects"),
    "criminal_investigation": pgettext_lazy("a field in the case history", "Criminal investigation"),
    "dated": pgettext_lazy("a field in the case history", "Dated"),
    "decided_on": pgettext_lazy("a field in the case history", "Decided on"),
    "decision": pgettext_lazy("a field in the case history", "Decision"),
    "delivery": pgettext_lazy("a field in the case history", "Delivery"),
    "description": pgettext_lazy("a field in the case history", "Description"),
    "draft": pgettext_lazy("a field in the case history", "Draft"),
    "email": pgettext_lazy("a field in the case history", "Email"),
    "emailed_to": pgettext_lazy("a field in the case history", "Emailed to"),
    "end_reason": pgettext_lazy("a field in the case history", "End reason"),
    "ended_on": pgettext_lazy("a field in the case history", "Ended on"),
    "ends_on": pgettext_lazy("a field in the case history", "Ends on"),
    "event": pgettext_lazy("a field in the case history", "Event"),
    "event_label": pgettext_lazy("a field in the case history", "Event label"),
    "expires_at": pgettext_lazy("a field in the case history", "Expires at"),
    "factual_accuracy": pgettext_lazy("a field in the case history", "Factual accuracy"),
    "first_period": pgettext_lazy("a field in the case history", "First period"),
    "follow_ups": pgettext_lazy("a field in the case history", "Follow ups"),
    "framework_review": pgettext_lazy("a field in the case history", "Framework review"),
    "framework_version": pgettext_lazy("a field in the case history", "Framework version"),
    "heard_by": pgettext_lazy("a field in the case history", "Heard by"),
    "held_on": pgettext_lazy("a field in the case history", "Held on"),
    "included_concerns": pgettext_lazy("a field in the case history", "Included concerns"),
    "interviewee": pgettext_lazy("a field in the case history", "Interviewee"),
    "interviewees": pgettext_lazy("a field in the case history", "Interviewees"),
    "investigator": pgettext_lazy("a field in the case history", "Investigator"),
    "kind": pgettext_lazy("a field in the case history", "Kind"),
    "language": pgettext_lazy("a field in the case history", "Language"),
    "language_acknowledged": pgettext_lazy("a field in the case history", "Language acknowledged"),
    "languages": pgettext_lazy("a field in the case history", "Languages"),
    "marking": pgettext_lazy("a field in the case history", "Marking"),
    "method": pgettext_lazy("a field in the case history", "Method"),
    "minutes": pgettext_lazy("a field in the case history", "Minutes"),
    "name": pgettext_lazy("a field in the case history", "Name"),
    "named_contact": pgettext_lazy("a field in the case history", "Named contact"),
    "next_period": pgettext_lazy("a field in the case history", "Next period"),
    "note": pgettext_lazy("a field in the case history", "Note"),
    "notice_given_on": pgettext_lazy("a field in the case history", "Notice given on"),
    "notified": pgettext_lazy("a field in the case history", "Notified"),
    "number": pgettext_lazy("a field in the case history", "Number"),
    "occurred_at": pgettext_lazy("a field in the case history", "Occurred at"),
    "of_practitioner": pgettext_lazy("a field in the case history", "Of practitioner"),
    "on": pgettext_lazy("a field in the case history", "On"),
    "on_time": pgettext_lazy("a field in the case history", "On time"),
    "open_follow_ups": pgettext_lazy("a field in the case history", "Open follow ups"),
    "open_follow_ups_reason": pgettext_lazy("a field in the case history", "Open follow ups reason"),
    "opened": pgettext_lazy("a field in the case history", "Opened"),
    "option": pgettext_lazy("a field in the case history", "Option"),
    "oral_hearing_notice_on": pgettext_lazy("a field in the case history", "Oral hearing notice on"),
    "oral_hearing_on": pgettext_lazy("a field in the case history", "Oral hearing on"),
    "outcome": pgettext_lazy("a field in the case history", "Outcome"),
    "outcome_on": pgettext_lazy("a field in the case history", "Outcome on"),
    "panel": pgettext_lazy("a field in the case history", "Panel"),
    "patient_safety_incident": pgettext_lazy("a field in the case history", "Patient safety incident"),
    "period": pgettext_lazy("a field in the case history", "Period"),
    "policy": pgettext_lazy("a field in the case history", "Policy"),
    "policy_pack_version": pgettext_lazy("a field in the case history", "Policy pack version"),
    "practitioner": pgettext_lazy("a field in the case history", "Practitioner"),
    "problem": pgettext_lazy("a field in the case history", "Problem"),
    "occurred_on": pgettext_lazy("a field in the case history", "Occurred on"),
    "pronoun": pgettext_lazy("a field in the case history", "Pronoun"),
    "proposed_route": pgettext_lazy("a field in the case history", "Proposed route"),
    "question": pgettext_lazy("a field in the case history", "Question"),
    "raised_on": pgettext_lazy("a field in the case history", "Raised on"),
    "reason": pgettext_lazy("a field in the case history", "Reason"),
    "reasons": pgettext_lazy("a field in the case history", "Reasons"),
    "received_on": pgettext_lazy("a field in the case history", "Received on"),
    "redaction_of": pgettext_lazy("a field in the case history", "Redaction of"),
    "reference": pgettext_lazy("a field in the case history", "Reference"),
    "removed": pgettext_lazy("a field in the case history", "Removed"),
    "removed_from_roles": pgettext_lazy("a field in the case history", "Removed from roles"),
    "report": pgettext_lazy("a field in the case history", "Report"),
    "review": pgettext_lazy("a field in the case history", "Review"),
    "review_point": pgettext_lazy("a field in the case history", "Review point"),
    "reviewed_on": pgettext_lazy("a field in the case history", "Reviewed on"),
    "reviewer": pgettext_lazy("a field in the case history", "Reviewer"),
    "reviewer_can_open_case": pgettext_lazy("a field in the case history", "Reviewer can open case"),
    "reviewer_route": pgettext_lazy("a field in the case history", "Reviewer route"),
    "role": pgettext_lazy("a field in the case history", "Role"),
    "route": pgettext_lazy("a field in the case history", "Route"),
    "route_after": pgettext_lazy("a field in the case history", "Route after"),
    "scope": pgettext_lazy("a field in the case history", "Scope"),
    "sent_on": pgettext_lazy("a field in the case history", "Sent on"),
    "severity": pgettext_lazy("a field in the case history", "Severity"),
    "since_review": pgettext_lazy("a field in the case history", "Since review"),
    "size": pgettext_lazy("a field in the case history", "Size"),
    "source": pgettext_lazy("a field in the case history", "Source"),
    "stage": pgettext_lazy("a field in the case history", "Stage"),
    "started_on": pgettext_lazy("a field in the case history", "Started on"),
    "starts_on": pgettext_lazy("a field in the case history", "Starts on"),
    "status": pgettext_lazy("a field in the case history", "Status"),
    "subject": pgettext_lazy("a field in the case history", "Subject"),
    "subject_cy": pgettext_lazy("a field in the case history", "Subject cy"),
    "summary": pgettext_lazy("a field in the case history", "Summary"),
    "taken_into_account": pgettext_lazy("a field in the case history", "Taken into account"),
    "terms": pgettext_lazy("a field in the case history", "Terms"),
    "text": pgettext_lazy("a field in the case history", "Text"),
    "title": pgettext_lazy("a field in the case history", "Title"),
    "to_practitioner": pgettext_lazy("a field in the case history", "To practitioner"),
    "type": pgettext_lazy("a field in the case history", "Type"),
    "user": pgettext_lazy("a field in the case history", "User"),
    "username": pgettext_lazy("a field in the case history", "Username"),
    "version": pgettext_lazy("a field in the case history", "Version"),
    "viewed": pgettext_lazy("a field in the case history", "Viewed"),
    "virus_scanned": pgettext_lazy("a field in the case history", "Virus scanned"),
    "withheld_reason": pgettext_lazy("a field in the case history", "Withheld reason"),
}


# What happened, for the case events that faircase.core.presenters.ACTION_WORDS does not word.
ACTIONS: dict[str, Any] = {
    "advice.action_added": pgettext_lazy(
        "what someone did, in the case history", "Added an action to advice"
    ),
    "advice.action_closed": pgettext_lazy(
        "what someone did, in the case history", "Closed an action from advice"
    ),
    "advice.action_reassigned": pgettext_lazy(
        "what someone did, in the case history", "Reassigned an action from advice"
    ),
    "advice.recorded": pgettext_lazy("what someone did, in the case history", "Recorded advice"),
    "appeal.lodged": pgettext_lazy("what someone did, in the case history", "Recorded an appeal"),
    "appeal.outcome_recorded": pgettext_lazy(
        "what someone did, in the case history", "Recorded the outcome of the appeal"
    ),
    "bundle.downloaded": pgettext_lazy(
        "what someone did, in the case history", "Downloaded a disclosure bundle"
    ),
    "bundle.failed": pgettext_lazy(
        "what someone did, in the case history", "A disclosure bundle could not be made"
    ),
    "bundle.prepared": pgettext_lazy("what someone did, in the case history", "Prepared a disclosure bundle"),
    "bundle.released": pgettext_lazy("what someone did, in the case history", "Released a disclosure bundle"),
    "bundle.requested": pgettext_lazy(
        "what someone did, in the case history", "Asked for a disclosure bundle"
    ),
    "case.key_date_recorded": pgettext_lazy("what someone did, in the case history", "Recorded a key date"),
    "case.pack_changed": pgettext_lazy(
        "what someone did, in the case history", "Moved the case to another policy pack"
    ),
    "case.representative_changed": pgettext_lazy(
        "what someone did, in the case history", "Changed the practitioner's representative"
    ),
    "communication.logged": pgettext_lazy(
        "what someone did, in the case history", "Logged a communication with the practitioner"
    ),
    "concern.share_changed": pgettext_lazy(
        "what someone did, in the case history", "Changed the concern shared with the practitioner"
    ),
    "concern.shared": pgettext_lazy(
        "what someone did, in the case history", "Shared the concern with the practitioner"
    ),
    "decision.recorded": pgettext_lazy(
        "what someone did, in the case history", "Recorded the decision on the investigation report"
    ),
    "document.added": pgettext_lazy("what someone did, in the case history", "Added a document"),
    "document.downloaded": pgettext_lazy("what someone did, in the case history", "Downloaded a document"),
    "document.marking_changed": pgettext_lazy(
        "what someone did, in the case history", "Changed how a document may be disclosed"
    ),
    "document.redacted_copy_added": pgettext_lazy(
        "what someone did, in the case history", "Added a redacted copy of a document"
    ),
    "document.version_added": pgettext_lazy(
        "what someone did, in the case history", "Added a new version of a document"
    ),
    "exclusion_decision.recorded": pgettext_lazy(
        "what someone did, in the case history", "Recorded a decision not to exclude or restrict"
    ),
    "follow_up.carried": pgettext_lazy(
        "what someone did, in the case history", "Carried a follow-up beyond the case"
    ),
    "follow_up.reassigned": pgettext_lazy("what someone did, in the case history", "Reassigned a follow-up"),
    "hearing.arranged": pgettext_lazy("what someone did, in the case history", "Arranged the hearing"),
    "hearing.outcome_recorded": pgettext_lazy(
        "what someone did, in the case history", "Recorded the outcome of the hearing"
    ),
    "investigation.factual_accuracy_connected": pgettext_lazy(
        "what someone did, in the case history",
        "Connected the practitioner's comments on the factual accuracy of the report",
    ),
    "investigation.interview_comments_recorded": pgettext_lazy(
        "what someone did, in the case history", "Recorded comments on the minutes of an interview"
    ),
    "investigation.interview_recorded": pgettext_lazy(
        "what someone did, in the case history", "Recorded an interview"
    ),
    "investigation.investigator_appointed": pgettext_lazy(
        "what someone did, in the case history", "Appointed the case investigator"
    ),
    "investigation.report_received": pgettext_lazy(
        "what someone did, in the case history", "Recorded the investigation report as received"
    ),
    "investigation.terms_set": pgettext_lazy(
        "what someone did, in the case history", "Set the terms of reference"
    ),
    "letter.draft_changed": pgettext_lazy("what someone did, in the case history", "Changed a draft letter"),
    "letter.draft_discarded": pgettext_lazy(
        "what someone did, in the case history", "Discarded a draft letter"
    ),
    "letter.drafted": pgettext_lazy("what someone did, in the case history", "Drafted a letter"),
    "letter.email_failed": pgettext_lazy(
        "what someone did, in the case history", "A letter could not be emailed"
    ),
    "letter.emailed": pgettext_lazy("what someone did, in the case history", "Emailed a letter"),
    "letter.sent": pgettext_lazy("what someone did, in the case history", "Sent a letter"),
    "note.added": pgettext_lazy("what someone did, in the case history", "Added a case note"),
    "note.edited": pgettext_lazy("what someone did, in the case history", "Edited a case note"),
    "practitioner.created": pgettext_lazy("what someone did, in the case history", "Added the practitioner"),
    "practitioner.language_changed": pgettext_lazy(
        "what someone did, in the case history", "Changed the practitioner's language"
    ),
    "practitioner.submission_acknowledge": pgettext_lazy(
        "what someone did, in the case history", "Acknowledged the practitioner's submission"
    ),
    "practitioner.submission_correct": pgettext_lazy(
        "what someone did, in the case history", "Corrected the practitioner's submission"
    ),
    "practitioner.submission_respond": pgettext_lazy(
        "what someone did, in the case history", "Answered the practitioner's submission"
    ),
    "practitioner.submit": pgettext_lazy(
        "what someone did, in the case history", "The practitioner sent a submission"
    ),
    "practitioner.updated": pgettext_lazy(
        "what someone did, in the case history", "Changed the practitioner's details"
    ),
    "practitioner_account.linked": pgettext_lazy(
        "what someone did, in the case history", "Linked the practitioner's account"
    ),
    "practitioner_invitation.accepted": pgettext_lazy(
        "what someone did, in the case history", "The practitioner accepted the invitation"
    ),
    "practitioner_invitation.revoked": pgettext_lazy(
        "what someone did, in the case history", "Withdrew the practitioner's invitation"
    ),
    "practitioner_invitation.sent": pgettext_lazy(
        "what someone did, in the case history", "Invited the practitioner"
    ),
    "practitioner_user.created": pgettext_lazy(
        "what someone did, in the case history", "Made the practitioner's account"
    ),
    "record.downloaded": pgettext_lazy(
        "what someone did, in the case history", "Downloaded the disclosable record"
    ),
    "record.file_failed": pgettext_lazy(
        "what someone did, in the case history", "A file of the disclosable record could not be made"
    ),
    "record.file_requested": pgettext_lazy(
        "what someone did, in the case history", "Asked for a file of the disclosable record"
    ),
    "regulator_referral.recorded": pgettext_lazy(
        "what someone did, in the case history", "Recorded a referral to the regulator"
    ),
    "reminder.sent": pgettext_lazy("what someone did, in the case history", "Sent a reminder"),
    "restriction.ended": pgettext_lazy("what someone did, in the case history", "Ended a restriction"),
    "restriction.period_reviewed": pgettext_lazy(
        "what someone did, in the case history", "Reviewed a period of a restriction"
    ),
    "restriction.recorded": pgettext_lazy("what someone did, in the case history", "Recorded a restriction"),
    "retention.hold_lifted": pgettext_lazy("what someone did, in the case history", "Lifted a legal hold"),
    "retention.hold_placed": pgettext_lazy("what someone did, in the case history", "Placed a legal hold"),
    "second_look.answered": pgettext_lazy("what someone did, in the case history", "Answered a second look"),
    "second_look.drafted": pgettext_lazy("what someone did, in the case history", "Drafted a second look"),
    "second_look.recorded": pgettext_lazy(
        "what someone did, in the case history", "Recorded what a second look found"
    ),
    "second_look.sent": pgettext_lazy("what someone did, in the case history", "Sent a second look"),
    "second_look.summary_edited": pgettext_lazy(
        "what someone did, in the case history", "Edited the summary for a second look"
    ),
    "second_look.viewed": pgettext_lazy("what someone did, in the case history", "Viewed a second look"),
    "second_look.withdrawn": pgettext_lazy("what someone did, in the case history", "Withdrew a second look"),
    "survey_invitation.sent": pgettext_lazy(
        "what someone did, in the case history", "Invited the practitioner to a survey"
    ),
    "survey_invitation.used": pgettext_lazy(
        "what someone did, in the case history", "A survey invitation was used"
    ),
    "welfare.contact": pgettext_lazy("what someone did, in the case history", "Recorded a welfare contact"),
    "welfare.distress": pgettext_lazy("what someone did, in the case history", "Recorded serious distress"),
    "welfare.oh_outcome": pgettext_lazy(
        "what someone did, in the case history", "Recorded the outcome of an occupational health referral"
    ),
    "welfare.oh_referral": pgettext_lazy(
        "what someone did, in the case history", "Recorded an occupational health referral"
    ),
    "welfare.plan_change": pgettext_lazy("what someone did, in the case history", "Changed the welfare plan"),
    "welfare.plan_set": pgettext_lazy("what someone did, in the case history", "Set the welfare plan"),
}


# What a "viewed" event names: the action of faircase.access.policy.CASE_ACTIONS whose page was read.
VIEWED: dict[str, Any] = {
    "case.read": pgettext_lazy("what someone viewed of a case, in the case history", "the case"),
    "case.history": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the history of the case"
    ),
    "case.add_concern": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to add a concern"
    ),
    "case.name_person": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to name a person on the case"
    ),
    "case.manage_conflicts": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the conflicts of interest"
    ),
    "case.being_fair": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form for the Being fair tool"
    ),
    "case.move_stage": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to move the case to another stage"
    ),
    "case.api_read": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the case, through the API"
    ),
    "retention.hold": pgettext_lazy("what someone viewed of a case, in the case history", "the legal hold"),
    "review.start": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to start a framework review"
    ),
    "review.read": pgettext_lazy("what someone viewed of a case, in the case history", "a framework review"),
    "review.answer": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the answers of a framework review"
    ),
    "review.complete": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to complete a framework review"
    ),
    "review.correct": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to correct a framework review"
    ),
    "follow_up.read": pgettext_lazy("what someone viewed of a case, in the case history", "a follow-up"),
    "follow_up.close": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to close a follow-up"
    ),
    "follow_up.carry": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to carry a follow-up beyond the case"
    ),
    "follow_up.reassign": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to reassign a follow-up"
    ),
    "record.read": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the disclosable record"
    ),
    "process.key_date": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to record a key date"
    ),
    "process.move_pack": pgettext_lazy(
        "what someone viewed of a case, in the case history",
        "the form to move the case to another policy pack",
    ),
    "restriction.read": pgettext_lazy("what someone viewed of a case, in the case history", "a restriction"),
    "restriction.record": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to record a restriction"
    ),
    "restriction.review": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to review a restriction"
    ),
    "restriction.end": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to end a restriction"
    ),
    "restriction.decide_not_to_exclude": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to record a decision not to exclude"
    ),
    "advice.record": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to record advice"
    ),
    "advice.add_action": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to add an action from advice"
    ),
    "advice.close_action": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to close an action from advice"
    ),
    "referral.record": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to record a referral to the regulator"
    ),
    "practitioner.invite": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to invite the practitioner"
    ),
    "practitioner.share_concern": pgettext_lazy(
        "what someone viewed of a case, in the case history",
        "the form to share the concern with the practitioner",
    ),
    "submission.acknowledge": pgettext_lazy(
        "what someone viewed of a case, in the case history",
        "the form to acknowledge the practitioner's submission",
    ),
    "submission.respond": pgettext_lazy(
        "what someone viewed of a case, in the case history",
        "the form to answer the practitioner's submission",
    ),
    "welfare.plan": pgettext_lazy("what someone viewed of a case, in the case history", "the welfare plan"),
    "welfare.contact": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to record a welfare contact"
    ),
    "welfare.occupational_health": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the occupational health referrals"
    ),
    "welfare.distress": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to record serious distress"
    ),
    "letter.write": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to write a letter"
    ),
    "letter.draft": pgettext_lazy("what someone viewed of a case, in the case history", "a draft letter"),
    "letter.send": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to send a letter"
    ),
    "letter.read": pgettext_lazy("what someone viewed of a case, in the case history", "a letter"),
    "representative.change": pgettext_lazy(
        "what someone viewed of a case, in the case history",
        "the form to change the practitioner's representative",
    ),
    "communication.log": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to log a communication"
    ),
    "survey.invite": pgettext_lazy(
        "what someone viewed of a case, in the case history",
        "the form to invite the practitioner to a survey",
    ),
    "survey.decision_confidence": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the survey of confidence in the decision"
    ),
    "document.read": pgettext_lazy("what someone viewed of a case, in the case history", "a document"),
    "document.download": pgettext_lazy(
        "what someone viewed of a case, in the case history", "a document's file"
    ),
    "document.add": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to add a document"
    ),
    "document.add_version": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to add a new version of a document"
    ),
    "document.mark": pgettext_lazy(
        "what someone viewed of a case, in the case history",
        "the form to say how a document may be disclosed",
    ),
    "document.add_redacted_copy": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to add a redacted copy of a document"
    ),
    "investigation.read": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the investigation"
    ),
    "investigation.appoint": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to appoint the case investigator"
    ),
    "investigation.change": pgettext_lazy(
        "what someone viewed of a case, in the case history", "a form of the investigation"
    ),
    "decision.read": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the decision, hearing and appeal"
    ),
    "decision.record": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to record the decision on the report"
    ),
    "hearing.change": pgettext_lazy(
        "what someone viewed of a case, in the case history", "a form of the hearing"
    ),
    "appeal.change": pgettext_lazy(
        "what someone viewed of a case, in the case history", "a form of the appeal"
    ),
    "note.read": pgettext_lazy("what someone viewed of a case, in the case history", "the case notes"),
    "note.add": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to add a case note"
    ),
    "note.edit": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to edit a case note"
    ),
    "chronology.read": pgettext_lazy("what someone viewed of a case, in the case history", "the chronology"),
    "consistency.read": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the comparable cases"
    ),
    "second_look.read": pgettext_lazy("what someone viewed of a case, in the case history", "a second look"),
    "second_look.ask": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to ask for a second look"
    ),
    "second_look.withdraw": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to withdraw a second look"
    ),
    "second_look.record": pgettext_lazy(
        "what someone viewed of a case, in the case history", "the form to record what a second look found"
    ),
}


# Codes that no model field's choices name (or name in English only), by the object and the field they are
# stored under ("" for any object).
CODES: dict[tuple[str, str], dict[str, Any]] = {
    ("framework.followup", "status"): {
        "open": pgettext_lazy("a value in the case history", "Open"),
        "closed": pgettext_lazy("a value in the case history", "Closed"),
        "carried": pgettext_lazy("a value in the case history", "Carried beyond the case"),
    },
    ("", "closure_checklist"): {
        "restrictions_ended": pgettext_lazy("a value in the case history", "Restrictions ended"),
        "follow_ups_resolved": pgettext_lazy("a value in the case history", "Follow-ups resolved"),
        "practitioner_told": pgettext_lazy(
            "a value in the case history", "The practitioner told the outcome"
        ),
        "outcome_recorded": pgettext_lazy("a value in the case history", "Outcome recorded"),
    },
    ("", "languages"): {
        "en": pgettext_lazy("a value in the case history", "English"),
        "cy": pgettext_lazy("a value in the case history", "Welsh"),
        "cy en": pgettext_lazy("a value in the case history", "Welsh and English"),
    },
}
YES_NO = {
    True: pgettext_lazy("a value in the case history", "Yes"),
    False: pgettext_lazy("a value in the case history", "No"),
}

# Fields whose codes are those of another model field: (object, field) -> (model, field).
SAME_CODES = {
    ("cases.stagemove", "outcome"): ("cases.case", "outcome"),
    ("cases.conflictexclusion", "removed_from_roles"): ("cases.casemember", "role"),
    ("process.restriction", "converted_to"): ("process.restriction", "kind"),
    ("second_look.secondlook", "proposed_route"): ("second_look.secondlook", "decision"),
    ("second_look.secondlook", "reviewer_route"): ("second_look.secondlook", "decision"),
    ("second_look.secondlook", "route"): ("second_look.secondlook", "decision"),
    ("second_look.secondlook", "route_after"): ("second_look.secondlook", "decision"),
    ("documents.documentversion", "marking"): ("documents.document", "marking"),
    ("cases.case", "concern"): ("cases.concern", ""),  # a concern's fields, inside the event's "concern"
    ("framework.review", "answers"): ("framework.reviewanswer", "answer"),  # {answer: count}
    ("framework.review", "answer"): ("framework.reviewanswer", "answer"),
}


def _choices(label: str, field: str) -> dict[str, Any]:
    try:
        model_field = apps.get_model(label)._meta.get_field(field)
    except (LookupError, ValueError, FieldDoesNotExist):
        return {}
    return {str(code): name for code, name in (getattr(model_field, "flatchoices", None) or [])}


class _Reader:
    """Says one event's fields and values in the language in use."""

    def __init__(self, case: Any) -> None:
        self.case = case
        self._workflow: Any = None

    def workflow(self) -> Any:
        if self._workflow is None:
            from faircase.policy.workflow import workflow_for

            self._workflow = workflow_for(self.case)
        return self._workflow

    def special(self, obj: str, key: str, row: dict[str, Any]) -> Callable[[str], str | None] | None:
        """A way to name the codes of fields that name things outside any model's choices."""
        if obj == "framework.review" and not key.islower():  # a consideration's code: its answer
            answers = _choices("framework.reviewanswer", "answer")
            return lambda value: _str(answers.get(value))
        if key == "viewed":
            return lambda value: _str(VIEWED.get(value))
        if key == "stage" and obj.startswith("cases."):
            return lambda value: self.workflow().stage_name(value)
        if key == "policy":
            from faircase.cases.choices import policy_name

            return policy_name
        if key in ("event", "event_label"):
            from faircase.policy.events import ClockEvent

            event = row.get("event")
            if not (isinstance(event, str) and event in ClockEvent.values):
                return None
            return lambda value: str(ClockEvent(event).label)
        if (obj, key) == ("proceedings.hearing", "kind"):
            from faircase.proceedings.options import hearing_kind_label

            return hearing_kind_label
        if (obj, key) == ("proceedings.reportdecision", "option"):
            from faircase.proceedings.options import option_for

            policy = self.case.policy

            def option(value: str) -> str | None:
                found = option_for(policy, value)
                return languages.localised(found, "label") if found is not None else None

            return option
        return None

    def value(self, obj: str, key: str, value: Any, row: dict[str, Any]) -> str:
        if value is None or value == "":
            return EMPTY
        if isinstance(value, bool):
            return str(YES_NO[value])
        if isinstance(value, dict):
            inner, field = SAME_CODES.get((obj, key), (obj, ""))
            if field:  # the keys are codes of that field (answers, with their counts)
                names = _choices(inner, field)
                return "; ".join(
                    f"{_str(names.get(k)) or k}: {self.value(inner, k, v, value)}" for k, v in value.items()
                )
            return "; ".join(
                f"{self.label(k, as_key=True)}: {self.value(inner, k, v, value)}" for k, v in value.items()
            )
        if isinstance(value, list):
            return ", ".join(self.value(obj, key, v, row) for v in value)
        if isinstance(value, str):
            named = self.code(obj, key, value, row)
            if named:
                return named
        return str(value)

    def code(self, obj: str, key: str, value: str, row: dict[str, Any]) -> str | None:
        special = self.special(obj, key, row)
        if special is not None:
            return special(value)
        codes = CODES.get((obj, key)) or CODES.get(("", key))
        if codes is not None:
            return _str(codes.get(value))
        label, field = SAME_CODES.get((obj, key), (obj, key))
        return _str(_choices(label, field or key).get(value))

    @staticmethod
    def label(key: str, *, as_key: bool = False) -> str:
        """A field's name; a key inside a value, or a code such as a consideration's ("UI3"), as it is."""
        found = FIELDS.get(key)
        if found is not None:
            return str(found)
        return key if as_key or not key.islower() else key.replace("_", " ").capitalize()


def _str(value: Any) -> str | None:
    return str(value) if value is not None else None


def _what(action: str) -> str:
    found = ACTION_WORDS.get(action) or ACTIONS.get(action)
    return str(found) if found is not None else action.replace(".", ": ").replace("_", " ")


def history_lines(events: Any, case: Any) -> list[AuditLine]:
    """Each event of the case's history as a line of the page, in the language in use."""
    if languages.active() == languages.ENGLISH:
        return audit_lines(events)
    reader = _Reader(case)
    lines = []
    for event in events:
        before = event.summary.get("before") or {}
        after = event.summary.get("after") or {}
        detail = event.summary.get("detail") or {}
        obj = event.object_type
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        changes = [
            (
                reader.label(k),
                reader.value(obj, k, before.get(k), before),
                reader.value(obj, k, after.get(k), after),
            )
            for k in keys
        ]
        changes += [(reader.label(k), "", reader.value(obj, k, v, detail)) for k, v in detail.items()]
        lines.append(
            AuditLine(
                sequence=event.sequence,
                when=nhs_datetime(event.occurred_at),
                who=event.actor_label,
                what=_what(event.action),
                changes=changes,
            )
        )
    return lines
