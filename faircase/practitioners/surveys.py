"""The survey questions, read from faircase/data/support/surveys.yaml, and the rule that protects anonymity."""

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from faircase.core import languages
from faircase.practitioners.support_data import SUPPORT_DIR

# Results for a group with fewer answers than this are never shown, nor its comments.
MINIMUM_GROUP = 5
SUPPRESSED_MESSAGE = f"Fewer than {MINIMUM_GROUP} responses: not shown, to protect anonymity"
EXPERIENCE_KEYS = ("communication", "support_awareness", "process_understanding", "fairness")


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    benefit: str = ""
    hint: str = ""
    text_cy: str = ""
    benefit_cy: str = ""
    hint_cy: str = ""

    # The words in the language in use: the Welsh where there is some, else the English.
    @property
    def shown_text(self) -> str:
        return languages.localised(self, "text")

    @property
    def shown_benefit(self) -> str:
        return languages.localised(self, "benefit")

    @property
    def shown_hint(self) -> str:
        return languages.localised(self, "hint")


@cache
def _data() -> dict[str, Any]:
    with (SUPPORT_DIR / "surveys.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _scale(raw: dict[Any, str]) -> tuple[tuple[int, str], ...]:
    return tuple((int(value), str(label)) for value, label in sorted(raw.items(), key=lambda kv: int(kv[0])))


def scale() -> tuple[tuple[int, str], ...]:
    """The experience survey's 1 to 5 answers, with their English labels (the values stored are the numbers)."""
    return _scale(_data()["scale"])


def _shown(part: dict[str, Any]) -> tuple[tuple[int, str], ...]:
    """A part's 1 to 5 answers as the reader reads them: its `scale_cy` labels when Welsh is in use, each falling
    back to its English label when it has no Welsh."""
    english = _scale(part["scale"])
    if languages.active() != languages.WELSH:
        return english
    welsh = dict(_scale(part.get("scale_cy") or {}))
    return tuple((value, welsh.get(value) or label) for value, label in english)


def scale_shown() -> tuple[tuple[int, str], ...]:
    """The experience survey's answers in the language in use."""
    return _shown(_data())


def experience_questions() -> tuple[Question, ...]:
    return tuple(Question(**q) for q in _data()["experience"]["questions"])


def experience_comments() -> Question:
    return Question(**_data()["experience"]["comments"])


def confidence_question() -> Question:
    return Question(**_data()["confidence"]["question"])


def confidence_scale() -> tuple[tuple[int, str], ...]:
    """The confidence survey's 1 to 5 answers, with their English labels."""
    return _scale(_data()["confidence"]["scale"])


def confidence_scale_shown() -> tuple[tuple[int, str], ...]:
    """The confidence survey's answers in the language in use."""
    return _shown(_data()["confidence"])


def confidence_comments() -> Question:
    return Question(**_data()["confidence"]["comments"])


# --- Reading the results -------------------------------------------------------------------------------------

RESULTS_ROLES = frozenset(
    {"case_manager", "responsible_officer", "board_member", "equality_analyst", "org_admin"}
)
# Periods are calendar years and nothing else: overlapping periods (12 months and 6 months, a year and its
# quarters) could be subtracted from each other to reveal a group smaller than MINIMUM_GROUP.
FIRST_YEAR = 2020


@dataclass(frozen=True)
class Cell:
    """One group's answers to one question. Nothing but the count is readable below MINIMUM_GROUP."""

    count: int
    mean: str = ""
    distribution: tuple[tuple[int, str, int], ...] = ()
    suppressed: bool = False  # hidden to protect a smaller group, though it has enough answers itself

    @property
    def shown(self) -> bool:
        return self.count >= MINIMUM_GROUP and not self.suppressed


def make_cell(values: list[int], answer_scale: tuple[tuple[int, str], ...]) -> Cell:
    count = len(values)
    if count < MINIMUM_GROUP:
        return Cell(count=count)
    from decimal import ROUND_HALF_UP, Decimal

    mean = (Decimal(sum(values)) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    distribution = tuple((value, label, values.count(value)) for value, label in answer_scale)
    return Cell(count=count, mean=str(mean), distribution=distribution)


def results_organisations(user: Any) -> Any:
    from faircase.accounts.selectors import organisations_with_role

    return organisations_with_role(user, RESULTS_ROLES).order_by("name")


def results_organisation(user: Any, slug: str) -> Any:
    """The organisation whose results the user may read, or 404 (the same answer whether it exists or not)."""
    from django.http import Http404

    organisation = results_organisations(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404("Not available")
    return organisation


def years(today: Any) -> list[int]:
    """The years a reader may choose, newest first."""
    return list(range(today.year, FIRST_YEAR - 1, -1))


def year_range(year: int) -> tuple[Any, Any]:
    import datetime as dt

    return dt.date(year, 1, 1), dt.date(year, 12, 1)


def protect(by_group: list[tuple[str, Cell]]) -> list[tuple[str, Cell]]:
    """Suppress more groups when the hidden ones could be worked out from the overall result minus the shown
    ones: the groups hidden together must hold no answers or at least MINIMUM_GROUP. Smallest shown first."""
    hidden_total = sum(cell.count for _label, cell in by_group if not cell.shown)
    protected = list(by_group)
    while 0 < hidden_total < MINIMUM_GROUP:
        shown = [(cell.count, index) for index, (_label, cell) in enumerate(protected) if cell.shown]
        if not shown:
            break
        _count, index = min(shown)
        label, cell = protected[index]
        protected[index] = (label, Cell(count=cell.count, suppressed=True))
        hidden_total += cell.count
    return protected


def experience_results(organisation: Any, *, year: int) -> dict[str, Any]:
    from faircase.practitioners.models import ExperienceResponse, SurveyInvitation

    rows = ExperienceResponse.objects.filter(organisation=organisation, month__range=year_range(year))
    rows = list(rows.values("point", "comments", *EXPERIENCE_KEYS))
    points = list(SurveyInvitation.Point.choices)
    questions = []
    for question in experience_questions():
        by_point = protect(
            [
                (label, make_cell([r[question.key] for r in rows if r["point"] == point], scale_shown()))
                for point, label in points
            ]
        )
        questions.append(
            {
                "question": question,
                "overall": make_cell([r[question.key] for r in rows], scale_shown()),
                "by_point": by_point,
            }
        )
    return {
        "count": len(rows),
        "shown": len(rows) >= MINIMUM_GROUP,
        "questions": questions,
        "comments": _comments(rows),
    }


def confidence_results(organisation: Any, *, year: int) -> dict[str, Any]:
    from faircase.framework.principles import ReviewPoint
    from faircase.practitioners.models import ConfidenceResponse

    rows = ConfidenceResponse.objects.filter(organisation=organisation, month__range=year_range(year))
    rows = list(rows.values("review_point", "confidence", "comments"))
    labels = dict(ReviewPoint.choices)
    present = sorted(
        {r["review_point"] for r in rows}, key=lambda p: list(labels).index(p) if p in labels else 99
    )
    by_point = protect(
        [
            (
                labels.get(point, point),
                make_cell(
                    [r["confidence"] for r in rows if r["review_point"] == point], confidence_scale_shown()
                ),
            )
            for point in present
        ]
    )
    return {
        "count": len(rows),
        "shown": len(rows) >= MINIMUM_GROUP,
        "question": confidence_question(),
        "overall": make_cell([r["confidence"] for r in rows], confidence_scale_shown()),
        "by_point": by_point,
        "comments": _comments(rows),
    }


def _comments(rows: list[dict[str, Any]]) -> list[str] | None:
    """The group's comments, in no meaningful order; None when the group is too small to show them."""
    if len(rows) < MINIMUM_GROUP:
        return None
    return sorted(r["comments"] for r in rows if r["comments"])
