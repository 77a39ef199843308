"""A review as people read it: by Principle, in the fixed order."""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from faircase.core.formatting import nhs_date, nhs_datetime
from faircase.core.languages import localised
from faircase.framework import selectors
from faircase.framework.evidence_links import links_for_case
from faircase.framework.models import Consideration, FollowUp, Review
from faircase.framework.principles import ANSWERS_NEEDING_FOLLOW_UP, PRINCIPLES_IN_ORDER, Answer
from faircase.framework.principles import name as principle_name

ANSWER_COLOUR = {
    Answer.YES: "green",
    Answer.NO: "red",
    Answer.UNKNOWN: "orange",
    Answer.NOT_APPLICABLE: "grey",
}


SHORT_NAME_WORDS = 20


def short_name(consideration: Any) -> str:
    """A consideration named in few words, for labels and error messages: its code and the first clause of its
    text ("UI3: The context has been explored"), cut at a word boundary if still long."""
    text = localised(consideration, "text").strip().rstrip(".")
    for mark in (":", ";", ",", " ("):
        text = text.split(mark, 1)[0]
    words = text.split()
    clause = " ".join(words[:SHORT_NAME_WORDS]) + ("…" if len(words) > SHORT_NAME_WORDS else "")
    return f"{consideration.code}: {clause}"


@dataclass(frozen=True)
class Since:
    """Where an answer stands against the one its review started from (the last answer to the same
    consideration code): "carried" (shown, not yet confirmed), "confirmed", "changed", "new" (a consideration
    new in this framework version), "not_before" (asked now, not at earlier review points) or "" (nothing to
    start from: the first review)."""

    state: str = ""
    text: str = ""
    tag: dict[str, str] | None = None
    from_review: int = 0


CHANGED_CLASSES = "nhsuk-tag--orange"
CARRIED_CLASSES = "nhsuk-tag--blue"


@dataclass
class ReviewItem:
    code: str
    text: str
    guidance: str
    answer: str = ""
    answer_tag: dict[str, str] | None = None
    note: str = ""
    follow_up: str = ""
    link: dict[str, str] | None = (
        None  # evidence for answering it (faircase/data/framework/evidence_links.yaml)
    )
    since: Since = field(default_factory=Since)

    @property
    def since_text(self) -> str:
        return self.since.text

    @property
    def since_tag(self) -> dict[str, str] | None:
        return self.since.tag


def _reviews_words(numbers: list[int]) -> str:
    return _("review %(number)s") % {"number": numbers[0]} if len(numbers) == 1 else _("earlier reviews")


@dataclass
class ReviewSection:
    number: int
    principle: str
    name: str
    items: list[ReviewItem] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.answer)

    def _count(self, state: str) -> int:
        return sum(1 for item in self.items if item.since.state == state)

    @property
    def status(self) -> dict[str, str]:
        if not self.items:
            return {"text": _("Nothing to ask"), "classes": "nhsuk-tag--grey"}
        if self.answered == len(self.items):
            changed = self._count("changed")
            if changed:
                return {"text": _("%(count)s changed") % {"count": changed}, "classes": CHANGED_CLASSES}
            if self._count("confirmed"):
                return {"text": _("Confirmed"), "classes": "nhsuk-tag--green"}
            return {"text": _("Answered"), "classes": "nhsuk-tag--green"}
        if self.answered:
            return {
                "text": _("%(answered)s of %(total)s answered")
                % {"answered": self.answered, "total": len(self.items)},
                "classes": "nhsuk-tag--orange",
            }
        carried = [item.since.from_review for item in self.items if item.since.state == "carried"]
        if carried:
            since = _reviews_words(sorted(set(carried)))
            if len(carried) == len(self.items):
                return {"text": _("Unchanged since %(since)s") % {"since": since}, "classes": CARRIED_CLASSES}
            return {
                "text": _("%(carried)s unchanged since %(since)s, %(left)s to answer")
                % {"carried": len(carried), "since": since, "left": len(self.items) - len(carried)},
                "classes": CARRIED_CLASSES,
            }
        return {"text": _("Not started"), "classes": "nhsuk-tag--grey"}

    @property
    def hint(self) -> str:
        count = len(self.items)
        text = ngettext("%(num)s consideration", "%(num)s considerations", count) % {"num": f"{count:,}"}
        if self.answered < len(self.items) and any(item.since.state == "carried" for item in self.items):
            text = _("%(considerations)s: confirm or change the answers carried forward") % {
                "considerations": text
            }
        return text


def since_notes(review: Review, considerations: list[Any]) -> dict[int, Since]:
    """For each consideration of the review, where its answer stands against the last one (see Since)."""
    case = review.case
    numbers = selectors.review_numbers(case)
    starting = selectors.starting_answers(review)
    own = {a.consideration_id: a for a in review.answers.select_related("carried_from")}
    earlier = [
        r
        for r in selectors.reviews_for_case(case).filter(status=Review.Status.COMPLETED)
        if r.pk != review.pk
    ]
    if not earlier:
        return {}
    known = set(
        Consideration.objects.filter(version_id__in={r.version_id for r in earlier}).values_list(
            "code", flat=True
        )
    )
    notes = {}
    for c in considerations:
        answer = own.get(c.pk)
        previous = answer.carried_from if answer is not None else starting.get(c.code)
        if previous is None:
            if c.code not in known:
                notes[c.pk] = Since("new", _("New in this framework version: not asked before"))
            else:
                notes[c.pk] = Since("not_before", _("Not asked at an earlier review of this case"))
            continue
        number = numbers.get(previous.review_id, 0)
        was = Answer(previous.answer).label
        if answer is None:
            text = _("Unchanged since review %(number)s") % {"number": number}
            notes[c.pk] = Since("carried", text, {"text": text, "classes": CARRIED_CLASSES}, number)
        elif answer.answer == previous.answer:
            notes[c.pk] = Since(
                "confirmed",
                _("Confirmed: unchanged since review %(number)s") % {"number": number},
                None,
                number,
            )
        else:
            text = _("Changed since review %(number)s: was %(was)s") % {"number": number, "was": was}
            notes[c.pk] = Since("changed", text, {"text": text, "classes": CHANGED_CLASSES}, number)
    return notes


def review_sections(review: Review) -> list[ReviewSection]:
    considerations = selectors.considerations_for(review)
    answers = {a.consideration_id: a for a in review.answers.select_related("follow_up__owner")}
    since = since_notes(review, considerations)
    sections = {
        p.value: ReviewSection(number=i, principle=p.value, name=principle_name(p))
        for i, p in enumerate(PRINCIPLES_IN_ORDER, start=1)
    }
    links = links_for_case(review.case_id)
    for c in considerations:
        item = ReviewItem(
            code=c.code,
            text=c.shown_text,
            guidance=c.shown_guidance,
            link=links.get(c.code),
            since=since.get(c.pk, Since()),
        )
        answer = answers.get(c.pk)
        if answer:
            item.answer = answer.answer
            item.answer_tag = {
                "text": answer.get_answer_display(),
                "classes": f"nhsuk-tag--{ANSWER_COLOUR[Answer(answer.answer)]}",
            }
            item.note = answer.note
            follow_up = answer.follow_up if answer.follow_up_id else None
            if follow_up:
                item.follow_up = _follow_up_text(follow_up, answer)
        sections[c.principle].items.append(item)
    return list(sections.values())


def _follow_up_text(follow_up: FollowUp, answer: Any) -> str:
    plan = _("%(action)s (%(owner)s, due %(date)s)") % {
        "action": follow_up.action,
        "owner": follow_up.owner.display_name,
        "date": nhs_date(follow_up.due_on),
    }
    if follow_up.closed_by_answer_id == answer.pk:
        return _("Closed the follow-up for %(code)s: %(outcome)s") % {
            "code": follow_up.code,
            "outcome": follow_up.outcome,
        }
    if answer.answer not in ANSWERS_NEEDING_FOLLOW_UP:
        if not follow_up.is_open:
            return ""
        return _("Left the follow-up for %(code)s open: %(plan)s") % {"code": follow_up.code, "plan": plan}
    text = _("Follow-up: %(plan)s") % {"plan": plan}
    if not follow_up.is_open:
        text += f". {follow_up.get_status_display()}: {follow_up.outcome}"
    return text


def open_follow_ups_by_code(case: Any) -> dict[str, FollowUp]:
    return {
        f.code: f
        for f in selectors.open_follow_ups(case).select_related("owner", "answer__review").order_by("code")
    }


def initial_answers(
    review: Review, considerations: list[Any], *, open_follow_ups: dict[str, FollowUp] | None = None
) -> dict[str, Any]:
    """What the answer page shows before anything is posted: this review's answers so far; for a consideration it
    has not answered yet, the last answer to it (a later review starts from the last answers), or for a
    correction the answer of the review it corrects. A "no" or "unknown" brings the open follow-up's action,
    owner and due date with it."""
    open_follow_ups = open_follow_ups if open_follow_ups is not None else open_follow_ups_by_code(review.case)
    ids = [c.pk for c in considerations]
    own = {
        a.consideration_id: a
        for a in review.answers.filter(consideration_id__in=ids).select_related("follow_up")
    }
    earlier = selectors.starting_answers(review)
    initial: dict[str, Any] = {}
    for c in considerations:
        answer = own.get(c.pk) or earlier.get(c.code)
        if answer is None:
            continue
        prefix = f"c{c.pk}"
        initial[f"{prefix}-answer"] = answer.answer
        initial[f"{prefix}-note"] = answer.note
        follow_up = open_follow_ups.get(c.code)
        if follow_up is None and answer.follow_up is not None and answer.review_id == review.pk:
            follow_up = answer.follow_up
        if follow_up is not None and answer.answer in ANSWERS_NEEDING_FOLLOW_UP:
            # Behind the answer's own radio: a "no" and an "unknown" each reveal a follow-up of their own.
            initial[f"{prefix}-{answer.answer}-follow_up_action"] = follow_up.action
            initial[f"{prefix}-{answer.answer}-follow_up_owner"] = str(follow_up.owner_id)
            initial[f"{prefix}-{answer.answer}-follow_up_due_on"] = follow_up.due_on
        closed = (
            own.get(c.pk) is not None and follow_up is not None and follow_up.closed_by_answer_id == answer.pk
        )
        if closed:
            initial[f"{prefix}-close_follow_up"] = "close"
            initial[f"{prefix}-close_reason"] = follow_up.outcome
    return initial


def unanswered_items(review: Review, considerations: list[Any]) -> list[dict[str, str]]:
    """For the error summary when a review cannot be completed: each consideration still to answer, named in
    words, linking to its answer on its Principle's page."""
    items = []
    for c in considerations:
        page = reverse(
            "reviews:principle",
            kwargs={"case_id": review.case_id, "review_id": review.pk, "principle": c.principle},
        )
        items.append(
            {"text": _("Answer %(name)s") % {"name": short_name(c)}, "href": f"{page}#id_c{c.pk}-answer"}
        )
    return items


# ---- one follow-up, as its page shows it ----------------------------------------------------------------------

STATUS_TAG = {
    FollowUp.Status.OPEN: {"text": gettext_lazy("Open"), "classes": "nhsuk-tag--blue"},
    FollowUp.Status.CLOSED: {"text": gettext_lazy("Closed"), "classes": "nhsuk-tag--green"},
    FollowUp.Status.CARRIED: {"text": gettext_lazy("Carried beyond the case"), "classes": "nhsuk-tag--grey"},
}


@dataclass
class HistoryLine:
    review: str
    answer_tag: dict[str, str]
    note: str
    what: str
    answered: str


@dataclass
class FollowUpPage:
    id: int
    code: str
    consideration: str
    action: str
    owner: str
    due_on: str
    overdue: bool
    is_open: bool
    status_tag: dict[str, str]
    outcome: str
    outcome_label: str
    closed: str
    opened_in: str
    history: list[HistoryLine]


def follow_up_page(follow_up: FollowUp, *, today: Any) -> FollowUpPage:
    numbers = selectors.review_numbers(follow_up.case)
    history = selectors.follow_up_history(follow_up, numbers=numbers)
    opening = follow_up.answer
    status = FollowUp.Status(follow_up.status)
    return FollowUpPage(
        id=follow_up.pk,
        code=follow_up.code,
        consideration=opening.consideration.shown_text,
        action=follow_up.action,
        owner=follow_up.owner.display_name,
        due_on=nhs_date(follow_up.due_on),
        overdue=follow_up.is_open and follow_up.due_on < today,
        is_open=follow_up.is_open,
        status_tag={key: str(value) for key, value in STATUS_TAG[status].items()},
        outcome=follow_up.outcome,
        outcome_label=_("Why it was carried, and to whom")
        if status == FollowUp.Status.CARRIED
        else _("Outcome"),
        closed=(
            f"{nhs_datetime(follow_up.closed_at)}"
            + (
                " " + _("by %(name)s") % {"name": follow_up.closed_by.display_name}
                if follow_up.closed_by
                else ""
            )
            if follow_up.closed_at
            else ""
        ),
        opened_in=(
            _("Review %(number)s (%(review_point)s), %(date)s")
            % {
                "number": numbers.get(opening.review_id, "?"),
                "review_point": opening.review.get_review_point_display().lower(),
                "date": nhs_date(follow_up.created_at),
            }
        ),
        history=[
            HistoryLine(
                review=_("Review %(number)s (%(review_point)s)")
                % {"number": entry.review_number, "review_point": entry.review_point_label.lower()},
                answer_tag={
                    "text": entry.answer_label,
                    "classes": f"nhsuk-tag--{ANSWER_COLOUR[Answer(entry.answer)]}",
                },
                note=entry.note,
                what=entry.what,
                answered=f"{entry.answered_by}, {nhs_datetime(entry.answered_at)}",
            )
            for entry in history
        ],
    )
