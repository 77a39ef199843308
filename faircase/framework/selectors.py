"""Reads of the framework. Case-bound reads take a case the caller has already fetched through
faircase.cases.selectors, so they are scoped by construction."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from faircase.accounts import roles as R
from faircase.accounts.selectors import organisations_for, organisations_with_role, roles_in
from faircase.framework.models import Consideration, FollowUp, FrameworkVersion, Review
from faircase.framework.principles import PRINCIPLES_IN_ORDER, ReviewPoint
from faircase.framework.principles import position as principle_position


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
    return dict(Counter(review.answers.values_list("answer", flat=True)))


def reviews_for_case(case: Any) -> QuerySet[Review]:
    return (
        Review.objects.of_case(case)
        .select_related("version", "started_by", "completed_by", "corrects")
        .order_by("started_at", "id")
    )


def open_follow_ups(case: Any) -> QuerySet[FollowUp]:
    return FollowUp.objects.of_case(case).filter(status=FollowUp.Status.OPEN)


def follow_ups_for_case(case: Any) -> QuerySet[FollowUp]:
    return FollowUp.objects.of_case(case).select_related(
        "owner", "closed_by", "answer__consideration", "answer__review"
    )


def has_completed_commencement(case: Any) -> bool:
    return (
        Review.objects.of_case(case)
        .filter(review_point="commencement", status=Review.Status.COMPLETED)
        .exists()
    )


def latest_completed_review_since(case: Any, since: Any) -> Review | None:
    reviews = Review.objects.of_case(case).filter(status=Review.Status.COMPLETED)
    if since is not None:
        reviews = reviews.filter(completed_at__gte=since)
    return reviews.order_by("-completed_at").first()


def follow_ups_owned_by(user: Any) -> QuerySet[FollowUp]:
    """Open follow-ups a user owns, only on cases they may see."""
    return (
        FollowUp.objects.visible_to(user)
        .filter(owner=user, status=FollowUp.Status.OPEN)
        .select_related("case", "answer__consideration", "owner")
        .order_by("due_on", "id")
    )


# ---- adaptation: versions an administrator works on, and what changed between two versions ------------


def administered_organisations(user: Any) -> QuerySet[Any]:
    """Organisations whose framework this user may adapt (organisation administrators)."""
    return organisations_with_role(user, R.ADAPTS_FRAMEWORK).order_by("name")


def administered_organisation(user: Any, slug: str) -> Any:
    """One organisation the user administers, or 404: an organisation they cannot adapt does not exist for them."""
    organisation = administered_organisations(user).filter(slug=slug).first()
    if organisation is None or not user.has_perm("framework.adapt", organisation):
        raise Http404("No such organisation")
    return organisation


def member_organisation(user: Any, slug: str) -> Any | None:
    """The organisation with this slug if the user holds any role in it, else None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return organisations_for(user).filter(slug=slug).first()


def version_for(user: Any, version_id: Any) -> FrameworkVersion:
    """A version the user may read, or 404. The national version is open to everyone signed in; an
    organisation's published versions to its members; a draft only to the organisation's administrators."""
    version = (
        FrameworkVersion.objects.select_related("organisation", "based_on__organisation")
        .filter(pk=version_id)
        .first()
    )
    if version is None or not getattr(user, "is_authenticated", False):
        raise Http404("No such framework version")
    if version.organisation_id is None:
        return version
    allowed = (
        user.has_perm("framework.adapt", version.organisation)
        if not version.is_published
        else bool(roles_in(user, version.organisation))
    )
    if not allowed:
        raise Http404("No such framework version")
    return version


def considerations_in(version: FrameworkVersion | None) -> list[Consideration]:
    if version is None:
        return []
    return list(Consideration.objects.filter(version=version).order_by("position", "id"))


def consideration_in_draft(draft: FrameworkVersion, code: str) -> Consideration:
    consideration = Consideration.objects.filter(version=draft, code=code).first()
    if consideration is None:
        raise Http404("No such consideration in this draft")
    return consideration


def version_by_number(organisation: Any, number: int) -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(organisation=organisation, number=number).first()


@dataclass(frozen=True)
class ConsiderationChange:
    """How one consideration (known by its code) differs between a version and the one it was based on."""

    code: str
    principle: str
    kinds: tuple[str, ...]
    before: Consideration | None
    after: Consideration | None


# The kinds of change, in the order people read them.
CHANGE_KINDS = ("added", "removed", "moved", "reworded", "retired", "restored", "guidance", "review_points")


def changes_between(base: list[Consideration], current: list[Consideration]) -> list[ConsiderationChange]:
    """What changed from `base` to `current`, by consideration code, in the fixed order of the Principles."""
    before = {c.code: c for c in base}
    after = {c.code: c for c in current}
    changes = []
    for code in [*after, *(code for code in before if code not in after)]:
        old, new = before.get(code), after.get(code)
        kinds: list[str] = []
        if old is None:
            kinds.append("added")
        elif new is None:
            kinds.append("removed")
        else:
            if old.principle != new.principle:
                kinds.append("moved")
            if old.text != new.text:
                kinds.append("reworded")
            if new.retired and not old.retired:
                kinds.append("retired")
            if old.retired and not new.retired:
                kinds.append("restored")
            if old.guidance != new.guidance:
                kinds.append("guidance")
            if list(old.review_points) != list(new.review_points):
                kinds.append("review_points")
        if kinds:
            subject = new or old
            changes.append(
                ConsiderationChange(
                    code=code, principle=subject.principle, kinds=tuple(kinds), before=old, after=new
                )
            )
    order = {code: i for i, code in enumerate([*after, *before])}
    return sorted(changes, key=lambda c: (principle_position(c.principle), order[c.code]))


def principle_gaps(considerations: list[Any]) -> list[tuple[str, str]]:
    """(principle, review point) pairs at which no consideration in use would be asked. Every Principle is
    consulted at every review point, so adapting may never leave one empty."""
    gaps = []
    for principle in PRINCIPLES_IN_ORDER:
        in_use = [c for c in considerations if c.principle == principle.value and not c.retired]
        for point in ReviewPoint:
            if not any(not c.review_points or point.value in c.review_points for c in in_use):
                gaps.append((principle.value, point.value))
    return gaps
