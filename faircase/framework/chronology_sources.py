"""The framework's entries in the chronology (faircase.cases.chronology): each review of the case once completed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.cases.chronology import ChronologyEntry, register_source
from faircase.framework import selectors


def review_events(case: Any) -> Iterator[ChronologyEntry]:
    for review in selectors.reviews_for_case(case):
        if review.completed_at is None:
            continue  # a review in progress has not happened yet
        if review.corrects_id is not None:
            title = _("Framework review completed: %(review_point)s (a correction)")
        else:
            title = _("Framework review completed: %(review_point)s")
        title = title % {"review_point": review.get_review_point_display()}
        by = review.completed_by.display_name if review.completed_by else ""
        yield ChronologyEntry(
            review.completed_at,
            "review",
            title,
            _("Completed by %(person)s") % {"person": by} if by else "",
            reverse("reviews:detail", kwargs={"case_id": case.pk, "review_id": review.pk}),
        )


def register_chronology() -> None:
    register_source("review", cast(str, gettext_lazy("Framework reviews")), review_events)
