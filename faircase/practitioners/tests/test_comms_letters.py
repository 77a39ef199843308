"""Letter templates: the national templates, filling them from a case, and refusing unknown placeholders."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from faircase.accounts.tests.factories import member
from faircase.core.models import AuditEvent
from faircase.practitioners import letters as L
from faircase.practitioners.models import Communication, Letter, LetterTemplate, SupportEntry, WelfarePlan
from faircase.practitioners.services_comms import preview_letter, save_letter_template, send_letter

TODAY = dt.date(2026, 11, 25)
INVITATION = {
    "meeting_date": dt.date(2026, 12, 8),
    "meeting_time": "10am",
    "meeting_place": "Room 4, Elm House",
}


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_library_has_every_kind_of_letter_for_every_pack_with_known_placeholders():
    from faircase.policy.choices import Policy

    library = L.library()
    assert set(library.letters) == {(p, k) for p in Policy.values for k in LetterTemplate.Kind.values}
    for template in library.letters.values():
        L.check_placeholders(template.title)
        L.check_placeholders(template.body)


@pytest.mark.django_db
def test_the_migration_loads_the_first_national_templates():
    national = LetterTemplate.objects.filter(organisation__isnull=True)
    assert sorted(national.values_list("kind", flat=True)) == sorted(L.FIRST_KINDS)


@pytest.mark.parametrize("kind", LetterTemplate.Kind.values)
def test_each_template_renders_with_the_case_details(case, kind):
    fields = {**INVITATION, "outcome": "No case to answer."}
    subject, body = preview_letter(case=case, kind=kind, fields=fields, today=TODAY)
    assert subject
    assert case.practitioner.full_name in body
    assert case.reference in body
    assert case.organisation.name in body
    assert case.get_policy_display() in body
    assert "Casey Manager" in body
    assert "{" not in body and "}" not in body


def test_an_invitation_carries_the_meeting_and_the_right_to_be_accompanied(case):
    _subject, body = preview_letter(case=case, kind="meeting_invitation", fields=INVITATION, today=TODAY)
    assert "Tuesday 8 December 2026 at 10am" in body
    assert "Room 4, Elm House" in body
    assert "right to be accompanied" in body


def test_a_notification_names_no_concern_unless_chosen(case):
    _subject, body = preview_letter(case=case, kind="concern_notification", fields={}, today=TODAY)
    for concern in case.concerns.all():
        assert " ".join(concern.description.split()) not in body
    assert L.DEFAULTS["concerns"] in body


def test_an_outcome_letter_carries_the_outcome_text(case):
    _subject, body = preview_letter(
        case=case, kind="outcome", fields={"outcome": "No further action is needed."}, today=TODAY
    )
    assert "No further action is needed." in body


def test_the_letter_names_the_named_contact_when_there_is_one(case, organisation):
    contact = member(organisation, "hr_adviser", username="nc", full_name="Nia Contact")
    WelfarePlan.objects.create(case=case, named_contact=contact, agreed_on=TODAY, updated_by=contact)
    _subject, body = preview_letter(case=case, kind="concern_notification", fields={}, today=TODAY)
    assert "Nia Contact" in body


def test_support_for_the_practitioners_profession_and_nation_is_listed(case):
    SupportEntry.objects.create(
        key="fictional-doctors-line",
        name="Fictional Doctors' Support Line",
        description="Listening service",
        contact="0300 000 0000",
        professions=["doctor"],
        nations=["england"],
        last_checked_on=TODAY,
    )
    SupportEntry.objects.create(
        key="fictional-nurses-line",
        name="Fictional Nurses' Line",
        description="For nurses",
        professions=["nurse"],
        nations=[],
        last_checked_on=TODAY,
    )
    _subject, body = preview_letter(case=case, kind="concern_notification", fields={}, today=TODAY)
    assert "Fictional Doctors' Support Line: 0300 000 0000" in body
    assert "Fictional Nurses' Line" not in body


def test_the_letter_still_renders_with_no_support_entries(case):
    SupportEntry.objects.all().delete()
    _subject, body = preview_letter(case=case, kind="concern_notification", fields={}, today=TODAY)
    assert L.DEFAULTS["support"] in body


def test_an_unknown_placeholder_is_refused_with_its_name():
    with pytest.raises(ValidationError) as raised:
        L.check_placeholders("Dear {practitioner_name}, see you on {meeting_day}.")
    assert "{meeting_day}" in raised.value.messages[0]
    assert "{practitioner_name}" not in raised.value.messages[0].split("You can use")[0]


@pytest.mark.parametrize(
    "text", ["{practitioner_name.__class__}", "{case_reference!r}", "{outcome:>40}", "a } b"]
)
def test_attribute_access_conversions_formats_and_stray_braces_are_refused(text):
    with pytest.raises(ValidationError):
        L.check_placeholders(text)


def test_doubled_braces_are_a_literal_brace():
    L.check_placeholders("Use {{braces}} like this.")
    assert (
        L.fill("Use {{braces}} for {case_reference}.", {"case_reference": "R-1"}) == "Use {braces} for R-1."
    )


def test_saving_a_template_with_an_unknown_placeholder_saves_nothing(organisation):
    admin = member(organisation, "org_admin", username="admin")
    with pytest.raises(ValidationError) as raised:
        save_letter_template(
            organisation=organisation, kind="outcome", title="Outcome", body="Dear {first_name}", by=admin
        )
    assert "{first_name}" in " ".join(raised.value.message_dict["body"])
    assert not LetterTemplate.objects.filter(organisation=organisation).exists()


def test_saving_a_template_makes_the_organisations_copy_and_audits_it(organisation, case):
    admin = member(organisation, "org_admin", username="admin")
    save_letter_template(
        organisation=organisation,
        kind="outcome",
        title="Outcome for {case_reference}",
        body="Dear {practitioner_name}\n\nLocal wording.",
        by=admin,
    )
    template = LetterTemplate.objects.get(organisation=organisation, kind="outcome")
    assert AuditEvent.objects.filter(action="letter_template.created", object_id=str(template.pk)).exists()
    subject, body = preview_letter(case=case, kind="outcome", fields={"outcome": "x"}, today=TODAY)
    assert subject == f"Outcome for {case.reference}"
    assert "Local wording." in body
    save_letter_template(organisation=organisation, kind="outcome", title="Outcome", body="Changed", by=admin)
    assert LetterTemplate.objects.filter(organisation=organisation, kind="outcome").count() == 1
    assert AuditEvent.objects.filter(action="letter_template.changed", object_id=str(template.pk)).exists()


def test_another_organisations_template_is_not_used(case, other_organisation):
    admin = member(other_organisation, "org_admin", username="otheradmin")
    save_letter_template(
        organisation=other_organisation, kind="outcome", title="Theirs", body="Theirs", by=admin
    )
    subject, _body = preview_letter(case=case, kind="outcome", fields={"outcome": "x"}, today=TODAY)
    assert subject != "Theirs"


def test_an_invitation_pdf_has_the_name_reference_and_right_to_be_accompanied(case, case_manager):
    letter = send_letter(
        case=case, kind="meeting_invitation", fields=INVITATION, by=case_manager, today=TODAY
    )
    text = pdf_text(bytes(letter.pdf))
    assert case.practitioner.full_name in text
    assert case.reference in text
    assert "right to be accompanied" in text
    assert case.organisation.name in text
    assert "25 November 2026" in text


def test_the_letter_and_its_communication_are_saved_together(case, case_manager):
    letter = send_letter(case=case, kind="concern_notification", fields={}, by=case_manager, today=TODAY)
    assert letter.sha256 == hashlib.sha256(bytes(letter.pdf)).hexdigest()
    communication = Communication.objects.get(letter=letter)
    assert communication.channel == "letter"
    assert communication.to_practitioner
    assert communication.case == case
    assert AuditEvent.objects.filter(action="letter.sent", object_id=str(letter.pk)).exists()


def test_a_failed_audit_write_keeps_neither_letter_nor_communication(case, case_manager, monkeypatch):
    from faircase.core import audit

    def broken(**kwargs):
        raise audit.AuditError("audit store unavailable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(audit.AuditError):
        send_letter(case=case, kind="concern_notification", fields={}, by=case_manager, today=TODAY)
    assert not Letter.objects.exists()
    assert not Communication.objects.exists()


def test_a_letter_is_read_as_headings_paragraphs_and_lists():
    body = "Dear A\n\n# Support for you\nThese can help:\n- One\n- Two\n\nLine one\nLine two"
    assert L.blocks(body) == [
        {"type": "paragraph", "lines": ["Dear A"]},
        {"type": "heading", "text": "Support for you"},
        {"type": "paragraph", "lines": ["These can help:"]},
        {"type": "list", "items": ["One", "Two"]},
        {"type": "paragraph", "lines": ["Line one", "Line two"]},
    ]
