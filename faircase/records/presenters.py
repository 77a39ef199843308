"""The disclosable framework record of a case, as plain values.

`build_record()` reads a case (already fetched through `faircase.cases.selectors`, so scoped to the reader)
and turns it into a tree of frozen dataclasses holding only strings, numbers and booleans: no model objects.
The web page, the PDF and the Word document are all rendered from this one tree, so they cannot drift apart,
and the integrity hash in the footer is the SHA-256 of a canonical JSON of everything above the footer.

The reviews appear twice, without repeating anything: `answers` gives, for each Principle, one table whose
rows are the considerations (each worded once) and whose columns are the reviews in order, with the short
answer in each cell; `reviews` gives each review's who and when and only the answers with a note or a
follow-up. A consideration answered under another wording (an earlier or adapted version) keeps that wording
in a numbered wording note, so nothing the reviewer saw is lost.

The record deliberately leaves out the audit trail of who viewed the case and any equality data, the
practitioner's place of primary qualification included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from faircase.accounts.roles import CaseRole
from faircase.cases import selectors as case_selectors
from faircase.cases.choices import (
    ConcernCategory,
    ConcernSource,
    ContractType,
    Outcome,
    Profession,
    Regulator,
    Setting,
    Severity,
    YesNoUnknown,
)
from faircase.core import audit, checkpoints
from faircase.core.formatting import nhs_date, nhs_datetime, pluralise
from faircase.framework import selectors as framework_selectors
from faircase.framework.models import Consideration, FollowUp, FrameworkVersion, Review, ReviewAnswer
from faircase.framework.principles import PRINCIPLES_IN_ORDER, Answer, Principle, ReviewPoint
from faircase.policy.choices import Policy
from faircase.policy.workflow import workflow_for
from faircase.records.sections import RecordSection, build_sections

HASH_ALGORITHM = "SHA-256"
HASH_EXPLANATION = (
    "The integrity hash is the SHA-256 digest of the content of this record (everything above this footer, "
    "as canonical JSON). The same case content always gives the same hash; any change to it gives another. "
    "The PDF, Word and web versions of one record carry the same hash."
)
NATIONAL_NOT_ADAPTED = "National starter set, not adapted."

# The answer tables: one column per review, in groups of this many, and a short word in each cell.
REVIEWS_PER_TABLE = 5
NOT_ASKED = "\u2013"  # an en dash: the consideration was not asked at that review
NOT_ANSWERED = "Not answered"
SHORT_ANSWERS = {
    Answer.YES.value: "Yes",
    Answer.NO.value: "No",
    Answer.UNKNOWN.value: "Unknown",
    Answer.NOT_APPLICABLE.value: "N/A",
}
CHANGED = "changed"
ANSWER_KEY = (
    f"N/A: not applicable (the reason is in the review's notes below). {NOT_ASKED}: not asked at that review "
    f"point. {NOT_ANSWERED}: the review is still in progress. A later review starts from the last answers: "
    f'"{CHANGED}" marks an answer the reviewer changed; every other answer there was confirmed unchanged '
    "(or is new). Notes and follow-ups are under each review below."
)
# Short names for the review columns. The soft hyphens (U+00AD) let the longest words break in a narrow
# column of the PDF; they are invisible wherever the word fits.
SHORT_REVIEW_POINTS = {
    ReviewPoint.COMMENCEMENT.value: "Commence\u00adment",
    ReviewPoint.ROUTE.value: "Route",
    ReviewPoint.TERMS_OF_REFERENCE.value: "Terms of reference",
    ReviewPoint.RESTRICTION.value: "Restriction or exclusion",
    ReviewPoint.REPORT_RECEIVED.value: "Report received",
    ReviewPoint.DETERMINATION.value: "Determi\u00adnation",
    ReviewPoint.HEARING_OUTCOME.value: "Hearing outcome",
    ReviewPoint.APPEAL.value: "Appeal",
    ReviewPoint.CLOSURE.value: "Closure",
    ReviewPoint.AD_HOC.value: "Ad hoc",
}


# ---- the record tree ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One labelled value, as in a summary list."""

    label: str
    value: str


@dataclass(frozen=True)
class ConcernEntry:
    number: int
    category: str
    source: str
    severity: str
    occurred_on: str
    raised_on: str
    alleged: str
    recorded: str

    @property
    def rows(self) -> tuple[Row, ...]:
        return (
            Row("Category", self.category),
            Row("Source", self.source),
            Row("Severity", self.severity),
            Row("When it happened", self.occurred_on),
            Row("When it was raised", self.raised_on),
            Row("What is alleged", self.alleged),
            Row("Recorded", self.recorded),
        )


@dataclass(frozen=True)
class PersonEntry:
    role: str
    name: str
    named_on: str


@dataclass(frozen=True)
class CaseSummary:
    reference: str
    organisation: str
    summary: str
    details: tuple[Row, ...]
    practitioner: tuple[Row, ...]
    concerns: tuple[ConcernEntry, ...]
    people: tuple[PersonEntry, ...]


@dataclass(frozen=True)
class VersionChange:
    kind: str
    code: str
    principle: str
    text: str
    detail: str = ""


@dataclass(frozen=True)
class FrameworkVersionEntry:
    label: str
    owner: str
    number: int
    is_national: bool
    published: str
    created_by: str
    change_note: str
    based_on: str
    used_by: str
    adaptation_summary: str
    changes: tuple[VersionChange, ...]

    @property
    def rows(self) -> tuple[Row, ...]:
        rows = [
            Row("Whose version", self.owner),
            Row("Version number", str(self.number)),
            Row("Published", self.published),
            Row("Created by", self.created_by),
            Row("Based on", self.based_on),
            Row("Used by", self.used_by),
        ]
        if self.change_note:
            rows.append(Row("Change note", self.change_note))
        return tuple(rows)


@dataclass(frozen=True)
class ReviewColumn:
    """The head of one review's column in the answer tables."""

    number: int
    review_point: str
    date: str

    @property
    def heading(self) -> str:
        return f"Review {self.number}"


@dataclass(frozen=True)
class AnswerCell:
    """One review's answer to one consideration: a short word (SHORT_ANSWERS), NOT_ANSWERED while the review
    is in progress, or NOT_ASKED; answer_code is the Answer value, "not_answered" or "not_asked"."""

    answer: str
    answer_code: str
    wording_note: int = 0
    # CHANGED when the reviewer changed the answer the review started from; "confirmed" when they kept it; "" when
    # there was nothing to start from (the first review, a consideration new to the case) or not answered.
    since: str = ""

    @property
    def marker(self) -> str:
        return CHANGED if self.since == CHANGED else ""


@dataclass(frozen=True)
class ConsiderationRow:
    code: str
    consideration: str
    guidance: str
    cells: tuple[AnswerCell, ...]


@dataclass(frozen=True)
class AnswerTable:
    """The answers under one Principle at up to REVIEWS_PER_TABLE reviews."""

    caption: str
    scope: str
    columns: tuple[ReviewColumn, ...]
    rows: tuple[ConsiderationRow, ...]


@dataclass(frozen=True)
class WordingNote:
    """A review answered a consideration worded otherwise than in its row: the wording it was answered
    against, so that nothing the reviewer saw is lost from the record."""

    number: int
    code: str
    reviews: str
    version: str
    text: str
    detail: str

    @property
    def sentence(self) -> str:
        sentence = f"{self.reviews} answered {self.code} against the wording of {self.version}: {self.text}"
        return f"{sentence} {self.detail}" if self.detail else sentence


@dataclass(frozen=True)
class PrincipleAnswers:
    number: int
    name: str
    tables: tuple[AnswerTable, ...]
    wording_notes: tuple[WordingNote, ...]

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.name}"


@dataclass(frozen=True)
class NotedAnswer:
    """An answer with a note or a follow-up, listed under its review with who gave it and when. `follow_up` is
    the follow-up's label (F1) and `follow_up_effect` what the answer did to it: opened it, added to it (a later
    "no" or "unknown"), closed it or left it open (a later "yes")."""

    code: str
    answer: str
    answer_code: str
    note: str
    follow_up: str
    answered_by: str
    answered_at: str
    follow_up_effect: str = ""

    @property
    def follow_up_text(self) -> str:
        if not self.follow_up:
            return "None"
        return f"{self.follow_up} ({self.follow_up_effect})" if self.follow_up_effect else self.follow_up

    @property
    def answered(self) -> str:
        return f"{self.answered_by}, {self.answered_at}"


@dataclass(frozen=True)
class ReviewEntry:
    number: int
    review_point: str
    stage: str
    status: str
    # Empty when every review used the same version (the record's "Framework version" section names it).
    framework_version: str
    started: str
    completed: str
    corrects: str
    corrected_by: str
    answered_by: str
    noted_answers: tuple[NotedAnswer, ...]
    # Which answers the reviewer confirmed, changed or gave fresh, against the answers the review started from.
    carried: str = ""

    @property
    def heading(self) -> str:
        return f"Review {self.number}: {self.review_point} ({self.status.lower()})"

    @property
    def rows(self) -> tuple[Row, ...]:
        rows = [Row("Stage of the case", self.stage)]
        if self.framework_version:
            rows.append(Row("Framework version", self.framework_version))
        rows += [Row("Started", self.started), Row("Completed", self.completed)]
        if self.corrects:
            rows.append(Row("Corrects", self.corrects))
        if self.corrected_by:
            rows.append(Row("Corrected by", self.corrected_by))
        rows.append(Row("Answers given by", self.answered_by))
        if self.carried:
            rows.append(Row("Started from earlier answers", self.carried))
        return tuple(rows)


@dataclass(frozen=True)
class FollowUpEntry:
    number: str
    code: str
    consideration: str
    review: str
    action: str
    owner: str
    due_on: str
    status: str
    outcome: str
    closed: str
    opened_on: str
    # One line for each answer that opened it, was added to it, closed it or left it open, oldest first, with
    # the action, owner and due date it gave when they changed.
    history: str = ""

    @property
    def heading(self) -> str:
        return f"Follow-up {self.number}"

    @property
    def rows(self) -> tuple[Row, ...]:
        return (
            Row("Consideration", self.consideration),
            Row("Raised in", self.review),
            Row("What will be done", self.action),
            Row("Owner", self.owner),
            Row("Due", self.due_on),
            Row("Status", self.status),
            Row("Outcome", self.outcome),
            Row("Closed", self.closed),
            Row("History", self.history),
        )


@dataclass(frozen=True)
class StageMoveEntry:
    number: int
    from_stage: str
    to_stage: str
    decision: str
    reasons: str
    open_follow_ups: str
    open_follow_ups_reason: str
    review: str
    moved_by: str
    moved_at: str

    @property
    def heading(self) -> str:
        return f"Move {self.number}: {self.from_stage} to {self.to_stage}"

    @property
    def rows(self) -> tuple[Row, ...]:
        rows = [
            Row("From", self.from_stage),
            Row("To", self.to_stage),
            Row("Decision", self.decision),
            Row("Reasons", self.reasons),
            Row("Framework review", self.review),
            Row("Open follow-ups at the move", self.open_follow_ups),
        ]
        if self.open_follow_ups_reason:
            rows.append(Row("Why the case moved on with follow-ups open", self.open_follow_ups_reason))
        rows.append(Row("Moved by", f"{self.moved_by}, {self.moved_at}"))
        return tuple(rows)


@dataclass(frozen=True)
class PractitionerSubmissionEntry:
    """Something the practitioner told the case team through their own account, and how it was answered."""

    number: int
    kind: str
    submitted_at: str
    text: str
    considerations: str
    acknowledged: str
    taken_into_account: str

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.kind}"

    @property
    def rows(self) -> tuple[Row, ...]:
        return (
            Row("Submitted", self.submitted_at),
            Row("What the practitioner said", self.text),
            Row("Framework considerations it informs", self.considerations or "None linked"),
            Row("Acknowledged", self.acknowledged),
            Row("How it was taken into account", self.taken_into_account),
        )


@dataclass(frozen=True)
class SecondLookEntry:
    """A blind second look at a significant decision: the anonymised summary as sent, the route an independent
    reviewer would take and why, and how the case manager took it into account."""

    number: int
    decision: str
    status: str
    rows: tuple[Row, ...]

    @property
    def heading(self) -> str:
        return f"Second look {self.number}: {self.decision} ({self.status.lower()})"


# The second look's values in the record, in this order, with their labels; empty values are left out.
SECOND_LOOK_ROWS = (
    ("requested", "Asked for"),
    ("reviewer", "Independent reviewer"),
    ("blind", "Blind"),
    ("proposed_route", "Route proposed by the case team"),
    ("summary", "Anonymised summary as sent"),
    ("reviewer_route", "Route the reviewer would take"),
    ("reasons", "The reviewer's reasons"),
    ("answered_at", "Answered"),
    ("agreement", "Agreement"),
    ("route_after", "Route taken after the second look"),
    ("taken_into_account", "How it was taken into account"),
    ("recorded", "Recorded"),
    ("framework", "Recorded against the framework"),
    ("withdrawn", "Withdrawn"),
)


@dataclass(frozen=True)
class IntegrityFooter:
    algorithm: str
    sha256: str
    generated_at: str
    generated_at_iso: str
    generated_by: str
    explanation: str = HASH_EXPLANATION
    # The signed audit checkpoint when the record was made (ADR 34): the trail's count, head and the key's
    # fingerprint, so a reader can later show that the trail still reaches what this record saw.
    audit_checkpoint: str = ""

    @property
    def text(self) -> str:
        """The footer as one line of text, the same in every format."""
        return (
            f"Integrity hash ({self.algorithm}): {self.sha256}. "
            f"Generated {self.generated_at} by {self.generated_by}."
        )


@dataclass(frozen=True)
class RecordDocument:
    title: str
    case: CaseSummary
    frameworks: tuple[FrameworkVersionEntry, ...]
    answers: tuple[PrincipleAnswers, ...]
    reviews: tuple[ReviewEntry, ...]
    follow_ups: tuple[FollowUpEntry, ...]
    practitioner_submissions: tuple[PractitionerSubmissionEntry, ...]
    second_looks: tuple[SecondLookEntry, ...]
    stage_moves: tuple[StageMoveEntry, ...]
    footer: IntegrityFooter = field(compare=False)
    # What the other apps contribute (restrictions, deadlines, documents...), through faircase.records.sections.
    sections: tuple[RecordSection, ...] = ()

    def section(self, key: str) -> RecordSection:
        return next(s for s in self.sections if s.key == key)

    @property
    def reference(self) -> str:
        return self.case.reference

    @property
    def answer_key(self) -> str:
        return ANSWER_KEY

    # Captions of the record's tables, the same in the PDF and the Word document: a screen reader announces
    # what a table holds before its rows (WCAG 1.3.1).
    @property
    def people_caption(self) -> str:
        return "People named on the case: their role, their name and when they were named"

    @property
    def changes_caption(self) -> str:
        return "How this version differs from the one it was based on"

    @property
    def follow_ups_caption(self) -> str:
        return "Follow-ups: where each was raised, what will be done, by whom and when, and how it ended"

    @staticmethod
    def noted_answers_caption(review_number: int) -> str:
        return f"Review {review_number}: answers with a note or a follow-up"

    @property
    def filename_stem(self) -> str:
        safe = "".join(
            ch if (ch.isascii() and ch.isalnum()) or ch in "-_" else "-" for ch in self.case.reference
        )
        safe = safe.strip("-")
        return f"{safe or 'case'}-framework-record"

    def content(self) -> dict[str, Any]:
        """Everything the integrity hash covers: the whole record except its footer."""
        data = asdict(self)
        del data["footer"]
        return data


def canonical_json(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


# ---- building it ----------------------------------------------------------------------------------------


def _practitioner_submissions(case: Any) -> tuple[PractitionerSubmissionEntry, ...]:
    # The practitioner's own words are part of the disclosable record (issue 4), oldest first.
    from faircase.practitioners.presenters_voice import submissions_for_record

    return tuple(
        PractitionerSubmissionEntry(number=number, **entry)
        for number, entry in enumerate(submissions_for_record(case), start=1)
    )


def _second_looks(case: Any) -> tuple[SecondLookEntry, ...]:
    from faircase.second_look.presenters import second_looks_for_record

    entries = []
    for number, values in enumerate(second_looks_for_record(case), start=1):
        values = {
            **values,
            "requested": f"{values['requested_at']} by {values['requested_by']}",
            "recorded": f"{values['recorded_at']} by {values['recorded_by']}"
            if values["recorded_by"]
            else "",
        }
        rows = tuple(Row(label, values[key]) for key, label in SECOND_LOOK_ROWS if values.get(key))
        entries.append(SecondLookEntry(number, values["decision"], values["status"], rows))
    return tuple(entries)


def _name(user: Any) -> str:
    return user.display_name if user is not None else "Not recorded"


def _display(choices: Any, value: str, *, empty: str = "Not recorded") -> str:
    if not value:
        return empty
    try:
        return str(choices(value).label)  # the label is lazy (translated); the record is JSON
    except ValueError:
        return value


def _principle_index(code: str) -> int:
    try:
        return [p.value for p in PRINCIPLES_IN_ORDER].index(code)
    except ValueError:
        return len(PRINCIPLES_IN_ORDER)


def _review_points_text(points: list[str]) -> str:
    if not points:
        return "every review point"
    return "; ".join(_display(ReviewPoint, p) for p in points)


def _version_label(version: FrameworkVersion) -> str:
    if version.organisation_id is None:
        return f"{version.title} (national version {version.number})"
    return f"{version.title} ({version.organisation.name}, version {version.number})"


def _case_details(case: Any, stage_name: str) -> tuple[Row, ...]:
    if case.patient_safety_incident:
        being_fair = _display(YesNoUnknown, case.being_fair_completed, empty="Not recorded")
    else:
        being_fair = "Not applicable: the concern did not arise from a patient safety incident"
    outcome = _display(Outcome, case.outcome, empty="Not decided yet")
    if case.outcome_note:
        outcome = f"{outcome}. {case.outcome_note}"
    return (
        Row("Case reference", case.reference),
        Row("Organisation", f"{case.organisation.name} (ODS code {case.organisation.ods_code})"),
        Row("Policy", _display(Policy, case.policy)),
        Row("Stage", stage_name),
        Row("Opened", f"{nhs_date(case.opened_at)} by {_name(case.opened_by)}"),
        Row("Closed", nhs_date(case.closed_at) if case.closed_at else "Open"),
        Row("Outcome", outcome),
        Row("Arose from a patient safety incident", "Yes" if case.patient_safety_incident else "No"),
        Row("Being fair tool completed", being_fair),
    )


def _practitioner_rows(practitioner: Any) -> tuple[Row, ...]:
    induction = _display(YesNoUnknown, practitioner.induction)
    if practitioner.induction == YesNoUnknown.YES and practitioner.induction_on:
        induction = f"{induction}, {nhs_date(practitioner.induction_on)}"
    # Place of primary qualification is equality data (ADR 9): kept apart from the disclosable record.
    return (
        Row("Name", practitioner.full_name),
        Row("Profession", _display(Profession, practitioner.profession)),
        Row(
            "Regulator and registration number",
            f"{_display(Regulator, practitioner.regulator)} {practitioner.registration_number}".strip(),
        ),
        Row("Grade", practitioner.grade or "Not recorded"),
        Row("Specialty", practitioner.specialty or "Not recorded"),
        Row("Setting", _display(Setting, practitioner.setting)),
        Row("Contract type", _display(ContractType, practitioner.contract_type)),
        Row("Start date in the organisation", nhs_date(practitioner.started_on)),
        Row("Induction for this role", induction),
    )


def _concerns(case: Any) -> tuple[ConcernEntry, ...]:
    return tuple(
        ConcernEntry(
            number=i,
            category=_display(ConcernCategory, c.category),
            source=_display(ConcernSource, c.source),
            severity=_display(Severity, c.severity),
            occurred_on=nhs_date(c.occurred_on),
            raised_on=nhs_date(c.raised_on),
            alleged=c.description,
            recorded=f"{nhs_date(c.recorded_at)} by {_name(c.recorded_by)}",
        )
        for i, c in enumerate(case_selectors.concerns_for(case).order_by("raised_on", "id"), start=1)
    )


def _people(case: Any) -> tuple[PersonEntry, ...]:
    order = {role: i for i, role in enumerate(CaseRole.values)}
    members = sorted(case_selectors.members_for(case), key=lambda m: (order.get(m.role, len(order)), m.pk))
    return tuple(
        PersonEntry(role=_display(CaseRole, m.role), name=_name(m.user), named_on=nhs_date(m.named_at))
        for m in members
    )


def _changes(
    version: FrameworkVersion, considerations: dict[int, list[Consideration]]
) -> tuple[VersionChange, ...]:
    """What the version changed, by comparing consideration codes with the version it was based on."""
    mine = {c.code: c for c in considerations.get(version.pk, [])}
    base = {c.code: c for c in considerations.get(version.based_on_id, [])} if version.based_on_id else {}
    changes: list[tuple[tuple[int, int], VersionChange]] = []

    def add(consideration: Consideration, kind: str, text: str, detail: str = "") -> None:
        key = (_principle_index(consideration.principle), consideration.position)
        principle = _display(Principle, consideration.principle)
        changes.append((key, VersionChange(kind, consideration.code, principle, text, detail)))

    for code, new in mine.items():
        old = base.get(code)
        if old is None:
            add(
                new,
                "Consideration added, already retired" if new.retired else "Consideration added",
                new.text,
            )
            if new.guidance:
                add(new, "Local guidance added", new.text, new.guidance)
            continue
        if new.retired and not old.retired:
            add(new, "Consideration retired", new.text)
            continue
        if old.retired and not new.retired:
            add(new, "Consideration brought back", new.text)
        if new.retired:
            continue
        if new.principle != old.principle:
            add(
                new, "Moved to another Principle", new.text, f"Was under {_display(Principle, old.principle)}"
            )
        if new.text != old.text:
            add(new, "Consideration reworded", new.text, f"Was: {old.text}")
        if new.guidance != old.guidance:
            if not old.guidance:
                add(new, "Local guidance added", new.text, new.guidance)
            elif not new.guidance:
                add(new, "Local guidance removed", new.text, f"Was: {old.guidance}")
            else:
                add(new, "Local guidance changed", new.text, new.guidance)
        if sorted(new.review_points or []) != sorted(old.review_points or []):
            add(
                new,
                "Review points changed",
                new.text,
                f"Now asked at {_review_points_text(new.review_points)}; "
                f"was asked at {_review_points_text(old.review_points)}",
            )
    for code, old in base.items():
        if code not in mine and not old.retired:
            add(old, "Consideration retired", old.text, "Left out of this version")
    changes.sort(key=lambda item: item[0])
    return tuple(change for _key, change in changes)


def _framework_entries(
    reviews: list[Review], numbers: dict[int, int]
) -> tuple[tuple[FrameworkVersionEntry, ...], dict[int, list[Consideration]]]:
    versions: dict[int, FrameworkVersion] = {}
    used_by: dict[int, list[int]] = {}
    for review in reviews:
        versions.setdefault(review.version_id, review.version)
        used_by.setdefault(review.version_id, []).append(numbers[review.pk])
    ids = set(versions) | {v.based_on_id for v in versions.values() if v.based_on_id}
    considerations: dict[int, list[Consideration]] = {}
    for consideration in Consideration.objects.filter(version_id__in=ids).order_by("version_id", "position"):
        considerations.setdefault(consideration.version_id, []).append(consideration)

    entries = []
    for version_id, version in versions.items():
        if version.organisation_id is None:
            changes: tuple[VersionChange, ...] = ()
            summary = NATIONAL_NOT_ADAPTED
            based_on = "Nothing: this is the national starter set"
            owner = "National (the faircase starter set)"
        else:
            owner = version.organisation.name
            if version.based_on_id:
                changes = _changes(version, considerations)
                based_on = _version_label(version.based_on)
                summary = (
                    f"Adapted from {based_on}: {_count(len(changes), 'change')}."
                    if changes
                    else f"Adapted from {based_on}, with no changes to the considerations."
                )
            else:
                changes = ()
                based_on = "Nothing: the organisation wrote every consideration"
                summary = "The organisation's own considerations, not based on an earlier version."
        reviews_using = used_by[version_id]
        entries.append(
            FrameworkVersionEntry(
                label=_version_label(version),
                owner=owner,
                number=version.number,
                is_national=version.organisation_id is None,
                published=nhs_date(version.published_at, empty="Not published"),
                created_by=version.created_by_label,
                change_note=version.change_note,
                based_on=based_on,
                used_by=("Review " if len(reviews_using) == 1 else "Reviews ")
                + ", ".join(str(n) for n in reviews_using),
                adaptation_summary=summary,
                changes=changes,
            )
        )
    return tuple(entries), considerations


def _count(n: int, noun: str) -> str:
    return pluralise(n, noun)


def _short_date(value: dt.datetime) -> str:
    """A date for a narrow table column: 2 Jun 2025 (the NHS style for dates in tables)."""
    local = timezone.localtime(value)
    return f"{local.day} {local:%b %Y}"


def _short(code: str) -> str:
    return SHORT_ANSWERS.get(code, _display(Answer, code))


def _asked(review: Review, considerations: dict[int, list[Consideration]]) -> dict[str, tuple[Any, Any]]:
    """What `review` asked, by consideration code: (consideration, answer or None while unanswered)."""
    asked: dict[str, tuple[Consideration, ReviewAnswer | None]] = {
        a.consideration.code: (a.consideration, a) for a in review.answers.all()
    }
    if review.status != Review.Status.COMPLETED:
        for consideration in considerations.get(review.version_id, []):
            if consideration.applies_at(review.review_point) and consideration.code not in asked:
                asked[consideration.code] = (consideration, None)
    return asked


def _reviews_text(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"Review {numbers[0]}"
    return "Reviews " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"


def _scope(columns: tuple[ReviewColumn, ...]) -> str:
    first, last = columns[0].number, columns[-1].number
    return f"review {first}" if first == last else f"reviews {first} to {last}"


def _answer_tables(
    reviews: list[Review], numbers: dict[int, int], considerations: dict[int, list[Consideration]]
) -> tuple[PrincipleAnswers, ...]:
    """For each Principle, the considerations (each given once, in its latest wording) against the reviews.

    Where a review answered a consideration worded otherwise (an earlier or adapted version), its cell points
    to a wording note that quotes the wording it was answered against.
    """
    if not reviews:
        return ()
    columns = tuple(
        ReviewColumn(
            number=numbers[review.pk],
            review_point=SHORT_REVIEW_POINTS.get(
                review.review_point, _display(ReviewPoint, review.review_point)
            ),
            date=_short_date(review.completed_at) if review.completed_at else "In progress",
        )
        for review in reviews
    )
    asked = [_asked(review, considerations) for review in reviews]
    latest: dict[str, Consideration] = {}
    for items in asked:
        for code, (consideration, _answer) in items.items():
            latest[code] = consideration
    ordered = sorted(latest.values(), key=lambda c: (_principle_index(c.principle), c.position, c.code))

    def wording(c: Consideration) -> tuple[str, str, str]:
        return (c.principle, c.text, c.guidance)

    principles = []
    note_number = 0
    for index, principle in enumerate(PRINCIPLES_IN_ORDER, start=1):
        notes: list[WordingNote] = []
        rows: list[ConsiderationRow] = []
        for current in (c for c in ordered if c.principle == principle.value):
            # The earlier wordings answered, in the order first met, with the reviews that answered each.
            earlier: dict[int, tuple[Consideration, FrameworkVersion, list[int]]] = {}
            for review, items in zip(reviews, asked, strict=True):
                item = items.get(current.code)
                if item and wording(item[0]) != wording(current):
                    earlier.setdefault(item[0].pk, (item[0], review.version, []))[2].append(
                        numbers[review.pk]
                    )
            note_for: dict[int, int] = {}
            for consideration_pk, (old, version, answered_in) in earlier.items():
                note_number += 1
                note_for[consideration_pk] = note_number
                detail = []
                if old.principle != current.principle:
                    detail.append(f"It was then under {_display(Principle, old.principle)}.")
                if old.guidance != current.guidance:
                    detail.append(
                        f"Local guidance then: {old.guidance}"
                        if old.guidance
                        else "There was no local guidance."
                    )
                notes.append(
                    WordingNote(
                        number=note_number,
                        code=current.code,
                        reviews=_reviews_text(answered_in),
                        version=_version_label(version),
                        text=old.text,
                        detail=" ".join(detail),
                    )
                )
            cells = []
            for items in asked:
                item = items.get(current.code)
                if item is None:
                    cells.append(AnswerCell(NOT_ASKED, "not_asked"))
                    continue
                consideration, answer = item
                cells.append(
                    AnswerCell(
                        answer=_short(answer.answer) if answer else NOT_ANSWERED,
                        answer_code=answer.answer if answer else "not_answered",
                        wording_note=note_for.get(consideration.pk, 0),
                        since=_since(answer),
                    )
                )
            rows.append(
                ConsiderationRow(
                    code=current.code,
                    consideration=current.text,
                    guidance=current.guidance,
                    cells=tuple(cells),
                )
            )
        tables = []
        for start in range(0, len(columns), REVIEWS_PER_TABLE):
            group = columns[start : start + REVIEWS_PER_TABLE]
            group_rows = tuple(
                replace(row, cells=row.cells[start : start + REVIEWS_PER_TABLE])
                for row in rows
                if any(cell.answer != NOT_ASKED for cell in row.cells[start : start + REVIEWS_PER_TABLE])
            )
            scope = _scope(group)
            tables.append(
                AnswerTable(
                    caption=f"{principle.label}: answers at {scope}",
                    scope=scope,
                    columns=group,
                    rows=group_rows,
                )
            )
        principles.append(
            PrincipleAnswers(
                number=index, name=principle.label, tables=tuple(tables), wording_notes=tuple(notes)
            )
        )
    return tuple(principles)


def _answered_by(answers: list[ReviewAnswer]) -> str:
    """Who gave a review's answers and when: one line per person, with the first and last time."""
    if not answers:
        return "No answers yet"
    people: dict[str, list[dt.datetime]] = {}
    for answer in answers:
        people.setdefault(_name(answer.answered_by), []).append(answer.answered_at)
    parts = []
    for name, times in people.items():
        first, last = nhs_datetime(min(times)), nhs_datetime(max(times))
        when = first if first == last else f"between {first} and {last}"
        parts.append(
            f"{name}, {when}" if len(people) == 1 else f"{name} ({_count(len(times), 'answer')}), {when}"
        )
    return "; ".join(parts)


def _since(answer: ReviewAnswer | None) -> str:
    """Against the answer its review started from: CHANGED, "confirmed", or "" (nothing to start from)."""
    if answer is None or answer.carried_from_id is None:
        return ""
    return CHANGED if answer.carried_from.answer != answer.answer else "confirmed"


def _effect(answer: ReviewAnswer, follow_up: FollowUp) -> str:
    """What an answer did to the follow-up it belongs to."""
    if answer.pk == follow_up.answer_id:
        return "opened it"
    if answer.pk == follow_up.closed_by_answer_id:
        return "closed it"
    return "added to it" if answer.answer in (Answer.NO, Answer.UNKNOWN) else "left it open"


def _noted_answers(
    answers: list[ReviewAnswer], labels: dict[int, str], follow_ups: dict[int, FollowUp]
) -> tuple[NotedAnswer, ...]:
    noted = [a for a in answers if a.note.strip() or a.follow_up_id in labels]
    noted.sort(key=lambda a: (_principle_index(a.consideration.principle), a.consideration.position, a.pk))
    return tuple(
        NotedAnswer(
            code=a.consideration.code,
            answer=_display(Answer, a.answer),
            answer_code=a.answer,
            note=a.note,
            follow_up=labels.get(a.follow_up_id, ""),
            answered_by=_name(a.answered_by),
            answered_at=nhs_datetime(a.answered_at),
            follow_up_effect=_effect(a, follow_ups[a.follow_up_id]) if a.follow_up_id in labels else "",
        )
        for a in noted
    )


def _carried(answers: list[ReviewAnswer], numbers: dict[int, int], *, correction: bool = False) -> str:
    """Which answers a later review confirmed, changed or gave fresh, against those it started from."""
    carried = [a for a in answers if a.carried_from_id]
    if not carried:
        return ""
    ordered = sorted(
        answers, key=lambda a: (_principle_index(a.consideration.principle), a.consideration.position, a.pk)
    )
    sources = sorted({numbers.get(a.carried_from.review_id, 0) for a in carried})
    confirmed = [a.consideration.code for a in ordered if a.carried_from_id and _since(a) == "confirmed"]
    changed = [
        f"{a.consideration.code} from {_short(a.carried_from.answer)} to {_short(a.answer)}"
        for a in ordered
        if a.carried_from_id and _since(a) == CHANGED
    ]
    fresh = [a.consideration.code for a in ordered if not a.carried_from_id]
    where = _reviews_text(sources).lower()
    parts = [
        f"Started from the answers of the review it corrects, {where}"
        if correction
        else f"Started from the last answers, given at {where}",
        f"Confirmed unchanged: {len(confirmed)}" + (f" ({', '.join(confirmed)})" if confirmed else ""),
        f"Changed: {len(changed)}" + (f" ({'; '.join(changed)})" if changed else ""),
    ]
    if fresh:
        parts.append(f"Not answered before: {len(fresh)} ({', '.join(fresh)})")
    return ". ".join(parts) + "."


def _review_entries(
    reviews: list[Review],
    numbers: dict[int, int],
    follow_up_labels: dict[int, str],
    follow_ups: dict[int, FollowUp],
    stage_name: Any,
) -> tuple[ReviewEntry, ...]:
    corrected_by: dict[int, list[int]] = {}
    for review in reviews:
        if review.corrects_id:
            corrected_by.setdefault(review.corrects_id, []).append(numbers[review.pk])
    versions = {review.version_id for review in reviews}
    entries = []
    for review in reviews:
        answers = list(review.answers.all())
        corrects = ""
        if review.corrects_id:
            original = review.corrects
            corrects = (
                f"Review {numbers.get(original.pk, '?')} ({_display(ReviewPoint, original.review_point)}, "
                f"completed {nhs_date(original.completed_at)})"
            )
        later = corrected_by.get(review.pk, [])
        entries.append(
            ReviewEntry(
                number=numbers[review.pk],
                review_point=_display(ReviewPoint, review.review_point),
                stage=stage_name(review.stage),
                status=_display(Review.Status, review.status),
                framework_version=_version_label(review.version) if len(versions) > 1 else "",
                started=f"{nhs_datetime(review.started_at)} by {_name(review.started_by)}",
                completed=(
                    f"{nhs_datetime(review.completed_at)} by {_name(review.completed_by)}"
                    if review.completed_at
                    else "Not completed"
                ),
                corrects=corrects,
                corrected_by=", ".join(f"Review {n}" for n in later),
                answered_by=_answered_by(answers),
                noted_answers=_noted_answers(answers, follow_up_labels, follow_ups),
                carried=_carried(answers, numbers, correction=bool(review.corrects_id)),
            )
        )
    return tuple(entries)


def _plan(answer: ReviewAnswer) -> tuple[str, str, str]:
    return (answer.planned_action, _name(answer.planned_owner), nhs_date(answer.planned_due_on, empty=""))


def _history(follow_up: FollowUp, answers: list[ReviewAnswer], numbers: dict[int, int]) -> str:
    """One line per answer of the follow-up, oldest first; the plan it gave when it differs from the one before."""
    lines, plan = [], None
    for answer in answers:
        review = answer.review
        line = (
            f"Review {numbers.get(review.pk, '?')} ({_display(ReviewPoint, review.review_point)}), "
            f"{_display(Answer, answer.answer)}: {_effect(answer, follow_up)}."
        )
        if answer.planned_action and _plan(answer) != plan:
            action, owner, due = _plan(answer)
            line += f" {'Planned' if plan is None else 'Plan changed to'}: {action} ({owner}, due {due})."
            plan = _plan(answer)
        lines.append(line)
    return "\n".join(lines)


def _follow_up_entries(
    follow_ups: list[FollowUp],
    numbers: dict[int, int],
    labels: dict[int, str],
    history: dict[int, list[ReviewAnswer]],
) -> tuple[FollowUpEntry, ...]:
    entries = []
    for follow_up in follow_ups:
        answer = follow_up.answer
        review = answer.review
        if follow_up.closed_at:
            verb = "Carried" if follow_up.status == FollowUp.Status.CARRIED else "Closed"
            closed = f"{verb} {nhs_datetime(follow_up.closed_at)} by {_name(follow_up.closed_by)}"
            if follow_up.closed_by_answer_id:
                closing = next(
                    (a for a in history.get(follow_up.pk, []) if a.pk == follow_up.closed_by_answer_id), None
                )
                if closing is not None:
                    closed += f", answering {_display(Answer, closing.answer)} at review {numbers.get(closing.review_id, '?')}"
        else:
            closed = "Open"
        entries.append(
            FollowUpEntry(
                number=labels[follow_up.pk],
                code=follow_up.code,
                consideration=f"{follow_up.code}: {answer.consideration.text}",
                review=(
                    f"Review {numbers.get(review.pk, '?')} ({_display(ReviewPoint, review.review_point)}), "
                    f"answered {_display(Answer, answer.answer)}"
                ),
                action=follow_up.action,
                owner=_name(follow_up.owner),
                due_on=nhs_date(follow_up.due_on),
                status=_display(FollowUp.Status, follow_up.status),
                outcome=follow_up.outcome or "Not closed yet",
                closed=closed,
                opened_on=nhs_date(follow_up.created_at),
                history=_history(follow_up, history.get(follow_up.pk, []), numbers),
            )
        )
    return tuple(entries)


def _stage_move_entries(case: Any, numbers: dict[int, int], stage_name: Any) -> tuple[StageMoveEntry, ...]:
    entries = []
    for index, move in enumerate(case_selectors.stage_moves_for(case), start=1):
        review = "None recorded"
        if move.review_id:
            review = f"Review {numbers.get(move.review_id, '?')} ({_display(ReviewPoint, move.review.review_point)})"
        entries.append(
            StageMoveEntry(
                number=index,
                from_stage=stage_name(move.from_stage),
                to_stage=stage_name(move.to_stage),
                decision=move.decision,
                reasons=move.reasons,
                open_follow_ups=str(move.open_follow_ups) if move.open_follow_ups else "None",
                open_follow_ups_reason=move.open_follow_ups_reason,
                review=review,
                moved_by=_name(move.moved_by),
                moved_at=nhs_datetime(move.moved_at),
            )
        )
    return tuple(entries)


def build_record(case: Any, *, generated_by: Any, generated_at: dt.datetime | None = None) -> RecordDocument:
    """The framework record of `case`. The number of queries does not grow with reviews or answers."""
    generated_at = generated_at or timezone.now()
    workflow = workflow_for(case)
    stage_name = workflow.stage_name

    reviews = list(
        framework_selectors.reviews_for_case(case)
        .select_related("version__organisation", "version__based_on__organisation", "corrects")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=ReviewAnswer.objects.select_related(
                    "consideration", "answered_by", "carried_from", "planned_owner"
                ).order_by("consideration__position", "id"),
            )
        )
    )
    numbers = {review.pk: i for i, review in enumerate(reviews, start=1)}
    follow_ups = sorted(
        framework_selectors.follow_ups_for_case(case),
        key=lambda f: (numbers.get(f.answer.review_id, 0), f.answer.consideration.position, f.pk),
    )
    follow_up_labels = {f.pk: f"F{i}" for i, f in enumerate(follow_ups, start=1)}
    follow_ups_by_id = {f.pk: f for f in follow_ups}
    history: dict[int, list[ReviewAnswer]] = {}
    for review in reviews:  # in the order the reviews were taken
        for answer in review.answers.all():
            if answer.follow_up_id in follow_ups_by_id:
                answer.review = review
                history.setdefault(answer.follow_up_id, []).append(answer)

    frameworks, considerations = _framework_entries(reviews, numbers)
    summary = CaseSummary(
        reference=case.reference,
        organisation=case.organisation.name,
        summary=case.summary,
        details=_case_details(case, stage_name(case.stage)),
        practitioner=_practitioner_rows(case.practitioner),
        concerns=_concerns(case),
        people=_people(case),
    )
    document = RecordDocument(
        title=f"Framework record for case {case.reference}",
        case=summary,
        frameworks=frameworks,
        answers=_answer_tables(reviews, numbers, considerations),
        reviews=_review_entries(reviews, numbers, follow_up_labels, follow_ups_by_id, stage_name),
        follow_ups=_follow_up_entries(follow_ups, numbers, follow_up_labels, history),
        practitioner_submissions=_practitioner_submissions(case),
        second_looks=_second_looks(case),
        stage_moves=_stage_move_entries(case, numbers, stage_name),
        sections=build_sections(case, generated_on=timezone.localtime(generated_at).date()),
        footer=IntegrityFooter(
            HASH_ALGORITHM, sha256="", generated_at="", generated_at_iso="", generated_by=""
        ),
    )
    return replace(
        document,
        footer=IntegrityFooter(
            algorithm=HASH_ALGORITHM,
            sha256=content_hash(document.content()),
            generated_at=nhs_datetime(generated_at),
            generated_at_iso=timezone.localtime(generated_at).isoformat(timespec="seconds"),
            generated_by=audit.as_actor(generated_by).name,
            audit_checkpoint=checkpoints.integrity_line(
                checkpoints.make_checkpoint(), chain=audit.chain_of(case.organisation_id)
            ),
        ),
    )
