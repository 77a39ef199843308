"""Cases with a history worth recording, built through the real services as the product builds them."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from faircase.cases import services as case_services
from faircase.cases.tests.factories import open_case
from faircase.framework import selectors as framework_selectors
from faircase.framework import services as framework_services
from faircase.framework.models import FollowUp, Review

# Distinctive text, so a test can look for it in every format of the record.
NO_CODE = "WS2"
NO_NOTE = "No independent contact offered yet: the clinical lead first suggested is a witness to the event."
NO_ACTION = "Ask the practitioner health service to name an independent contact for Dr Imaginary."
UNKNOWN_CODE = "UI3"
UNKNOWN_NOTE = "Staffing on the ward that night is not yet known."
UNKNOWN_ACTION = "Obtain the ward rota and agency use for 1 March 2025 from the matron."
UNKNOWN_OUTCOME = "Rota shows two of five nurses were agency staff on their first shift; context noted."
NOT_APPLICABLE_CODE = "UI5"
NOT_APPLICABLE_NOTE = "The handover problem was found in audit, not through a patient safety incident."
FIRST_MOVE_DECISION = "Move to initial assessment"
FIRST_MOVE_REASONS = "The concern is specific enough to assess; the ward handover system needs a look first."
OPEN_FOLLOW_UPS_REASON = "The independent contact is being arranged and does not block the assessment."
SECOND_MOVE_DECISION = "Resolve informally with a handover audit and reflective discussion"
SECOND_MOVE_REASONS = (
    "A single event in a system with known staffing gaps; informal resolution is proportionate."
)


@dataclass
class CaseHistory:
    case: Any
    reviews: list[Review] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    moves: list[Any] = field(default_factory=list)


def answer_all(
    review: Review,
    *,
    by: Any,
    special: dict[str, dict[str, Any]] | None = None,
    complete: bool = True,
) -> Review:
    """Answer every consideration of the review Yes, except those in `special` (code -> values)."""
    special = special or {}
    answers = {}
    for consideration in framework_selectors.considerations_for(review):
        values = special.get(consideration.code, {"answer": "yes", "note": ""})
        answers[consideration.pk] = values
    framework_services.save_answers(review=review, answers=answers, by=by)
    if complete:
        review = framework_services.complete_review(review=review, by=by)
    return review


def follow_up_values(answer: str, note: str, action: str, owner: Any, due_on: dt.date) -> dict[str, Any]:
    return {
        "answer": answer,
        "note": note,
        "follow_up_action": action,
        "follow_up_owner": owner,
        "follow_up_due_on": due_on,
    }


def case_with_reviews(
    *, organisation: Any, by: Any, reference: str = "FC-00012", **case_fields: Any
) -> CaseHistory:
    """A case with a commencement review (a No, an Unknown and a Not applicable), the Unknown's follow-up
    closed, a move with the No's follow-up still open, a route review, a correction of the commencement
    review and a second move."""
    case = open_case(organisation=organisation, by=by, case_manager=by, reference=reference, **case_fields)
    history = CaseHistory(case=case)
    due = dt.date(2025, 4, 30)

    commencement = framework_services.start_review(case=case, review_point="commencement", by=by)
    commencement = answer_all(
        commencement,
        by=by,
        special={
            NO_CODE: follow_up_values("no", NO_NOTE, NO_ACTION, by, due),
            UNKNOWN_CODE: follow_up_values("unknown", UNKNOWN_NOTE, UNKNOWN_ACTION, by, due),
            NOT_APPLICABLE_CODE: {"answer": "not_applicable", "note": NOT_APPLICABLE_NOTE},
        },
    )
    history.reviews.append(commencement)
    follow_ups = {f.answer.consideration.code: f for f in framework_selectors.follow_ups_for_case(case)}
    history.follow_ups = [follow_ups[NO_CODE], follow_ups[UNKNOWN_CODE]]
    framework_services.close_follow_up(follow_up=follow_ups[UNKNOWN_CODE], outcome=UNKNOWN_OUTCOME, by=by)

    history.moves.append(
        case_services.move_stage(
            case=case,
            to_stage="initial_assessment",
            decision=FIRST_MOVE_DECISION,
            reasons=FIRST_MOVE_REASONS,
            open_follow_ups_reason=OPEN_FOLLOW_UPS_REASON,
            by=by,
        )
    )
    case.refresh_from_db()

    route = framework_services.start_review(case=case, review_point="route", by=by)
    history.reviews.append(
        answer_all(
            route,
            by=by,
            special={
                NO_CODE: follow_up_values(
                    "no", "Still no independent contact.", "Chase the practitioner health service.", by, due
                )
            },
        )
    )
    correction = framework_services.start_review(
        case=case, review_point="commencement", by=by, corrects=commencement
    )
    history.reviews.append(
        answer_all(
            correction,
            by=by,
            special={
                NOT_APPLICABLE_CODE: {"answer": "not_applicable", "note": NOT_APPLICABLE_NOTE},
            },
        )
    )
    history.moves.append(
        case_services.move_stage(
            case=case,
            to_stage="informal_resolution",
            decision=SECOND_MOVE_DECISION,
            reasons=SECOND_MOVE_REASONS,
            open_follow_ups_reason="The remaining follow-ups are in hand.",
            by=by,
        )
    )
    case.refresh_from_db()
    return history


def stored_record_file(*, case, by):
    """A ready record file (ADR 39) stored as the task worker leaves one, without laying out a PDF."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from faircase.documents.storage import document_storage
    from faircase.records.models import RecordFile
    from faircase.records.services import expiry_from, record_file_storage_name

    record_file = RecordFile(case=case, format="pdf", requested_by=by)
    content = b"%PDF-1.7 not laid out (a stored record file for tests)"
    now = timezone.now()
    record_file.storage_name = document_storage().save(
        record_file_storage_name(case_id=case.pk, record_file_id=record_file.pk, fmt="pdf"),
        ContentFile(content),
    )
    record_file.status = RecordFile.Status.READY
    record_file.finished_at = now
    record_file.expires_at = expiry_from(now)
    record_file.record_hash = "0" * 64
    record_file.sha256 = hashlib.sha256(content).hexdigest()
    record_file.size = len(content)
    record_file.page_count = 1
    record_file.filename = f"{case.reference}-framework-record.pdf"
    record_file.save()
    return record_file
