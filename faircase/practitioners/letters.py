"""Letters to the practitioner: the placeholders a template may use, the national templates shipped as data
(faircase/data/letters/*.yaml), filling a template from a case, and the letter as a PDF.

A template is plain text. Placeholders are written in braces, for example {practitioner_name}; write {{ or }}
for a literal brace. Only the placeholders in PLACEHOLDERS may be used: a template naming any other is refused
when it is saved, so a letter can never go out with a gap or a stray brace in it.
"""

import datetime as dt
import functools
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from faircase.core.formatting import nhs_date
from faircase.practitioners.models import LetterTemplate

# The fixed set of placeholders, with what each one becomes. This is the documentation shown beside the
# template editor too.
PLACEHOLDERS: dict[str, str] = {
    "practitioner_name": "The practitioner's full name",
    "case_reference": "The case reference",
    "organisation": "The name of the organisation",
    "policy": "The policy the case is handled under",
    "concerns": "The concerns, as shared with the practitioner",
    "meeting_date": "The date and time of the meeting (invitation letters)",
    "meeting_place": "Where the meeting is (invitation letters)",
    "named_contact": "The practitioner's named contact",
    "support": "A short list of support for the practitioner's profession and nation",
    "case_manager": "The case manager's name",
    "outcome": "The outcome (outcome letters)",
    "today": "The date the letter is sent",
}

# What each placeholder reads when the case does not have it yet: a letter always renders.
DEFAULTS: dict[str, str] = {
    "practitioner_name": "the practitioner",
    "case_reference": "(no reference)",
    "organisation": "the organisation",
    "policy": "the organisation's local policy",
    "concerns": "The details of the concern will be shared with you separately.",
    "meeting_date": "to be confirmed",
    "meeting_place": "to be confirmed",
    "named_contact": "to be confirmed (we will tell you who this is)",
    "support": "Your organisation's occupational health service and employee assistance programme.",
    "case_manager": "the case manager",
    "outcome": "to be confirmed",
    "today": "",
}

# The fields the sender fills in, per kind of letter (beyond what comes from the case).
FIELDS_FOR_KIND: dict[str, tuple[str, ...]] = {
    LetterTemplate.Kind.CONCERN_NOTIFICATION: (),
    LetterTemplate.Kind.MEETING_INVITATION: ("meeting_date", "meeting_time", "meeting_place"),
    LetterTemplate.Kind.OUTCOME: ("outcome",),
}

SUPPORT_LIMIT = 5


def letters_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "letters"


@dataclass(frozen=True)
class NationalTemplate:
    kind: str
    title: str
    body: str


def national_templates() -> list[NationalTemplate]:
    """The national templates shipped in faircase/data/letters, one file per kind."""
    templates = []
    for path in sorted(letters_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        templates.append(NationalTemplate(kind=data["kind"], title=data["title"].strip(), body=data["body"]))
    return templates


def sync_national_templates(letter_template_model: Any, *, label: str) -> None:
    """Bring the installed national templates up to the shipped ones (migrations pass their historical model).
    An organisation's own copies are left alone."""
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
        return DEFAULTS.get(key, "")


def fill(text: str, values: Mapping[str, Any]) -> str:
    filled = _Values(DEFAULTS)
    filled.update({k: str(v) for k, v in values.items() if v not in (None, "")})
    return text.format_map(filled)


def template_for(organisation: Any, kind: str) -> LetterTemplate | None:
    """The organisation's own copy of a template if it has one, else the national template."""
    own = LetterTemplate.objects.filter(organisation=organisation, kind=kind).first()
    if own is not None:
        return own
    return LetterTemplate.objects.filter(organisation__isnull=True, kind=kind).first()


def meeting_when(day: dt.date | None, time: str = "") -> str:
    if day is None:
        return ""
    when = f"{day:%A} {nhs_date(day)}"
    return f"{when} at {time.strip()}" if time and time.strip() else when


def case_values(case: Any, *, today: dt.date) -> dict[str, str]:
    """What the case gives the placeholders."""
    from faircase.practitioners.presenters_comms import (
        case_manager_name,
        concerns_text,
        named_contact_name,
        support_text,
    )

    return {
        "practitioner_name": case.practitioner.full_name,
        "case_reference": case.reference,
        "organisation": case.organisation.name,
        "policy": case.get_policy_display(),
        "concerns": concerns_text(case),
        "named_contact": named_contact_name(case),
        "support": support_text(case),
        "case_manager": case_manager_name(case),
        "today": nhs_date(today),
    }


def letter_values(case: Any, *, today: dt.date, fields: Mapping[str, Any]) -> dict[str, str]:
    values = case_values(case, today=today)
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


def render_pdf(*, organisation_name: str, reference: str, sent_on: dt.date, subject: str, body: str) -> bytes:
    """The letter as an A4 PDF: the organisation's name, the date, the case reference and the letter."""
    html = render_to_string(
        "practitioners/comms/letter_print.jinja",
        {
            "organisation_name": organisation_name,
            "reference": reference,
            "sent_on": nhs_date(sent_on),
            "subject": subject,
            "blocks": blocks(body),
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
