"""Letters to the practitioner: the placeholders a template may use, the national letter library shipped as data
(faircase/data/letters/library.yaml, one set of letters with what differs for each policy pack), filling a
template from a case, and the letter as a PDF.

A template is plain text. Placeholders are written in braces, for example {practitioner_name}; write {{ or }}
for a literal brace. Only the placeholders in PLACEHOLDERS may be used: a template naming any other is refused
when it is saved, so a letter can never go out with a gap or a stray brace in it.

Nothing internal is filled in on its own: the concerns a letter names are only those the author ticks, and
only in the words already shared with the practitioner (SharedConcern).
"""

import datetime as dt
import functools
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from faircase.core import languages
from faircase.core.formatting import nhs_date
from faircase.core.readers import compose_yaml, read_text_file, yaml_max_bytes
from faircase.policy.choices import Policy
from faircase.practitioners.models import LetterTemplate

Kind = LetterTemplate.Kind

# The fixed set of placeholders, with what each one becomes. This is the documentation shown beside the
# template editor too.
PLACEHOLDERS: dict[str, str] = {
    "practitioner_name": "The practitioner's full name",
    "case_reference": "The case reference",
    "organisation": "The name of the organisation",
    "policy": "The policy the case is handled under",
    "concerns": "The concerns the author ticks, in the words shared with the practitioner",
    "meeting_date": "The date and time of the meeting, interview or hearing",
    "meeting_place": "Where the meeting, interview or hearing is",
    "named_contact": "The practitioner's named contact",
    "support": "A short list of support for the practitioner's profession and nation",
    "case_manager": "The case manager's name",
    "outcome": "The outcome or decision, as the author writes it",
    "today": "The date the letter is sent",
    "accompanied": "Who may come with the practitioner, as the policy pack puts it",
    "exclusion_name": "What the pack calls an exclusion (exclusion, suspension from the performers list)",
    "hearing_notice": "The notice of a hearing the pack gives (for example, 20 working days)",
    "appeal_window": "The time the pack gives to appeal (for example, 25 working days)",
    "appeal_to": "Who hears an appeal under the pack",
    "appeal_by": "The last day to appeal, from the case's clock",
    "next_exclusion_review": "When the next review of an exclusion is due, from the case's clock",
    "comments_by": "When the practitioner's comments on the report are due, from the case's clock",
}

# What each placeholder reads when the case or the pack does not have it yet: a letter always renders.
DEFAULTS: dict[str, str] = {
    "practitioner_name": "the practitioner",
    "case_reference": "(no reference)",
    "organisation": "the organisation",
    "policy": "the organisation's local policy",
    "concerns": "The details will be shared with you separately.",
    "meeting_date": "to be confirmed",
    "meeting_place": "to be confirmed",
    "named_contact": "to be confirmed (we will tell you who this is)",
    "support": "Your organisation's occupational health service and employee assistance programme.",
    "case_manager": "the case manager",
    "outcome": "to be confirmed",
    "today": "",
    "accompanied": "a companion of your choice, as the policy allows",
    "exclusion_name": "exclusion",
    "hearing_notice": "the period your organisation's policy sets",
    "appeal_window": "the time your organisation's policy sets",
    "appeal_to": "an appeal panel",
    "appeal_by": "set out in the policy",
    "next_exclusion_review": "the date we will confirm to you",
    "comments_by": "the date we will confirm to you",
}

# The same defaults in Welsh, for a letter produced in Welsh (ADR 42). Unchecked by a fluent speaker.
DEFAULTS_CY: dict[str, str] = {
    "practitioner_name": "yr ymarferydd",
    "case_reference": "(dim cyfeirnod)",
    "organisation": "y sefydliad",
    "policy": "polisi lleol y sefydliad",
    "concerns": "Byddwn yn rhannu'r manylion â chi ar wahân.",
    "meeting_date": "i'w gadarnhau",
    "meeting_place": "i'w gadarnhau",
    "named_contact": "i'w gadarnhau (byddwn yn dweud wrthych pwy yw'r person hwn)",
    "support": "Gwasanaeth iechyd galwedigaethol a rhaglen cymorth i weithwyr eich sefydliad.",
    "case_manager": "y rheolwr achos",
    "outcome": "i'w gadarnhau",
    "today": "",
    "accompanied": "cydymaith o'ch dewis, fel y mae'r polisi'n ei ganiatáu",
    "exclusion_name": "gwaharddiad",
    "hearing_notice": "y cyfnod y mae polisi eich sefydliad yn ei bennu",
    "appeal_window": "yr amser y mae polisi eich sefydliad yn ei bennu",
    "appeal_to": "panel apêl",
    "appeal_by": "fel y nodir yn y polisi",
    "next_exclusion_review": "y dyddiad y byddwn yn ei gadarnhau i chi",
    "comments_by": "y dyddiad y byddwn yn ei gadarnhau i chi",
}

# Welsh names of the days, for "Monday 2 March 2026" in a Welsh letter (strftime's %A is the C locale's).
WEEKDAYS_CY = (
    "Dydd Llun",
    "Dydd Mawrth",
    "Dydd Mercher",
    "Dydd Iau",
    "Dydd Gwener",
    "Dydd Sadwrn",
    "Dydd Sul",
)


def default(name: str) -> str:
    """What a placeholder reads when the case has nothing for it, in the language in use."""
    return (DEFAULTS_CY if languages.active() == languages.WELSH else DEFAULTS).get(name, "")


def day_and_date(day: dt.date) -> str:
    """ "Monday 2 March 2026", or its Welsh when Welsh is in use."""
    if languages.active() == languages.WELSH:
        return f"{WEEKDAYS_CY[day.weekday()]} {nhs_date(day)}"
    return f"{day:%A} {nhs_date(day)}"


# The placeholders a pack gives in the library (the rest come from the case and the clock).
PACK_VALUES = ("accompanied", "exclusion_name", "appeal_to")

MEETING_FIELDS = ("meeting_date", "meeting_time", "meeting_place")
# The fields the author fills in, per kind of letter (beyond what comes from the case).
FIELDS_FOR_KIND: dict[str, tuple[str, ...]] = {
    Kind.CONCERN_NOTIFICATION: (),
    Kind.MEETING_INVITATION: MEETING_FIELDS,
    Kind.OUTCOME: ("outcome",),
    Kind.IMMEDIATE_EXCLUSION: (),
    Kind.FORMAL_EXCLUSION: (),
    Kind.EXCLUSION_REVIEW: ("outcome",),
    Kind.TERMS_OF_REFERENCE: (),
    Kind.INTERVIEW_INVITATION: MEETING_FIELDS,
    Kind.HEARING_INVITATION: MEETING_FIELDS,
    Kind.REPORT_FOR_COMMENT: (),
    Kind.DECISION: ("outcome",),
    Kind.APPEAL_ACKNOWLEDGEMENT: (),
    Kind.APPEAL_OUTCOME: ("outcome",),
}

# The kinds the first national templates had: the migrations that installed them still read them.
FIRST_KINDS = (Kind.CONCERN_NOTIFICATION, Kind.MEETING_INVITATION, Kind.OUTCOME)

# The pack whose letters an organisation's administrators see as "national" when adapting one.
MAIN_PACK_FOR_NATION = {
    "england": Policy.MHPS_ENGLAND,
    "wales": Policy.UPSW,
    "northern-ireland": Policy.MHPS_HPSS,
}

SUPPORT_LIMIT = 5
LIBRARY_FORMAT = "faircase-letters/1"


def letters_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "letters"


@dataclass(frozen=True)
class NationalTemplate:
    kind: str
    title: str
    body: str
    pack: str = ""
    # The Welsh wording (ADR 42); blank where the library has none, and the letter then goes in English.
    title_cy: str = ""
    body_cy: str = ""
    organisation_id: int | None = None  # never an organisation's: read like a LetterTemplate


class LibraryError(ValueError):
    """The shipped library is wrong: a test reads it, so this is met in development, not by users."""


@dataclass(frozen=True)
class Library:
    letters: dict[tuple[str, str], NationalTemplate]  # (pack, kind) -> template
    values: dict[str, dict[str, str]]  # pack -> pack values
    values_cy: dict[str, dict[str, str]]  # pack -> the pack values in Welsh (any may be missing)

    def template(self, pack: str, kind: str) -> NationalTemplate | None:
        return self.letters.get((pack, kind))


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LibraryError(f"{where}: write some text")
    return value


def _letter(kind: str, data: Any, pack: str, where: str) -> NationalTemplate:
    if kind not in Kind.values:
        raise LibraryError(f"{where}: '{kind}' is not a kind of letter")
    if not isinstance(data, dict) or not {"title", "body"} <= set(data) <= LETTER_KEYS:
        raise LibraryError(
            f"{where}: give a title and a body (and their Welsh, title_cy and body_cy), and nothing else"
        )
    title, body = _text(data["title"], f"{where}.title").strip(), _text(data["body"], f"{where}.body")
    welsh = "title_cy" in data or "body_cy" in data
    if welsh and not ("title_cy" in data and "body_cy" in data):
        raise LibraryError(f"{where}: give the Welsh of both the title and the body, or of neither")
    title_cy = _text(data["title_cy"], f"{where}.title_cy").strip() if welsh else ""
    body_cy = _text(data["body_cy"], f"{where}.body_cy") if welsh else ""
    for text, field in ((title, "title"), (body, "body"), (title_cy, "title_cy"), (body_cy, "body_cy")):
        try:
            check_placeholders(text)
        except ValidationError as error:
            raise LibraryError(f"{where}.{field}: {error.messages[0]}") from error
    return NationalTemplate(kind=kind, title=title, body=body, pack=pack, title_cy=title_cy, body_cy=body_cy)


LETTER_KEYS = {"title", "body", "title_cy", "body_cy", "checked_cy"}


def parse_library(text: str) -> Library:
    """Read the library through the bounded YAML reader and check every letter and pack in it."""
    root = compose_yaml(text)
    data = yaml.SafeLoader("").construct_document(root) if root is not None else None
    if not isinstance(data, dict) or data.get("format") != LIBRARY_FORMAT:
        raise LibraryError(f"the library must start with format: {LIBRARY_FORMAT}")
    common = data.get("letters") or {}
    missing = set(Kind.values) - set(common)
    if missing:
        raise LibraryError(f"letters: no wording for {', '.join(sorted(missing))}")
    common_letters = {kind: common[kind] for kind in Kind.values}
    packs = data.get("packs") or {}
    if set(packs) != set(Policy.values):
        raise LibraryError(f"packs: give one entry for each of {', '.join(Policy.values)}")
    letters: dict[tuple[str, str], NationalTemplate] = {}
    values: dict[str, dict[str, str]] = {}
    values_cy: dict[str, dict[str, str]] = {}
    for pack, entry in packs.items():
        entry = entry or {}
        pack_values = entry.get("values") or {}
        if set(pack_values) != set(PACK_VALUES):
            raise LibraryError(f"packs.{pack}.values: give {', '.join(PACK_VALUES)}")
        values[pack] = {k: _text(v, f"packs.{pack}.values.{k}").strip() for k, v in pack_values.items()}
        welsh_values = entry.get("values_cy") or {}
        if not set(welsh_values) <= set(PACK_VALUES):
            raise LibraryError(f"packs.{pack}.values_cy: give only {', '.join(PACK_VALUES)}")
        values_cy[pack] = {
            k: _text(v, f"packs.{pack}.values_cy.{k}").strip() for k, v in welsh_values.items()
        }
        own = entry.get("letters") or {}
        for kind in Kind.values:
            where = f"packs.{pack}.letters.{kind}" if kind in own else f"letters.{kind}"
            letters[(pack, kind)] = _letter(kind, own.get(kind, common_letters[kind]), pack, where)
        for kind in set(own) - set(Kind.values):
            raise LibraryError(f"packs.{pack}.letters: '{kind}' is not a kind of letter")
    return Library(letters=letters, values=values, values_cy=values_cy)


@functools.cache
def library() -> Library:
    path = letters_dir() / "library.yaml"
    return parse_library(read_text_file(path, max_bytes=yaml_max_bytes()))


def national_templates() -> list[NationalTemplate]:
    """The first national templates (England's wording), for the migrations that installed them as rows."""
    return [t for kind in FIRST_KINDS if (t := library().template(Policy.MHPS_ENGLAND, kind)) is not None]


def sync_national_templates(letter_template_model: Any, *, label: str) -> None:
    """Bring the installed national templates up to the shipped ones (migrations pass their historical model).
    An organisation's own copies are left alone. The national wording is now read from the library itself;
    these rows stay for the history."""
    for template in national_templates():
        letter_template_model.objects.update_or_create(
            organisation=None,
            kind=template.kind,
            defaults={"title": template.title, "body": template.body, "updated_by_label": label},
        )


def check_placeholders(text: str) -> None:
    """Refuse text that uses a placeholder outside PLACEHOLDERS, or braces that do not make a placeholder."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise ValidationError(
            "The template has a { or } that does not make a placeholder. Write {{ or }} for a brace on its own."
        ) from error
    unknown = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + name + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
            if shown not in unknown:
                unknown.append(shown)
    if unknown:
        names = ", ".join(unknown)
        known = ", ".join("{" + n + "}" for n in PLACEHOLDERS)
        noun = "placeholder" if len(unknown) == 1 else "placeholders"
        raise ValidationError(f"The template uses an unknown {noun}: {names}. You can use: {known}.")


class _Values(dict):
    """Placeholder values; anything missing reads as its default rather than failing."""

    def __missing__(self, key: str) -> str:
        return default(key)


def fill(text: str, values: Mapping[str, Any]) -> str:
    """The text with its placeholders filled; a missing value reads as its default in the language in use."""
    filled = _Values(DEFAULTS_CY if languages.active() == languages.WELSH else DEFAULTS)
    filled.update({k: str(v) for k, v in values.items() if v not in (None, "")})
    return text.format_map(filled)


def welsh_of(template: Any) -> tuple[str, str]:
    """A template's Welsh title and body, or blanks where it has none (an organisation's own copy has none
    yet: the letter then goes in English, and the page says so)."""
    return getattr(template, "title_cy", "") or "", getattr(template, "body_cy", "") or ""


def main_pack(organisation: Any) -> str:
    return MAIN_PACK_FOR_NATION.get(getattr(organisation, "nation", ""), Policy.MHPS_ENGLAND)


def template_for(
    organisation: Any, kind: str, pack: str | None = None
) -> LetterTemplate | NationalTemplate | None:
    """The organisation's own copy of a template if it has one, else the library's letter for the pack (the
    organisation's main pack when none is named)."""
    own = LetterTemplate.objects.filter(organisation=organisation, kind=kind).first()
    if own is not None:
        return own
    return library().template(pack or main_pack(organisation), kind)


def meeting_when(day: dt.date | None, time: str = "") -> str:
    if day is None:
        return ""
    when = day_and_date(day)
    if not (time and time.strip()):
        return when
    return _("%(day)s at %(time)s") % {"day": when, "time": time.strip()}


def case_values(case: Any, *, today: dt.date, concern_ids: Iterable[int] = ()) -> dict[str, str]:
    """What the case, its pack and its clock give the placeholders, in the language in use (a Welsh letter is
    filled inside translation.override("cy")). Only the shared concerns in `concern_ids` are named."""
    from faircase.practitioners.presenters_comms import (
        case_manager_name,
        clock_values,
        concerns_text,
        named_contact_name,
        support_text,
    )

    values = {
        "practitioner_name": case.practitioner.full_name,
        "case_reference": case.reference,
        "organisation": case.organisation.name,
        "policy": case.get_policy_display(),
        "concerns": concerns_text(case, concern_ids),
        "named_contact": named_contact_name(case),
        "support": support_text(case),
        "case_manager": case_manager_name(case),
        "today": nhs_date(today),
    }
    values.update(library().values.get(case.policy, {}))
    if languages.active() == languages.WELSH:
        values.update(library().values_cy.get(case.policy, {}))
    values.update(clock_values(case, today=today))
    return values


def letter_values(
    case: Any, *, today: dt.date, fields: Mapping[str, Any], concern_ids: Iterable[int] = ()
) -> dict[str, str]:
    values = case_values(case, today=today, concern_ids=concern_ids)
    if fields.get("meeting_date"):
        values["meeting_date"] = meeting_when(fields["meeting_date"], fields.get("meeting_time", ""))
    for name in ("meeting_place", "outcome"):
        if fields.get(name):
            values[name] = str(fields[name]).strip()
    return values


def blocks(body: str) -> list[dict[str, Any]]:
    """The letter's text as blocks for the page and the PDF: a line starting "# " is a heading, consecutive
    lines starting "- " a list, and other lines a paragraph (its lines kept as written)."""
    result: list[dict[str, Any]] = []
    for chunk in body.strip().split("\n\n"):
        paragraph: list[str] = []
        current_list: list[str] | None = None
        for raw in chunk.split("\n"):
            line = raw.strip()
            if not line:
                continue
            kind = "heading" if line.startswith("# ") else "list" if line.startswith("- ") else "paragraph"
            if kind != "paragraph" and paragraph:
                result.append({"type": "paragraph", "lines": paragraph})
                paragraph = []
            if kind == "heading":
                result.append({"type": "heading", "text": line[2:].strip()})
                current_list = None
            elif kind == "list":
                if current_list is None:
                    current_list = []
                    result.append({"type": "list", "items": current_list})
                current_list.append(line[2:].strip())
            else:
                paragraph.append(line)
                current_list = None
        if paragraph:
            result.append({"type": "paragraph", "lines": paragraph})
    return result


@dataclass(frozen=True)
class Version:
    """The letter in one language, as it is produced."""

    language: str
    subject: str
    body: str


def _column(version: Version, *, sent_on: dt.date, reference: str) -> dict[str, Any]:
    """One language's column of the letter: its text, with the fixed phrases and the date in that language."""
    with translation.override(version.language):
        return {
            "lang": languages.html_lang(version.language),
            "subject": version.subject,
            "blocks": blocks(version.body),
            "date_line": _("Date: %(date)s") % {"date": nhs_date(sent_on)},
            "reference_line": _("Case reference: %(reference)s") % {"reference": reference},
            "reference_label": _("Case reference"),
            "page": _("Page"),
            "of": _("of"),
        }


def render_pdf(
    *,
    organisation_name: str,
    reference: str,
    sent_on: dt.date,
    subject: str = "",
    body: str = "",
    versions: list[Version] | None = None,
) -> bytes:
    """The letter as an A4 PDF: the organisation's name, the date, the case reference and the letter. With
    two versions (ADR 42), side by side in two columns, the first (Welsh) on the left; each passage is marked
    with its language, so a screen reader speaks it rightly."""
    versions = versions or [Version(languages.ENGLISH, subject, body)]
    columns = [_column(v, sent_on=sent_on, reference=reference) for v in versions]
    html = render_to_string(
        "practitioners/comms/letter_print.jinja",
        {
            "organisation_name": organisation_name,
            "reference": reference,
            "columns": columns,
            "lang": columns[0]["lang"],
            "title": " / ".join(c["subject"] for c in columns),
            "reference_label": " / ".join(dict.fromkeys(c["reference_label"] for c in columns)),
        },
    )
    html = " ".join(html.split())
    return HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf(pdf_variant="pdf/ua-1")


class _FetchNothing(URLFetcher):
    """A letter is self-contained (inline styles, system fonts): it loads nothing from anywhere."""

    def fetch(self, url: str, headers: dict | None = None) -> None:
        raise ValueError(f"a letter loads nothing from outside itself, not {url}")


@functools.cache
def _fetcher() -> URLFetcher:
    return _FetchNothing(allowed_protocols=())
