"""Reads of the framework. Case-bound reads take a case the caller has already fetched through
faircase.cases.selectors, so they are scoped by construction."""

from collections import Counter
from typing import Any

from django.db.models import QuerySet

from faircase.framework.models import Consideration, FollowUp, FrameworkVersion, Review, ReviewAnswer


def current_version(organisation: Any) -> FrameworkVersion:
    """The organisation's latest published version, or the national one if it has not adapted it."""
    own = (
        FrameworkVersion.objects.filter(organisation=organisation, published_at__isnull=False)
        .order_by("-number")
        .first()
    )
    if own:
        return own
    national = FrameworkVersion.objects.filter(organisation__isnull=True).order_by("-number").first()
    if national is None:
        raise LookupError("The national framework version is missing: run `faircase migrate`.")
    return national


def draft_version(organisation: Any) -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(organisation=organisation, published_at__isnull=True).first()


def versions_for(organisation: Any) -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.filter(organisation=organisation).order_by("-number")


def considerations_for(review: Review) -> list[Consideration]:
    return [c for c in review.version.considerations.all() if c.applies_at(review.review_point)]


def answer_counts(review: Review) -> dict[str, int]:
    return dict(Counter(ReviewAnswer.objects.filter(review=review).values_list("answer", flat=True)))


def reviews_for_case(case: Any) -> QuerySet[Review]:
    return (
        Review.objects.filter(case=case)
        .select_related("version", "started_by", "completed_by", "corrects")
        .order_by("started_at", "id")
    )


def open_follow_ups(case: Any) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(case=case, status=FollowUp.Status.OPEN)


def follow_ups_for_case(case: Any) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(case=case).select_related(
        "owner", "closed_by", "answer__consideration", "answer__review"
    )


def has_completed_commencement(case: Any) -> bool:
    return Review.objects.filter(
        case=case, review_point="commencement", status=Review.Status.COMPLETED
    ).exists()


def latest_completed_review_since(case: Any, since: Any) -> Review | None:
    reviews = Review.objects.filter(case=case, status=Review.Status.COMPLETED)
    if since is not None:
        reviews = reviews.filter(completed_at__gte=since)
    return reviews.order_by("-completed_at").first()
