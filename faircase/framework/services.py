"""Writes to the framework: versions, reviews, answers and follow-ups. Each service is one transaction
and writes its audit event inside it."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from faircase.core import audit
from faircase.framework import selectors
from faircase.framework.models import Consideration, FollowUp, FrameworkVersion, Review, ReviewAnswer
from faircase.framework.principles import ANSWERS_NEEDING_FOLLOW_UP, Answer, ReviewPoint
from faircase.framework.yamlformat import FrameworkSpec, parse

NATIONAL_FILE = Path(__file__).resolve().parents[1] / "data" / "framework" / "national.yaml"


class ReviewLockedError(ValidationError):
    pass


# ---- versions -------------------------------------------------------------------------------------------


@transaction.atomic
def create_version(
    *, organisation: Any, spec: FrameworkSpec, by: Any, based_on: FrameworkVersion | None = None,
    publish: bool = True,
) -> FrameworkVersion:
    actor = audit.as_actor(by)
    last = FrameworkVersion.objects.filter(organisation=organisation).order_by("-number").first()
    if based_on is None and organisation is not None:
        based_on = selectors.current_version(organisation)
    version = FrameworkVersion.objects.create(
        organisation=organisation,
        number=(last.number + 1) if last else 1,
        title=spec.title,
        based_on=based_on,
        change_note=spec.change_note,
        created_by_label=actor.name,
        published_at=timezone.now() if publish else None,
    )
    Consideration.objects.bulk_create(
        Consideration(
            version=version, code=c.code, principle=c.principle, position=i, text=c.text, guidance=c.guidance,
            review_points=c.review_points, retired=c.retired,
        )
        for i, c in enumerate(spec.considerations, start=1)
    )
    audit.record(
        by=actor, action="framework.version_created", obj=version, organisation=organisation,
        after={"number": version.number, "title": version.title, "published": publish,
               "considerations": len(spec.considerations)},
    )
    return version


def load_national(*, by: Any = "faircase (national starter set)") -> FrameworkVersion:
    """Create the national version from the shipped starter set, once."""
    existing = FrameworkVersion.objects.filter(organisation__isnull=True).order_by("-number").first()
    if existing:
        return existing
    spec = parse(NATIONAL_FILE.read_text(encoding="utf-8"))
    return create_version(organisation=None, spec=spec, by=by)


@transaction.atomic
def import_version(*, organisation: Any, text: str, by: Any) -> FrameworkVersion:
    """Import a YAML file as the organisation's new, published version. A bad file changes nothing."""
    spec = parse(text)
    return create_version(organisation=organisation, spec=spec, by=by)


# ---- reviews --------------------------------------------------------------------------------------------


@transaction.atomic
def start_review(*, case: Any, review_point: str, by: Any, corrects: Review | None = None) -> Review:
    if review_point not in ReviewPoint.values:
        raise ValidationError({"review_point": "Choose a review point"})
    if corrects is not None:
        if corrects.case_id != case.pk or not corrects.is_locked:
            raise ValidationError("Only a completed review of this case can be corrected.")
        review_point = corrects.review_point
    version = selectors.current_version(case.organisation)
    review = Review.objects.create(
        case=case, version=version, review_point=review_point, stage=case.stage, started_by=by, corrects=corrects,
    )
    audit.record(
        by=by, action="review.started", obj=review, case=case,
        after={"review_point": review_point, "framework_version": version.number,
               "corrects": corrects.pk if corrects else None},
    )
    return review


def _ensure_open(review: Review) -> None:
    if review.is_locked:
        raise ReviewLockedError(
            "This review is completed and locked. To correct it, start a correction: the original stays in the record."
        )


@transaction.atomic
def save_answers(*, review: Review, answers: dict[int, dict[str, Any]], by: Any) -> list[ReviewAnswer]:
    """Save part or all of a review. `answers` maps consideration id to
    {answer, note, follow_up_action, follow_up_owner, follow_up_due_on}.

    A "no" or "unknown" opens (or updates) its follow-up; changing it to "yes" while the review is still in
    progress withdraws that follow-up.
    """
    review = Review.objects.select_for_update().get(pk=review.pk)
    _ensure_open(review)
    considerations = {c.pk: c for c in selectors.considerations_for(review)}
    errors: dict[str, str] = {}
    for consideration_id, values in answers.items():
        consideration = considerations.get(consideration_id)
        if consideration is None:
            raise ValidationError("That consideration is not part of this review.")
        errors.update(_answer_errors(consideration, values))
    if errors:
        raise ValidationError(errors)

    saved = []
    for consideration_id, values in answers.items():
        consideration = considerations[consideration_id]
        existing = ReviewAnswer.objects.filter(review=review, consideration=consideration).first()
        before = {"answer": existing.answer, "note": existing.note} if existing else None
        answer, _created = ReviewAnswer.objects.update_or_create(
            review=review, consideration=consideration,
            defaults={"answer": values["answer"], "note": values.get("note", "").strip(), "answered_by": by,
                      "answered_at": timezone.now()},
        )
        after = {"answer": answer.answer, "note": answer.note}
        follow_up_change = _sync_follow_up(answer, values, by=by)
        if before != after or follow_up_change:
            audit.record(
                by=by, action="review.answered", obj=answer, case=review.case,
                before=before, after=after,
                detail={"consideration": consideration.code, "review": review.pk, **(follow_up_change or {})},
            )
        saved.append(answer)
    return saved


def _answer_errors(consideration: Consideration, values: dict[str, Any]) -> dict[str, str]:
    prefix = f"c{consideration.pk}"
    answer = values.get("answer")
    errors = {}
    if answer not in Answer.values:
        errors[f"{prefix}-answer"] = f"Answer {consideration.code}: yes, no, unknown or not applicable"
        return errors
    if answer == Answer.NOT_APPLICABLE and not values.get("note", "").strip():
        errors[f"{prefix}-note"] = f"Say why {consideration.code} does not apply"
    if answer in ANSWERS_NEEDING_FOLLOW_UP:
        if not values.get("follow_up_action", "").strip():
            errors[f"{prefix}-follow_up_action"] = f"Say what will be done to follow up {consideration.code}"
        if not values.get("follow_up_owner"):
            errors[f"{prefix}-follow_up_owner"] = f"Choose who owns the follow-up for {consideration.code}"
        due = values.get("follow_up_due_on")
        if not isinstance(due, dt.date):
            errors[f"{prefix}-follow_up_due_on"] = f"Enter the date the follow-up for {consideration.code} is due"
    return errors


def _sync_follow_up(answer: ReviewAnswer, values: dict[str, Any], *, by: Any) -> dict[str, Any] | None:
    follow_up = FollowUp.objects.filter(answer=answer).first()
    if answer.answer in ANSWERS_NEEDING_FOLLOW_UP:
        fields = {
            "action": values["follow_up_action"].strip(),
            "owner": values["follow_up_owner"],
            "due_on": values["follow_up_due_on"],
        }
        if follow_up is None:
            follow_up = FollowUp.objects.create(case=answer.review.case, answer=answer, **fields)
            return {"follow_up_opened": follow_up.pk}
        changed = any(getattr(follow_up, k) != v for k, v in fields.items())
        for key, value in fields.items():
            setattr(follow_up, key, value)
        follow_up.save()
        return {"follow_up_updated": follow_up.pk} if changed else None
    if follow_up is not None:
        withdrawn = follow_up.pk
        follow_up.delete()
        return {"follow_up_withdrawn": withdrawn}
    return None


@transaction.atomic
def complete_review(*, review: Review, by: Any) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    _ensure_open(review)
    considerations = selectors.considerations_for(review)
    answered = set(ReviewAnswer.objects.filter(review=review).values_list("consideration_id", flat=True))
    missing = [c.code for c in considerations if c.pk not in answered]
    if missing:
        raise ValidationError(
            f"Answer every consideration before completing the review. Still to answer: {', '.join(missing)}."
        )
    review.status = Review.Status.COMPLETED
    review.completed_by = by
    review.completed_at = timezone.now()
    review.save(update_fields=["status", "completed_by", "completed_at"])
    counts = selectors.answer_counts(review)
    audit.record(
        by=by, action="review.completed", obj=review, case=review.case,
        after={"review_point": review.review_point, "answers": counts},
    )
    return review


@transaction.atomic
def close_follow_up(*, follow_up: FollowUp, outcome: str, by: Any) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if not follow_up.is_open:
        raise ValidationError("This follow-up is already closed.")
    if not outcome.strip():
        raise ValidationError({"outcome": "Enter the outcome of the follow-up"})
    follow_up.status = FollowUp.Status.CLOSED
    follow_up.outcome = outcome.strip()
    follow_up.closed_by = by
    follow_up.closed_at = timezone.now()
    follow_up.save(update_fields=["status", "outcome", "closed_by", "closed_at"])
    audit.record(
        by=by, action="follow_up.closed", obj=follow_up, case=follow_up.case,
        before={"status": "open"}, after={"status": "closed", "outcome": follow_up.outcome},
    )
    return follow_up
