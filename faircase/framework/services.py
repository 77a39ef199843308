"""Writes to the framework: versions, reviews, answers and follow-ups. Each service is one transaction
and writes its audit event inside it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from faircase.access.guard import authorize
from faircase.core import audit, languages
from faircase.core.readers import compose_yaml
from faircase.framework import selectors
from faircase.framework.models import Consideration, FollowUp, FrameworkVersion, Review, ReviewAnswer
from faircase.framework.principles import (
    ANSWERS_NEEDING_FOLLOW_UP,
    PRINCIPLES_IN_ORDER,
    Answer,
    FixedPrincipleError,
    Principle,
    ReviewPoint,
)
from faircase.framework.principles import name as principle_name
from faircase.framework.yamlformat import CODE_PATTERN, FrameworkFileError, FrameworkSpec, parse

if TYPE_CHECKING:
    from faircase.accounts.models import Organisation, User
    from faircase.cases.models import Case
    from faircase.core.audit import ActorLike

NATIONAL_FILE = Path(__file__).resolve().parents[1] / "data" / "framework" / "national.yaml"


class ReviewLockedError(ValidationError):
    pass


# ---- versions -------------------------------------------------------------------------------------------


@transaction.atomic
def create_version(
    *,
    organisation: Organisation | None,
    spec: FrameworkSpec,
    by: ActorLike,
    based_on: FrameworkVersion | None = None,
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
            version=version,
            code=c.code,
            principle=c.principle,
            position=i,
            text=c.text,
            guidance=c.guidance,
            text_cy=c.text_cy,
            guidance_cy=c.guidance_cy,
            review_points=c.review_points,
            retired=c.retired,
        )
        for i, c in enumerate(spec.considerations, start=1)
    )
    audit.record(
        by=actor,
        action="framework.version_created",
        obj=version,
        organisation=organisation,
        after={
            "number": version.number,
            "title": version.title,
            "published": publish,
            "considerations": len(spec.considerations),
        },
    )
    return version


def load_national(*, by: ActorLike = "faircase (national starter set)") -> FrameworkVersion:
    """Create the national version from the shipped starter set, once."""
    existing = FrameworkVersion.objects.filter(organisation__isnull=True).order_by("-number").first()
    if existing:
        return existing
    spec = parse(NATIONAL_FILE.read_text(encoding="utf-8"))
    return create_version(organisation=None, spec=spec, by=by)


# ---- reviews --------------------------------------------------------------------------------------------


@transaction.atomic
def start_review(*, case: Case, review_point: str, by: User, corrects: Review | None = None) -> Review:
    authorize(by=by, case=case, action="review.start")
    if review_point not in ReviewPoint.values:
        raise ValidationError({"review_point": _("Choose a review point")})
    if corrects is not None:
        if corrects.case_id != case.pk or not corrects.is_locked:
            raise ValidationError(_("Only a completed review of this case can be corrected."))
        review_point = corrects.review_point
    version = selectors.current_version(case.organisation)
    review = Review.objects.create(
        case=case,
        version=version,
        review_point=review_point,
        stage=case.stage,
        started_by=by,
        corrects=corrects,
    )
    audit.record(
        by=by,
        action="review.started",
        obj=review,
        case=case,
        after={
            "review_point": review_point,
            "framework_version": version.number,
            "corrects": corrects.pk if corrects else None,
        },
    )
    return review


def _ensure_open(review: Review) -> None:
    if review.is_locked:
        raise ReviewLockedError(
            _(
                "This review is completed and locked. To correct it, start a correction: the original stays in the "
                "record."
            )
        )


@transaction.atomic
def save_answers(*, review: Review, answers: dict[int, dict[str, Any]], by: User) -> list[ReviewAnswer]:
    """Save part or all of a review. `answers` maps consideration id to
    {answer, note, follow_up_action, follow_up_owner, follow_up_due_on, close_follow_up, close_reason}.

    One follow-up stays open per consideration and case. A "no" or "unknown" opens it, or joins the one already
    open (its action, owner and due date may be changed). A "yes" or "not applicable" while one is open from an
    earlier review leaves it open, or closes it when the reviewer says so and why (`close_follow_up`,
    `close_reason`). While the review is in progress every step can be undone: changing this review's own "no"
    to "yes" withdraws the follow-up it opened, and changing a "yes" that closed one back reopens it.
    """
    authorize(by=by, case=review.case, action="review.answer")
    review = Review.objects.select_for_update().get(pk=review.pk)
    _ensure_open(review)
    case = review.case
    considerations = {c.pk: c for c in selectors.considerations_for(review)}
    open_by_code = {
        f.code: f
        for f in FollowUp.objects.of_case(case).select_for_update().filter(status=FollowUp.Status.OPEN)
    }
    owners = selectors.owner_rule(case)
    errors: dict[str, str] = {}
    for consideration_id, values in answers.items():
        consideration = considerations.get(consideration_id)
        if consideration is None:
            raise ValidationError(_("That consideration is not part of this review."))
        errors.update(_answer_errors(consideration, values, open_by_code.get(consideration.code), owners))
    if errors:
        raise ValidationError(errors)

    # One audit event per save, listing every answer that changed: the history stays readable.
    previous = selectors.starting_answers(review)
    saved: list[Any] = []
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    follow_ups: dict[str, Any] = {}
    existing = {
        a.consideration_id: a
        for a in ReviewAnswer.objects.filter(review=review, consideration_id__in=answers)
    }
    for consideration_id, values in answers.items():
        consideration = considerations[consideration_id]
        old = existing.get(consideration_id)
        carried_from = previous.get(consideration.code)
        needs_follow_up = values["answer"] in ANSWERS_NEEDING_FOLLOW_UP
        answer, _created = ReviewAnswer.objects.update_or_create(
            review=review,
            consideration=consideration,
            defaults={
                "answer": values["answer"],
                "note": values.get("note", "").strip(),
                "answered_by": by,
                "answered_at": timezone.now(),
                "carried_from": carried_from,
                "planned_action": values["follow_up_action"].strip() if needs_follow_up else "",
                "planned_owner": values["follow_up_owner"] if needs_follow_up else None,
                "planned_due_on": values["follow_up_due_on"] if needs_follow_up else None,
            },
        )
        old_value = {"answer": old.answer, "note": old.note} if old else None
        new_value = {"answer": answer.answer, "note": answer.note}
        follow_up_change = _sync_follow_up(answer, values, open_by_code, by=by)
        if old_value != new_value:
            before[consideration.code] = old_value
            after[consideration.code] = new_value
            if carried_from is not None:
                after[consideration.code]["since_review"] = carried_from.review_id
                after[consideration.code]["changed"] = carried_from.answer != answer.answer
        if follow_up_change:
            follow_ups[consideration.code] = follow_up_change
        saved.append(answer)
    if after or follow_ups:
        audit.record(
            by=by,
            action="review.answers_saved",
            obj=review,
            case=review.case,
            before=before,
            after=after,
            detail={"follow_ups": follow_ups} if follow_ups else None,
        )
    return saved


def missing_from_answer(values: dict[str, Any], *, has_open_follow_up: bool) -> list[str]:
    """What an answer still needs, by name: a "not applicable" says why; a "no" or "unknown" says what will be
    done, who will do it and by when; a "yes" or "not applicable" that closes an open follow-up says why it can.
    The one rule, kept here, that the answer page also checks before it saves, so it shows every gap at once."""
    answer = values.get("answer")
    missing = []
    if answer == Answer.NOT_APPLICABLE and not values.get("note", "").strip():
        missing.append("note")
    if answer in ANSWERS_NEEDING_FOLLOW_UP:
        if not values.get("follow_up_action", "").strip():
            missing.append("follow_up_action")
        if not values.get("follow_up_owner"):
            missing.append("follow_up_owner")
        if not isinstance(values.get("follow_up_due_on"), dt.date):
            missing.append("follow_up_due_on")
    elif has_open_follow_up and values.get("close_follow_up") and not values.get("close_reason", "").strip():
        missing.append("close_reason")
    return missing


def _answer_errors(
    consideration: Consideration,
    values: dict[str, Any],
    open_follow_up: FollowUp | None,
    owners: selectors.OwnerRule,
) -> dict[str, str]:
    prefix = f"c{consideration.pk}"
    code = consideration.code
    if values.get("answer") not in Answer.values:
        return {f"{prefix}-answer": _("Answer %(code)s: yes, no, unknown or not applicable") % {"code": code}}
    messages = {
        "note": _("Say why %(code)s does not apply"),
        "follow_up_action": _("Say what will be done to follow up %(code)s"),
        "follow_up_owner": _("Choose who owns the follow-up for %(code)s"),
        "follow_up_due_on": _("Enter the date the follow-up for %(code)s is due"),
        "close_reason": _("Say why the follow-up for %(code)s can close"),
    }
    missing = missing_from_answer(values, has_open_follow_up=open_follow_up is not None)
    errors = {f"{prefix}-{name}": messages[name] % {"code": code} for name in missing}
    owner = values.get("follow_up_owner")
    if values["answer"] in ANSWERS_NEEDING_FOLLOW_UP and owner and (problem := owners.problem(owner)):
        errors[f"{prefix}-follow_up_owner"] = problem
    return errors


def _reopen(follow_up: FollowUp) -> None:
    follow_up.status = FollowUp.Status.OPEN
    follow_up.outcome = ""
    follow_up.closed_by = None
    follow_up.closed_at = None
    follow_up.closed_by_answer = None


def _sync_follow_up(
    answer: ReviewAnswer, values: dict[str, Any], open_by_code: dict[str, FollowUp], *, by: User
) -> dict[str, Any] | None:
    """Bring the follow-up of one saved answer in line with it; say what changed, for the audit event."""
    code = answer.consideration.code
    current = (
        FollowUp.objects.select_for_update().filter(pk=answer.follow_up_id).first()
        if answer.follow_up_id
        else None
    )
    open_one = open_by_code.get(code)
    closed_by_this = current is not None and current.closed_by_answer_id == answer.pk

    if answer.answer in ANSWERS_NEEDING_FOLLOW_UP:
        fields = {
            "action": values["follow_up_action"].strip(),
            "owner": values["follow_up_owner"],
            "due_on": values["follow_up_due_on"],
        }
        change = None
        if closed_by_this and current is not None and open_one is None:
            _reopen(current)
            open_one = open_by_code[code] = current
            change = {"reopened": fields["action"]}
        if open_one is None:
            if current is not None and current.answer_id == answer.pk:
                return None  # the follow-up this answer opened was closed on its own page: it stays closed
            open_one = FollowUp.objects.create(case=answer.review.case, code=code, answer=answer, **fields)
            open_by_code[code] = open_one
            _link(answer, open_one)
            return {"opened": fields["action"]}
        changed = any(getattr(open_one, key) != value for key, value in fields.items())
        for key, value in fields.items():
            setattr(open_one, key, value)
        open_one.save()
        if answer.follow_up_id != open_one.pk:
            _link(answer, open_one)
            return change or {"added_to": open_one.pk, "action": fields["action"]}
        if change:
            return change
        return {"updated": fields["action"]} if changed else None

    # A "yes" or "not applicable".
    if current is not None and current.answer_id == answer.pk and current.is_open:
        withdrawn = current.action
        _link(answer, None)
        open_by_code.pop(code, None)
        current.delete()
        return {"withdrawn": withdrawn}
    if closed_by_this and current is not None:
        if values.get("close_follow_up"):
            reason = values["close_reason"].strip()
            if current.outcome == reason:
                return None
            current.outcome = reason
            current.save(update_fields=["outcome"])
            return {"closed": reason}
        if (
            code in open_by_code
        ):  # another follow-up was opened meanwhile: this answer no longer belongs to one
            _link(answer, None)
            return {"closing_withdrawn": current.pk}
        _reopen(current)
        current.save()
        open_by_code[code] = current
        return {"left_open": current.pk}
    if open_one is None:
        if current is not None and current.answer_id != answer.pk:
            _link(answer, None)  # it had joined a follow-up since closed on its own page
        return None
    if answer.follow_up_id != open_one.pk:
        _link(answer, open_one)
    if values.get("close_follow_up"):
        reason = values["close_reason"].strip()
        open_one.status = FollowUp.Status.CLOSED
        open_one.outcome = reason
        open_one.closed_by = by
        open_one.closed_at = timezone.now()
        open_one.closed_by_answer = answer
        open_one.save()
        open_by_code.pop(code, None)
        return {"closed": reason}
    return {"left_open": open_one.pk}


def _link(answer: ReviewAnswer, follow_up: FollowUp | None) -> None:
    answer.follow_up = follow_up
    answer.save(update_fields=["follow_up"])


class IncompleteReviewError(ValidationError):
    """A review cannot be completed while considerations are unanswered: `missing` lists them, in order."""

    def __init__(self, missing: list[Consideration]):
        self.missing = missing
        super().__init__(
            _(
                "Answer or confirm every consideration before completing the review. Still to answer or confirm: "
                "%(codes)s."
            )
            % {"codes": ", ".join(c.code for c in missing)}
        )


@transaction.atomic
def complete_review(*, review: Review, by: User) -> Review:
    authorize(by=by, case=review.case, action="review.complete")
    review = Review.objects.select_for_update().get(pk=review.pk)
    _ensure_open(review)
    considerations = selectors.considerations_for(review)
    answered = set(ReviewAnswer.objects.filter(review=review).values_list("consideration_id", flat=True))
    missing = [c for c in considerations if c.pk not in answered]
    if missing:
        raise IncompleteReviewError(missing)
    review.status = Review.Status.COMPLETED
    review.completed_by = by
    review.completed_at = timezone.now()
    review.save(update_fields=["status", "completed_by", "completed_at"])
    counts = selectors.answer_counts(review)
    audit.record(
        by=by,
        action="review.completed",
        obj=review,
        case=review.case,
        after={"review_point": review.review_point, "answers": counts},
    )
    return review


def _locked_open_follow_up(follow_up: FollowUp) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if not follow_up.is_open:
        if follow_up.status == FollowUp.Status.CARRIED:
            raise ValidationError(_("This follow-up is already carried beyond the case."))
        raise ValidationError(_("This follow-up is already closed."))
    return follow_up


@transaction.atomic
def close_follow_up(*, follow_up: FollowUp, outcome: str, by: User) -> FollowUp:
    authorize(by=by, case=follow_up.case, action="follow_up.close")
    follow_up = _locked_open_follow_up(follow_up)
    if not outcome.strip():
        raise ValidationError({"outcome": _("Enter the outcome of the follow-up")})
    follow_up.status = FollowUp.Status.CLOSED
    follow_up.outcome = outcome.strip()
    follow_up.closed_by = by
    follow_up.closed_at = timezone.now()
    follow_up.save(update_fields=["status", "outcome", "closed_by", "closed_at"])
    audit.record(
        by=by,
        action="follow_up.closed",
        obj=follow_up,
        case=follow_up.case,
        before={"status": "open"},
        after={"status": "closed", "outcome": follow_up.outcome},
        detail={"code": follow_up.code},
    )
    return follow_up


@transaction.atomic
def carry_follow_up(*, follow_up: FollowUp, reason: str, by: User) -> FollowUp:
    """Hand a follow-up on beyond the case (to an appraisal, a job plan review, another process), saying why
    and to whom. It is no longer open on the case or on anyone's list; the reason is in the record."""
    authorize(by=by, case=follow_up.case, action="follow_up.carry")
    follow_up = _locked_open_follow_up(follow_up)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the follow-up is carried beyond the case, and to whom")})
    follow_up.status = FollowUp.Status.CARRIED
    follow_up.outcome = reason.strip()
    follow_up.closed_by = by
    follow_up.closed_at = timezone.now()
    follow_up.save(update_fields=["status", "outcome", "closed_by", "closed_at"])
    audit.record(
        by=by,
        action="follow_up.carried",
        obj=follow_up,
        case=follow_up.case,
        before={"status": "open"},
        after={"status": "carried", "reason": follow_up.outcome},
        detail={"code": follow_up.code},
    )
    return follow_up


def hand_over(follow_up: FollowUp, *, owner: Any, by: User, why: str) -> None:
    """Give an open follow-up a new owner and audit it. The caller has authorised the change and checked that
    the new owner may own the case's work (`selectors.owner_rule`)."""
    before = follow_up.owner.display_name
    follow_up.owner = owner
    follow_up.save(update_fields=["owner"])
    audit.record(
        by=by,
        action="follow_up.reassigned",
        obj=follow_up,
        case=follow_up.case,
        before={"owner": before},
        after={"owner": owner.display_name},
        detail={"code": follow_up.code, "why": why},
    )


@transaction.atomic
def reassign_follow_up(*, follow_up: FollowUp, owner: Any, by: User) -> FollowUp:
    authorize(by=by, case=follow_up.case, action="follow_up.reassign")
    follow_up = _locked_open_follow_up(follow_up)
    if owner is None:
        raise ValidationError({"owner": _("Choose who will own the follow-up")})
    if problem := selectors.owner_rule(follow_up.case).problem(owner):
        raise ValidationError({"owner": problem})
    if owner.pk != follow_up.owner_id:
        hand_over(follow_up, owner=owner, by=by, why="reassigned")
    return follow_up


# ---- adaptation by an organisation administrator ------------------------------------------------------
#
# An adaptation is one draft version per organisation, copied from its current version. The draft is
# changed one consideration at a time, then published with a change note (it becomes the current version:
# reviews started afterwards use it, reviews already started stay pinned to theirs) or discarded.

LOCAL_CODE = re.compile(r"^LOCAL-(\d+)$")


def _consideration_summary(consideration: Consideration) -> dict[str, Any]:
    return {
        "code": consideration.code,
        "principle": consideration.principle,
        "text": consideration.text,
        "text_cy": consideration.text_cy,
        "guidance": consideration.guidance,
        "guidance_cy": consideration.guidance_cy,
        "review_points": list(consideration.review_points),
        "retired": consideration.retired,
    }


def _locked_draft(version: FrameworkVersion) -> FrameworkVersion:
    version = (
        FrameworkVersion.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=version.pk)
    )
    if version.is_published:
        raise ValidationError(
            _(
                "This version is published and can no longer be changed. Start a new adaptation to change the "
                "framework: it will be a new version."
            )
        )
    return version


def _normalised_review_points(review_points: Any) -> list[str]:
    chosen = set(review_points or [])
    unknown = chosen - set(ReviewPoint.values)
    if unknown:
        raise ValidationError(
            {
                "review_points": _("Choose review points from the list (%(points)s is not one)")
                % {"points": ", ".join(sorted(unknown))}
            }
        )
    # Stored in the order of the review points; every review point ticked means the same as none: all of them.
    ordered = [point for point in ReviewPoint.values if point in chosen]
    return [] if len(ordered) == len(ReviewPoint.values) else ordered


def _refuse_new_gaps(before: list[Any], after: list[Any]) -> None:
    introduced = [
        gap for gap in selectors.principle_gaps(after) if gap not in selectors.principle_gaps(before)
    ]
    if introduced:
        _raise_gap(introduced[0])


def _raise_gap(gap: tuple[str, str]) -> None:
    principle, point = gap
    raise ValidationError(
        _(
            "'%(principle)s' would have no consideration in use at the '%(review_point)s' review point. The five "
            "Principles are fixed and each is considered at every review point: keep at least one of its "
            "considerations in use there."
        )
        % {"principle": principle_name(principle), "review_point": ReviewPoint(point).label}
    )


def _next_local_code(organisation: Organisation | None, taken: set[str]) -> str:
    codes = Consideration.objects.filter(version__organisation=organisation, code__startswith="LOCAL-")
    numbers = [
        int(m.group(1)) for code in codes.values_list("code", flat=True) if (m := LOCAL_CODE.match(code))
    ]
    number = max(numbers, default=0) + 1
    while f"LOCAL-{number}" in taken:
        number += 1
    return f"LOCAL-{number}"


@transaction.atomic
def start_adaptation(*, organisation: Organisation, by: User) -> FrameworkVersion:
    """Create the organisation's one draft, a copy of its current version (the national starter set if it
    has not adapted it yet)."""
    from faircase.accounts.models import Organisation

    # Serialise administrators of the same organisation: there is only ever one draft.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    existing = selectors.draft_version(organisation)
    if existing is not None:
        raise ValidationError(
            _(
                "%(organisation)s already has a draft adaptation (version %(number)s). Continue it, or discard it "
                "before starting another."
            )
            % {"organisation": organisation.name, "number": existing.number}
        )
    current = selectors.current_version(organisation)
    last = FrameworkVersion.objects.filter(organisation=organisation).order_by("-number").first()
    title = current.title
    if current.is_national:
        # A title faircase writes and the organisation keeps (and may change): in the organisation's language.
        spoken = organisation.default_language
        with translation.override(spoken if spoken in languages.SPOKEN else languages.ENGLISH):
            title = _("%(organisation)s framework") % {"organisation": organisation.name}
    draft = FrameworkVersion.objects.create(
        organisation=organisation,
        number=(last.number + 1) if last else 1,
        title=title,
        based_on=current,
        created_by_label=audit.as_actor(by).name,
        published_at=None,
    )
    copied = Consideration.objects.bulk_create(
        Consideration(
            version=draft,
            code=c.code,
            principle=c.principle,
            position=c.position,
            text=c.text,
            guidance=c.guidance,
            text_cy=c.text_cy,
            guidance_cy=c.guidance_cy,
            review_points=list(c.review_points),
            retired=c.retired,
        )
        for c in selectors.considerations_in(current)
    )
    audit.record(
        by=by,
        action="framework.draft_started",
        obj=draft,
        organisation=organisation,
        after={"number": draft.number, "title": draft.title, "considerations": len(copied)},
        detail={
            "based_on": {
                "organisation": current.organisation.slug if current.organisation else "national",
                "number": current.number,
            }
        },
    )
    return draft


@transaction.atomic
def add_consideration(
    *,
    version: FrameworkVersion,
    principle: str,
    text: str,
    by: User,
    code: str = "",
    guidance: str = "",
    review_points: Any = None,
    text_cy: str = "",
    guidance_cy: str = "",
) -> Consideration:
    """Add a consideration to a draft, under one of the five Principles. Without a code, one is made
    (LOCAL-1, LOCAL-2, ...); a typed code must be like WS1 or LOCAL-3 and not used in this version."""
    draft = _locked_draft(version)
    if principle not in Principle.values:
        raise ValidationError(
            {
                "principle": str(
                    FixedPrincipleError(_("'%(principle)s' is not one of them.") % {"principle": principle})
                )
            }
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Enter the consideration")})
    existing = selectors.considerations_in(draft)
    taken = {c.code for c in existing}
    code = (code or "").strip().upper()
    if not code:
        code = _next_local_code(draft.organisation, taken)
    elif not CODE_PATTERN.match(code):
        raise ValidationError(
            {
                "code": _(
                    "The code must start with a capital letter and use only capital letters, digits and "
                    "hyphens, up to 20 characters, like WS8 or LOCAL-3"
                )
            }
        )
    elif code in taken:
        raise ValidationError(
            {"code": _("%(code)s is already used in this version: choose another code") % {"code": code}}
        )
    # Placed after the last consideration of its Principle, so the version reads (and exports) in the order
    # of the Principles.
    order = [p.value for p in PRINCIPLES_IN_ORDER]
    up_to = [c.position for c in existing if order.index(c.principle) <= order.index(principle)]
    position = max(up_to, default=0) + 1
    review_points = _normalised_review_points(review_points)
    Consideration.objects.filter(version=draft, position__gte=position).update(position=F("position") + 1)
    consideration = Consideration.objects.create(
        version=draft,
        code=code,
        principle=principle,
        text=text,
        guidance=(guidance or "").strip(),
        text_cy=(text_cy or "").strip(),
        guidance_cy=(guidance_cy or "").strip(),
        review_points=review_points,
        position=position,
    )
    audit.record(
        by=by,
        action="framework.consideration_added",
        obj=consideration,
        organisation=draft.organisation,
        after=_consideration_summary(consideration),
        detail={"version": draft.number},
    )
    return consideration


@transaction.atomic
def change_consideration(
    *,
    consideration: Consideration,
    by: User,
    text: str | None = None,
    guidance: str | None = None,
    review_points: Any = None,
    text_cy: str | None = None,
    guidance_cy: str | None = None,
) -> Consideration:
    """Reword a consideration of a draft, change its local guidance, or the review points at which it is
    asked (an empty list: every review point). Arguments left as None stay as they are."""
    draft = _locked_draft(consideration.version)
    consideration = Consideration.objects.get(pk=consideration.pk)
    before = _consideration_summary(consideration)
    if text is not None:
        if not text.strip():
            raise ValidationError({"text": _("Enter the consideration")})
        consideration.text = text.strip()
    if guidance is not None:
        consideration.guidance = guidance.strip()
    # The Welsh may be blank (the English is then shown to Welsh readers).
    if text_cy is not None:
        consideration.text_cy = text_cy.strip()
    if guidance_cy is not None:
        consideration.guidance_cy = guidance_cy.strip()
    if review_points is not None:
        consideration.review_points = _normalised_review_points(review_points)
    after = _consideration_summary(consideration)
    if after == before:
        return consideration
    others = [c for c in selectors.considerations_in(draft) if c.pk != consideration.pk]
    _refuse_new_gaps([*others, Consideration(**{**before, "version": draft})], [*others, consideration])
    consideration.save(update_fields=["text", "text_cy", "guidance", "guidance_cy", "review_points"])
    changed = [key for key in after if after[key] != before[key]]
    audit.record(
        by=by,
        action="framework.consideration_changed",
        obj=consideration,
        organisation=draft.organisation,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
        detail={"version": draft.number, "code": consideration.code},
    )
    return consideration


def _set_retired(consideration: Consideration, *, retired: bool, by: User) -> Consideration:
    draft = _locked_draft(consideration.version)
    consideration = Consideration.objects.get(pk=consideration.pk)
    if consideration.retired == retired:
        if retired:
            already = _("%(code)s is already retired in this draft.")
        else:
            already = _("%(code)s is already in use in this draft.")
        raise ValidationError(already % {"code": consideration.code})
    if retired:
        everything = selectors.considerations_in(draft)
        after = [
            c if c.pk != consideration.pk else Consideration(**{**_consideration_summary(c), "retired": True})
            for c in everything
        ]
        _refuse_new_gaps(everything, after)
    consideration.retired = retired
    consideration.save(update_fields=["retired"])
    audit.record(
        by=by,
        action="framework.consideration_retired" if retired else "framework.consideration_restored",
        obj=consideration,
        organisation=draft.organisation,
        before={"retired": not retired},
        after={"retired": retired},
        detail={"version": draft.number, "code": consideration.code},
    )
    return consideration


@transaction.atomic
def retire_consideration(*, consideration: Consideration, by: User) -> Consideration:
    """Stop asking a consideration from this version on. It stays in the version, marked retired, and in
    every review already answered against an earlier version."""
    return _set_retired(consideration, retired=True, by=by)


@transaction.atomic
def restore_consideration(*, consideration: Consideration, by: User) -> Consideration:
    return _set_retired(consideration, retired=False, by=by)


@transaction.atomic
def publish_draft(
    *, version: FrameworkVersion, change_note: str, by: User, title: str = ""
) -> FrameworkVersion:
    """Make the draft the organisation's current version. Reviews started from now on use it; reviews
    already started stay pinned to the version they were started with."""
    draft = _locked_draft(version)
    change_note = (change_note or "").strip()
    if not change_note:
        raise ValidationError({"change_note": _("Say what changed and why: it goes in the version history")})
    current = selectors.current_version(draft.organisation)
    if draft.based_on_id != current.pk:
        raise ValidationError(
            _(
                "Version %(number)s became the current version after this draft was started, so publishing the "
                "draft would undo it. Discard this draft and start a new adaptation from the current version."
            )
            % {"number": current.number}
        )
    considerations = selectors.considerations_in(draft)
    changes = selectors.changes_between(selectors.considerations_in(current), considerations)
    if not changes:
        raise ValidationError(
            _("This draft is the same as version %(number)s. Make a change before publishing, or discard it.")
            % {"number": current.number}
        )
    gaps = selectors.principle_gaps(considerations)
    if gaps:
        _raise_gap(gaps[0])
    draft.published_at = timezone.now()
    draft.change_note = change_note
    if title.strip():
        draft.title = title.strip()
    draft.save(update_fields=["published_at", "change_note", "title"])
    counts: dict[str, int] = {}
    for change in changes:
        for kind in change.kinds:
            counts[kind] = counts.get(kind, 0) + 1
    audit.record(
        by=by,
        action="framework.version_published",
        obj=draft,
        organisation=draft.organisation,
        before={"published": False, "current_version": current.number},
        after={
            "published": True,
            "current_version": draft.number,
            "title": draft.title,
            "change_note": change_note,
            "changes": counts,
        },
    )
    return draft


@transaction.atomic
def discard_draft(*, version: FrameworkVersion, by: User) -> None:
    draft = _locked_draft(version)
    considerations = Consideration.objects.filter(version=draft)
    audit.record(
        by=by,
        action="framework.draft_discarded",
        obj=draft,
        organisation=draft.organisation,
        before={"number": draft.number, "title": draft.title, "considerations": considerations.count()},
    )
    considerations.delete()
    draft.delete()


def _principle_line(text: str, principle: str) -> int | None:
    """The line on which a Principle's entry starts in a framework file (already parsed, so well formed)."""
    root = compose_yaml(text)
    if root is None:
        return None
    for key, value in root.value:
        if key.value == "principles":
            index = [p.value for p in PRINCIPLES_IN_ORDER].index(principle)
            line: int = value.value[index].start_mark.line
            return line + 1
    return None


@transaction.atomic
def import_version_file(
    *,
    organisation: Organisation,
    text: str,
    by: User,
    source: str,
    filename: str = "",
    change_note: str = "",
) -> FrameworkVersion:
    """Import a framework file as the organisation's new, published version. A bad file is refused whole
    (FrameworkFileError or FixedPrincipleError naming the line and field); nothing is saved."""
    spec = parse(text)
    gaps = selectors.principle_gaps(spec.considerations)
    if gaps:
        principle, point = gaps[0]
        raise FrameworkFileError(
            _(
                "'%(principle)s' has no consideration in use at the '%(point)s' review point; every Principle is "
                "considered at every review point"
            )
            % {"principle": Principle(principle).label, "point": ReviewPoint(point).label},
            line=_principle_line(text, principle),
            field_name="considerations",
        )
    draft = selectors.draft_version(organisation)
    if draft is not None:
        raise ValidationError(
            _(
                "%(organisation)s has a draft adaptation open (version %(number)s). Publish or discard it before "
                "importing a file, so that one change does not overwrite the other."
            )
            % {"organisation": organisation.name, "number": draft.number}
        )
    if change_note.strip():
        spec.change_note = change_note.strip()
    version = create_version(organisation=organisation, spec=spec, by=by)
    audit.record(
        by=by,
        action="framework.version_imported",
        obj=version,
        organisation=organisation,
        after={"number": version.number, "title": version.title},
        detail={"source": source, "file": filename},
    )
    return version
