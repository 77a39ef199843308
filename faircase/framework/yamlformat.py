"""Framework versions as YAML: the file format shared by the shipped starter set, export and import.

Reading checks the whole file before anything is saved and names the line and field at fault, so an
administrator can fix a file without guessing. The Principles in a file must be exactly the fixed five.
"""

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.utils.translation import gettext as _

from faircase.core.readers import compose_yaml
from faircase.framework.principles import PRINCIPLES_IN_ORDER, FixedPrincipleError, ReviewPoint

FORMAT = "faircase-framework/1"
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9-]{0,19}$")
# The longest consideration and guidance, in either language: the same limits as the consideration form.
TEXT_MAX = 2000
GUIDANCE_MAX = 4000


class FrameworkFileError(ValueError):
    def __init__(self, message: str, *, line: int | None = None, field_name: str = ""):
        self.line = line
        self.field_name = field_name
        self.message = message
        # Whole sentences, so that each language orders the line, the field and the fault its own way. The
        # message is in the language in use when it is raised.
        values = {"line": line, "field": field_name, "message": message}
        if line is not None and field_name:
            text = _("line %(line)s, field '%(field)s': %(message)s") % values
        elif line is not None:
            text = _("line %(line)s: %(message)s") % values
        elif field_name:
            text = _("field '%(field)s': %(message)s") % values
        else:
            text = message
        super().__init__(text)


@dataclass
class ConsiderationSpec:
    code: str
    principle: str
    text: str
    guidance: str = ""
    # Welsh beside the English (ADR 41); optional, and read to Welsh readers where given.
    text_cy: str = ""
    guidance_cy: str = ""
    review_points: list[str] = field(default_factory=list)
    retired: bool = False


@dataclass
class FrameworkSpec:
    title: str
    considerations: list[ConsiderationSpec]
    change_note: str = ""


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mapping(node: yaml.Node, refusal: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise FrameworkFileError(refusal, line=_line(node))
    result: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key in result:
            raise FrameworkFileError(_("appears twice"), line=_line(key_node), field_name=key)
        result[key] = (key_node, value_node)
    return result


def _text(fields: dict, name: str, *, required: bool, parent_line: int) -> str:
    if name not in fields:
        if required:
            raise FrameworkFileError(_("is missing"), line=parent_line, field_name=name)
        return ""
    _key_node, value_node = fields[name]
    if not isinstance(value_node, yaml.ScalarNode):
        raise FrameworkFileError(_("must be text"), line=_line(value_node), field_name=name)
    value = str(value_node.value).strip()
    if required and not value:
        raise FrameworkFileError(_("must not be empty"), line=_line(value_node), field_name=name)
    return value


def _check_known(fields: dict, allowed: set[str]) -> None:
    for name, (key_node, _value) in fields.items():
        if name not in allowed:
            raise FrameworkFileError(
                _("is not a field faircase knows (expected one of: %(fields)s)")
                % {"fields": ", ".join(sorted(allowed))},
                line=_line(key_node),
                field_name=name,
            )


def parse(text: str) -> FrameworkSpec:
    """Read and check a framework file. Raises FrameworkFileError (or FixedPrincipleError) naming the fault, or
    UnreadableFile for a file too large or too deeply nested to read, or with a key that is not a plain name."""
    try:
        root = compose_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise FrameworkFileError(
            _("this is not valid YAML (%(problem)s)") % {"problem": getattr(error, "problem", error)},
            line=mark.line + 1 if mark else None,
        ) from error
    if root is None:
        raise FrameworkFileError(_("the file is empty"))
    top = _mapping(root, _("The file must be a set of 'name: value' fields"))
    # checked_cy: whether a fluent speaker has checked the Welsh; kept for the reviewer, not stored.
    _check_known(
        top,
        {"format", "title", "organisation", "version", "based_on", "change_note", "principles", "checked_cy"},
    )
    file_format = _text(top, "format", required=True, parent_line=1)
    if file_format != FORMAT:
        raise FrameworkFileError(
            _("must be '%(expected)s', not '%(found)s'") % {"expected": FORMAT, "found": file_format},
            line=_line(top["format"][1]),
            field_name="format",
        )
    title = _text(top, "title", required=True, parent_line=1)
    change_note = _text(top, "change_note", required=False, parent_line=1)
    if "principles" not in top:
        raise FrameworkFileError(_("is missing"), line=1, field_name="principles")
    principles_node = top["principles"][1]
    if not isinstance(principles_node, yaml.SequenceNode):
        raise FrameworkFileError(_("must be a list"), line=_line(principles_node), field_name="principles")

    names = []
    considerations: list[ConsiderationSpec] = []
    codes: dict[str, int] = {}
    for index, principle_node in enumerate(principles_node.value):
        fields = _mapping(principle_node, _("Each principle must be a set of 'name: value' fields"))
        _check_known(fields, {"principle", "considerations"})
        name = _text(fields, "principle", required=True, parent_line=_line(principle_node))
        names.append(name)
        expected = PRINCIPLES_IN_ORDER[index] if index < len(PRINCIPLES_IN_ORDER) else None
        if expected is None or name != expected.label:
            line = _line(fields["principle"][1])
            values = {"line": line, "name": name, "expected": expected.label if expected else ""}
            if expected is None:
                detail = (
                    _("line %(line)s, field 'principle': '%(name)s' would add a sixth Principle.") % values
                )
            elif name in {p.label for p in PRINCIPLES_IN_ORDER}:
                detail = (
                    _(
                        "line %(line)s, field 'principle': '%(name)s' is out of order (expected '%(expected)s')."
                    )
                    % values
                )
            else:
                detail = (
                    _("line %(line)s, field 'principle': '%(name)s' would rename '%(expected)s'.") % values
                )
            raise FixedPrincipleError(detail)
        if "considerations" not in fields:
            raise FrameworkFileError(_("is missing"), line=_line(principle_node), field_name="considerations")
        items = fields["considerations"][1]
        if not isinstance(items, yaml.SequenceNode):
            raise FrameworkFileError(_("must be a list"), line=_line(items), field_name="considerations")
        for item in items.value:
            considerations.append(_consideration(item, expected.value, codes))
    if len(names) < len(PRINCIPLES_IN_ORDER):
        missing = PRINCIPLES_IN_ORDER[len(names)].label
        raise FixedPrincipleError(
            _("line %(line)s, field 'principles': '%(name)s' is missing; all five must be present.")
            % {"line": _line(principles_node), "name": missing}
        )
    if not any(not c.retired for c in considerations):
        raise FrameworkFileError(_("at least one consideration must be in use"), field_name="considerations")
    return FrameworkSpec(title=title, considerations=considerations, change_note=change_note)


def _consideration(node: yaml.Node, principle: str, codes: dict[str, int]) -> ConsiderationSpec:
    fields = _mapping(node, _("Each consideration must be a set of 'name: value' fields"))
    _check_known(
        fields,
        {"code", "text", "text_cy", "guidance", "guidance_cy", "review_points", "retired", "checked_cy"},
    )
    line = _line(node)
    code = _text(fields, "code", required=True, parent_line=line)
    if not CODE_PATTERN.match(code):
        raise FrameworkFileError(
            _("must be capital letters and digits, up to 20 characters, like WS1 or LOCAL-3"),
            line=_line(fields["code"][1]),
            field_name="code",
        )
    if code in codes:
        raise FrameworkFileError(
            _("'%(code)s' is used twice (first on line %(line)s)") % {"code": code, "line": codes[code]},
            line=_line(fields["code"][1]),
            field_name="code",
        )
    codes[code] = _line(fields["code"][1])
    text = _text(fields, "text", required=True, parent_line=line)
    guidance = _text(fields, "guidance", required=False, parent_line=line)
    text_cy = _text(fields, "text_cy", required=False, parent_line=line)
    guidance_cy = _text(fields, "guidance_cy", required=False, parent_line=line)
    # The Welsh is held to the English's limits (the consideration form's), so a file cannot bring in what
    # the form would refuse.
    for name, value, limit in (
        ("text", text, TEXT_MAX),
        ("text_cy", text_cy, TEXT_MAX),
        ("guidance", guidance, GUIDANCE_MAX),
        ("guidance_cy", guidance_cy, GUIDANCE_MAX),
    ):
        if len(value) > limit:
            raise FrameworkFileError(
                _("must be %(limit)s characters or fewer (it has %(count)s)")
                % {"limit": limit, "count": len(value)},
                line=_line(fields[name][1]),
                field_name=name,
            )
    review_points: list[str] = []
    if "review_points" in fields:
        rp_node = fields["review_points"][1]
        if not isinstance(rp_node, yaml.SequenceNode):
            raise FrameworkFileError(_("must be a list"), line=_line(rp_node), field_name="review_points")
        for point in rp_node.value:
            if point.value not in ReviewPoint.values:
                raise FrameworkFileError(
                    _("'%(value)s' is not a review point (use: %(points)s)")
                    % {"value": point.value, "points": ", ".join(ReviewPoint.values)},
                    line=_line(point),
                    field_name="review_points",
                )
            review_points.append(point.value)
    retired = False
    if "retired" in fields:
        value = fields["retired"][1]
        if not isinstance(value, yaml.ScalarNode) or value.value.lower() not in {"true", "false"}:
            raise FrameworkFileError(_("must be true or false"), line=_line(value), field_name="retired")
        retired = value.value.lower() == "true"
    return ConsiderationSpec(
        code=code,
        principle=principle,
        text=text,
        guidance=guidance,
        text_cy=text_cy,
        guidance_cy=guidance_cy,
        review_points=review_points,
        retired=retired,
    )


def dump(
    *,
    title: str,
    considerations: list[Any],
    organisation: str = "",
    version: int | None = None,
    based_on: str = "",
    change_note: str = "",
) -> str:
    """Write a version in the same format `parse` reads."""
    document: dict[str, Any] = {"format": FORMAT, "title": title}
    if organisation:
        document["organisation"] = organisation
    if version is not None:
        document["version"] = version
    if based_on:
        document["based_on"] = based_on
    if change_note:
        document["change_note"] = change_note
    document["principles"] = []
    for principle in PRINCIPLES_IN_ORDER:
        items = []
        for c in considerations:
            if c.principle != principle.value:
                continue
            item: dict[str, Any] = {"code": c.code, "text": c.text}
            if getattr(c, "text_cy", ""):
                item["text_cy"] = c.text_cy
            if c.guidance:
                item["guidance"] = c.guidance
            if getattr(c, "guidance_cy", ""):
                item["guidance_cy"] = c.guidance_cy
            if c.review_points:
                item["review_points"] = list(c.review_points)
            if c.retired:
                item["retired"] = True
            items.append(item)
        document["principles"].append({"principle": principle.label, "considerations": items})
    # The file's note to its reader, in the language of whoever exports it (a comment: reading ignores it).
    header = (
        "# "
        + _(
            "A faircase framework version. The five Principles are fixed: change the considerations beneath them."
        )
        + "\n"
    )
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
