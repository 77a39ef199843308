"""Reads of the framework. Case-bound reads take a case the caller has already fetched through
faircase.cases.selectors, so they are scoped by construction."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext

from faircase.accounts import roles as R
from faircase.accounts.selectors import organisations_for, organisations_with_role, roles_in
from faircase.core.page_reads import read_once
from faircase.framework.models import Consideration, FollowUp, FrameworkVersion, Review, ReviewAnswer
from faircase.framework.principles import ANSWERS_NEEDING_FOLLOW_UP, PRINCIPLES_IN_ORDER, Answer, ReviewPoint
from faircase.framework.principles import position as principle_position

if TYPE_CHECKING:
    from faircase.accounts.models import Organisation, User
    from faircase.cases.models import Case


def current_version(organisation: Organisation | None) -> FrameworkVersion:
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


def draft_version(organisation: Organisation) -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(organisation=organisation, published_at__isnull=True).first()


def versions_for(organisation: Organisation) -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.filter(organisation=organisation).order_by("-number")


def considerations_for(review: Review) -> list[Consideration]:
    """What a review asks. A completed review: what it answered. One in progress: the considerations of its
    framework version in use at its review point; where the case's policy pack narrows that review point (a
    review of an exclusion asks what that decision turns on), only those it names plus any whose last answer is
    still "no" or "unknown" or whose follow-up is still open, and never none under a Principle."""
    every = list(review.version.considerations.all())
    if review.is_locked:
        answered = set(review.answers.values_list("consideration_id", flat=True))
        return [c for c in every if c.pk in answered]
    applicable = [c for c in every if c.applies_at(review.review_point)]
    from faircase.policy.pack_extras import review_focus

    focus = review_focus(review.case, review.review_point)
    if focus is None:
        return applicable
    keep = set(focus) | still_in_question(review.case, before=review)
    chosen = {c.pk for c in applicable if c.code in keep}
    for principle in PRINCIPLES_IN_ORDER:
        under = [c for c in applicable if c.principle == principle.value]
        if not any(c.pk in chosen for c in under):
            chosen |= {c.pk for c in under}
    return [c for c in applicable if c.pk in chosen]


def still_in_question(case: Case, *, before: Review | None = None) -> set[str]:
    """Codes of the considerations whose last completed answer is "no" or "unknown", or whose follow-up is open."""
    last = last_answers(case, before=before)
    codes = {code for code, answer in last.items() if answer.answer in ANSWERS_NEEDING_FOLLOW_UP}
    return codes | set(open_follow_ups(case).values_list("code", flat=True))


def answer_counts(review: Review) -> dict[str, int]:
    return dict(Counter(review.answers.values_list("answer", flat=True)))


@read_once
def reviews_for_case(case: Case) -> QuerySet[Review]:
    return (
        Review.objects.of_case(case)
        .select_related("version", "started_by", "completed_by", "corrects")
        .order_by("started_at", "id")
    )


def open_follow_ups(case: Case) -> QuerySet[FollowUp]:
    return FollowUp.objects.of_case(case).filter(status=FollowUp.Status.OPEN)


def follow_ups_for_case(case: Case) -> QuerySet[FollowUp]:
    return FollowUp.objects.of_case(case).select_related(
        "owner", "closed_by", "answer__consideration", "answer__review"
    )


def has_completed_commencement(case: Case) -> bool:
    return (
        Review.objects.of_case(case)
        .filter(review_point="commencement", status=Review.Status.COMPLETED)
        .exists()
    )


def latest_completed_review_since(case: Case, since: Any) -> Review | None:
    reviews = Review.objects.of_case(case).filter(status=Review.Status.COMPLETED)
    if since is not None:
        reviews = reviews.filter(completed_at__gte=since)
    return reviews.order_by("-completed_at").first()


def follow_ups_owned_by(user: User) -> QuerySet[FollowUp]:
    """Open follow-ups a user owns, on open cases they may see."""
    return (
        FollowUp.objects.visible_to(user)
        .filter(owner=user, status=FollowUp.Status.OPEN, case__closed_at__isnull=True)
        .select_related("case", "answer__consideration", "owner")
        .order_by("due_on", "id")
    )


def review_numbers(case: Case) -> dict[int, int]:
    """Each review's number in the case, as people read it ("review 3"): in the order they were started."""
    ids = Review.objects.of_case(case).order_by("started_at", "id").values_list("pk", flat=True)
    return {pk: number for number, pk in enumerate(ids, start=1)}


def last_answers(case: Case, *, before: Review | None = None) -> dict[str, ReviewAnswer]:
    """The latest completed answer to each consideration of the case, by consideration code (stable across
    framework versions): where a later review starts from. `before` leaves out the review being taken."""
    answers = (
        ReviewAnswer.objects.of_case(case)
        .filter(review__status=Review.Status.COMPLETED)
        .select_related("review", "consideration", "follow_up")
        .order_by("review__completed_at", "review_id", "id")
    )
    if before is not None:
        answers = answers.exclude(review_id=before.pk)
    return {answer.consideration.code: answer for answer in answers}


def starting_answers(review: Review) -> dict[str, ReviewAnswer]:
    """The answers a review starts from, by consideration code: for a correction, the answers of the review it
    corrects; otherwise the last completed answer to each consideration."""
    if review.corrects_id:
        return {
            answer.consideration.code: answer
            for answer in ReviewAnswer.objects.of_case(review.case_id)
            .filter(review_id=review.corrects_id)
            .select_related("review", "consideration", "follow_up")
        }
    return last_answers(review.case, before=review)


def open_follow_up_for(case: Case, code: str) -> FollowUp | None:
    return FollowUp.objects.of_case(case).filter(status=FollowUp.Status.OPEN, code=code).first()


@dataclass(frozen=True)
class OwnerRule:
    """Who may own a case's work (its follow-ups, actions from Advice): people who can see the case. Nobody
    excluded from it for a conflict of interest, and never the practitioner it is about."""

    allowed: frozenset[int]
    excluded: frozenset[int]

    def allows(self, person: Any) -> bool:
        return person is not None and person.pk in self.allowed

    def problem(self, person: Any) -> str | None:
        if self.allows(person):
            return None
        if person.pk in self.excluded:
            return (
                f"{person.display_name} is excluded from this case for a conflict of interest, so cannot own its "
                "follow-ups: choose someone else"
            )
        return f"{person.display_name} cannot see this case, so cannot own its follow-ups: choose someone who can"


def owner_choices(case: Case) -> list[Any]:
    """The people who may own the case's work, by name (in the Welsh alphabet's order for a Welsh reader)."""
    from faircase.access.scopes import people_with_access
    from faircase.core.languages import in_reading_order

    return in_reading_order(people_with_access(case), lambda person: person.display_name)


def owner_rule(case: Case) -> OwnerRule:
    from faircase.access.scopes import people_with_access
    from faircase.cases.models import ConflictExclusion

    return OwnerRule(
        allowed=frozenset(people_with_access(case).values_list("pk", flat=True)),
        excluded=frozenset(ConflictExclusion.objects.of_case(case).values_list("user_id", flat=True)),
    )


@dataclass(frozen=True)
class HistoryEntry:
    """One answer in a follow-up's history: the one that opened it, a later one that joined it, or a later "yes"
    that closed it or left it open."""

    review_id: int
    review_number: int
    review_point: str
    review_point_label: str
    answer: str
    answer_label: str
    note: str
    answered_by: str
    answered_at: Any
    opened: bool
    closed: bool

    @property
    def left_open(self) -> bool:
        return self.answer not in ANSWERS_NEEDING_FOLLOW_UP and not self.closed

    @property
    def what(self) -> str:
        if self.opened:
            return gettext("Opened it")
        if self.closed:
            return gettext("Closed it")
        if self.left_open:
            return gettext("Left it open")
        return gettext("Added to it")


def follow_up_history(follow_up: FollowUp, *, numbers: dict[int, int] | None = None) -> list[HistoryEntry]:
    """The answers of the follow-up, oldest first, with the review each was given in."""
    numbers = numbers if numbers is not None else review_numbers(follow_up.case)
    answers = (
        ReviewAnswer.objects.of_case(follow_up.case_id)
        .filter(follow_up=follow_up)
        .select_related("review", "answered_by")
        .order_by("review__started_at", "review_id", "id")
    )
    return [
        HistoryEntry(
            review_id=a.review_id,
            review_number=numbers.get(a.review_id, 0),
            review_point=a.review.review_point,
            review_point_label=a.review.get_review_point_display(),
            answer=a.answer,
            answer_label=str(Answer(a.answer).label),
            note=a.note,
            answered_by=a.answered_by.display_name,
            answered_at=a.answered_at,
            opened=a.pk == follow_up.answer_id,
            closed=a.pk == follow_up.closed_by_answer_id,
        )
        for a in answers
    ]


# ---- adaptation: versions an administrator works on, and what changed between two versions ------------


def administered_organisations(user: User) -> QuerySet[Any]:
    """Organisations whose framework this user may adapt (organisation administrators)."""
    return organisations_with_role(user, R.ADAPTS_FRAMEWORK).order_by("name")


def administered_organisation(user: User, slug: str) -> Any:
    """One organisation the user administers, or 404: an organisation they cannot adapt does not exist for them."""
    organisation = administered_organisations(user).filter(slug=slug).first()
    if organisation is None or not user.has_perm("framework.adapt", organisation):
        raise Http404("No such organisation")
    return organisation


def member_organisation(user: User, slug: str) -> Any | None:
    """The organisation with this slug if the user holds any role in it, else None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return organisations_for(user).filter(slug=slug).first()


def version_for(user: User, version_id: Any) -> FrameworkVersion:
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


def version_by_number(organisation: Organisation, number: int) -> FrameworkVersion | None:
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
            # A Welsh version written or changed is a rewording too (ADR 41): publishing it makes a new version.
            if old.text != new.text or old.text_cy != new.text_cy:
                kinds.append("reworded")
            if new.retired and not old.retired:
                kinds.append("retired")
            if old.retired and not new.retired:
                kinds.append("restored")
            if old.guidance != new.guidance or old.guidance_cy != new.guidance_cy:
                kinds.append("guidance")
            if list(old.review_points) != list(new.review_points):
                kinds.append("review_points")
        if kinds:
            subject = new if new is not None else old
            assert subject is not None  # a code in neither version is not in the loop
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
