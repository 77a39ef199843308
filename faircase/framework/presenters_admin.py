"""What an organisation administrator reads about framework versions: the history, the considerations
grouped under the five Principles, and what changed from the version before. The YAML export is here too,
so the page, the download and the command line describe a version the same way."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from faircase.core.formatting import nhs_datetime
from faircase.framework import selectors
from faircase.framework.models import Consideration, FrameworkVersion
from faircase.framework.principles import PRINCIPLES_IN_ORDER, ReviewPoint
from faircase.framework.principles import name as principle_name
from faircase.framework.yamlformat import dump

CHANGE_WORDS = {
    "added": gettext_lazy("Added"),
    "removed": gettext_lazy("Not carried over"),
    "moved": gettext_lazy("Moved to another Principle"),
    "reworded": gettext_lazy("Reworded"),
    "retired": gettext_lazy("Retired"),
    "restored": gettext_lazy("Restored"),
    "guidance": gettext_lazy("Local guidance changed"),
    "review_points": gettext_lazy("Review points changed"),
}
# How many considerations each kind of change touched, for the one-line summary ("2 added, 1 reworded").
CHANGE_COUNTS = {
    "added": lambda n: ngettext("%(num)d added", "%(num)d added", n),
    "removed": lambda n: ngettext("%(num)d not carried over", "%(num)d not carried over", n),
    "moved": lambda n: ngettext(
        "%(num)d moved to another Principle", "%(num)d moved to another Principle", n
    ),
    "reworded": lambda n: ngettext("%(num)d reworded", "%(num)d reworded", n),
    "retired": lambda n: ngettext("%(num)d retired", "%(num)d retired", n),
    "restored": lambda n: ngettext("%(num)d restored", "%(num)d restored", n),
    "guidance": lambda n: ngettext("%(num)d local guidance changed", "%(num)d local guidance changed", n),
    "review_points": lambda n: ngettext("%(num)d review points changed", "%(num)d review points changed", n),
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
        return _("National starter set, version %(number)s") % {"number": version.number}
    return _("%(organisation)s, version %(number)s") % {
        "organisation": version.organisation.name,
        "number": version.number,
    }


def version_status(version: FrameworkVersion, current: FrameworkVersion | None = None) -> dict[str, str]:
    """A tag: the draft, the version in use, or an earlier one."""
    if not version.is_published:
        return {"text": _("Draft"), "classes": "nhsuk-tag--orange"}
    if current is not None and version.pk == current.pk:
        return {"text": _("In use"), "classes": "nhsuk-tag--green"}
    return {"text": _("Superseded"), "classes": "nhsuk-tag--grey"}


def review_points_text(review_points: list[str]) -> str:
    if not review_points:
        return _("Every review point")
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
            change_note=v.change_note
            or (_("Draft: not yet published") if not v.is_published else _("No note")),
            published=nhs_datetime(v.published_at, empty=_("Not published")),
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
        if self.retired and not any(t["text"] == str(CHANGE_WORDS["retired"]) for t in self.changes):
            return [{"text": str(CHANGE_WORDS["retired"]), "classes": "nhsuk-tag--grey"}, *self.changes]
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
    return [{"text": str(CHANGE_WORDS[k]), "classes": f"nhsuk-tag--{CHANGE_TAG_COLOUR[k]}"} for k in kinds]


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
                text=c.shown_text,
                guidance=c.shown_guidance,
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
        return [_("Not in this version")]
    lines = []
    if {"added", "removed", "reworded", "moved"} & set(kinds):
        lines.append(consideration.shown_text)
    if {"retired", "restored"} & set(kinds):
        lines.append(_("Retired") if consideration.retired else _("In use"))
    if "guidance" in kinds or ("added" in kinds and consideration.guidance):
        if consideration.guidance:
            lines.append(_("Local guidance: %(guidance)s") % {"guidance": consideration.shown_guidance})
        else:
            lines.append(_("Local guidance: none"))
    if "review_points" in kinds or ("added" in kinds and consideration.review_points):
        lines.append(
            _("Asked at: %(review_points)s")
            % {"review_points": review_points_text(consideration.review_points)}
        )
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
            else [_("Not in that version")],
            after=_describe(change.after, change.kinds)
            if change.after is not None
            else [_("Not in this version")],
        )
        for change in changes
    ]


def change_counts(changes: list[selectors.ConsiderationChange]) -> list[str]:
    """A one-line summary, for example ["2 added", "1 reworded"]."""
    counts: dict[str, int] = {}
    for change in changes:
        for kind in change.kinds:
            counts[kind] = counts.get(kind, 0) + 1
    return [CHANGE_COUNTS[k](counts[k]) % {"num": counts[k]} for k in selectors.CHANGE_KINDS if k in counts]


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
        {"key": {"text": _("Version in use")}, "value": {"text": version_name(current)}},
        {"key": {"text": _("In use since")}, "value": {"text": nhs_datetime(current.published_at)}},
    ]
    if draft is not None:
        rows.append(
            {
                "key": {"text": _("Draft")},
                "value": {
                    "text": _("Version %(number)s, started by %(person)s on %(date)s")
                    % {
                        "number": draft.number,
                        "person": draft.created_by_label,
                        "date": nhs_datetime(draft.created_at),
                    }
                },
            }
        )
    return rows
