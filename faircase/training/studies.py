"""The training case studies: fictional cases told stage by stage, shipped as data (faircase/data/training/*.yaml)
and read from an organisation's own folders (settings.FAIRCASE_TRAINING_STUDY_DIRS). ADR 25.

Each file is read through the bounded YAML reader (faircase.core.readers) and checked whole as it is read, the
way the letter library and the decision options are: a fault is refused with a message naming the file and the
field, so whoever wrote the study can put it right without guessing. Nothing here touches the database.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from faircase.core.readers import UnreadableFile, compose_yaml, read_text_file, yaml_max_bytes
from faircase.framework import yamlformat
from faircase.policy.choices import Policy

FORMAT = "faircase-training-study/1"
NATIONAL_DIR = Path(__file__).resolve().parent.parent / "data" / "training"
NATIONAL_FRAMEWORK = Path(__file__).resolve().parent.parent / "data" / "framework" / "national.yaml"
EVERY_ORGANISATION = "*"
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

PROFESSIONS = {"doctor": "Doctor", "dentist": "Dentist", "pharmacist": "Pharmacist"}
CARE = {"primary": "Primary care", "secondary": "Secondary care"}
NATIONS = {"england": "England", "wales": "Wales", "northern-ireland": "Northern Ireland"}

STUDY_FIELDS = {"format", "key", "title", "summary", "profession", "care", "nation", "policy", "stages"}
STAGE_FIELDS = {"key", "title", "facts", "considerations", "decision", "authors_view"}
DECISION_FIELDS = {"question", "options"}
OPTION_FIELDS = {"key", "label"}
VIEW_FIELDS = {"would_choose", "reasoning", "discussion"}


class StudyFileError(ValueError):
    """A study file that cannot be used, with the file and the field at fault."""

    def __init__(self, path: Path, field: str, message: str):
        self.path = path
        self.field = field
        self.message = message
        where = f"{path.name}, field '{field}'" if field else path.name
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Option:
    key: str
    label: str


@dataclass(frozen=True)
class Stage:
    key: str
    title: str
    facts: tuple[str, ...]  # paragraphs
    considerations: tuple[str, ...]  # codes of the national starter set
    question: str
    options: tuple[Option, ...]
    would_choose: str
    reasoning: tuple[str, ...]  # paragraphs
    discussion: tuple[str, ...]

    def option(self, key: str) -> Option | None:
        return next((option for option in self.options if option.key == key), None)


@dataclass(frozen=True)
class Study:
    key: str
    title: str
    summary: str
    profession: str
    care: str
    nation: str
    policy: str
    stages: tuple[Stage, ...]
    source: str = "national"  # "national", or the organisation folder's name in the settings

    def stage(self, key: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.key == key), None)

    def stage_after(self, key: str) -> Stage | None:
        keys = [stage.key for stage in self.stages]
        index = keys.index(key) + 1 if key in keys else len(keys)
        return self.stages[index] if index < len(keys) else None

    @property
    def setting_label(self) -> str:
        return f"{PROFESSIONS[self.profession]}, {CARE[self.care].lower()}, {NATIONS[self.nation]}"

    @property
    def policy_label(self) -> str:
        return str(Policy(self.policy).label)


@functools.cache
def consideration_texts() -> dict[str, str]:
    """The considerations of the national starter set by code, which a study's stages ask about."""
    spec = yamlformat.parse(NATIONAL_FRAMEWORK.read_text(encoding="utf-8"))
    return {item.code: " ".join(item.text.split()) for item in spec.considerations}


def national_codes() -> frozenset[str]:
    return frozenset(consideration_texts())


# ---- reading one file --------------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, path: Path):
        self.path = path

    def fault(self, field: str, message: str) -> StudyFileError:
        return StudyFileError(self.path, field, message)

    def mapping(self, value: Any, field: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fault(field, "must be a set of 'name: value' fields")
        for name in value:
            if name not in allowed:
                raise self.fault(
                    _join(field, str(name)), f"is not a field here; use {', '.join(sorted(allowed))}"
                )
        for name in sorted(required):
            if name not in value or value[name] is None:
                raise self.fault(_join(field, name), "is missing")
        return value

    def text(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fault(field, "write some text")
        return value.strip()

    def paragraphs(self, value: Any, field: str) -> tuple[str, ...]:
        text = self.text(value, field)
        return tuple(" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip())

    def key(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not KEY_PATTERN.match(value):
            raise self.fault(
                field, "must be lower-case letters, digits and single hyphens, like 'first-report'"
            )
        return value

    def choice(self, value: Any, field: str, choices: Iterable[str]) -> str:
        allowed = list(choices)
        if value not in allowed:
            raise self.fault(field, f"'{value}' is not one of {', '.join(allowed)}")
        return str(value)

    def items(self, value: Any, field: str) -> list[Any]:
        if not isinstance(value, list) or not value:
            raise self.fault(field, "must be a list with at least one entry")
        return value

    def unique(self, keys: list[str], field: str) -> None:
        seen: set[str] = set()
        for index, key in enumerate(keys):
            if key in seen:
                raise self.fault(f"{field}[{index + 1}].key", f"'{key}' is used twice")
            seen.add(key)


def _join(field: str, name: str) -> str:
    return f"{field}.{name}" if field else name


def parse_study(text: str, path: Path, *, source: str = "national") -> Study:
    """One study from the text of its file, checked whole. Raises StudyFileError naming the file and field."""
    reader = _Reader(path)
    try:
        root = compose_yaml(text)
        data = yaml.SafeLoader("").construct_document(root) if root is not None else None
    except UnreadableFile as error:
        raise reader.fault("", str(error)) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" near line {mark.line + 1}" if mark is not None else ""
        raise reader.fault("", f"is not readable YAML{line}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise reader.fault("format", f"a study file starts with 'format: {FORMAT}'")
    fields = reader.mapping(data, "", STUDY_FIELDS, STUDY_FIELDS)
    stages = []
    for index, item in enumerate(reader.items(fields["stages"], "stages")):
        stages.append(_stage(reader, item, f"stages[{index + 1}]"))
    reader.unique([stage.key for stage in stages], "stages")
    return Study(
        key=reader.key(fields["key"], "key"),
        title=reader.text(fields["title"], "title"),
        summary=reader.text(fields["summary"], "summary"),
        profession=reader.choice(fields["profession"], "profession", PROFESSIONS),
        care=reader.choice(fields["care"], "care", CARE),
        nation=reader.choice(fields["nation"], "nation", NATIONS),
        policy=reader.choice(fields["policy"], "policy", Policy.values),
        stages=tuple(stages),
        source=source,
    )


def _stage(reader: _Reader, value: Any, field: str) -> Stage:
    fields = reader.mapping(value, field, STAGE_FIELDS, STAGE_FIELDS)
    codes = []
    for index, code in enumerate(reader.items(fields["considerations"], f"{field}.considerations")):
        where = f"{field}.considerations[{index + 1}]"
        if code not in national_codes():
            raise reader.fault(where, f"'{code}' is not a consideration of the national starter set")
        if code in codes:
            raise reader.fault(where, f"'{code}' is asked twice")
        codes.append(str(code))
    decision = reader.mapping(fields["decision"], f"{field}.decision", DECISION_FIELDS, DECISION_FIELDS)
    options = []
    for index, item in enumerate(reader.items(decision["options"], f"{field}.decision.options")):
        where = f"{field}.decision.options[{index + 1}]"
        option = reader.mapping(item, where, OPTION_FIELDS, OPTION_FIELDS)
        options.append(
            Option(reader.key(option["key"], f"{where}.key"), reader.text(option["label"], f"{where}.label"))
        )
    if len(options) < 2:
        raise reader.fault(f"{field}.decision.options", "give at least two options to choose between")
    reader.unique([option.key for option in options], f"{field}.decision.options")
    view = reader.mapping(fields["authors_view"], f"{field}.authors_view", VIEW_FIELDS, VIEW_FIELDS)
    would_choose = reader.choice(
        view["would_choose"], f"{field}.authors_view.would_choose", [option.key for option in options]
    )
    discussion = tuple(
        reader.text(point, f"{field}.authors_view.discussion[{index + 1}]")
        for index, point in enumerate(reader.items(view["discussion"], f"{field}.authors_view.discussion"))
    )
    return Stage(
        key=reader.key(fields["key"], f"{field}.key"),
        title=reader.text(fields["title"], f"{field}.title"),
        facts=reader.paragraphs(fields["facts"], f"{field}.facts"),
        considerations=tuple(codes),
        question=reader.text(decision["question"], f"{field}.decision.question"),
        options=tuple(options),
        would_choose=would_choose,
        reasoning=reader.paragraphs(view["reasoning"], f"{field}.authors_view.reasoning"),
        discussion=discussion,
    )


def read_study(path: Path, *, source: str = "national") -> Study:
    try:
        text = read_text_file(path, max_bytes=yaml_max_bytes())
    except UnreadableFile as error:
        raise StudyFileError(path, "", str(error)) from error
    except (OSError, UnicodeDecodeError) as error:
        raise StudyFileError(path, "", "could not be read as a UTF-8 text file") from error
    return parse_study(text, path, source=source)


@functools.cache
def studies_in(directory: Path, source: str) -> tuple[Study, ...]:
    """Every study in a folder, in the order of their titles; a second study with the same key is refused."""
    if not directory.is_dir():
        raise StudyFileError(directory, "", "is not a folder faircase can read")
    studies = [read_study(path, source=source) for path in sorted(directory.glob("*.yaml"))]
    _refuse_repeated_keys(studies, directory)
    return tuple(sorted(studies, key=lambda study: study.title))


def _refuse_repeated_keys(studies: list[Study], where: Path) -> None:
    seen: set[str] = set()
    for study in studies:
        if study.key in seen:
            raise StudyFileError(where, "key", f"two studies use the key '{study.key}'")
        seen.add(study.key)


def studies_for(organisation_slug: str) -> tuple[Study, ...]:
    """The national studies and those of the organisation's own folders (settings.FAIRCASE_TRAINING_STUDY_DIRS)."""
    found = list(studies_in(NATIONAL_DIR, "national"))
    for owner, directory in sorted(settings.FAIRCASE_TRAINING_STUDY_DIRS.items()):
        if owner in (organisation_slug, EVERY_ORGANISATION):
            found += studies_in(Path(directory), "local")
    _refuse_repeated_keys(found, Path(f"the studies of {organisation_slug}"))
    return tuple(found)


def study_for(organisation_slug: str, key: str) -> Study | None:
    return next((study for study in studies_for(organisation_slug) if study.key == key), None)
