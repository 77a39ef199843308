"""What a case's policy pack says beyond its stages, moves and clocks.

- `review_focus(case, review_point)`: the considerations a framework review asks at a review point where the pack
  narrows it (a review of an exclusion or restriction asks what matters for that decision, not all thirty),
  or None where it asks every consideration.
- `closure_checklist(case)`: what must be true before the case closes, in the pack's words; faircase.cases.closure
  checks each item against the case.

Both are top-level keys of the pack files (faircase/data/policy_packs/national/<release>/*.yaml), checked when a pack is read
(`parse_extras`, called by faircase.policy.packs) and kept in the version's content. A version saved before
these keys existed reads them from the newest shipped file of its policy; a policy without them asks every
consideration and uses DEFAULT_CHECKLIST.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from faircase.framework.principles import ReviewPoint
from faircase.framework.yamlformat import (
    CODE_PATTERN,
    FrameworkFileError,
    _check_known,
    _line,
    _mapping,
    _text,
)

EXTRA_KEYS = ("review_focus", "closure_checklist")

# The checks faircase knows how to make; a pack chooses which apply and words them.
CLOSURE_CHECKS = {
    "restrictions_ended": "Every restriction, exclusion or suspension has ended or been handed over",
    "follow_ups_resolved": "Every follow-up is closed, or carried beyond the case with a reason",
    "practitioner_told": "The practitioner has been told the outcome",
    "outcome_recorded": "The outcome is recorded",
}


@dataclass(frozen=True)
class ChecklistEntry:
    check: str
    text: str
    how: str = ""


DEFAULT_CHECKLIST = tuple(ChecklistEntry(check=key, text=text) for key, text in CLOSURE_CHECKS.items())


# ---- reading a pack file ----------------------------------------------------------------------------------------


def parse_extras(top: dict[str, tuple[yaml.Node, yaml.Node]]) -> dict[str, Any]:
    """Check the extra keys of a pack file (fields as faircase.framework.yamlformat._mapping gives them) and return
    them as JSON-able content. Raises FrameworkFileError naming the line and field at fault."""
    content: dict[str, Any] = {}
    if "review_focus" in top:
        content["review_focus"] = _review_focus(top["review_focus"])
    if "closure_checklist" in top:
        content["closure_checklist"] = _closure_checklist(top["closure_checklist"])
    return content


def _review_focus(field: tuple[yaml.Node, yaml.Node]) -> dict[str, dict[str, Any]]:
    points = _mapping(field[1], "review_focus")
    result = {}
    for point, (key_node, value_node) in points.items():
        if point not in ReviewPoint.values:
            raise FrameworkFileError(
                f"is not a review point (expected one of: {', '.join(ReviewPoint.values)})",
                line=_line(key_node),
                field_name=point,
            )
        fields = _mapping(value_node, f"review_focus: {point}")
        _check_known(fields, {"considerations", "why"})
        if "considerations" not in fields:
            raise FrameworkFileError("is missing", line=_line(key_node), field_name="considerations")
        codes_node = fields["considerations"][1]
        if not isinstance(codes_node, yaml.SequenceNode) or not codes_node.value:
            raise FrameworkFileError(
                "must list consideration codes, like [WS4, EP2]",
                line=_line(codes_node),
                field_name="considerations",
            )
        codes = []
        for node in codes_node.value:
            code = str(getattr(node, "value", "")).strip()
            if not isinstance(node, yaml.ScalarNode) or not CODE_PATTERN.match(code):
                raise FrameworkFileError(
                    f"'{code}' is not a consideration code, like WS4",
                    line=_line(node),
                    field_name="considerations",
                )
            codes.append(code)
        result[point] = {
            "considerations": codes,
            "why": _text(fields, "why", required=False, parent_line=_line(value_node)),
        }
    return result


def _closure_checklist(field: tuple[yaml.Node, yaml.Node]) -> list[dict[str, str]]:
    node = field[1]
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise FrameworkFileError("must list the checks", line=_line(node), field_name="closure_checklist")
    items, seen = [], set()
    for item in node.value:
        fields = _mapping(item, "Each item of the closure checklist")
        _check_known(fields, {"check", "text", "how"})
        check = _text(fields, "check", required=True, parent_line=_line(item))
        if check not in CLOSURE_CHECKS:
            raise FrameworkFileError(
                f"'{check}' is not a check faircase makes (expected one of: {', '.join(CLOSURE_CHECKS)})",
                line=_line(fields["check"][1]),
                field_name="check",
            )
        if check in seen:
            raise FrameworkFileError("is listed twice", line=_line(fields["check"][1]), field_name="check")
        seen.add(check)
        items.append(
            {
                "check": check,
                "text": _text(fields, "text", required=True, parent_line=_line(item)),
                "how": _text(fields, "how", required=False, parent_line=_line(item)),
            }
        )
    return items


# ---- reading it for a case --------------------------------------------------------------------------------------


@cache
def _shipped(policy: str) -> dict[str, Any]:
    from faircase.policy.packs import shipped_text

    try:
        text = shipped_text(policy)
    except FileNotFoundError:
        return {}
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    return parse_extras(_mapping(root, "The file"))


def _extra(case: Any, key: str) -> Any:
    """The value of an extra key for the case: its pack version's, else the shipped file's for its policy."""
    version = case.pack_version if case.pack_version_id is not None else None
    if version is None:
        from faircase.policy.packs import national_version

        version = national_version(case.policy)
    if version is not None and key in version.content:
        return version.content[key]
    return _shipped(case.policy).get(key)


def review_focus(case: Any, review_point: str) -> frozenset[str] | None:
    """The consideration codes a review at `review_point` asks on this case, or None: ask every consideration."""
    focus = (_extra(case, "review_focus") or {}).get(review_point)
    return frozenset(focus["considerations"]) if focus else None


def closure_checklist(case: Any) -> tuple[ChecklistEntry, ...]:
    items = _extra(case, "closure_checklist")
    if not items:
        return DEFAULT_CHECKLIST
    return tuple(ChecklistEntry(check=i["check"], text=i["text"], how=i.get("how", "")) for i in items)
