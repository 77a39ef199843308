"""The anticipated benefits of the framework and the measures that evidence them, read from shipped data
(faircase/data/evaluation/measures.yaml) and checked on read: code counts each measure by its key, so the file
must name exactly the measures the code counts."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

MEASURES_FILE = Path(__file__).resolve().parents[1] / "data" / "evaluation" / "measures.yaml"
FORMAT = "faircase-evaluation-measures/1"
SHARE, MEAN_DAYS = "share", "mean_days"
KINDS = (SHARE, MEAN_DAYS)


@dataclass(frozen=True)
class Benefit:
    key: str
    audience: str
    title: str
    audience_cy: str = ""  # Welsh, shown with languages.localised when Welsh is in use (ADR 41)
    title_cy: str = ""


@dataclass(frozen=True)
class MeasureDefinition:
    key: str
    benefit: Benefit
    kind: str
    title: str
    definition: str
    title_cy: str = ""  # Welsh, shown with languages.localised when Welsh is in use (ADR 41)
    definition_cy: str = ""


def _text(item: dict[str, Any], name: str, where: str) -> str:
    value = item.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: give its {name} as text")
    return value.strip()


def _optional(item: dict[str, Any], name: str) -> str:
    value = item.get(name)
    return " ".join(value.split()) if isinstance(value, str) else ""


def parse(data: Any, *, counted: tuple[str, ...]) -> tuple[MeasureDefinition, ...]:
    """The measures in the file's order. ValueError naming the first thing wrong, including a measure the code
    does not count or one it counts that the file leaves out (`counted`: the keys the code counts)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"The evaluation measures file must start with format: {FORMAT}")
    benefits: dict[str, Benefit] = {}
    for n, item in enumerate(data.get("benefits") or [], start=1):
        if not isinstance(item, dict):
            raise ValueError(f"Benefit {n}: give its key, audience and title")
        key = _text(item, "key", f"Benefit {n}")
        if key in benefits:
            raise ValueError(f"Benefit {key} is listed twice")
        benefits[key] = Benefit(
            key,
            _text(item, "audience", f"Benefit {key}"),
            _text(item, "title", f"Benefit {key}"),
            audience_cy=_optional(item, "audience_cy"),
            title_cy=_optional(item, "title_cy"),
        )
    measures: list[MeasureDefinition] = []
    for n, item in enumerate(data.get("measures") or [], start=1):
        if not isinstance(item, dict):
            raise ValueError(f"Measure {n}: give its key, benefit, kind, title and definition")
        key = _text(item, "key", f"Measure {n}")
        where = f"Measure {key}"
        if key in {m.key for m in measures}:
            raise ValueError(f"{where} is listed twice")
        if key not in counted:
            raise ValueError(f"{where} is not one the evaluation counts: choose from {', '.join(counted)}")
        benefit = _text(item, "benefit", where)
        if benefit not in benefits:
            raise ValueError(f"{where}: benefit '{benefit}' is not one of {', '.join(benefits)}")
        kind = _text(item, "kind", where)
        if kind not in KINDS:
            raise ValueError(f"{where}: kind '{kind}' is not one of {', '.join(KINDS)}")
        measures.append(
            MeasureDefinition(
                key=key,
                benefit=benefits[benefit],
                kind=kind,
                title=_text(item, "title", where),
                definition=" ".join(_text(item, "definition", where).split()),
                title_cy=_optional(item, "title_cy"),
                definition_cy=_optional(item, "definition_cy"),
            )
        )
    missing = [k for k in counted if k not in {m.key for m in measures}]
    if missing:
        raise ValueError(f"The evaluation measures file leaves out {', '.join(missing)}")
    unused = [b for b in benefits if b not in {m.benefit.key for m in measures}]
    if unused:
        raise ValueError(f"Benefit {unused[0]} has no measure")
    return tuple(measures)


@cache
def measure_definitions() -> tuple[MeasureDefinition, ...]:
    from faircase.evaluation.measures import COUNTED

    with MEASURES_FILE.open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle), counted=COUNTED)
