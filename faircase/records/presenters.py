"""The disclosable framework record of a case, as plain values.

`build_record()` reads a case (already fetched through `faircase.cases.selectors`, so scoped to the reader)
and turns it into a tree of frozen dataclasses holding only strings, numbers and booleans: no model objects.
The web page, the PDF and the Word document are all rendered from this one tree, so they cannot drift apart,
and the integrity hash in the footer is the SHA-256 of a canonical JSON of everything above the footer.

The record deliberately leaves out the audit trail of who viewed the case and any equality data.
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
    Policy,
    Profession,
    QualificationRegion,
    Regulator,
    Setting,
    Severity,
    YesNoUnknown,
)
from faircase.cases.workflow import get_workflow
from faircase.core import audit
from faircase.core.formatting import nhs_date, nhs_datetime
from faircase.framework import selectors as framework_selectors
from faircase.framework.models import Consideration, FollowUp, FrameworkVersion, Review, ReviewAnswer
from faircase.framework.principles import PRINCIPLES_IN_ORDER, Answer, Principle, ReviewPoint

HASH_ALGORITHM = "SHA-256"
HASH_EXPLANATION = (
    "The integrity hash is the SHA-256 digest of the content of this record (everything above this footer, "
    "as canonical JSON). The same case content always gives the same hash; any change to it gives another. "
    "The PDF, Word and web versions of one record carry the same hash."
)
NOT_ANSWERED = "Not answered yet"
NATIONAL_NOT_ADAPTED = "National starter set, not adapted."


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
class AnswerEntry:
    code: str
    consideration: str
    guidance: str
    answer: str
    answer_code: str
    note: str
    answered_by: str
    answered_at: str
    follow_up: str

    @property
    def answered(self) -> str:
        if not self.answered_by:
            return ""
        return f"{self.answered_by}, {self.answered_at}"


@dataclass(frozen=True)
class PrincipleSection:
    number: int
    name: str
    answers: tuple[AnswerEntry, ...]


@dataclass(frozen=True)
class ReviewEntry:
    number: int
    review_point: str
    stage: str
    status: str
    framework_version: str
    started: str
    completed: str
    corrects: str
    corrected_by: str
    answer_counts: str
    principles: tuple[PrincipleSection, ...]

    @property
    def heading(self) -> str:
        return f"Review {self.number}: {self.review_point}"

    @property
    def rows(self) -> tuple[Row, ...]:
        rows = [
            Row("Review point", self.review_point),
            Row("Stage of the case", self.stage),
            Row("Status", self.status),
            Row("Framework version", self.framework_version),
            Row("Started", self.started),
            Row("Completed", self.completed),
        ]
        if self.corrects:
            rows.append(Row("Corrects", self.corrects))
        if self.corrected_by:
            rows.append(Row("Corrected by", self.corrected_by))
        rows.append(Row("Answers", self.answer_counts))
        return tuple(rows)


@dataclass(frozen=True)
class FollowUpEntry:
    number: str
    consideration: str
    review: str
    action: str
    owner: str
    due_on: str
    status: str
    outcome: str
    closed: str
    opened_on: str

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
class IntegrityFooter:
    algorithm: str
    sha256: str
    generated_at: str
    generated_at_iso: str
    generated_by: str
    explanation: str = HASH_EXPLANATION

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
    reviews: tuple[ReviewEntry, ...]
    follow_ups: tuple[FollowUpEntry, ...]
    stage_moves: tuple[StageMoveEntry, ...]
    footer: IntegrityFooter = field(compare=False)

    @property
    def reference(self) -> str:
        return self.case.reference

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


def _name(user: Any) -> str:
    return user.display_name if user is not None else "Not recorded"


def _display(choices: Any, value: str, *, empty: str = "Not recorded") -> str:
    if not value:
        return empty
    try:
        return choices(value).label
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
    qualification = _display(QualificationRegion, practitioner.qualification_region)
    country = practitioner.qualification_country.strip()
    if country and country.casefold() not in qualification.casefold():
        qualification = f"{qualification}: {country}"
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
        Row("Place of primary qualification", qualification),
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
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _answer_counts(answers: list[ReviewAnswer]) -> str:
    if not answers:
        return "None yet"
    counts = {choice: 0 for choice in Answer.values}
    for answer in answers:
        counts[answer.answer] = counts.get(answer.answer, 0) + 1
    return ", ".join(f"{_display(Answer, code)} {n}" for code, n in counts.items() if n)


def _review_entries(
    reviews: list[Review],
    numbers: dict[int, int],
    considerations: dict[int, list[Consideration]],
    follow_up_numbers: dict[int, str],
    stage_name: Any,
) -> tuple[ReviewEntry, ...]:
    corrected_by: dict[int, list[int]] = {}
    for review in reviews:
        if review.corrects_id:
            corrected_by.setdefault(review.corrects_id, []).append(numbers[review.pk])
    entries = []
    for review in reviews:
        answers = list(review.answers.all())
        by_consideration = {a.consideration_id: a for a in answers}
        in_progress = review.status != Review.Status.COMPLETED
        items: list[tuple[Consideration, ReviewAnswer | None]] = [(a.consideration, a) for a in answers]
        if in_progress:
            items += [
                (c, None)
                for c in considerations.get(review.version_id, [])
                if c.applies_at(review.review_point) and c.pk not in by_consideration
            ]
        sections = []
        for index, principle in enumerate(PRINCIPLES_IN_ORDER, start=1):
            in_section = sorted(
                (item for item in items if item[0].principle == principle.value),
                key=lambda item: item[0].position,
            )
            sections.append(
                PrincipleSection(
                    number=index,
                    name=principle.label,
                    answers=tuple(_answer_entry(c, a, follow_up_numbers) for c, a in in_section),
                )
            )
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
                framework_version=_version_label(review.version),
                started=f"{nhs_datetime(review.started_at)} by {_name(review.started_by)}",
                completed=(
                    f"{nhs_datetime(review.completed_at)} by {_name(review.completed_by)}"
                    if review.completed_at
                    else "Not completed"
                ),
                corrects=corrects,
                corrected_by=", ".join(f"Review {n}" for n in later),
                answer_counts=_answer_counts(answers),
                principles=tuple(sections),
            )
        )
    return tuple(entries)


def _answer_entry(
    consideration: Consideration, answer: ReviewAnswer | None, follow_up_numbers: dict[int, str]
) -> AnswerEntry:
    if answer is None:
        return AnswerEntry(
            code=consideration.code,
            consideration=consideration.text,
            guidance=consideration.guidance,
            answer=NOT_ANSWERED,
            answer_code="",
            note="",
            answered_by="",
            answered_at="",
            follow_up="",
        )
    return AnswerEntry(
        code=consideration.code,
        consideration=consideration.text,
        guidance=consideration.guidance,
        answer=_display(Answer, answer.answer),
        answer_code=answer.answer,
        note=answer.note,
        answered_by=_name(answer.answered_by),
        answered_at=nhs_datetime(answer.answered_at),
        follow_up=follow_up_numbers.get(answer.pk, ""),
    )


def _follow_up_entries(
    follow_ups: list[FollowUp], numbers: dict[int, int], labels: dict[int, str]
) -> tuple[FollowUpEntry, ...]:
    entries = []
    for follow_up in follow_ups:
        answer = follow_up.answer
        review = answer.review
        entries.append(
            FollowUpEntry(
                number=labels[follow_up.answer_id],
                consideration=f"{answer.consideration.code}: {answer.consideration.text}",
                review=(
                    f"Review {numbers.get(review.pk, '?')} ({_display(ReviewPoint, review.review_point)}), "
                    f"answered {_display(Answer, answer.answer)}"
                ),
                action=follow_up.action,
                owner=_name(follow_up.owner),
                due_on=nhs_date(follow_up.due_on),
                status=_display(FollowUp.Status, follow_up.status),
                outcome=follow_up.outcome or "Not closed yet",
                closed=(
                    f"{nhs_datetime(follow_up.closed_at)} by {_name(follow_up.closed_by)}"
                    if follow_up.closed_at
                    else "Open"
                ),
                opened_on=nhs_date(follow_up.created_at),
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
    workflow = get_workflow(case.workflow)
    stage_name = workflow.stage_name

    reviews = list(
        framework_selectors.reviews_for_case(case)
        .select_related("version__organisation", "version__based_on__organisation", "corrects")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=ReviewAnswer.objects.select_related("consideration", "answered_by").order_by(
                    "consideration__position", "id"
                ),
            )
        )
    )
    numbers = {review.pk: i for i, review in enumerate(reviews, start=1)}
    follow_ups = sorted(
        framework_selectors.follow_ups_for_case(case),
        key=lambda f: (numbers.get(f.answer.review_id, 0), f.answer.consideration.position, f.pk),
    )
    follow_up_labels = {f.answer_id: f"F{i}" for i, f in enumerate(follow_ups, start=1)}

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
        reviews=_review_entries(reviews, numbers, considerations, follow_up_labels, stage_name),
        follow_ups=_follow_up_entries(follow_ups, numbers, follow_up_labels),
        stage_moves=_stage_move_entries(case, numbers, stage_name),
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
        ),
    )
