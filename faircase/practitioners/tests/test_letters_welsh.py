"""Letters in Welsh, or in Welsh and English side by side (ADR 42): the library's Welsh, a draft that keeps both
languages, the PDF read back, its SHA-256 of the bytes served, English when a letter has no Welsh (and the page
says so), and the practitioner's language for letters set by the staff and audited."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from faircase.core import catalogues
from faircase.core.models import AuditEvent
from faircase.policy.choices import Policy
from faircase.practitioners import letters as L
from faircase.practitioners import services_comms as services
from faircase.practitioners.models import LetterTemplate

TODAY = dt.date(2026, 11, 25)
MEETING = {
    "meeting_date": dt.date(2026, 12, 8),
    "meeting_time": "10am",
    "meeting_place": "Ystafell 4, Tŷ Llwyfen",
}
WELSH_GREETING = "Annwyl"
WELSH_TITLE = "Gwahoddiad i wrandawiad"
ENGLISH_TITLE = "Invitation to a hearing"


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def draft(case, by, kind="hearing_invitation"):
    return services.draft_letter(case=case, kind=kind, fields=MEETING, concern_ids=(), by=by, today=TODAY)


def send(d, by):
    return services.send_draft(
        draft=d,
        subject=d.subject,
        body=d.body,
        subject_cy=d.subject_cy,
        body_cy=d.body_cy,
        acknowledged_flags=[flag.key for flag in services.language_flags(d.case, d.subject, d.body)],
        by=by,
        today=TODAY,
    ).letter


@pytest.fixture
def welsh_practitioner(case):
    """A practitioner who chose Welsh, in an organisation whose default is English."""
    case.practitioner.language = "cy"
    case.practitioner.save(update_fields=["language"])
    return case


@pytest.fixture
def bilingual(case):
    case.organisation.document_languages = "bilingual"
    case.organisation.save(update_fields=["document_languages"])
    return case


# ---- the library ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pack", Policy.values)
@pytest.mark.parametrize("kind", LetterTemplate.Kind.values)
def test_every_letter_of_every_pack_has_welsh_that_fills_with_nothing_missing(case, pack, kind):
    case.policy = pack
    case.save(update_fields=["policy"])
    fields = {**MEETING, "outcome": "Dim camau pellach."}
    subject, body = services.preview_welsh(case=case, kind=kind, fields=fields, today=TODAY)
    assert subject and body.startswith(WELSH_GREETING)
    for text in (subject, body):
        assert "{" not in text and "}" not in text
    assert "Dear " not in body and "Yours sincerely" not in body


def test_the_library_refuses_a_letter_with_welsh_for_only_its_title():
    text = (L.letters_dir() / "library.yaml").read_text()
    broken = text.replace(
        '    title_cy: "Gwahoddiad i gyfarfod"\n',
        '    title_cy: "Gwahoddiad i gyfarfod"\n    body_cy: ""\n',
        1,
    )
    broken = broken.replace("    body_cy: |\n", "    other_cy: |\n", 1)
    with pytest.raises(L.LibraryError):
        L.parse_library(broken)


def test_the_library_refuses_an_unknown_placeholder_in_the_welsh():
    text = (L.letters_dir() / "library.yaml").read_text()
    with pytest.raises(L.LibraryError, match="body_cy"):
        L.parse_library(text.replace("Annwyl {practitioner_name}", "Annwyl {enw}", 1))


def test_a_welsh_default_fills_a_welsh_letter_and_an_english_one_an_english_letter():
    with translation.override("cy"):
        assert L.fill("{meeting_place}", {}) == L.DEFAULTS_CY["meeting_place"]
        assert L.day_and_date(dt.date(2026, 12, 8)).startswith("Dydd Mawrth")
    with translation.override("en"):
        assert L.fill("{meeting_place}", {}) == L.DEFAULTS["meeting_place"]
        assert L.day_and_date(dt.date(2026, 12, 8)).startswith("Tuesday")


# ---- a letter in Welsh, and side by side -----------------------------------------------------------------------


def test_a_practitioner_who_chose_welsh_gets_a_welsh_letter_in_an_english_organisation(
    welsh_practitioner, case_manager
):
    assert welsh_practitioner.organisation.default_language == "en"
    d = draft(welsh_practitioner, case_manager)
    assert d.languages == "cy"
    assert d.subject_cy == WELSH_TITLE and d.subject == ENGLISH_TITLE  # the English is kept for the staff
    letter = send(d, case_manager)
    assert letter.languages == "cy" and letter.subject_cy == WELSH_TITLE
    text = pdf_text(bytes(letter.pdf))
    assert WELSH_TITLE in text and "Dyddiad" in text and "Cyfeirnod achos" in text
    assert "Dydd Mawrth" in text  # the meeting's day, in Welsh
    assert ENGLISH_TITLE not in text and "Dear " not in text and "Case reference" not in text
    assert letter.sha256 == hashlib.sha256(bytes(letter.pdf)).hexdigest()
    sent = AuditEvent.objects.get(action="letter.sent", object_id=str(letter.pk))
    assert sent.summary["after"]["languages"] == "cy"


def test_a_bilingual_letter_has_the_welsh_first_and_its_hash_is_of_the_bytes_served(
    bilingual, case_manager, signed_in
):
    d = draft(bilingual, case_manager)
    assert d.languages == "cy en"
    letter = send(d, case_manager)
    assert letter.languages == "cy en"
    served = signed_in(case_manager).get(
        reverse("practitioners:comms_letter_pdf", kwargs={"case_id": bilingual.pk, "letter_id": letter.pk})
    )
    assert served.status_code == 200
    assert hashlib.sha256(served.content).hexdigest() == letter.sha256
    text = pdf_text(served.content)
    assert WELSH_TITLE in text and ENGLISH_TITLE in text
    assert text.index(WELSH_TITLE) < text.index(ENGLISH_TITLE)
    assert text.index("Annwyl") < text.index("Dear ")


def test_the_welsh_the_author_edits_goes_into_the_letter_and_the_audit(welsh_practitioner, case_manager):
    d = draft(welsh_practitioner, case_manager)
    body_cy = d.body_cy + "\n\nMae'r maes parcio wrth Dŷ Llwyfen am ddim ar gyfer y gwrandawiad."
    services.save_draft(
        draft=d,
        subject=d.subject,
        body=d.body,
        subject_cy="Eich gwrandawiad",
        body_cy=body_cy,
        by=case_manager,
    )
    d.refresh_from_db()
    changed = AuditEvent.objects.get(action="letter.draft_changed", object_id=str(d.pk))
    assert changed.summary["after"]["subject_cy"] == "Eich gwrandawiad"
    text = pdf_text(bytes(send(d, case_manager).pdf))
    assert "Eich gwrandawiad" in text and "am ddim ar gyfer y gwrandawiad" in text


def test_a_welsh_letter_needs_its_welsh_text(welsh_practitioner, case_manager):
    d = draft(welsh_practitioner, case_manager)
    with pytest.raises(ValidationError) as error:
        services.save_draft(
            draft=d, subject=d.subject, body=d.body, subject_cy="", body_cy="", by=case_manager
        )
    assert "subject_cy" in error.value.message_dict and "body_cy" in error.value.message_dict


def test_an_english_letter_ignores_welsh_text(case, case_manager):
    d = draft(case, case_manager)
    assert d.languages == "en" and d.subject_cy == ""
    services.save_draft(
        draft=d, subject=d.subject, body=d.body, subject_cy="Rhywbeth", body_cy="Testun", by=case_manager
    )
    d.refresh_from_db()
    assert d.subject_cy == "" and d.body_cy == ""
    text = pdf_text(bytes(send(d, case_manager).pdf))
    assert ENGLISH_TITLE in text and "Annwyl" not in text


def test_a_letter_with_no_welsh_goes_in_english_and_the_page_says_so(
    welsh_practitioner, organisation, case_manager, signed_in
):
    # The organisation's own copy of the letter has no Welsh.
    services.save_letter_template(
        organisation=organisation,
        kind="hearing_invitation",
        title="Your hearing",
        body="Dear {practitioner_name}\n\nPlease come to the hearing.",
        by=case_manager,
    )
    d = draft(welsh_practitioner, case_manager)
    assert d.languages == "en" and d.subject_cy == ""
    page = signed_in(case_manager).get(
        reverse(
            "practitioners:comms_letter_draft", kwargs={"case_id": welsh_practitioner.pk, "draft_id": d.pk}
        )
    )
    assert "This letter will be in English only" in page.content.decode()
    letter = send(d, case_manager)
    assert letter.languages == "en" and "Please come to the hearing." in pdf_text(bytes(letter.pdf))


def test_the_draft_page_shows_and_edits_the_welsh(welsh_practitioner, case_manager, signed_in):
    d = draft(welsh_practitioner, case_manager)
    url = reverse(
        "practitioners:comms_letter_draft", kwargs={"case_id": welsh_practitioner.pk, "draft_id": d.pk}
    )
    client = signed_in(case_manager)
    html = client.get(url).content.decode()
    assert 'name="body_cy"' in html and 'lang="cy"' in html and WELSH_TITLE in html
    response = client.post(
        url,
        {
            "subject": d.subject,
            "body": d.body,
            "subject_cy": "Gwrandawiad",
            "body_cy": d.body_cy,
            "action": "save",
        },
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.subject_cy == "Gwrandawiad"


def test_a_case_manager_reading_welsh_drafts_an_english_letter_in_english(case, case_manager):
    case_manager.language = "cy"
    case_manager.save(update_fields=["language"])
    with translation.override("cy"):
        d = draft(case, case_manager)
    assert d.languages == "en" and d.subject == ENGLISH_TITLE
    assert "Tuesday" in d.body and "Dydd Mawrth" not in d.body


# ---- the practitioner's language for letters ---------------------------------------------------------------------


def test_the_staff_set_the_practitioners_language_for_letters_and_it_is_audited(
    case, case_manager, signed_in
):
    url = reverse("practitioners:comms_letter_language", kwargs={"case_id": case.pk})
    client = signed_in(case_manager)
    assert "Cymraeg (Welsh)" in client.get(url).content.decode()
    assert client.post(url, {"language": "cy"}).status_code == 302
    case.practitioner.refresh_from_db()
    assert case.practitioner.language == "cy"
    event = AuditEvent.objects.get(action="practitioner.language_changed")
    assert event.summary["before"] == {"language": ""} and event.summary["after"] == {"language": "cy"}
    assert draft(case, case_manager).languages == "cy"
    client.post(url, {"language": ""})
    case.practitioner.refresh_from_db()
    assert case.practitioner.language == ""


def test_a_language_not_spoken_is_refused(case, case_manager):
    with pytest.raises(ValidationError):
        services.set_practitioner_language(case=case, language="fr", by=case_manager)


def test_a_board_member_cannot_set_the_language(case, organisation, case_manager):
    from faircase.accounts.tests.factories import member
    from faircase.cases.models import CaseMember

    board = member(organisation, "board_member", username="board")
    CaseMember.objects.create(case=case, user=board, role="board_member")
    with pytest.raises(Exception):  # noqa: B017 - the access kernel's refusal, whatever its class
        services.set_practitioner_language(case=case, language="cy", by=board)
    case.practitioner.refresh_from_db()
    assert case.practitioner.language == ""


# ---- the interface in Welsh ----------------------------------------------------------------------------------------


def test_the_draft_page_in_welsh_is_marked_welsh_and_reads_welsh(welsh_practitioner, case_manager, signed_in):
    case_manager.language = "cy"
    case_manager.save(update_fields=["language"])
    d = draft(welsh_practitioner, case_manager)
    url = reverse(
        "practitioners:comms_letter_draft", kwargs={"case_id": welsh_practitioner.pk, "draft_id": d.pk}
    )
    html = signed_in(case_manager).get(url).content.decode()
    assert '<html lang="cy"' in html
    assert "Gwirio ac anfon y llythyr" in html and "Check and send the letter" not in html


def test_the_letters_messages_are_all_in_welsh():
    gaps = [
        line
        for line in catalogues.missing().get("practitioners", [])
        if "/comms/" in line or "_comms" in line
    ]
    assert gaps == []
