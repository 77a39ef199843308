"""The demo's whole cases (issue 11): one for each of England, Wales and Northern Ireland and one under the
Performers Lists, each from the concern to the appeal's outcome, played through the real services by the steps
for notes, documents, the investigation, the decision, the hearing, the appeal and letters."""

import pytest

from faircase.accounts.models import User
from faircase.casefile.models import Note
from faircase.cases.models import Case
from faircase.demo.data import RECORD_STEP_KEYS, demo_data
from faircase.documents.choices import Kind, Marking
from faircase.documents.models import Document, DocumentVersion
from faircase.practitioners.models import Letter, LetterDraft, LetterTemplate
from faircase.proceedings.models import Appeal, Hearing, Interview, Investigation, ReportDecision
from faircase.records.presenters import build_record

WHOLE_CASES = {
    # reference: (organisation, nation, policy, kind of hearing)
    "RIV-0201": ("riverside", "england", "mhps_england", "capability"),
    "BD-0140": ("bro-derwen", "wales", "upsw", "conduct"),
    "LC-0012": ("lough-carragh", "northern-ireland", "mhps_hpss", "capability"),
    "NVPL-0058": ("northvale", "england", "performers_lists", "oral"),
}
LETTERS_AT_EACH_POINT = {
    LetterTemplate.Kind.CONCERN_NOTIFICATION,
    LetterTemplate.Kind.TERMS_OF_REFERENCE,
    LetterTemplate.Kind.INTERVIEW_INVITATION,
    LetterTemplate.Kind.REPORT_FOR_COMMENT,
    LetterTemplate.Kind.DECISION,
    LetterTemplate.Kind.HEARING_INVITATION,
    LetterTemplate.Kind.OUTCOME,
    LetterTemplate.Kind.APPEAL_ACKNOWLEDGEMENT,
    LetterTemplate.Kind.APPEAL_OUTCOME,
}


@pytest.fixture(scope="module")
def demo(demo_loaded):
    return demo_loaded


def whole_case(reference: str) -> Case:
    return Case.objects.select_related("organisation").get(
        organisation__slug=WHOLE_CASES[reference][0], reference=reference
    )


def test_every_new_step_kind_is_used_by_a_demo_story():
    used = {step.kind for story in demo_data().stories for step in story.steps}
    assert set(RECORD_STEP_KEYS) - used == set()


@pytest.mark.parametrize("reference", sorted(WHOLE_CASES))
def test_each_whole_case_reaches_the_appeal_outcome_under_its_nations_policy(demo, db, reference):
    _, nation, policy, hearing_kind = WHOLE_CASES[reference]
    case = whole_case(reference)
    assert (case.organisation.nation, case.policy, case.stage) == (nation, policy, "appeal")
    investigation = Investigation.objects.of_case(case).get()
    assert investigation.terms_set_at is not None and investigation.allegations.exists()
    assert investigation.report is not None and investigation.factual_accuracy is not None
    interviews = list(Interview.objects.of_case(case))
    assert len(interviews) >= 2
    assert all(i.minutes is not None and i.accuracy_comments for i in interviews)
    assert any(i.of_practitioner for i in interviews)
    decision = ReportDecision.objects.of_case(case).get()
    assert decision.review.review_point == "determination" and decision.review.status == "completed"
    hearing = Hearing.objects.of_case(case).get()
    assert hearing.kind == hearing_kind and hearing.outcome_on is not None and hearing.panel.exists()
    appeal = Appeal.objects.of_case(case).get()
    assert appeal.decided_on is not None and appeal.outcome in Appeal.Outcome.values
    assert not set(appeal.panel.all()) & set(hearing.panel.all())


@pytest.mark.parametrize("reference", sorted(WHOLE_CASES))
def test_each_whole_case_holds_real_documents_one_withheld_and_one_disclosed_as_a_redacted_copy(
    demo, db, reference
):
    case = whole_case(reference)
    documents = list(Document.objects.of_case(case))
    assert {Kind.STATEMENT, Kind.TERMS_OF_REFERENCE, Kind.REPORT, Kind.MINUTES} <= {d.kind for d in documents}
    assert any(d.marking == Marking.WITHHELD and d.withheld_reason for d in documents)
    redacted = [d for d in documents if d.marking == Marking.REDACTED]
    assert redacted
    assert (
        DocumentVersion.objects.of_case(case)
        .filter(document__in=redacted, redaction_of__isnull=False)
        .exists()
    )
    assert {v.file_type for v in DocumentVersion.objects.of_case(case)} == {"pdf"}


@pytest.mark.parametrize("reference", sorted(WHOLE_CASES))
def test_each_whole_case_sent_a_letter_from_the_library_at_each_point_emailed_and_copied(demo, db, reference):
    case = whole_case(reference)
    letters = list(Letter.objects.of_case(case))
    assert {letter.kind for letter in letters} == LETTERS_AT_EACH_POINT
    assert all(letter.delivery == Letter.Delivery.EMAILED for letter in letters)
    assert all(bytes(letter.pdf).startswith(b"%PDF") for letter in letters)
    assert case.representative_email
    assert any(case.representative_email in letter.emailed_to for letter in letters)
    assert LetterDraft.objects.of_case(case).filter(letter__isnull=False).count() == len(letters)


@pytest.mark.parametrize("reference", sorted(WHOLE_CASES))
def test_each_whole_case_has_an_edited_note_and_a_complete_disclosable_record(demo, db, reference):
    case = whole_case(reference)
    assert any(note.versions.count() > 1 for note in Note.objects.of_case(case))
    manager = User.objects.get(username=f"{WHOLE_CASES[reference][0]}-case-manager")
    record = build_record(case, generated_by=manager)
    for key in ("investigation", "decision", "letters", "documents", "chronology"):
        assert record.section(key).entries, key
    assert len(record.section("letters").entries) == len(LETTERS_AT_EACH_POINT)
