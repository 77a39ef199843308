"""The retention schedule: how long a closed case is kept before it is due for review, read from shipped data
(faircase/data/retention/schedule.yaml) and checked on read with pydantic, with an organisation's overrides
(settings.RETENTION_OVERRIDES_FILE) laid over it. docs/adr/0031-retention-and-deletion.md.

A case is kept for the longest period of every rule that applies to it. An override may only lengthen a period:
a shorter one would go below what the schedule's source asks, so it needs a change to the shipped file, with its
source, instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from django.conf import settings
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from faircase.cases.choices import Outcome
from faircase.core.formatting import counted, pluralise
from faircase.core.languages import localised

SCHEDULE_FILE = Path(__file__).resolve().parents[1] / "data" / "retention" / "schedule.yaml"
FORMAT = "faircase-retention-schedule/1"
OVERRIDES_FORMAT = "faircase-retention-overrides/1"
VERIFIED, TO_CONFIRM = "verified", "to_confirm"
# A closed case recorded without an outcome (before outcomes were asked for) is kept as "other" is.
NO_OUTCOME = Outcome.OTHER.value


class ScheduleError(ValueError):
    """A schedule or overrides file that cannot be used, naming the file and the first thing wrong."""


Key = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,64}$")]
Text = Annotated[str, Field(min_length=1, max_length=1000)]
Years = Annotated[int, Field(ge=0, le=100)]
# Welsh beside a text people read (ADR 41): optional; the English shows where there is none.
Welsh = Annotated[str, Field(max_length=1000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class AppliesTo(_Strict):
    outcomes: list[Literal[*Outcome.values]] = []  # type: ignore[valid-type]
    restriction_recorded: bool = False
    regulator_referral_recorded: bool = False

    @model_validator(mode="after")
    def _says_something(self) -> AppliesTo:
        if not (self.outcomes or self.restriction_recorded or self.regulator_referral_recorded):
            raise ValueError("say which outcomes or events the rule applies to")
        return self


class CaseRule(_Strict):
    key: Key
    title: Text
    applies_to: AppliesTo
    years: Years
    starts_from: Literal["case_closed"]
    source: Text
    status: Literal["verified", "to_confirm"]
    title_cy: Welsh = ""
    source_cy: Welsh = ""


class EqualityRule(_Strict):
    key: Key
    title: Text
    years: Years
    starts_from: Literal["last_case_deleted", "baseline_imported"]
    source: Text
    status: Literal["verified", "to_confirm"]
    title_cy: Welsh = ""
    source_cy: Welsh = ""


class ScheduleFile(_Strict):
    format: Literal["faircase-retention-schedule/1"]
    # Whether a fluent speaker has checked the file's Welsh (ADR 41): for people and tools, not used here.
    checked_cy: bool = False
    cases: list[CaseRule] = Field(min_length=1, max_length=50)
    equality: list[EqualityRule] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _each_outcome_once(self) -> ScheduleFile:
        every: list[CaseRule | EqualityRule] = [*self.cases, *self.equality]
        keys = [rule.key for rule in every]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise ValueError(f"rule {twice[0]} is listed twice")
        named = [outcome for rule in self.cases for outcome in rule.applies_to.outcomes]
        for outcome in Outcome.values:
            if named.count(outcome) != 1:
                how = "no rule" if not named.count(outcome) else "more than one rule"
                raise ValueError(f"the outcome {outcome} has {how}: give it exactly one")
        for event in ("restriction_recorded", "regulator_referral_recorded"):
            if not any(getattr(rule.applies_to, event) for rule in self.cases):
                raise ValueError(f"no rule applies when {event.replace('_', ' ')}")
        return self


class Override(_Strict):
    rule: Key
    years: Years
    reason: Text
    organisation: Key | None = None


class OverridesFile(_Strict):
    format: Literal["faircase-retention-overrides/1"]
    overrides: list[Override] = Field(max_length=100)


@dataclass(frozen=True)
class Rule:
    """A rule as it is in force for one organisation."""

    key: str
    title: str
    years: int
    starts_from: str
    source: str
    status: str
    outcomes: tuple[str, ...] = ()
    restriction_recorded: bool = False
    regulator_referral_recorded: bool = False
    shipped_years: int | None = None  # the schedule's period, when an override lengthened it
    override_reason: str = ""
    # Welsh, where the schedule gives it; `title` and `source` stay the English that records (a tombstone) keep.
    title_cy: str = ""
    source_cy: str = ""

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED

    @property
    def label(self) -> str:
        """The title in the language in use."""
        return localised(self, "title")

    @property
    def source_label(self) -> str:
        """The source in the language in use (the titles of the documents it names stay as published)."""
        return localised(self, "source")

    @property
    def period(self) -> str:
        """How long, in the language in use: "6 years" ("6 blynedd")."""
        if self.starts_from == "last_case_deleted":
            return _("Deleted with the last case about the practitioner")
        return pluralise(self.years, counted("year", "years"))

    def applies(self, *, outcome: str, restriction_recorded: bool, regulator_referral_recorded: bool) -> bool:
        return (
            (outcome or NO_OUTCOME) in self.outcomes
            or (self.restriction_recorded and restriction_recorded)
            or (self.regulator_referral_recorded and regulator_referral_recorded)
        )


@dataclass(frozen=True)
class Schedule:
    cases: tuple[Rule, ...]
    equality: tuple[Rule, ...]

    @property
    def all_verified(self) -> bool:
        return all(rule.verified for rule in (*self.cases, *self.equality))

    def rule(self, key: str) -> Rule:
        return next(rule for rule in (*self.cases, *self.equality) if rule.key == key)

    def rule_for(
        self, *, outcome: str, restriction_recorded: bool, regulator_referral_recorded: bool
    ) -> Rule:
        """The rule a closed case is kept under: the longest of those that apply (the first listed on a tie)."""
        applying = [
            rule
            for rule in self.cases
            if rule.applies(
                outcome=outcome,
                restriction_recorded=restriction_recorded,
                regulator_referral_recorded=regulator_referral_recorded,
            )
        ]
        return max(applying, key=lambda rule: rule.years)


def _problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "the top level"
    message = str(first["msg"]).removeprefix("Value error, ")
    more = len(error.errors()) - 1
    also = f" (and {pluralise(more, 'other problem')})" if more else ""
    return f"at {where}: {message}{also}"


def _load_yaml(text: str, name: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ScheduleError(f"{name} is not YAML: {error}") from None


def parse_schedule(text: str, *, name: str = "The retention schedule") -> ScheduleFile:
    data = _load_yaml(text, name)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ScheduleError(f"{name} must start with format: {FORMAT}")
    try:
        return ScheduleFile.model_validate(data)
    except ValidationError as error:
        raise ScheduleError(f"{name} is wrong {_problem(error)}") from None


def parse_overrides(text: str, *, schedule: ScheduleFile, name: str) -> OverridesFile:
    """Overrides checked against the schedule: a rule it has, and never a shorter period than it gives."""
    data = _load_yaml(text, name)
    if not isinstance(data, dict) or data.get("format") != OVERRIDES_FORMAT:
        raise ScheduleError(f"{name} must start with format: {OVERRIDES_FORMAT}")
    try:
        overrides = OverridesFile.model_validate(data)
    except ValidationError as error:
        raise ScheduleError(f"{name} is wrong {_problem(error)}") from None
    every: list[CaseRule | EqualityRule] = [*schedule.cases, *schedule.equality]
    shipped = {rule.key: rule for rule in every}
    for n, override in enumerate(overrides.overrides):
        where = f"{name} is wrong at overrides.{n}"
        if override.rule not in shipped:
            raise ScheduleError(
                f"{where}: there is no rule {override.rule}; choose from {', '.join(shipped)}"
            )
        if shipped[override.rule].starts_from == "last_case_deleted":
            raise ScheduleError(
                f"{where}: {override.rule} is deleted with the last case about the practitioner; special category "
                "data is not kept once no case needs it (ADR 9), so it cannot be kept longer."
            )
        if override.years < shipped[override.rule].years:
            raise ScheduleError(
                f"{where}: {pluralise(override.years, 'year')} is shorter than the schedule's "
                f"{pluralise(shipped[override.rule].years, 'year')} for {override.rule}. An organisation may only "
                "keep records longer; a shorter period needs a change to the shipped schedule, with its source."
            )
    return overrides


def _rule(rule: CaseRule | EqualityRule, overrides: Iterable[Override]) -> Rule:
    applies = getattr(rule, "applies_to", None)
    found = next((override for override in overrides if override.rule == rule.key), None)
    return Rule(
        key=rule.key,
        title=rule.title,
        years=found.years if found else rule.years,
        starts_from=rule.starts_from,
        source=" ".join(rule.source.split()),
        status=rule.status,
        title_cy=rule.title_cy,
        source_cy=" ".join(rule.source_cy.split()),
        outcomes=tuple(applies.outcomes) if applies else (),
        restriction_recorded=bool(applies and applies.restriction_recorded),
        regulator_referral_recorded=bool(applies and applies.regulator_referral_recorded),
        shipped_years=rule.years if found and found.years != rule.years else None,
        override_reason=found.reason if found else "",
    )


def build_schedule(
    shipped: ScheduleFile, overrides: OverridesFile | None, organisation_slug: str
) -> Schedule:
    """The schedule in force for one organisation: its own overrides win over those for every organisation."""
    chosen = [
        override
        for override in (overrides.overrides if overrides else ())
        if override.organisation in (None, organisation_slug)
    ]
    chosen.sort(key=lambda override: override.organisation is not None, reverse=True)
    return Schedule(
        cases=tuple(_rule(rule, chosen) for rule in shipped.cases),
        equality=tuple(_rule(rule, chosen) for rule in shipped.equality),
    )


@cache
def _read(schedule_path: str, overrides_path: str) -> tuple[ScheduleFile, OverridesFile | None]:
    shipped = parse_schedule(Path(schedule_path).read_text(encoding="utf-8"))
    if not overrides_path:
        return shipped, None
    path = Path(overrides_path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ScheduleError(
            f"The retention overrides file {path} (RETENTION_OVERRIDES_FILE) cannot be read: {error.strerror}"
        ) from None
    return shipped, parse_overrides(text, schedule=shipped, name=f"The retention overrides file {path}")


def schedule_for(organisation_slug: str) -> Schedule:
    """The schedule in force for an organisation: the shipped file with the settings' overrides."""
    overrides_path = str(getattr(settings, "RETENTION_OVERRIDES_FILE", "") or "")
    shipped, overrides = _read(str(SCHEDULE_FILE), overrides_path)
    return build_schedule(shipped, overrides, organisation_slug)
