"""The training case studies: fictional cases told stage by stage, shipped as data (faircase/data/training/*.yaml)
and read from an organisation's own folders (settings.FAIRCASE_TRAINING_STUDY_DIRS). ADR 25.

Each file is read through the bounded YAML reader (faircase.core.readers) and checked whole as it is read, the
way the letter library and the decision options are: a fault is refused with a message naming the file and the
field, so whoever wrote the study can put it right without guessing. Nothing here touches the database.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from faircase.core import languages
from faircase.core.readers import UnreadableFile, compose_yaml, read_text_file, yaml_max_bytes
from faircase.framework import yamlformat
from faircase.policy.choices import Policy

FORMAT = "faircase-training-study/1"
NATIONAL_DIR = Path(__file__).resolve().parent.parent / "data" / "training"
NATIONAL_FRAMEWORK = Path(__file__).resolve().parent.parent / "data" / "framework" / "national.yaml"
EVERY_ORGANISATION = "*"
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

PROFESSIONS = {"doctor": _("Doctor"), "dentist": _("Dentist"), "pharmacist": _("Pharmacist")}
CARE = {"primary": _("Primary care"), "secondary": _("Secondary care")}
NATIONS = {"england": _("England"), "wales": _("Wales"), "northern-ireland": _("Northern Ireland")}

# Each field a learner reads may have its Welsh beside it, in a field ending _cy (ADR 41): optional, and shown
# to people reading faircase in Welsh (the English where it is not given).
STUDY_REQUIRED = {"format", "key", "title", "summary", "profession", "care", "nation", "policy", "stages"}
STUDY_FIELDS = STUDY_REQUIRED | {"title_cy", "summary_cy"}
STAGE_REQUIRED = {"key", "title", "facts", "considerations", "decision", "authors_view"}
STAGE_FIELDS = STAGE_REQUIRED | {"title_cy", "facts_cy"}
DECISION_REQUIRED = {"question", "options"}
DECISION_FIELDS = DECISION_REQUIRED | {"question_cy"}
OPTION_REQUIRED = {"key", "label"}
OPTION_FIELDS = OPTION_REQUIRED | {"label_cy"}
VIEW_REQUIRED = {"would_choose", "reasoning", "discussion"}
VIEW_FIELDS = VIEW_REQUIRED | {"reasoning_cy", "discussion_cy"}


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
    label_cy: str = ""

    def in_language(self, language: str) -> Option:
        return dataclasses.replace(self, label=languages.localised(self, "label", language))


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
    # The Welsh of each (empty: none given).
    title_cy: str = ""
    facts_cy: tuple[str, ...] = ()
    question_cy: str = ""
    reasoning_cy: tuple[str, ...] = ()
    discussion_cy: tuple[str, ...] = ()

    def option(self, key: str) -> Option | None:
        return next((option for option in self.options if option.key == key), None)

    def in_language(self, language: str) -> Stage:
        return dataclasses.replace(
            self,
            title=languages.localised(self, "title", language),
            facts=_paragraphs_in(self, "facts", language),
            question=languages.localised(self, "question", language),
            options=tuple(option.in_language(language) for option in self.options),
            reasoning=_paragraphs_in(self, "reasoning", language),
            discussion=_paragraphs_in(self, "discussion", language),
        )


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
    title_cy: str = ""
    summary_cy: str = ""

    def in_language(self, language: str | None = None) -> Study:
        """The study as a reader of `language` (by default the one in use) reads it: each field in Welsh where
        the file gives it, else in English (faircase.core.languages.localised's rule)."""
        language = language or languages.active()
        return dataclasses.replace(
            self,
            title=languages.localised(self, "title", language),
            summary=languages.localised(self, "summary", language),
            stages=tuple(stage.in_language(language) for stage in self.stages),
        )

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


def _paragraphs_in(item: Any, field: str, language: str) -> tuple[str, ...]:
    """Paragraphs (or points) in the language, by the rule of languages.localised: the Welsh where given."""
    welsh: tuple[str, ...] = getattr(item, f"{field}_cy")
    english: tuple[str, ...] = getattr(item, field)
    return welsh if language == languages.WELSH and welsh else english


@functools.cache
def _national_considerations() -> tuple[yamlformat.ConsiderationSpec, ...]:
    return tuple(yamlformat.parse(NATIONAL_FRAMEWORK.read_text(encoding="utf-8")).considerations)


def consideration_texts(language: str | None = None) -> dict[str, str]:
    """The considerations of the national starter set by code, which a study's stages ask about, in the language
    in use (or `language`): the Welsh of the national set where it has it."""
    language = language or languages.active()
    return {
        item.code: " ".join(languages.localised(item, "text", language).split())
        for item in _national_considerations()
    }


def national_codes() -> frozenset[str]:
    return frozenset(item.code for item in _national_considerations())


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

    def optional_text(self, value: Any, field: str) -> str:
        """A field's Welsh (`…_cy`): may be left out, but if given must be text."""
        return "" if value is None else self.text(value, field)

    def optional_paragraphs(self, value: Any, field: str) -> tuple[str, ...]:
        return () if value is None else self.paragraphs(value, field)

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
    fields = reader.mapping(data, "", STUDY_FIELDS, STUDY_REQUIRED)
    stages = []
    for index, item in enumerate(reader.items(fields["stages"], "stages")):
        stages.append(_stage(reader, item, f"stages[{index + 1}]"))
    reader.unique([stage.key for stage in stages], "stages")
    return Study(
        title_cy=reader.optional_text(fields.get("title_cy"), "title_cy"),
        summary_cy=reader.optional_text(fields.get("summary_cy"), "summary_cy"),
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
    fields = reader.mapping(value, field, STAGE_FIELDS, STAGE_REQUIRED)
    codes = []
    for index, code in enumerate(reader.items(fields["considerations"], f"{field}.considerations")):
        where = f"{field}.considerations[{index + 1}]"
        if code not in national_codes():
            raise reader.fault(where, f"'{code}' is not a consideration of the national starter set")
        if code in codes:
            raise reader.fault(where, f"'{code}' is asked twice")
        codes.append(str(code))
    decision = reader.mapping(fields["decision"], f"{field}.decision", DECISION_FIELDS, DECISION_REQUIRED)
    options = []
    for index, item in enumerate(reader.items(decision["options"], f"{field}.decision.options")):
        where = f"{field}.decision.options[{index + 1}]"
        option = reader.mapping(item, where, OPTION_FIELDS, OPTION_REQUIRED)
        options.append(
            Option(
                reader.key(option["key"], f"{where}.key"),
                reader.text(option["label"], f"{where}.label"),
                reader.optional_text(option.get("label_cy"), f"{where}.label_cy"),
            )
        )
    if len(options) < 2:
        raise reader.fault(f"{field}.decision.options", "give at least two options to choose between")
    reader.unique([option.key for option in options], f"{field}.decision.options")
    view = reader.mapping(fields["authors_view"], f"{field}.authors_view", VIEW_FIELDS, VIEW_REQUIRED)
    would_choose = reader.choice(
        view["would_choose"], f"{field}.authors_view.would_choose", [option.key for option in options]
    )
    discussion = tuple(
        reader.text(point, f"{field}.authors_view.discussion[{index + 1}]")
        for index, point in enumerate(reader.items(view["discussion"], f"{field}.authors_view.discussion"))
    )
    discussion_cy: tuple[str, ...] = ()
    if view.get("discussion_cy") is not None:
        where = f"{field}.authors_view.discussion_cy"
        discussion_cy = tuple(
            reader.text(point, f"{where}[{index + 1}]")
            for index, point in enumerate(reader.items(view["discussion_cy"], where))
        )
        if len(discussion_cy) != len(discussion):
            raise reader.fault(
                where, "give one point in Welsh for each point of the discussion, in the same order"
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
        title_cy=reader.optional_text(fields.get("title_cy"), f"{field}.title_cy"),
        facts_cy=reader.optional_paragraphs(fields.get("facts_cy"), f"{field}.facts_cy"),
        question_cy=reader.optional_text(decision.get("question_cy"), f"{field}.decision.question_cy"),
        reasoning_cy=reader.optional_paragraphs(
            view.get("reasoning_cy"), f"{field}.authors_view.reasoning_cy"
        ),
        discussion_cy=discussion_cy,
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
    """The national studies and those of the organisation's own folders (settings.FAIRCASE_TRAINING_STUDY_DIRS),
    each in the language in use (Study.in_language)."""
    found = list(studies_in(NATIONAL_DIR, "national"))
    for owner, directory in sorted(settings.FAIRCASE_TRAINING_STUDY_DIRS.items()):
        if owner in (organisation_slug, EVERY_ORGANISATION):
            found += studies_in(Path(directory), "local")
    _refuse_repeated_keys(found, Path(f"the studies of {organisation_slug}"))
    language = languages.active()
    return tuple(study.in_language(language) for study in found)


def study_for(organisation_slug: str, key: str) -> Study | None:
    return next((study for study in studies_for(organisation_slug) if study.key == key), None)
