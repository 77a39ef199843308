"""A review as people read it: by Principle, in the fixed order."""

from dataclasses import dataclass, field
from typing import Any

from faircase.core.formatting import nhs_date
from faircase.framework import selectors
from faircase.framework.evidence_links import links_for_case
from faircase.framework.models import FollowUp, Review, ReviewAnswer
from faircase.framework.principles import ANSWERS_NEEDING_FOLLOW_UP, PRINCIPLES_IN_ORDER, Answer

ANSWER_COLOUR = {
    Answer.YES: "green",
    Answer.NO: "red",
    Answer.UNKNOWN: "orange",
    Answer.NOT_APPLICABLE: "grey",
}


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


@dataclass
class ReviewSection:
    number: int
    principle: str
    name: str
    items: list[ReviewItem] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.answer)

    @property
    def status(self) -> dict[str, str]:
        if not self.items:
            return {"text": "Nothing to ask", "classes": "nhsuk-tag--grey"}
        if self.answered == len(self.items):
            return {"text": "Answered", "classes": "nhsuk-tag--green"}
        if self.answered:
            return {"text": f"{self.answered} of {len(self.items)} answered", "classes": "nhsuk-tag--orange"}
        return {"text": "Not started", "classes": "nhsuk-tag--grey"}


def review_sections(review: Review) -> list[ReviewSection]:
    considerations = selectors.considerations_for(review)
    answers = {a.consideration_id: a for a in review.answers.select_related("follow_up__owner")}
    sections = {
        p.value: ReviewSection(number=i, principle=p.value, name=p.label)
        for i, p in enumerate(PRINCIPLES_IN_ORDER, start=1)
    }
    links = links_for_case(review.case_id)
    for c in considerations:
        item = ReviewItem(code=c.code, text=c.text, guidance=c.guidance, link=links.get(c.code))
        answer = answers.get(c.pk)
        if answer:
            item.answer = answer.answer
            item.answer_tag = {
                "text": answer.get_answer_display(),
                "classes": f"nhsuk-tag--{ANSWER_COLOUR[Answer(answer.answer)]}",
            }
            item.note = answer.note
            follow_up = (
                getattr(answer, "follow_up", None) if answer.answer in ANSWERS_NEEDING_FOLLOW_UP else None
            )
            if follow_up:
                item.follow_up = _follow_up_text(follow_up)
        sections[c.principle].items.append(item)
    return list(sections.values())


def _follow_up_text(follow_up: FollowUp) -> str:
    text = f"Follow-up: {follow_up.action} ({follow_up.owner.display_name}, due {nhs_date(follow_up.due_on)})"
    if not follow_up.is_open:
        text += f". Closed: {follow_up.outcome}"
    return text


def initial_answers(review: Review, considerations: list[Any]) -> dict[str, Any]:
    """What the answer page shows before anything is posted: this review's answers so far, or, for a
    correction, the answers of the review it corrects."""
    ids = [c.pk for c in considerations]
    answers = list(review.answers.filter(consideration_id__in=ids).select_related("follow_up"))
    if not answers and review.corrects_id:
        codes = {c.code: c.pk for c in considerations}
        old = (
            ReviewAnswer.objects.of_case(review.case_id)
            .filter(review_id=review.corrects_id, consideration__code__in=codes)
            .select_related("consideration", "follow_up")
        )
        answers = []
        for a in old:
            a.consideration_id = codes[a.consideration.code]
            answers.append(a)
    initial: dict[str, Any] = {}
    for a in answers:
        prefix = f"c{a.consideration_id}"
        initial[f"{prefix}-answer"] = a.answer
        initial[f"{prefix}-note"] = a.note
        follow_up = getattr(a, "follow_up", None)
        if follow_up is not None:
            initial[f"{prefix}-follow_up_action"] = follow_up.action
            initial[f"{prefix}-follow_up_owner"] = str(follow_up.owner_id)
            initial[f"{prefix}-follow_up_due_on"] = follow_up.due_on
    return initial
