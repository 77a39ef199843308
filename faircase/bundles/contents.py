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
from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from faircase.accounts.models import Organisation
from faircase.bundles.choices import Kind
from faircase.bundles.redaction import Redactor
from faircase.casefile.models import Note
from faircase.cases.models import Case, Practitioner
from faircase.core import audit
from faircase.core import languages as language_rules
from faircase.core.audit import ActorLike
from faircase.core.formatting import counted, nhs_date, nhs_datetime, pluralise
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

SPECIAL_CATEGORY = gettext_lazy(
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
    # The case's record in every language of the bundle (one record, with its companions: the same integrity hash
    # as the record downloaded in those languages); each language's part of the bundle shows its own part.
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
    # The language this tree is written in ("en" or "cy"), and, for a bilingual bundle, the same bundle in the
    # other language, laid out after this one part by part (as the record, ADR 43).
    language: str = language_rules.ENGLISH
    companions: tuple[BundleContent, ...] = ()

    @property
    def parts(self) -> tuple[BundleContent, ...]:
        """Each language's tree, in the order they appear: Welsh first in a bilingual bundle."""
        return (self, *self.companions)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(part.language for part in self.parts)

    @property
    def special_category_note(self) -> str:
        return str(SPECIAL_CATEGORY)


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
            _("Note written %(when)s by %(who)s")
            % {"when": nhs_datetime(note.written_at), "who": note.written_by_label},
            (RecordRow(_("Text"), note.text),)
            + ((RecordRow(_("Last edited"), nhs_datetime(note.edited_at)),) if note.edited_at else ()),
        )
        for note in Note.objects.of_case(case).order_by("written_at", "id")
    )
    return Chapter(f"case-{case.pk}-notes", _("Case notes"), entries, _("No case note was written."))


def _welfare(case: Case) -> Chapter:
    entries: list[RecordEntry] = []
    for plan in WelfarePlan.objects.of_case(case).select_related("named_contact"):
        entries.append(
            RecordEntry(
                _("Welfare plan"),
                (
                    RecordRow(_("Named contact"), plan.named_contact.display_name),
                    RecordRow(_("Contact every"), pluralise(plan.contact_every_days, counted("day", "days"))),
                    RecordRow(_("Agreed"), nhs_date(plan.agreed_on)),
                    RecordRow(_("Notes"), plan.notes or _("None")),
                ),
            )
        )
    for contact in (
        WelfareContact.objects.of_case(case).select_related("contact_by").order_by("contacted_on", "id")
    ):
        entries.append(
            RecordEntry(
                _("Welfare contact on %(date)s") % {"date": nhs_date(contact.contacted_on)},
                (
                    RecordRow(_("By"), contact.contact_by.display_name),
                    RecordRow(_("How"), str(contact.get_method_display())),
                    RecordRow(_("What was raised"), contact.raised or _("Nothing recorded")),
                ),
            )
        )
    for referral in OccupationalHealthReferral.objects.of_case(case).order_by("referred_on", "id"):
        entries.append(
            RecordEntry(
                _("Occupational health referral on %(date)s") % {"date": nhs_date(referral.referred_on)},
                (
                    RecordRow(_("Reason"), referral.reason),
                    RecordRow(_("Outcome"), referral.outcome or _("Not yet received")),
                    RecordRow(_("Outcome received"), nhs_date(referral.outcome_on)),
                ),
            )
        )
    for event in DistressEvent.objects.of_case(case).order_by("occurred_on", "id"):
        entries.append(
            RecordEntry(
                _("Serious distress on %(date)s") % {"date": nhs_date(event.occurred_on)},
                (
                    RecordRow(_("What happened"), event.what_happened),
                    RecordRow(_("Action taken"), event.action_taken),
                ),
            )
        )
    return Chapter(
        f"case-{case.pk}-welfare", _("Welfare records"), tuple(entries), _("No welfare record was made.")
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


@dataclass(frozen=True)
class _Found:
    """What the bundle does with one document, found once (its file read once) and said in each language."""

    number: int
    case_reference: str
    name: str
    kind: str
    dated: dt.date | None
    version: int
    redacted_copy: bool
    sha256: str
    treatment: str  # one of TREATMENTS' keys
    reason: str  # why it is withheld, as recorded
    appended: bool


def _treatment(found: _Found) -> str:
    """How the document is disclosed, in the language in use: whole sentences, one for a redacted copy."""
    if found.treatment == "withheld":
        return _("Withheld: %(reason)s") % {"reason": found.reason or _("no reason recorded")}
    if found.treatment == "held_back":
        return _("Held back: it names someone redacted from this bundle; add a redacted copy")
    copy = found.redacted_copy
    if found.treatment == "not_pdf":
        return (
            _("Supplied separately (the redacted copy): not a PDF")
            if copy
            else _("Supplied separately: not a PDF")
        )
    if found.treatment == "unreadable":
        return (
            _("Supplied separately (the redacted copy): the file could not be read as a PDF")
            if copy
            else _("Supplied separately: the file could not be read as a PDF")
        )
    return _("Appended (the redacted copy)") if copy else _("Appended")


def _document_item(found: _Found) -> DocumentItem:
    """The document's line in the bundle, in the language in use."""
    return DocumentItem(
        number=found.number,
        case_reference=found.case_reference,
        name=found.name,
        kind=kind_label(found.kind),
        date=nhs_date(found.dated),
        version=(
            _("%(number)s (redacted copy)") % {"number": found.version}
            if found.redacted_copy
            else str(found.version)
        ),
        sha256=found.sha256,
        treatment=_treatment(found),
        appended=found.appended,
    )


def _documents(cases: Iterable[Any], redactor: Redactor) -> tuple[tuple[_Found, ...], tuple[Attachment, ...]]:
    items: list[_Found] = []
    attachments: list[Attachment] = []
    for case in cases:
        for document in document_selectors.documents_of(case):
            number = len(items) + 1
            current = document_selectors.current_of(document)
            shown = current
            appended = False
            if document.marking == Marking.WITHHELD:
                treatment = "withheld"
            else:
                if document.marking == Marking.REDACTED:
                    shown = document_selectors.redacted_copy_of(document, current) or current
                if shown.file_type != "pdf":
                    treatment = "not_pdf"
                else:
                    content = _read(shown)
                    read = _pdf_pages(content) if content is not None else None
                    if content is None or read is None:
                        treatment = "unreadable"
                    elif redactor.found_in(read[1]):
                        # Text inside a document's own file is not rewritten here: the document needs a redacted
                        # copy (faircase.documents) before it can go into the bundle.
                        treatment = "held_back"
                    else:
                        appended = True
                        treatment = "appended"
                        attachments.append(Attachment(number, content, read[0]))
            items.append(
                _Found(
                    number=number,
                    case_reference=case.reference,
                    name=shown.name,
                    kind=document.kind,
                    dated=document.dated,
                    version=shown.number,
                    redacted_copy=shown.is_redacted_copy,
                    sha256=shown.sha256,
                    treatment=treatment,
                    reason=document.withheld_reason or "",
                    appended=appended,
                )
            )
    return tuple(items), tuple(attachments)


# ---- the bundle -------------------------------------------------------------------------------------------------


def _equality_rows(practitioner: Practitioner) -> tuple[RecordRow, ...]:
    record = EqualityRecord.objects.filter(practitioner=practitioner).first()
    if record is None:
        return (RecordRow(_("Equality data"), _("faircase holds no equality data about you.")),)
    return (
        RecordRow(_("Ethnic group"), str(record.get_ethnicity_display())),
        RecordRow(_("Sex"), str(record.get_sex_display())),
        RecordRow(_("Age band"), str(record.get_age_band_display())),
        RecordRow(_("Disability"), str(record.get_disability_display())),
        RecordRow(_("Place of primary qualification"), str(record.get_pmq_display())),
        RecordRow(_("Source"), str(record.get_source_display())),
        RecordRow(_("Last updated"), nhs_date(record.updated_at)),
    )


def _tree(
    *,
    kind: str,
    organisation: Organisation,
    practitioner: Practitioner,
    cases: list[Case],
    records: list[RecordDocument],
    found: tuple[_Found, ...],
    count: int,
    by: ActorLike,
    prepared_at: dt.datetime,
    language: str,
) -> BundleContent:
    """The bundle's tree in the language in use (its records are shared by every language's tree)."""
    chapters = tuple(
        CaseChapter(
            key=f"case-{index}",
            title=_("Case %(reference)s") % {"reference": case.reference},
            record=record,
            extras=(_notes(case), _welfare(case)),
        )
        for index, (case, record) in enumerate(zip(cases, records, strict=True), start=1)
    )
    if kind == Kind.SUBJECT_ACCESS:
        title = _("Subject access bundle: %(name)s") % {"name": practitioner.full_name}
        scope = (
            ngettext(
                "Everything %(organisation)s holds about %(name)s in faircase: %(count)s case.",
                "Everything %(organisation)s holds about %(name)s in faircase: %(count)s cases.",
                len(cases),
            )
            if cases
            else _("Everything %(organisation)s holds about %(name)s in faircase: no case.")
        ) % {"organisation": organisation.name, "name": practitioner.full_name, "count": f"{len(cases):,}"}
    else:
        title = _("Tribunal bundle: case %(reference)s") % {"reference": cases[0].reference}
        scope = _("Case %(reference)s about %(name)s, and no other case.") % {
            "reference": cases[0].reference,
            "name": practitioner.full_name,
        }
    redaction_note = (
        ngettext(
            "%(count)s name or phrase of other people redacted: each occurrence is shown as [redacted].",
            "%(count)s names or phrases of other people redacted: each occurrence is shown as [redacted].",
            count,
        )
        % {"count": f"{count:,}"}
        if count
        else _("Nothing was redacted.")
    )
    return BundleContent(
        kind=kind,
        kind_label=str(Kind(kind).label),
        title=title,
        organisation=organisation.name,
        subject=practitioner.full_name,
        scope=scope,
        prepared_by=audit.as_actor(by).name,
        prepared_at=nhs_datetime(prepared_at),
        redaction_note=redaction_note,
        practitioner=tuple(RecordRow(str(row.label), row.value) for row in _practitioner_rows(practitioner)),
        equality=_equality_rows(practitioner) if kind == Kind.SUBJECT_ACCESS else (),
        cases=chapters,
        documents=tuple(_document_item(item) for item in found),
        language=language,
    )


def bundle_languages(organisation: Organisation, practitioner: Practitioner) -> tuple[str, ...]:
    """The bundle's languages, by the rule of the practitioner's letters and record (ADR 43): Welsh and English
    side by side, Welsh first, where the organisation produces bilingual material; else the practitioner's."""
    return tuple(language_rules.for_documents(practitioner, organisation))


def gather(
    *,
    kind: str,
    organisation: Organisation,
    practitioner: Practitioner,
    cases: list[Case],
    terms: tuple[str, ...],
    by: ActorLike,
    prepared_at: dt.datetime | None = None,
    languages: tuple[str, ...] | None = None,
) -> Gathered:
    """Everything the bundle holds, redacted, in `languages` (by default bundle_languages). `cases` were fetched
    through the access kernel for `by`."""
    prepared_at = prepared_at or timezone.now()
    chosen = languages or bundle_languages(organisation, practitioner)
    redactor = Redactor(terms)
    # Each case's record once, in every language of the bundle: its hash is the record's in those languages.
    records = [
        build_record(case, generated_by=by, generated_at=prepared_at, languages=chosen) for case in cases
    ]
    found, attachments = _documents(cases, redactor)
    parts = []
    for code in chosen:
        with translation.override(code):
            parts.append(
                _tree(
                    kind=kind,
                    organisation=organisation,
                    practitioner=practitioner,
                    cases=cases,
                    records=records,
                    found=found,
                    count=len(redactor.terms),
                    by=by,
                    prepared_at=prepared_at,
                    language=code,
                )
            )
    content = replace(parts[0], companions=tuple(parts[1:]))
    return Gathered(content=redactor.tree(content), attachments=attachments)
