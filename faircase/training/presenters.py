"""What people read in the training space: a study's progress, a stage's answers beside the authors' view, and
the group's answers side by side for the facilitator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from faircase.training.models import Attempt, StageAnswer
from faircase.training.rules import MINIMUM_GROUP
from faircase.training.selectors import StageCounts, answers_of
from faircase.training.studies import Stage, Study, consideration_texts

ANSWER_LABELS = dict(StageAnswer.Answer.choices)


def not_yet_shown() -> str:
    return ngettext(
        "A step's answers are shown once everyone who joined has answered it, and at least %(num)d learner; if "
        "someone has left, close the session to show what was answered. From then on no one new can join, so no "
        "answer can be worked out from a change in the counts.",
        "A step's answers are shown once everyone who joined has answered it, and at least %(num)d learners; if "
        "someone has left, close the session to show what was answered. From then on no one new can join, so no "
        "answer can be worked out from a change in the counts.",
        MINIMUM_GROUP,
    ) % {"num": MINIMUM_GROUP}


def progress(study: Study, attempt: Attempt | None) -> dict[str, Any]:
    """How far a learner is through a study, for the tag beside it."""
    answered = len(answers_of(attempt))
    if attempt is not None and attempt.completed_at is not None:
        return {"text": _("Completed"), "colour": "green", "answered": answered}
    if answered:
        return {
            "text": ngettext(
                "%(done)d of %(num)d step done", "%(done)d of %(num)d steps done", len(study.stages)
            )
            % {"done": answered, "num": len(study.stages)},
            "colour": "blue",
            "answered": answered,
        }
    return {"text": _("Not started"), "colour": "grey", "answered": 0}


@dataclass(frozen=True)
class ConsiderationRow:
    code: str
    text: str
    answer: str


def feedback(stage: Stage, answer: StageAnswer) -> dict[str, Any]:
    """The learner's own answers at a stage beside the authors' view of it."""
    texts = consideration_texts()
    chosen = stage.option(answer.decision)
    would = stage.option(stage.would_choose)
    return {
        "rows": [
            ConsiderationRow(code, texts[code], ANSWER_LABELS.get(answer.considerations.get(code, ""), ""))
            for code in stage.considerations
        ],
        "asked_further": [
            code for code in stage.considerations if answer.considerations.get(code) in ("no", "unknown")
        ],
        "chosen": chosen.label if chosen else "",
        "would_choose": would.label if would else "",
        "agrees": answer.decision == stage.would_choose,
    }


def group_stage(counts: StageCounts) -> dict[str, Any]:
    texts = consideration_texts()
    return {
        "stage": counts.stage,
        "answered": ngettext("%(done)d of %(num)d learner", "%(done)d of %(num)d learners", counts.joined)
        % {"done": counts.answered, "num": counts.joined},
        "shown": counts.shown,
        "considerations": [
            {"code": row.code, "text": texts[row.code], "yes": row.yes, "no": row.no, "unknown": row.unknown}
            for row in counts.considerations
        ],
        "decisions": [{"label": label, "count": count} for label, count in counts.decisions],
        "would_choose": (counts.stage.option(counts.stage.would_choose) or counts.stage.options[0]).label,
    }
