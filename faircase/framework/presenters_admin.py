"""What an organisation administrator reads about framework versions: the history, the considerations
grouped under the five Principles, and what changed from the version before. The YAML export is here too,
so the page, the download and the command line describe a version the same way."""

from dataclasses import dataclass, field
from typing import Any

from faircase.core.formatting import nhs_datetime
from faircase.framework import selectors
from faircase.framework.models import Consideration, FrameworkVersion
from faircase.framework.principles import PRINCIPLES_IN_ORDER, ReviewPoint
from faircase.framework.principles import name as principle_name
from faircase.framework.yamlformat import dump

CHANGE_WORDS = {
    "added": "Added",
    "removed": "Not carried over",
    "moved": "Moved to another Principle",
    "reworded": "Reworded",
    "retired": "Retired",
    "restored": "Restored",
    "guidance": "Local guidance changed",
    "review_points": "Review points changed",
}
CHANGE_TAG_COLOUR = {
    "added": "green",
    "removed": "red",
    "moved": "orange",
    "reworded": "blue",
    "retired": "grey",
    "restored": "aqua-green",
    "guidance": "purple",
    "review_points": "yellow",
}


def version_name(version: FrameworkVersion) -> str:
    if version.is_national:
        return f"National starter set, version {version.number}"
    return f"{version.organisation.name}, version {version.number}"


def version_status(version: FrameworkVersion, current: FrameworkVersion | None = None) -> dict[str, str]:
    """A tag: the draft, the version in use, or an earlier one."""
    if not version.is_published:
        return {"text": "Draft", "classes": "nhsuk-tag--orange"}
    if current is not None and version.pk == current.pk:
        return {"text": "In use", "classes": "nhsuk-tag--green"}
    return {"text": "Superseded", "classes": "nhsuk-tag--grey"}


def review_points_text(review_points: list[str]) -> str:
    if not review_points:
        return "Every review point"
    return "; ".join(str(ReviewPoint(point).label) for point in review_points)


@dataclass
class HistoryRow:
    version_id: int
    number: int
    title: str
    created_by: str
    created_at: str
    change_note: str
    published: str
    status: dict[str, str]


def history_rows(versions: list[FrameworkVersion], current: FrameworkVersion | None) -> list[HistoryRow]:
    return [
        HistoryRow(
            version_id=v.pk,
            number=v.number,
            title=v.title,
            created_by=v.created_by_label,
            created_at=nhs_datetime(v.created_at),
            change_note=v.change_note or ("Draft: not yet published" if not v.is_published else "No note"),
            published=nhs_datetime(v.published_at, empty="Not published"),
            status=version_status(v, current),
        )
        for v in versions
    ]


@dataclass
class ConsiderationLine:
    code: str
    text: str
    guidance: str
    review_points: str
    retired: bool
    changes: list[dict[str, str]] = field(default_factory=list)

    @property
    def tags(self) -> list[dict[str, str]]:
        """What changed, and "Retired" when it is retired (once, even when retiring it is the change)."""
        if self.retired and not any(t["text"] == CHANGE_WORDS["retired"] for t in self.changes):
            return [{"text": "Retired", "classes": "nhsuk-tag--grey"}, *self.changes]
        return self.changes


@dataclass
class PrincipleGroup:
    number: int
    name: str
    slug: str
    considerations: list[ConsiderationLine]

    @property
    def in_use(self) -> int:
        return sum(1 for c in self.considerations if not c.retired)


def change_tags(kinds: tuple[str, ...] | list[str]) -> list[dict[str, str]]:
    return [{"text": CHANGE_WORDS[k], "classes": f"nhsuk-tag--{CHANGE_TAG_COLOUR[k]}"} for k in kinds]


def principle_groups(
    considerations: list[Consideration], changes: list[selectors.ConsiderationChange] | None = None
) -> list[PrincipleGroup]:
    """The considerations under each of the five Principles, always all five and in their fixed order."""
    kinds_by_code = {change.code: change.kinds for change in changes or [] if change.after is not None}
    groups = []
    for number, principle in enumerate(PRINCIPLES_IN_ORDER, start=1):
        lines = [
            ConsiderationLine(
                code=c.code,
                text=c.text,
                guidance=c.guidance,
                review_points=review_points_text(c.review_points),
                retired=c.retired,
                changes=change_tags(kinds_by_code.get(c.code, ())),
            )
            for c in considerations
            if c.principle == principle.value
        ]
        groups.append(
            PrincipleGroup(
                number=number, name=principle_name(principle), slug=principle.value, considerations=lines
            )
        )
    return groups


@dataclass
class ComparisonRow:
    code: str
    principle: str
    tags: list[dict[str, str]]
    before: list[str]
    after: list[str]


def _describe(consideration: Consideration | None, kinds: tuple[str, ...]) -> list[str]:
    """The parts of one side of a change that people need to compare."""
    if consideration is None:
        return ["Not in this version"]
    lines = []
    if {"added", "removed", "reworded", "moved"} & set(kinds):
        lines.append(consideration.text)
    if {"retired", "restored"} & set(kinds):
        lines.append("Retired" if consideration.retired else "In use")
    if "guidance" in kinds or ("added" in kinds and consideration.guidance):
        lines.append(f"Local guidance: {consideration.guidance or 'none'}")
    if "review_points" in kinds or ("added" in kinds and consideration.review_points):
        lines.append(f"Asked at: {review_points_text(consideration.review_points)}")
    return lines


def comparison_rows(changes: list[selectors.ConsiderationChange]) -> list[ComparisonRow]:
    principle_names = {
        p.value: f"{i}. {principle_name(p)}" for i, p in enumerate(PRINCIPLES_IN_ORDER, start=1)
    }
    return [
        ComparisonRow(
            code=change.code,
            principle=principle_names[change.principle],
            tags=change_tags(change.kinds),
            before=_describe(change.before, change.kinds)
            if change.before is not None
            else ["Not in that version"],
            after=_describe(change.after, change.kinds)
            if change.after is not None
            else ["Not in this version"],
        )
        for change in changes
    ]


def change_counts(changes: list[selectors.ConsiderationChange]) -> list[str]:
    """A one-line summary, for example ["2 added", "1 reworded"]."""
    counts: dict[str, int] = {}
    for change in changes:
        for kind in change.kinds:
            counts[kind] = counts.get(kind, 0) + 1
    return [f"{counts[k]} {CHANGE_WORDS[k].lower()}" for k in selectors.CHANGE_KINDS if k in counts]


# ---- the YAML file ---------------------------------------------------------------------------------------


def export_text(version: FrameworkVersion, considerations: list[Consideration] | None = None) -> str:
    """The version in the faircase framework file format, ready to import again."""
    if considerations is None:
        considerations = selectors.considerations_in(version)
    based_on = version.based_on
    return dump(
        title=version.title,
        considerations=considerations,
        organisation=version.organisation.slug if version.organisation else "",
        version=version.number,
        based_on=(
            ""
            if based_on is None
            else f"{based_on.organisation.slug if based_on.organisation else 'national'} version {based_on.number}"
        ),
        change_note=version.change_note,
    )


def export_filename(version: FrameworkVersion) -> str:
    owner = version.organisation.slug if version.organisation else "national"
    draft = "-draft" if not version.is_published else ""
    return f"faircase-framework-{owner}-v{version.number}{draft}.yaml"


def organisation_summary(
    organisation: Any, current: FrameworkVersion, draft: FrameworkVersion | None
) -> list:
    """Summary-list rows for one organisation on the framework page."""
    rows: list[dict[str, Any]] = [
        {"key": {"text": "Version in use"}, "value": {"text": version_name(current)}},
        {"key": {"text": "In use since"}, "value": {"text": nhs_datetime(current.published_at)}},
    ]
    if draft is not None:
        rows.append(
            {
                "key": {"text": "Draft"},
                "value": {
                    "text": f"Version {draft.number}, started by {draft.created_by_label} on {nhs_datetime(draft.created_at)}"
                },
            }
        )
    return rows
