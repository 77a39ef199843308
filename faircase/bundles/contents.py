"""What a bundle holds, as a tree of frozen dataclasses of strings (like the record's, ADR 6), built from cases the
caller fetched through the access kernel, and redacted as a whole before it is laid out.

Each case is represented by its disclosable record (faircase.records.presenters: summary, concerns, reviews,
letters, communications, submissions, restrictions, advice, investigation, decision, hearing and appeal, the
chronology and the index of documents), followed by what the record leaves out and a subject access request
reaches: the case notes and the welfare records. The documents are listed once for the bundle, each with how it
is disclosed: appended (a disclosable PDF, or the redacted copy of a document that has one), withheld with its
reason, or supplied separately (another file type).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from faircase.accounts.models import Organisation
from faircase.bundles.choices import Kind
from faircase.bundles.redaction import Redactor
from faircase.casefile.models import Note
from faircase.cases.models import Case, Practitioner
from faircase.core import audit
from faircase.core.audit import ActorLike
from faircase.core.formatting import nhs_date, nhs_datetime, pluralise
from faircase.documents import selectors as document_selectors
from faircase.documents.choices import Marking
from faircase.documents.models import DocumentVersion
from faircase.documents.presenters import kind_label
from faircase.documents.storage import document_storage
from faircase.equality.models import EqualityRecord
from faircase.practitioners.models import (
    DistressEvent,
    OccupationalHealthReferral,
    WelfareContact,
    WelfarePlan,
)
from faircase.proceedings.models import Interview, Investigation
from faircase.records.presenters import RecordDocument, _practitioner_rows, build_record
from faircase.records.sections import RecordEntry, RecordRow

SPECIAL_CATEGORY = (
    "Special category personal data (UK GDPR Article 9). This is the practitioner's own equality data, "
    "disclosed to them in answer to their own request. It is never part of a case record."
)


@dataclass(frozen=True)
class Chapter:
    key: str
    title: str
    entries: tuple[RecordEntry, ...]
    empty: str


@dataclass(frozen=True)
class CaseChapter:
    key: str  # the anchor the index points at
    title: str
    record: RecordDocument
    extras: tuple[Chapter, ...]  # the case notes and the welfare records


@dataclass(frozen=True)
class DocumentItem:
    number: int
    case_reference: str
    name: str
    kind: str
    date: str
    version: str
    sha256: str
    treatment: str  # what the bundle does with it, in words
    appended: bool


@dataclass(frozen=True)
class BundleContent:
    kind: str
    kind_label: str
    title: str
    organisation: str
    subject: str
    scope: str
    prepared_by: str
    prepared_at: str
    redaction_note: str
    practitioner: tuple[RecordRow, ...]
    equality: tuple[RecordRow, ...]  # empty in a tribunal bundle
    cases: tuple[CaseChapter, ...]
    documents: tuple[DocumentItem, ...]

    @property
    def special_category_note(self) -> str:
        return SPECIAL_CATEGORY


@dataclass(frozen=True)
class Attachment:
    """A PDF appended after the bundle's own pages, for the document item with this number."""

    number: int
    content: bytes
    pages: int


@dataclass(frozen=True)
class Gathered:
    content: BundleContent
    attachments: tuple[Attachment, ...]


# ---- third parties ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThirdParty:
    name: str
    why: str  # where faircase holds the name, in the language in use: "Interviewed on 9 November 2026 (case RIV-0147)"


TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor"})
_AFFILIATION = re.compile(r"\s*\([^)]*\)\s*$")


def _names(text: str) -> list[str]:
    """The names in a field people fill with one a line, or several separated by semicolons, each without a
    trailing affiliation ("Ms Grace Ellery (BMA)" is "Ms Grace Ellery") or full stop."""
    parts = (part.strip() for line in text.splitlines() for part in line.split(";"))
    return [_AFFILIATION.sub("", part).strip().rstrip(".").strip() for part in parts if part]


def _is_the_practitioner(name: str, practitioner: Practitioner) -> bool:
    """ "Dr Chowdhury" is Dr Farhana Chowdhury: every word of the name, titles aside, is in theirs."""
    own = {word.casefold() for word in practitioner.full_name.split()}
    words = {word.casefold().rstrip(".,") for word in name.split()} - TITLES
    return bool(words) and words <= own


def third_parties(cases: Iterable[Case], practitioner: Practitioner) -> tuple[ThirdParty, ...]:
    """People named in the cases who are not the practitioner and are not staff acting in their role: interviewees,
    people the terms of reference say will be interviewed, and companions at interviews. Each name once."""
    found: dict[str, ThirdParty] = {}

    def add(text: str, why: str) -> None:
        for name in _names(text):
            tidy = " ".join(name.split())
            if tidy and not _is_the_practitioner(tidy, practitioner) and tidy.casefold() not in found:
                found[tidy.casefold()] = ThirdParty(tidy, why)

    for case in cases:
        for interview in Interview.objects.of_case(case).order_by("held_on", "id"):
            if not interview.of_practitioner:
                add(
                    interview.interviewee,
                    _("Interviewed on %(date)s (case %(reference)s)")
                    % {"date": nhs_date(interview.held_on), "reference": case.reference},
                )
            if interview.companion:
                add(
                    interview.companion,
                    _("Companion at an interview (case %(reference)s)") % {"reference": case.reference},
                )
        for investigation in Investigation.objects.of_case(case):
            add(
                investigation.interviewees,
                _("To be interviewed, in the terms of reference (case %(reference)s)")
                % {"reference": case.reference},
            )
    return tuple(sorted(found.values(), key=lambda person: person.name.casefold()))


# ---- the case chapters ------------------------------------------------------------------------------------------


def _notes(case: Case) -> Chapter:
    entries = tuple(
        RecordEntry(
            f"Note written {nhs_datetime(note.written_at)} by {note.written_by_label}",
            (RecordRow("Text", note.text),)
            + ((RecordRow("Last edited", nhs_datetime(note.edited_at)),) if note.edited_at else ()),
        )
        for note in Note.objects.of_case(case).order_by("written_at", "id")
    )
    return Chapter(f"case-{case.pk}-notes", "Case notes", entries, "No case note was written.")


def _welfare(case: Case) -> Chapter:
    entries: list[RecordEntry] = []
    for plan in WelfarePlan.objects.of_case(case).select_related("named_contact"):
        entries.append(
            RecordEntry(
                "Welfare plan",
                (
                    RecordRow("Named contact", plan.named_contact.display_name),
                    RecordRow("Contact every", pluralise(plan.contact_every_days, "day")),
                    RecordRow("Agreed", nhs_date(plan.agreed_on)),
                    RecordRow("Notes", plan.notes or "None"),
                ),
            )
        )
    for contact in (
        WelfareContact.objects.of_case(case).select_related("contact_by").order_by("contacted_on", "id")
    ):
        entries.append(
            RecordEntry(
                f"Welfare contact on {nhs_date(contact.contacted_on)}",
                (
                    RecordRow("By", contact.contact_by.display_name),
                    RecordRow("How", contact.get_method_display()),
                    RecordRow("What was raised", contact.raised or "Nothing recorded"),
                ),
            )
        )
    for referral in OccupationalHealthReferral.objects.of_case(case).order_by("referred_on", "id"):
        entries.append(
            RecordEntry(
                f"Occupational health referral on {nhs_date(referral.referred_on)}",
                (
                    RecordRow("Reason", referral.reason),
                    RecordRow("Outcome", referral.outcome or "Not yet received"),
                    RecordRow("Outcome received", nhs_date(referral.outcome_on)),
                ),
            )
        )
    for event in DistressEvent.objects.of_case(case).order_by("occurred_on", "id"):
        entries.append(
            RecordEntry(
                f"Serious distress on {nhs_date(event.occurred_on)}",
                (
                    RecordRow("What happened", event.what_happened),
                    RecordRow("Action taken", event.action_taken),
                ),
            )
        )
    return Chapter(
        f"case-{case.pk}-welfare", "Welfare records", tuple(entries), "No welfare record was made."
    )


# ---- the documents ----------------------------------------------------------------------------------------------


def _pdf_pages(content: bytes) -> tuple[int, str] | None:
    """The number of pages and the text of a PDF, or None when pypdf cannot read it (damaged, encrypted)."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            return None
        return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return None


def _read(version: DocumentVersion) -> bytes | None:
    """The version's file, if it is in the storage and still has the SHA-256 recorded when it was added."""
    try:
        with document_storage().open(version.storage_name, "rb") as handle:
            content = handle.read()
    except OSError:
        return None
    return content if hashlib.sha256(content).hexdigest() == version.sha256 else None


def _documents(
    cases: Iterable[Any], redactor: Redactor
) -> tuple[tuple[DocumentItem, ...], tuple[Attachment, ...]]:
    items: list[DocumentItem] = []
    attachments: list[Attachment] = []
    for case in cases:
        for document in document_selectors.documents_of(case):
            number = len(items) + 1
            current = document_selectors.current_of(document)
            shown = current
            appended = False
            if document.marking == Marking.WITHHELD:
                treatment = f"Withheld: {document.withheld_reason or 'no reason recorded'}"
            else:
                if document.marking == Marking.REDACTED:
                    shown = document_selectors.redacted_copy_of(document, current) or current
                copy = " (the redacted copy)" if shown.is_redacted_copy else ""
                if shown.file_type != "pdf":
                    treatment = f"Supplied separately{copy}: not a PDF"
                else:
                    content = _read(shown)
                    read = _pdf_pages(content) if content is not None else None
                    if content is None or read is None:
                        treatment = f"Supplied separately{copy}: the file could not be read as a PDF"
                    elif redactor.found_in(read[1]):
                        # Text inside a document's own file is not rewritten here: the document needs a redacted
                        # copy (faircase.documents) before it can go into the bundle.
                        treatment = (
                            "Held back: it names someone redacted from this bundle; add a redacted copy"
                        )
                    else:
                        appended = True
                        treatment = f"Appended{copy}"
                        attachments.append(Attachment(number, content, read[0]))
            items.append(
                DocumentItem(
                    number=number,
                    case_reference=case.reference,
                    name=shown.name,
                    kind=kind_label(document.kind),
                    date=nhs_date(document.dated),
                    version=f"{shown.number}{' (redacted copy)' if shown.is_redacted_copy else ''}",
                    sha256=shown.sha256,
                    treatment=treatment,
                    appended=appended,
                )
            )
    return tuple(items), tuple(attachments)


# ---- the bundle -------------------------------------------------------------------------------------------------


def _equality_rows(practitioner: Practitioner) -> tuple[RecordRow, ...]:
    record = EqualityRecord.objects.filter(practitioner=practitioner).first()
    if record is None:
        return (RecordRow("Equality data", "faircase holds no equality data about you."),)
    return (
        RecordRow("Ethnic group", record.get_ethnicity_display()),
        RecordRow("Sex", record.get_sex_display()),
        RecordRow("Age band", record.get_age_band_display()),
        RecordRow("Disability", record.get_disability_display()),
        RecordRow("Place of primary qualification", record.get_pmq_display()),
        RecordRow("Source", record.get_source_display()),
        RecordRow("Last updated", nhs_date(record.updated_at)),
    )


def gather(
    *,
    kind: str,
    organisation: Organisation,
    practitioner: Practitioner,
    cases: list[Case],
    terms: tuple[str, ...],
    by: ActorLike,
    prepared_at: dt.datetime | None = None,
) -> Gathered:
    """Everything the bundle holds, redacted. `cases` were fetched through the access kernel for `by`."""
    prepared_at = prepared_at or timezone.now()
    redactor = Redactor(terms)
    chapters = tuple(
        CaseChapter(
            key=f"case-{index}",
            title=f"Case {case.reference}",
            record=build_record(case, generated_by=by, generated_at=prepared_at),
            extras=(_notes(case), _welfare(case)),
        )
        for index, case in enumerate(cases, start=1)
    )
    documents, attachments = _documents(cases, redactor)
    if kind == Kind.SUBJECT_ACCESS:
        title = f"Subject access bundle: {practitioner.full_name}"
        scope = f"Everything {organisation.name} holds about {practitioner.full_name} in faircase: " + (
            pluralise(len(cases), "case") if cases else "no case"
        )
    else:
        title = f"Tribunal bundle: case {cases[0].reference}"
        scope = f"Case {cases[0].reference} about {practitioner.full_name}, and no other case"
    count = len(redactor.terms)
    redaction_note = (
        f"{pluralise(count, 'name or phrase', 'names or phrases')} of other people redacted: each occurrence "
        "is shown as [redacted]."
        if count
        else "Nothing was redacted."
    )
    content = BundleContent(
        kind=kind,
        kind_label=str(Kind(kind).label),
        title=title,
        organisation=organisation.name,
        subject=practitioner.full_name,
        scope=scope,
        prepared_by=audit.as_actor(by).name,
        prepared_at=nhs_datetime(prepared_at),
        redaction_note=redaction_note,
        practitioner=tuple(RecordRow(row.label, row.value) for row in _practitioner_rows(practitioner)),
        equality=_equality_rows(practitioner) if kind == Kind.SUBJECT_ACCESS else (),
        cases=chapters,
        documents=documents,
    )
    return Gathered(content=redactor.tree(content), attachments=attachments)
