"""Stages and allowed moves, read from shipped data (faircase/data/workflows/*.yaml)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from faircase.core.languages import localised
from faircase.framework.principles import ReviewPoint

WORKFLOW_DIR = Path(__file__).resolve().parents[1] / "data" / "workflows"
DEFAULT_WORKFLOW = "standard"


@dataclass(frozen=True)
class Stage:
    code: str
    name: str
    description: str
    final: bool = False
    name_cy: str = ""
    description_cy: str = ""

    @property
    def label(self) -> str:
        """The stage's name in the language in use (Welsh where the pack or workflow gives it)."""
        return localised(self, "name")


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    review_point: str


@dataclass(frozen=True)
class Workflow:
    key: str
    title: str
    stages: tuple[Stage, ...]
    moves: tuple[Move, ...]

    @property
    def first_stage(self) -> Stage:
        return self.stages[0]

    def stage(self, code: str) -> Stage:
        for stage in self.stages:
            if stage.code == code:
                return stage
        raise KeyError(f"No stage {code!r} in workflow {self.key!r}")

    def stage_name(self, code: str) -> str:
        try:
            return self.stage(code).label
        except KeyError:
            return code.replace("_", " ").capitalize()

    def moves_from(self, code: str) -> list[Move]:
        return [move for move in self.moves if move.source == code]

    def move(self, source: str, target: str) -> Move | None:
        return next((m for m in self.moves if m.source == source and m.target == target), None)


def _parse(data: dict) -> Workflow:
    stages = tuple(
        Stage(
            code=s["code"],
            name=s["name"],
            description=s.get("description", ""),
            final=bool(s.get("final")),
            name_cy=s.get("name_cy", ""),
            description_cy=s.get("description_cy", ""),
        )
        for s in data["stages"]
    )
    codes = {s.code for s in stages}
    review_points = set(ReviewPoint.values)
    moves = []
    for m in data["moves"]:
        if m["from"] not in codes or m["to"] not in codes:
            raise ValueError(f"Workflow {data['key']}: a move names an unknown stage: {m}")
        if m["review_point"] not in review_points:
            raise ValueError(f"Workflow {data['key']}: unknown review point {m['review_point']!r}")
        moves.append(Move(source=m["from"], target=m["to"], review_point=m["review_point"]))
    return Workflow(key=data["key"], title=data["title"], stages=stages, moves=tuple(moves))


def workflow_from_data(data: dict) -> Workflow:
    """A workflow from the same shape as the YAML files: key, title, stages and moves (used by policy packs)."""
    return _parse(data)


@cache
def get_workflow(key: str = DEFAULT_WORKFLOW) -> Workflow:
    path = WORKFLOW_DIR / f"{key}.yaml"
    with path.open(encoding="utf-8") as handle:
        return _parse(yaml.safe_load(handle))


def workflow_for(case: Any) -> Workflow:
    """The stages and moves a case follows: its policy pack version's when it has one, else its workflow file."""
    if getattr(case, "pack_version_id", None) is not None:
        from faircase.policy.packs import pack_for_case

        return pack_for_case(case).workflow
    return get_workflow(case.workflow)
