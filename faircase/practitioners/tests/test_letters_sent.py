"""Letters that are sent: the library for every pack, drafts the author edits, the language check and its
acknowledgement, email to the practitioner and their representative, a letter with no address, and a mail
server that fails after the letter is recorded."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from faircase.core.models import AuditEvent
from faircase.policy.choices import Policy
from faircase.practitioners import letters as L
from faircase.practitioners import services_comms as services
from faircase.practitioners.models import Communication, Letter, LetterDraft, LetterTemplate
from faircase.practitioners.presenters_comms import letter_record_entries, portal_comms_context
from faircase.practitioners.services_portal import share_concern

TODAY = dt.date(2026, 11, 25)
MEETING = {"meeting_date": dt.date(2026, 12, 8), "meeting_time": "10am", "meeting_place": "Room 4, Elm House"}
SHARED_WORDS = "Two prescriptions for a fictional patient were written without a check of their allergies."


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def shared(case, case_manager):
    """The case's first concern shared with the practitioner in plain words; its own wording stays internal."""
    concern = case.concerns.first()
    return share_concern(concern=concern, text=SHARED_WORDS, by=case_manager, on=TODAY)


@pytest.fixture
def emailable(case):
    case.practitioner.email = "imaginary.practitioner@example.org"
    case.practitioner.save(update_fields=["email"])
    return case


def draft(case, by, kind="hearing_invitation", concern_ids=(), fields=None):
    return services.draft_letter(
        case=case,
        kind=kind,
        fields=MEETING if fields is None else fields,
        concern_ids=concern_ids,
        by=by,
        today=TODAY,
    )


def send(d, by, *, subject=None, body=None, acknowledged=()):
    return services.send_draft(
        draft=d,
        subject=d.subject if subject is None else subject,
        body=d.body if body is None else body,
        acknowledged_flags=acknowledged,
        by=by,
        today=TODAY,
    )


# ---- the library ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pack", Policy.values)
@pytest.mark.parametrize("kind", LetterTemplate.Kind.values)
def test_every_letter_of_every_pack_renders_from_a_case_with_nothing_missing(case, shared, pack, kind):
    case.policy = pack
    case.save(update_fields=["policy"])
    fields = {**MEETING, "outcome": "No further action."}
    subject, body = services.preview_letter(
        case=case, kind=kind, fields=fields, today=TODAY, concern_ids=[shared.concern_id]
    )
    for text in (subject, body):
        assert "{" not in text and "}" not in text
    assert case.practitioner.full_name in body
    assert case.reference in body
    for name in L.PACK_VALUES:
        value = L.library().values[pack][name]
        if "{" + name + "}" in L.library().template(pack, kind).body:
            assert value in body


def test_a_hearing_invitation_gives_the_notice_and_companion_of_the_pack(case):
    _subject, body = services.preview_letter(
        case=case, kind="hearing_invitation", fields=MEETING, today=TODAY
    )
    assert "at least 20 working days before it" in body  # MHPS Part IV, from the pack's rule
    assert L.library().values["mhps_england"]["accompanied"] in body
    assert "Tuesday 8 December 2026 at 10am" in body


def test_a_performers_list_hearing_is_an_oral_hearing_with_a_representative(case):
    case.policy = Policy.PERFORMERS_LISTS
    case.save(update_fields=["policy"])
    subject, body = services.preview_letter(case=case, kind="hearing_invitation", fields=MEETING, today=TODAY)
    assert "oral hearing" in subject
    assert L.library().values["performers_lists"]["accompanied"] in body


def test_the_library_refuses_a_letter_with_an_unknown_placeholder():
    text = (L.letters_dir() / "library.yaml").read_text(encoding="utf-8")
    with pytest.raises(L.LibraryError, match="meeting_day"):
        L.parse_library(text.replace("{meeting_place}", "{meeting_day}", 1))


# ---- drafting: nothing internal unless chosen ----------------------------------------------------------------


def test_a_draft_names_no_concern_and_no_internal_wording_unless_chosen(case, case_manager, shared):
    internal = " ".join(shared.concern.description.split())
    unchosen = draft(case, case_manager)
    assert SHARED_WORDS not in unchosen.body
    assert internal not in unchosen.body
    chosen = draft(case, case_manager, concern_ids=[shared.concern_id])
    assert SHARED_WORDS in chosen.body
    assert internal not in chosen.body
    assert chosen.included_concerns == [shared.concern_id]


def test_a_concern_not_yet_shared_cannot_be_chosen(case, case_manager):
    concern = case.concerns.first()
    with pytest.raises(ValidationError) as raised:
        draft(case, case_manager, concern_ids=[concern.pk])
    assert "already shared" in raised.value.message_dict["concerns"][0]
    assert not LetterDraft.objects.exists()


def test_the_start_page_offers_only_shared_concerns(case, case_manager, shared, signed_in):
    other = case.concerns.exclude(pk=shared.concern_id).first()
    page = signed_in(case_manager).get(reverse("practitioners:comms_letter_new", kwargs={"case_id": case.pk}))
    html = page.content.decode()
    assert SHARED_WORDS in html
    assert " ".join(shared.concern.description.split()) not in html
    if other is not None:
        assert " ".join(other.description.split()) not in html


def test_an_edit_is_kept_audited_and_goes_into_the_pdf(emailable, case_manager):
    d = draft(emailable, case_manager)
    body = d.body.replace("Dear ", "Dear Dr ", 1) + "\n\nThe car park by Elm House is free for the hearing."
    services.save_draft(draft=d, subject="Your hearing on 8 December", body=body, by=case_manager)
    d.refresh_from_db()
    assert AuditEvent.objects.filter(action="letter.draft_changed", object_id=str(d.pk)).exists()
    letter = send(d, case_manager).letter
    text = pdf_text(bytes(letter.pdf))
    assert "The car park by Elm House is free for the hearing." in text
    assert "Your hearing on 8 December" in text


@pytest.mark.parametrize(
    ("subject", "body", "field"),
    [("", "Dear Dr Imaginary", "subject"), ("A subject", "   ", "body"), ("x" * 301, "Text", "subject")],
)
def test_bad_text_changes_nothing(case, case_manager, subject, body, field):
    d = draft(case, case_manager)
    as_drafted = (d.subject, d.body)
    events = AuditEvent.objects.count()
    for call in (
        lambda: services.save_draft(draft=d, subject=subject, body=body, by=case_manager),
        lambda: send(d, case_manager, subject=subject, body=body),
    ):
        with pytest.raises(ValidationError) as raised:
            call()
        assert field in raised.value.message_dict
    d.refresh_from_db()
    assert (d.subject, d.body, d.letter_id) == (*as_drafted, None)
    assert not Letter.objects.exists() and not Communication.objects.exists()
    assert AuditEvent.objects.count() == events


def test_an_unknown_kind_is_refused(case, case_manager):
    with pytest.raises(ValidationError):
        draft(case, case_manager, kind="threatening_letter")
    assert not LetterDraft.objects.exists()


def test_a_sent_draft_cannot_be_sent_or_changed_again(emailable, case_manager):
    d = draft(emailable, case_manager)
    send(d, case_manager)
    with pytest.raises(ValidationError, match="already been sent"):
        send(d, case_manager)
    with pytest.raises(ValidationError, match="already been sent"):
        services.save_draft(draft=d, subject="x", body="y", by=case_manager)
    assert Letter.objects.count() == 1


def test_a_discarded_draft_leaves_the_list_and_the_audit_keeps_its_text(case, case_manager, signed_in):
    d = draft(case, case_manager)
    client = signed_in(case_manager)
    discard_url = reverse(
        "practitioners:comms_letter_draft_discard", kwargs={"case_id": case.pk, "draft_id": d.pk}
    )
    confirm = client.get(discard_url)
    assert confirm.status_code == 200
    assert "Discard this draft?" in confirm.content.decode() and d.subject in confirm.content.decode()
    response = client.post(discard_url)
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.discarded_at is not None and d.discarded_by == case_manager
    draft_url = reverse("practitioners:comms_letter_draft", kwargs={"case_id": case.pk, "draft_id": d.pk})
    assert client.get(draft_url).status_code == 404
    assert client.post(discard_url).status_code == 404
    assert d.subject not in client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    event = AuditEvent.objects.get(action="letter.draft_discarded")
    assert event.summary["before"]["subject"] == d.subject and event.summary["before"]["body"] == d.body
    with pytest.raises(ValidationError, match="discarded"):
        send(d, case_manager)
    assert not Letter.objects.exists()


def test_a_sent_letter_cannot_be_discarded(emailable, case_manager):
    d = draft(emailable, case_manager)
    send(d, case_manager)
    with pytest.raises(ValidationError, match="already been sent"):
        services.discard_draft(draft=d, by=case_manager)
    d.refresh_from_db()
    assert d.discarded_at is None


def test_only_who_may_draft_may_discard(case, organisation, case_manager, signed_in):
    from faircase.accounts.tests.factories import member
    from faircase.cases.models import CaseMember

    d = draft(case, case_manager)
    board = member(organisation, "board_member", username="board")
    CaseMember.objects.create(case=case, user=board, role="board_member")
    url = reverse("practitioners:comms_letter_draft_discard", kwargs={"case_id": case.pk, "draft_id": d.pk})
    assert signed_in(board).post(url).status_code == 404
    d.refresh_from_db()
    assert d.discarded_at is None
    assert not AuditEvent.objects.filter(action="letter.draft_discarded").exists()


def test_a_letter_whose_email_was_interrupted_is_emailed_by_the_next_scheduled_run(emailable, case_manager):
    from django.core.management import call_command
    from django.utils import timezone

    interrupted = send(draft(emailable, case_manager), case_manager).letter
    recent = send(draft(emailable, case_manager, kind="concern_notification", fields={}), case_manager).letter
    mail.outbox.clear()
    # As if the server stopped between recording each letter and emailing it: one 11 minutes ago, one just now.
    Letter.objects.filter(pk=interrupted.pk).update(
        delivery=Letter.Delivery.EMAILING, created_at=timezone.now() - dt.timedelta(minutes=11)
    )
    Letter.objects.filter(pk=recent.pk).update(delivery=Letter.Delivery.EMAILING)
    out = io.StringIO()
    call_command("notifications", "send", stdout=out)
    assert [m.subject for m in mail.outbox] == [f"{interrupted.subject} ({emailable.reference})"]
    interrupted.refresh_from_db()
    recent.refresh_from_db()
    assert interrupted.delivery == Letter.Delivery.EMAILED
    assert recent.delivery == Letter.Delivery.EMAILING  # perhaps still being emailed: left alone
    event = AuditEvent.objects.filter(action="letter.emailed", object_id=str(interrupted.pk)).latest(
        "sequence"
    )
    assert event.actor is None and "interrupted" in event.actor_label
    assert "1 letter whose email was interrupted: 1 emailed, 0 failed" in out.getvalue()
    call_command("notifications", "send", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # emailed once, not again


# ---- the language check ----------------------------------------------------------------------------------------


def test_a_flagged_letter_is_not_sent_until_the_flag_is_acknowledged(emailable, case_manager):
    d = draft(emailable, case_manager)
    body = d.body + "\n\nYour attitude at the last meeting was noted."
    with pytest.raises(ValidationError) as raised:
        send(d, case_manager, body=body)
    assert "language check" in raised.value.message_dict["acknowledge"][0]
    assert not Letter.objects.exists() and mail.outbox == []
    # Acknowledging a different flag is not acknowledging this one.
    with pytest.raises(ValidationError):
        send(d, case_manager, body=body, acknowledged=["aggressive"])
    letter = send(d, case_manager, body=body, acknowledged=["attitude"]).letter
    assert letter.language_acknowledged == ["attitude: attitude"]
    event = AuditEvent.objects.get(action="letter.sent", object_id=str(letter.pk))
    assert event.summary["after"]["language_acknowledged"] == ["attitude: attitude"]
    # and the disclosable record says so beside the letter
    (entry,) = letter_record_entries(emailable)
    assert ("Language check acknowledged", "attitude: attitude") in [(r.label, r.value) for r in entry.rows]


def test_a_letter_with_no_flag_needs_no_acknowledgement(emailable, case_manager):
    d = draft(emailable, case_manager)
    assert services.language_flags(emailable, d.subject, d.body) == []
    assert send(d, case_manager).emailed


# ---- sending -------------------------------------------------------------------------------------------------


def test_the_letter_is_emailed_to_the_practitioner_and_representative_with_the_pdf(emailable, case_manager):
    services.set_representative(
        case=emailable, name="Robin Adviser", email="robin.adviser@example.net", by=case_manager
    )
    sent = send(draft(emailable, case_manager), case_manager)
    assert sent.emailed
    (message,) = mail.outbox
    assert message.to == ["imaginary.practitioner@example.org"]
    assert message.cc == ["robin.adviser@example.net"]
    (name, content, mimetype) = message.attachments[0]
    assert mimetype == "application/pdf" and name.endswith(".pdf")
    assert content == bytes(sent.letter.pdf)
    letter = Letter.objects.get()
    assert letter.delivery == Letter.Delivery.EMAILED
    assert letter.emailed_to == ["imaginary.practitioner@example.org", "robin.adviser@example.net"]
    assert Communication.objects.get(letter=letter).summary.startswith("Letter sent by email")
    assert AuditEvent.objects.filter(action="letter.emailed", object_id=str(letter.pk)).exists()
    # and it is in the practitioner's own view
    assert [row["subject"] for row in portal_comms_context(emailable, None)["comms"]["letters"]] == [
        letter.subject
    ]


def test_a_practitioner_with_no_email_address_gets_a_letter_to_post(case, case_manager, signed_in):
    assert not case.practitioner.email
    d = draft(case, case_manager)
    page = signed_in(case_manager).post(
        reverse("practitioners:comms_letter_draft", kwargs={"case_id": case.pk, "draft_id": d.pk}),
        {"subject": d.subject, "body": d.body, "action": "send"},
        follow=True,
    )
    assert mail.outbox == []
    letter = Letter.objects.get()
    assert letter.delivery == Letter.Delivery.TO_POST
    assert "no email address" in page.content.decode()
    assert "post it" in page.content.decode()
    assert Communication.objects.get(letter=letter).summary.startswith("Letter sent to be posted")


def test_the_draft_page_says_the_letter_must_be_posted_before_it_is_sent(case, case_manager, signed_in):
    d = draft(case, case_manager)
    page = signed_in(case_manager).get(
        reverse("practitioners:comms_letter_draft", kwargs={"case_id": case.pk, "draft_id": d.pk})
    )
    assert "This letter must be posted" in page.content.decode()


def test_a_mail_failure_after_the_commit_keeps_the_letter_and_says_so(
    emailable, case_manager, signed_in, monkeypatch, caplog
):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    d = draft(emailable, case_manager)
    page = signed_in(case_manager).post(
        reverse("practitioners:comms_letter_draft", kwargs={"case_id": emailable.pk, "draft_id": d.pk}),
        {"subject": d.subject, "body": d.body, "action": "send"},
        follow=True,
    )
    letter = Letter.objects.get()
    assert letter.delivery == Letter.Delivery.EMAIL_FAILED
    assert "ConnectionRefusedError" in letter.delivery_problem
    assert "the email failed" in page.content.decode()
    assert AuditEvent.objects.filter(action="letter.sent", object_id=str(letter.pk)).exists()
    assert AuditEvent.objects.filter(action="letter.email_failed", object_id=str(letter.pk)).exists()
    assert "the email could not be sent" in caplog.text
    # Once the server is back, the case page's button sends it again.
    monkeypatch.undo()
    signed_in(case_manager).post(
        reverse(
            "practitioners:comms_letter_email_again", kwargs={"case_id": emailable.pk, "letter_id": letter.pk}
        )
    )
    letter.refresh_from_db()
    assert letter.delivery == Letter.Delivery.EMAILED
    assert len(mail.outbox) == 1


def test_a_bad_representative_email_changes_nothing(case, case_manager):
    with pytest.raises(ValidationError) as raised:
        services.set_representative(case=case, name="Robin Adviser", email="not an address", by=case_manager)
    assert "email" in raised.value.message_dict
    case.refresh_from_db()
    assert case.representative_email == ""
    assert not AuditEvent.objects.filter(action="case.representative_changed").exists()


def test_a_board_member_cannot_draft_or_send(case, organisation, case_manager, signed_in):
    from faircase.accounts.tests.factories import member
    from faircase.cases.models import CaseMember

    d = draft(case, case_manager)
    board = member(organisation, "board_member", username="board")
    CaseMember.objects.create(case=case, user=board, role="board_member")
    url = reverse("practitioners:comms_letter_draft", kwargs={"case_id": case.pk, "draft_id": d.pk})
    assert signed_in(board).post(url, {"subject": "x", "body": "y", "action": "send"}).status_code == 404
    with pytest.raises(Exception):  # noqa: B017 - the access kernel's refusal
        send(d, board)
    assert not Letter.objects.exists()


def test_the_pages_refuse_bad_input_and_change_nothing(case, case_manager, signed_in):
    client = signed_in(case_manager)
    unshared = case.concerns.first()
    start = client.post(
        reverse("practitioners:comms_letter_new", kwargs={"case_id": case.pk}),
        {"kind": "concern_notification", "concerns": [str(unshared.pk)]},
    )
    assert start.status_code == 200
    assert "Select concerns from the list, or none" in start.content.decode()
    representative = client.post(
        reverse("practitioners:comms_representative", kwargs={"case_id": case.pk}),
        {"name": "Robin Adviser", "email": "robin at example"},
    )
    assert representative.status_code == 200
    assert "Enter an email address in the correct format" in representative.content.decode()
    case.refresh_from_db()
    assert (case.representative_name, case.representative_email) == ("", "")
    assert not LetterDraft.objects.exists() and not Letter.objects.exists()
