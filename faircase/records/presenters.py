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
from django.utils import timezone, translation
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

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
    policy_name,
)
from faircase.core import audit, checkpoints
from faircase.core import languages as language_rules
from faircase.core.formatting import nhs_date, nhs_datetime, pluralise
from faircase.framework import principles as principle_names
from faircase.framework import selectors as framework_selectors
from faircase.framework.models import Consideration, FollowUp, FrameworkVersion, Review, ReviewAnswer
from faircase.framework.principles import PRINCIPLES_IN_ORDER, Answer, ReviewPoint
from faircase.policy.choices import Policy
from faircase.policy.workflow import workflow_for
from faircase.records.sections import RecordSection, build_sections

HASH_ALGORITHM = "SHA-256"
HASH_EXPLANATION = gettext_lazy(
    "The integrity hash is the SHA-256 digest of the content of this record (everything above this footer, "
    "as canonical JSON). The same case content always gives the same hash; any change to it gives another. "
    "The PDF, Word and web versions of one record carry the same hash."
)
NATIONAL_NOT_ADAPTED = gettext_lazy("National starter set, not adapted.")

# The answer tables: one column per review, in groups of this many, and a short word in each cell.
REVIEWS_PER_TABLE = 5
NOT_ASKED = "\u2013"  # an en dash: the consideration was not asked at that review
NOT_ANSWERED = gettext_lazy("Not answered")
SHORT_ANSWERS = {
    Answer.YES.value: gettext_lazy("Yes"),
    Answer.NO.value: gettext_lazy("No"),
    Answer.UNKNOWN.value: gettext_lazy("Unknown"),
    Answer.NOT_APPLICABLE.value: gettext_lazy("N/A"),
}
CHANGED = "changed"
ANSWER_KEY = gettext_lazy(
    "N/A: not applicable (the reason is in the review's notes below). %(not_asked)s: not asked at that review "
    "point. %(not_answered)s: the review is still in progress. A later review starts from the last answers: "
    '"%(changed)s" marks an answer the reviewer changed; every other answer there was confirmed unchanged '
    "(or is new). Notes and follow-ups are under each review below."
)
# Short names for the review columns. The soft hyphens (U+00AD) let the longest words break in a narrow
# column of the PDF; they are invisible wherever the word fits.
SHORT_REVIEW_POINTS = {
    ReviewPoint.COMMENCEMENT.value: gettext_lazy("Commence\u00adment"),
    ReviewPoint.ROUTE.value: gettext_lazy("Route"),
    ReviewPoint.TERMS_OF_REFERENCE.value: gettext_lazy("Terms of reference"),
    ReviewPoint.RESTRICTION.value: gettext_lazy("Restriction or exclusion"),
    ReviewPoint.REPORT_RECEIVED.value: gettext_lazy("Report received"),
    ReviewPoint.DETERMINATION.value: gettext_lazy("Determi\u00adnation"),
    ReviewPoint.HEARING_OUTCOME.value: gettext_lazy("Hearing outcome"),
    ReviewPoint.APPEAL.value: gettext_lazy("Appeal"),
    ReviewPoint.CLOSURE.value: gettext_lazy("Closure"),
    ReviewPoint.AD_HOC.value: gettext_lazy("Ad hoc"),
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
            Row(_("Category"), self.category),
            Row(_("Source"), self.source),
            Row(_("Severity"), self.severity),
            Row(_("When it happened"), self.occurred_on),
            Row(_("When it was raised"), self.raised_on),
            Row(_("What is alleged"), self.alleged),
            Row(_("Recorded"), self.recorded),
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
            Row(_("Whose version"), self.owner),
            Row(_("Version number"), str(self.number)),
            Row(_("Published"), self.published),
            Row(_("Created by"), self.created_by),
            Row(_("Based on"), self.based_on),
            Row(_("Used by"), self.used_by),
        ]
        if self.change_note:
            rows.append(Row(_("Change note"), self.change_note))
        return tuple(rows)


@dataclass(frozen=True)
class ReviewColumn:
    """The head of one review's column in the answer tables."""

    number: int
    review_point: str
    date: str

    @property
    def heading(self) -> str:
        return _("Review %(number)s") % {"number": self.number}


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
        return _("changed") if self.since == CHANGED else ""


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
        sentence = _("%(reviews)s answered %(code)s against the wording of %(version)s: %(text)s") % {
            "reviews": self.reviews,
            "code": self.code,
            "version": self.version,
            "text": self.text,
        }
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
            return _("None")
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
        return _("Review %(number)s: %(review_point)s (%(status)s)") % {
            "number": self.number,
            "review_point": self.review_point,
            "status": self.status.lower(),
        }

    @property
    def rows(self) -> tuple[Row, ...]:
        rows = [Row(_("Stage of the case"), self.stage)]
        if self.framework_version:
            rows.append(Row(_("Framework version"), self.framework_version))
        rows += [Row(_("Started"), self.started), Row(_("Completed"), self.completed)]
        if self.corrects:
            rows.append(Row(_("Corrects"), self.corrects))
        if self.corrected_by:
            rows.append(Row(_("Corrected by"), self.corrected_by))
        rows.append(Row(_("Answers given by"), self.answered_by))
        if self.carried:
            rows.append(Row(_("Started from earlier answers"), self.carried))
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
        return _("Follow-up %(number)s") % {"number": self.number}

    @property
    def rows(self) -> tuple[Row, ...]:
        return (
            Row(_("Consideration"), self.consideration),
            Row(_("Raised in"), self.review),
            Row(_("What will be done"), self.action),
            Row(_("Owner"), self.owner),
            Row(_("Due"), self.due_on),
            Row(_("Status"), self.status),
            Row(_("Outcome"), self.outcome),
            Row(_("Closed"), self.closed),
            Row(_("History"), self.history),
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
        return _("Move %(number)s: %(from_stage)s to %(to_stage)s") % {
            "number": self.number,
            "from_stage": self.from_stage,
            "to_stage": self.to_stage,
        }

    @property
    def rows(self) -> tuple[Row, ...]:
        rows = [
            Row(_("From"), self.from_stage),
            Row(_("To"), self.to_stage),
            Row(_("Decision"), self.decision),
            Row(_("Reasons"), self.reasons),
            Row(_("Framework review"), self.review),
            Row(_("Open follow-ups at the move"), self.open_follow_ups),
        ]
        if self.open_follow_ups_reason:
            rows.append(Row(_("Why the case moved on with follow-ups open"), self.open_follow_ups_reason))
        rows.append(Row(_("Moved by"), f"{self.moved_by}, {self.moved_at}"))
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
            Row(_("Submitted"), self.submitted_at),
            Row(_("What the practitioner said"), self.text),
            Row(_("Framework considerations it informs"), self.considerations or _("None linked")),
            Row(_("Acknowledged"), self.acknowledged),
            Row(_("How it was taken into account"), self.taken_into_account),
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
        return _("Second look %(number)s: %(decision)s (%(status)s)") % {
            "number": self.number,
            "decision": self.decision,
            "status": self.status.lower(),
        }


# The second look's values in the record, in this order, with their labels; empty values are left out.
SECOND_LOOK_ROWS = (
    ("requested", gettext_lazy("Asked for")),
    ("reviewer", gettext_lazy("Independent reviewer")),
    ("blind", gettext_lazy("Blind")),
    ("proposed_route", gettext_lazy("Route proposed by the case team")),
    ("summary", gettext_lazy("Anonymised summary as sent")),
    ("reviewer_route", gettext_lazy("Route the reviewer would take")),
    ("reasons", gettext_lazy("The reviewer's reasons")),
    ("answered_at", gettext_lazy("Answered")),
    ("agreement", gettext_lazy("Agreement")),
    ("route_after", gettext_lazy("Route taken after the second look")),
    ("taken_into_account", gettext_lazy("How it was taken into account")),
    ("recorded", gettext_lazy("Recorded")),
    ("framework", gettext_lazy("Recorded against the framework")),
    ("withdrawn", gettext_lazy("Withdrawn")),
)


@dataclass(frozen=True)
class IntegrityFooter:
    algorithm: str
    sha256: str
    generated_at: str
    generated_at_iso: str
    generated_by: str
    # The signed audit checkpoint when the record was made (ADR 34): the trail's count, head and the key's
    # fingerprint, so a reader can later show that the trail still reaches what this record saw.
    audit_checkpoint: str = ""
    # Which languages the record was produced in, in the order they appear (ADR 43).
    languages: tuple[str, ...] = (language_rules.ENGLISH,)

    # The footer's sentences are said in the language in use when it is rendered, so each language's part of a
    # bilingual record explains the hash in its own language.
    @property
    def explanation(self) -> str:
        return str(HASH_EXPLANATION)

    @property
    def produced_in(self) -> str:
        return produced_in(self.languages)

    @property
    def text(self) -> str:
        """The footer as one line of text, the same in every format."""
        return _(
            "Integrity hash (%(algorithm)s): %(sha256)s. Generated %(generated_at)s by %(generated_by)s."
        ) % {
            "algorithm": self.algorithm,
            "sha256": self.sha256,
            "generated_at": self.generated_at,
            "generated_by": self.generated_by,
        }


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
    # The language this tree is written in ("en" or "cy"), and, for a bilingual record, the same record in the
    # other language, which follows this one section by section (ADR 43). Both are in the hash.
    language: str = language_rules.ENGLISH
    companions: tuple[RecordDocument, ...] = ()

    @property
    def parts(self) -> tuple[RecordDocument, ...]:
        """Each language's tree, in the order they appear: Welsh first in a bilingual record."""
        return (self, *self.companions)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(part.language for part in self.parts)

    def section(self, key: str) -> RecordSection:
        return next(s for s in self.sections if s.key == key)

    @property
    def reference(self) -> str:
        return self.case.reference

    @property
    def answer_key(self) -> str:
        return ANSWER_KEY % {"not_asked": NOT_ASKED, "not_answered": NOT_ANSWERED, "changed": _("changed")}

    # Captions of the record's tables, the same in the PDF and the Word document: a screen reader announces
    # what a table holds before its rows (WCAG 1.3.1).
    @property
    def people_caption(self) -> str:
        return _("People named on the case: their role, their name and when they were named")

    @property
    def changes_caption(self) -> str:
        return _("How this version differs from the one it was based on")

    @property
    def follow_ups_caption(self) -> str:
        return _("Follow-ups: where each was raised, what will be done, by whom and when, and how it ended")

    @staticmethod
    def noted_answers_caption(review_number: int) -> str:
        return _("Review %(number)s: answers with a note or a follow-up") % {"number": review_number}

    @property
    def filename_stem(self) -> str:
        safe = "".join(
            ch if (ch.isascii() and ch.isalnum()) or ch in "-_" else "-" for ch in self.case.reference
        )
        safe = safe.strip("-")
        # A Welsh or bilingual file says so in its name, so both can sit in one folder: FC-00012-framework-record-cy.
        languages = "" if self.languages == (language_rules.ENGLISH,) else "-" + "-".join(self.languages)
        return f"{safe or 'case'}-framework-record{languages}"

    def content(self) -> dict[str, Any]:
        """Everything the integrity hash covers: the whole record except its footer."""
        data = asdict(self)
        del data["footer"]
        for companion in data["companions"]:
            del companion["footer"]
        return data


def canonical_json(content: dict[str, Any]) -> str:
    # default=str: a label that another app gives as a lazy translation is hashed as the text it reads.
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


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
            "requested": _by(values["requested_at"], values["requested_by"]),
            "recorded": _by(values["recorded_at"], values["recorded_by"]) if values["recorded_by"] else "",
        }
        rows = tuple(Row(str(label), values[key]) for key, label in SECOND_LOOK_ROWS if values.get(key))
        entries.append(SecondLookEntry(number, values["decision"], values["status"], rows))
    return tuple(entries)


def _by(when: str, who: str) -> str:
    """When something was done and by whom: "2 June 2025 by Dr A Person"."""
    return _("%(when)s by %(who)s") % {"when": when, "who": who}


def _name(user: Any) -> str:
    return user.display_name if user is not None else _("Not recorded")


def _display(choices: Any, value: str, *, empty: str = "") -> str:
    if not value:
        return empty or _("Not recorded")
    try:
        return str(choices(value).label)  # another app's label may be a lazy translation
    except ValueError:
        return value


# A review's and a follow-up's status, in the language the record is made in (the framework's labels are English).
STATUS_WORDS: dict[str, Any] = {
    Review.Status.IN_PROGRESS: pgettext_lazy("a framework review's status", "In progress"),
    Review.Status.COMPLETED: pgettext_lazy("a framework review's status", "Completed"),
    FollowUp.Status.OPEN: pgettext_lazy("a follow-up's status", "Open"),
    FollowUp.Status.CLOSED: pgettext_lazy("a follow-up's status", "Closed"),
    FollowUp.Status.CARRIED: pgettext_lazy("a follow-up's status", "Carried beyond the case"),
}


def _status(value: str) -> str:
    found = STATUS_WORDS.get(value)
    return str(found) if found is not None else value


def _principle_name(code: str) -> str:
    try:
        return principle_names.name(code)
    except (KeyError, ValueError):
        return code


def _principle_index(code: str) -> int:
    try:
        return [p.value for p in PRINCIPLES_IN_ORDER].index(code)
    except ValueError:
        return len(PRINCIPLES_IN_ORDER)


def _review_points_text(points: list[str]) -> str:
    if not points:
        return _("every review point")
    return "; ".join(_display(ReviewPoint, p) for p in points)


def _version_label(version: FrameworkVersion) -> str:
    if version.organisation_id is None:
        return _("%(title)s (national version %(number)s)") % {
            "title": language_rules.localised(version, "title"),
            "number": version.number,
        }
    return _("%(title)s (%(organisation)s, version %(number)s)") % {
        "title": language_rules.localised(version, "title"),
        "organisation": version.organisation.name,
        "number": version.number,
    }


def _case_details(case: Any, stage_name: str) -> tuple[Row, ...]:
    if case.patient_safety_incident:
        being_fair = _display(YesNoUnknown, case.being_fair_completed)
    else:
        being_fair = _("Not applicable: the concern did not arise from a patient safety incident")
    outcome = _display(Outcome, case.outcome, empty=_("Not decided yet"))
    if case.outcome_note:
        outcome = f"{outcome}. {case.outcome_note}"
    return (
        Row(_("Case reference"), case.reference),
        Row(
            _("Organisation"),
            _("%(name)s (ODS code %(ods_code)s)")
            % {"name": case.organisation.name, "ods_code": case.organisation.ods_code},
        ),
        Row(_("Policy"), policy_name(case.policy) if case.policy else _display(Policy, case.policy)),
        Row(_("Stage"), stage_name),
        Row(_("Opened"), _by(nhs_date(case.opened_at), _name(case.opened_by))),
        Row(_("Closed"), nhs_date(case.closed_at) if case.closed_at else _("Open")),
        Row(_("Outcome"), outcome),
        Row(_("Arose from a patient safety incident"), _("Yes") if case.patient_safety_incident else _("No")),
        Row(_("Being fair tool completed"), being_fair),
    )


def _practitioner_rows(practitioner: Any) -> tuple[Row, ...]:
    induction = _display(YesNoUnknown, practitioner.induction)
    if practitioner.induction == YesNoUnknown.YES and practitioner.induction_on:
        induction = _("%(answer)s, %(date)s") % {
            "answer": induction,
            "date": nhs_date(practitioner.induction_on),
        }
    # Place of primary qualification is equality data (ADR 9): kept apart from the disclosable record.
    return (
        Row(_("Name"), practitioner.full_name),
        Row(_("Profession"), _display(Profession, practitioner.profession)),
        Row(
            _("Regulator and registration number"),
            f"{_display(Regulator, practitioner.regulator)} {practitioner.registration_number}".strip(),
        ),
        Row(_("Grade"), practitioner.grade or _("Not recorded")),
        Row(_("Specialty"), practitioner.specialty or _("Not recorded")),
        Row(_("Setting"), _display(Setting, practitioner.setting)),
        Row(_("Contract type"), _display(ContractType, practitioner.contract_type)),
        Row(_("Start date in the organisation"), nhs_date(practitioner.started_on)),
        Row(_("Induction for this role"), induction),
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
            recorded=_by(nhs_date(c.recorded_at), _name(c.recorded_by)),
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
        principle = _principle_name(consideration.principle)
        changes.append((key, VersionChange(kind, consideration.code, principle, text, detail)))

    for code, new in mine.items():
        old = base.get(code)
        if old is None:
            add(
                new,
                _("Consideration added, already retired") if new.retired else _("Consideration added"),
                _text(new),
            )
            if new.guidance:
                add(new, _("Local guidance added"), _text(new), _guidance(new))
            continue
        if new.retired and not old.retired:
            add(new, _("Consideration retired"), _text(new))
            continue
        if old.retired and not new.retired:
            add(new, _("Consideration brought back"), _text(new))
        if new.retired:
            continue
        if new.principle != old.principle:
            add(
                new,
                _("Moved to another Principle"),
                _text(new),
                _("Was under %(principle)s") % {"principle": _principle_name(old.principle)},
            )
        if new.text != old.text:
            add(new, _("Consideration reworded"), _text(new), _("Was: %(text)s") % {"text": _text(old)})
        if new.guidance != old.guidance:
            if not old.guidance:
                add(new, _("Local guidance added"), _text(new), _guidance(new))
            elif not new.guidance:
                add(
                    new,
                    _("Local guidance removed"),
                    _text(new),
                    _("Was: %(text)s") % {"text": _guidance(old)},
                )
            else:
                add(new, _("Local guidance changed"), _text(new), _guidance(new))
        if sorted(new.review_points or []) != sorted(old.review_points or []):
            add(
                new,
                _("Review points changed"),
                _text(new),
                _("Now asked at %(now)s; was asked at %(before)s")
                % {
                    "now": _review_points_text(new.review_points),
                    "before": _review_points_text(old.review_points),
                },
            )
    for code, old in base.items():
        if code not in mine and not old.retired:
            add(old, _("Consideration retired"), _text(old), _("Left out of this version"))
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
            summary = str(NATIONAL_NOT_ADAPTED)
            based_on = _("Nothing: this is the national starter set")
            owner = _("National (the faircase starter set)")
        else:
            owner = version.organisation.name
            if version.based_on_id:
                changes = _changes(version, considerations)
                based_on = _version_label(version.based_on)
                summary = (
                    ngettext(
                        "Adapted from %(based_on)s: %(num)d change.",
                        "Adapted from %(based_on)s: %(num)d changes.",
                        len(changes),
                    )
                    % {"based_on": based_on, "num": len(changes)}
                    if changes
                    else _("Adapted from %(based_on)s, with no changes to the considerations.")
                    % {"based_on": based_on}
                )
            else:
                changes = ()
                based_on = _("Nothing: the organisation wrote every consideration")
                summary = _("The organisation's own considerations, not based on an earlier version.")
        reviews_using = used_by[version_id]
        entries.append(
            FrameworkVersionEntry(
                label=_version_label(version),
                owner=owner,
                number=version.number,
                is_national=version.organisation_id is None,
                published=nhs_date(version.published_at, empty=_("Not published")),
                created_by=version.created_by_label,
                change_note=version.change_note,
                based_on=based_on,
                used_by=ngettext("Review %(numbers)s", "Reviews %(numbers)s", len(reviews_using))
                % {"numbers": ", ".join(str(n) for n in reviews_using)},
                adaptation_summary=summary,
                changes=changes,
            )
        )
    return tuple(entries), considerations


def _count(n: int, noun: str) -> str:
    return pluralise(n, noun)


def _short_date(value: dt.datetime) -> str:
    """A date for a narrow table column: 2 Jun 2025 (the NHS style for dates in tables); 2 Meh 2025 in Welsh,
    from Django's own month abbreviations."""
    local = timezone.localtime(value)
    return f"{local.day} {str(MONTHS_3[local.month]).title()} {local.year}"


def _short(code: str) -> str:
    return str(SHORT_ANSWERS.get(code, _display(Answer, code)))


def _text(consideration: Consideration) -> str:
    """A consideration's wording in the record's language: its Welsh where it has Welsh (ADR 41)."""
    return language_rules.localised(consideration, "text")


def _guidance(consideration: Consideration) -> str:
    return language_rules.localised(consideration, "guidance")


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
        return _("Review %(number)s") % {"number": numbers[0]}
    return _("Reviews %(numbers)s and %(last)s") % {
        "numbers": ", ".join(str(n) for n in numbers[:-1]),
        "last": numbers[-1],
    }


def _scope(columns: tuple[ReviewColumn, ...]) -> str:
    first, last = columns[0].number, columns[-1].number
    if first == last:
        return _("review %(number)s") % {"number": first}
    return _("reviews %(first)s to %(last)s") % {"first": first, "last": last}


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
            review_point=str(
                SHORT_REVIEW_POINTS.get(review.review_point, _display(ReviewPoint, review.review_point))
            ),
            date=_short_date(review.completed_at) if review.completed_at else _("In progress"),
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
                    detail.append(
                        _("It was then under %(principle)s.") % {"principle": _principle_name(old.principle)}
                    )
                if old.guidance != current.guidance:
                    detail.append(
                        _("Local guidance then: %(guidance)s") % {"guidance": _guidance(old)}
                        if old.guidance
                        else _("There was no local guidance.")
                    )
                notes.append(
                    WordingNote(
                        number=note_number,
                        code=current.code,
                        reviews=_reviews_text(answered_in),
                        version=_version_label(version),
                        text=_text(old),
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
                        answer=_short(answer.answer) if answer else str(NOT_ANSWERED),
                        answer_code=answer.answer if answer else "not_answered",
                        wording_note=note_for.get(consideration.pk, 0),
                        since=_since(answer),
                    )
                )
            rows.append(
                ConsiderationRow(
                    code=current.code,
                    consideration=_text(current),
                    guidance=_guidance(current),
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
                    caption=_("%(principle)s: answers at %(scope)s")
                    % {"principle": principle_names.name(principle.value), "scope": scope},
                    scope=scope,
                    columns=group,
                    rows=group_rows,
                )
            )
        principles.append(
            PrincipleAnswers(
                number=index,
                name=principle_names.name(principle.value),
                tables=tuple(tables),
                wording_notes=tuple(notes),
            )
        )
    return tuple(principles)


def _answered_by(answers: list[ReviewAnswer]) -> str:
    """Who gave a review's answers and when: one line per person, with the first and last time."""
    if not answers:
        return _("No answers yet")
    people: dict[str, list[dt.datetime]] = {}
    for answer in answers:
        people.setdefault(_name(answer.answered_by), []).append(answer.answered_at)
    parts = []
    for name, times in people.items():
        first, last = nhs_datetime(min(times)), nhs_datetime(max(times))
        when = (
            first if first == last else _("between %(first)s and %(last)s") % {"first": first, "last": last}
        )
        if len(people) == 1:
            parts.append(f"{name}, {when}")
        else:
            answers_given = ngettext("%(num)d answer", "%(num)d answers", len(times)) % {"num": len(times)}
            parts.append(f"{name} ({answers_given}), {when}")
    return "; ".join(parts)


def _since(answer: ReviewAnswer | None) -> str:
    """Against the answer its review started from: CHANGED, "confirmed", or "" (nothing to start from)."""
    if answer is None or answer.carried_from_id is None:
        return ""
    return CHANGED if answer.carried_from.answer != answer.answer else "confirmed"


def _effect(answer: ReviewAnswer, follow_up: FollowUp) -> str:
    """What an answer did to the follow-up it belongs to."""
    if answer.pk == follow_up.answer_id:
        return _("opened it")
    if answer.pk == follow_up.closed_by_answer_id:
        return _("closed it")
    return _("added to it") if answer.answer in (Answer.NO, Answer.UNKNOWN) else _("left it open")


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
        _("%(code)s from %(before)s to %(after)s")
        % {"code": a.consideration.code, "before": _short(a.carried_from.answer), "after": _short(a.answer)}
        for a in ordered
        if a.carried_from_id and _since(a) == CHANGED
    ]
    fresh = [a.consideration.code for a in ordered if not a.carried_from_id]
    where = _reviews_text(sources).lower()
    parts = [
        _("Started from the answers of the review it corrects, %(where)s") % {"where": where}
        if correction
        else _("Started from the last answers, given at %(where)s") % {"where": where},
        _("Confirmed unchanged: %(count)s") % {"count": len(confirmed)}
        + (f" ({', '.join(confirmed)})" if confirmed else ""),
        _("Changed: %(count)s") % {"count": len(changed)} + (f" ({'; '.join(changed)})" if changed else ""),
    ]
    if fresh:
        parts.append(_("Not answered before: %(count)s") % {"count": len(fresh)} + f" ({', '.join(fresh)})")
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
            corrects = _("Review %(number)s (%(review_point)s, completed %(completed)s)") % {
                "number": numbers.get(original.pk, "?"),
                "review_point": _display(ReviewPoint, original.review_point),
                "completed": nhs_date(original.completed_at),
            }
        later = corrected_by.get(review.pk, [])
        entries.append(
            ReviewEntry(
                number=numbers[review.pk],
                review_point=_display(ReviewPoint, review.review_point),
                stage=stage_name(review.stage),
                status=_status(review.status),
                framework_version=_version_label(review.version) if len(versions) > 1 else "",
                started=_by(nhs_datetime(review.started_at), _name(review.started_by)),
                completed=(
                    _by(nhs_datetime(review.completed_at), _name(review.completed_by))
                    if review.completed_at
                    else _("Not completed")
                ),
                corrects=corrects,
                corrected_by=", ".join(_("Review %(number)s") % {"number": n} for n in later),
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
        line = _("Review %(number)s (%(review_point)s), %(answer)s: %(effect)s.") % {
            "number": numbers.get(review.pk, "?"),
            "review_point": _display(ReviewPoint, review.review_point),
            "answer": _display(Answer, answer.answer),
            "effect": _effect(answer, follow_up),
        }
        if answer.planned_action and _plan(answer) != plan:
            action, owner, due = _plan(answer)
            planned = (
                _("Planned: %(action)s (%(owner)s, due %(due)s).")
                if plan is None
                else _("Plan changed to: %(action)s (%(owner)s, due %(due)s).")
            )
            line += " " + planned % {"action": action, "owner": owner, "due": due}
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
            closed = (
                _("Carried %(when)s by %(who)s")
                if follow_up.status == FollowUp.Status.CARRIED
                else _("Closed %(when)s by %(who)s")
            ) % {"when": nhs_datetime(follow_up.closed_at), "who": _name(follow_up.closed_by)}
            if follow_up.closed_by_answer_id:
                closing = next(
                    (a for a in history.get(follow_up.pk, []) if a.pk == follow_up.closed_by_answer_id), None
                )
                if closing is not None:
                    closed += _(", answering %(answer)s at review %(number)s") % {
                        "answer": _display(Answer, closing.answer),
                        "number": numbers.get(closing.review_id, "?"),
                    }
        else:
            closed = _("Open")
        entries.append(
            FollowUpEntry(
                number=labels[follow_up.pk],
                code=follow_up.code,
                consideration=f"{follow_up.code}: {_text(answer.consideration)}",
                review=_("Review %(number)s (%(review_point)s), answered %(answer)s")
                % {
                    "number": numbers.get(review.pk, "?"),
                    "review_point": _display(ReviewPoint, review.review_point),
                    "answer": _display(Answer, answer.answer),
                },
                action=follow_up.action,
                owner=_name(follow_up.owner),
                due_on=nhs_date(follow_up.due_on),
                status=_status(follow_up.status),
                outcome=follow_up.outcome or _("Not closed yet"),
                closed=closed,
                opened_on=nhs_date(follow_up.created_at),
                history=_history(follow_up, history.get(follow_up.pk, []), numbers),
            )
        )
    return tuple(entries)


def _stage_move_entries(case: Any, numbers: dict[int, int], stage_name: Any) -> tuple[StageMoveEntry, ...]:
    entries = []
    for index, move in enumerate(case_selectors.stage_moves_for(case), start=1):
        review = _("None recorded")
        if move.review_id:
            review = _("Review %(number)s (%(review_point)s)") % {
                "number": numbers.get(move.review_id, "?"),
                "review_point": _display(ReviewPoint, move.review.review_point),
            }
        entries.append(
            StageMoveEntry(
                number=index,
                from_stage=stage_name(move.from_stage),
                to_stage=stage_name(move.to_stage),
                decision=move.decision,
                reasons=move.reasons,
                open_follow_ups=str(move.open_follow_ups) if move.open_follow_ups else _("None"),
                open_follow_ups_reason=move.open_follow_ups_reason,
                review=review,
                moved_by=_name(move.moved_by),
                moved_at=nhs_datetime(move.moved_at),
            )
        )
    return tuple(entries)


def build_record(
    case: Any,
    *,
    generated_by: Any,
    generated_at: dt.datetime | None = None,
    languages: list[str] | tuple[str, ...] | None = None,
) -> RecordDocument:
    """The framework record of `case`, in `languages` (by default the language in use): one language, or Welsh
    and English side by side, Welsh first (ADR 43). The number of queries does not grow with reviews or answers.

    Each language's tree is built with its own interface text and the data's own Welsh where the data has it;
    the integrity hash covers every language's tree, so a Welsh record and an English one have different hashes.
    """
    generated_at = generated_at or timezone.now()
    chosen = tuple(languages or (language_rules.active(),))
    if any(code not in language_rules.SPOKEN for code in chosen):
        raise ValueError(f"A record is produced in {' or '.join(language_rules.SPOKEN)}, not {chosen!r}")
    parts = []
    for code in chosen:
        with translation.override(code):
            parts.append(replace(_build_tree(case, generated_at), language=code))
    document = replace(parts[0], companions=tuple(parts[1:]))
    with translation.override(chosen[0]):
        footer = IntegrityFooter(
            algorithm=HASH_ALGORITHM,
            sha256=content_hash(document.content()),
            generated_at=nhs_datetime(generated_at),
            generated_at_iso=timezone.localtime(generated_at).isoformat(timespec="seconds"),
            generated_by=audit.as_actor(generated_by).name,
            audit_checkpoint=checkpoints.integrity_line(
                checkpoints.make_checkpoint(), chain=audit.chain_of(case.organisation_id)
            ),
            languages=chosen,
        )
    return replace(document, footer=footer)


def produced_in(codes: tuple[str, ...] | list[str]) -> str:
    """The sentence that says which languages a record was produced in, in the language in use."""
    if tuple(codes) == (language_rules.WELSH, language_rules.ENGLISH):
        return _("Produced in Welsh and English, side by side, Welsh first.")
    if tuple(codes) == (language_rules.WELSH,):
        return _("Produced in Welsh.")
    return _("Produced in English.")


def _blank_footer() -> IntegrityFooter:
    return IntegrityFooter(HASH_ALGORITHM, sha256="", generated_at="", generated_at_iso="", generated_by="")


def _build_tree(case: Any, generated_at: dt.datetime) -> RecordDocument:
    """The record's tree in the language in use, with a blank footer."""
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
        title=_("Framework record for case %(reference)s") % {"reference": case.reference},
        case=summary,
        frameworks=frameworks,
        answers=_answer_tables(reviews, numbers, considerations),
        reviews=_review_entries(reviews, numbers, follow_up_labels, follow_ups_by_id, stage_name),
        follow_ups=_follow_up_entries(follow_ups, numbers, follow_up_labels, history),
        practitioner_submissions=_practitioner_submissions(case),
        second_looks=_second_looks(case),
        stage_moves=_stage_move_entries(case, numbers, stage_name),
        sections=build_sections(case, generated_on=timezone.localtime(generated_at).date()),
        footer=_blank_footer(),
    )
    return document
