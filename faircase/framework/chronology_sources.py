"""The framework's entries in the chronology (faircase.cases.chronology): each review of the case once completed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from faircase.cases.chronology import ChronologyEntry, register_source
from faircase.framework import selectors


def review_events(case: Any) -> Iterator[ChronologyEntry]:
    for review in selectors.reviews_for_case(case):
        if review.completed_at is None:
            continue  # a review in progress has not happened yet
        title = f"Framework review completed: {review.get_review_point_display()}"
        if review.corrects_id is not None:
            title += " (a correction)"
        by = review.completed_by.display_name if review.completed_by else ""
        yield ChronologyEntry(
            review.completed_at,
            "review",
            title,
            f"Completed by {by}" if by else "",
            reverse("reviews:detail", kwargs={"case_id": case.pk, "review_id": review.pk}),
        )


def register_chronology() -> None:
    register_source("review", "Framework reviews", review_events)
