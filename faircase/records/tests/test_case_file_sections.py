"""What a tribunal or panel scrutinises most is in the disclosable record: advice from Practitioner Performance
Advice with what came of it, decisions not to exclude, referrals to a regulator, the letters sent (with the hash
of each PDF) and the communication log, each with who recorded it. The outside review found all of them missing."""

import datetime as dt

import pytest
from django.utils import timezone

from faircase.practitioners.services_comms import log_communication, send_letter
from faircase.process import services
from faircase.records import sections
from faircase.records.presenters import build_record
from faircase.records.renderers.docx import render_docx

pytestmark = pytest.mark.django_db

ANSWERS = {
    "systemic_factors": "Rota gaps on the ward were reviewed.",
    "induction": "Trust induction completed in 2024.",
    "impartial_check": "Checked by a medical director of a neighbouring fictional trust, who agreed.",
}


def _rows(entry):
    return {row.label: row.value for row in entry.rows}


@pytest.fixture
def case_file(case, case_manager):
    today = timezone.localdate()
    contact = services.record_advice_contact(
        case=case,
        contacted_on=today - dt.timedelta(days=20),
        adviser="A. Adviser",
        question="Is exclusion proportionate?",
        advice="Restrict practice instead, with supervision.",
        by=case_manager,
    )
    action = services.add_advice_action(
        advice=contact,
        action="Send the supervision plan to Advice.",
        owner=case_manager,
        due_on=today - dt.timedelta(days=10),
        by=case_manager,
    )
    services.close_advice_action(action=action, outcome="Sent on the day it was agreed.", by=case_manager)
    services.record_decision_not_to_exclude(
        case=case,
        decided_on=today - dt.timedelta(days=19),
        considered="formal_exclusion",
        reasons="Supervision manages the risk.",
        alternative="Supervised prescribing.",
        by=case_manager,
    )
    services.record_regulator_referral(
        case=case,
        regulator="gmc",
        referred_on=today - dt.timedelta(days=5),
        reasons="Repeated prescribing errors despite supervision.",
        by=case_manager,
        **ANSWERS,
    )
    letter = send_letter(case=case, kind="concern_notification", fields={}, by=case_manager, today=today)
    log_communication(
        case=case,
        channel="phone",
        to_practitioner=True,
        summary="Called to explain the supervision arrangements.",
        occurred_at=timezone.now() - dt.timedelta(days=1),
        by=case_manager,
    )
    return case, letter


def test_the_record_holds_advice_decisions_referrals_letters_and_communications(case_file, case_manager):
    case, letter = case_file

    record = build_record(case, generated_by=case_manager)

    (advice,) = record.section("advice").entries
    assert advice.heading.startswith("Advice from A. Adviser")
    assert _rows(advice)["Advice given"] == "Restrict practice instead, with supervision."
    assert _rows(advice)["Action"].endswith("done: Sent on the day it was agreed.")
    assert _rows(advice)["Recorded by"].startswith(case_manager.display_name)
    (decision,) = record.section("decisions-not-to-exclude").entries
    assert _rows(decision)["Reasons"] == "Supervision manages the risk."
    assert _rows(decision)["What was done instead"] == "Supervised prescribing."
    (referral,) = record.section("referrals").entries
    assert _rows(referral)["Impartial check"] == ANSWERS["impartial_check"]
    (sent,) = record.section("letters").entries
    assert _rows(sent)["SHA-256 of the letter sent"] == letter.sha256
    assert _rows(sent)["Sent by"] == case_manager.display_name
    assert _rows(sent)["How it was sent"].startswith(("Emailed to", "Not emailed: no email address"))
    logged = record.section("communications").entries
    assert any(_rows(e)["Summary"] == "Called to explain the supervision arrangements." for e in logged)


def test_every_registered_section_is_in_the_record_in_order_and_in_the_word_document(case_file, case_manager):
    case, _ = case_file

    record = build_record(case, generated_by=case_manager)

    assert [s.key for s in record.sections] == [s.key for s in sections.registered()]
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(render_docx(record))).paragraphs)
    for section in record.sections:
        assert section.title in text, section.key
    assert "Is exclusion proportionate?" in "\n".join(
        cell.text
        for table in Document(io.BytesIO(render_docx(record))).tables
        for row in table.rows
        for cell in row.cells
    )


def test_a_new_contact_with_advice_changes_the_record_hash(case_file, case_manager):
    case, _ = case_file
    before = build_record(case, generated_by=case_manager).footer.sha256

    services.record_advice_contact(
        case=case,
        contacted_on=timezone.localdate(),
        adviser="B. Adviser",
        question="Is the restriction still needed?",
        advice="Review it at four weeks.",
        by=case_manager,
    )

    assert build_record(case, generated_by=case_manager).footer.sha256 != before
