"""Pages for letters and communications: who may reach them, and what they do."""

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from faircase.accounts.tests.factories import UserFactory, member
from faircase.cases.tests.factories import open_case
from faircase.core.models import AuditEvent
from faircase.practitioners.models import Communication, Letter, LetterTemplate, PractitionerAccount
from faircase.practitioners.presenters_comms import case_comms_context, portal_comms_context
from faircase.practitioners.services_comms import send_letter

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def letter(case, case_manager):
    return send_letter(case=case, kind="concern_notification", fields={}, by=case_manager, today=TODAY)


@pytest.fixture
def practitioner_user(case):
    user = UserFactory(username="prac", full_name=case.practitioner.full_name)
    PractitionerAccount.objects.create(user=user, practitioner=case.practitioner)
    return user


def staff_pdf(case, letter):
    return reverse("practitioners:comms_letter_pdf", kwargs={"case_id": case.pk, "letter_id": letter.pk})


def own_pdf(case, letter):
    return reverse("practitioners:comms_my_letter_pdf", kwargs={"case_id": case.pk, "letter_id": letter.pk})


def test_the_case_manager_drafts_checks_then_sends_an_invitation(case, case_manager, signed_in):
    client = signed_in(case_manager)
    url = reverse("practitioners:comms_letter_new", kwargs={"case_id": case.pk})
    assert client.get(url).status_code == 200
    data = {
        "kind": "meeting_invitation",
        "meeting_date_0": "8",
        "meeting_date_1": "12",
        "meeting_date_2": "2027",
        "meeting_time": "2:30pm",
        "meeting_place": "Room 4, Elm House",
        "outcome": "",
    }
    drafted = client.post(url, data)
    assert drafted.status_code == 302
    draft_page = client.get(drafted["Location"])
    assert draft_page.status_code == 200
    assert "Wednesday 8 December 2027 at 2:30pm" in draft_page.content.decode()
    assert not Letter.objects.exists()
    draft = case.letter_drafts.get()
    sent = client.post(drafted["Location"], {"subject": draft.subject, "body": draft.body, "action": "send"})
    assert sent.status_code == 302
    letter = Letter.objects.get(case=case)
    assert letter.kind == "meeting_invitation"
    assert "Room 4, Elm House" in letter.body
    assert Communication.objects.filter(letter=letter).exists()


def test_an_invitation_without_a_date_or_place_is_not_drafted(case, case_manager, signed_in):
    client = signed_in(case_manager)
    url = reverse("practitioners:comms_letter_new", kwargs={"case_id": case.pk})
    response = client.post(url, {"kind": "meeting_invitation"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the date" in page
    assert "Enter where it is" in page
    assert not case.letter_drafts.exists()
    assert not Letter.objects.exists()


def test_the_case_manager_downloads_the_pdf(case, case_manager, letter, signed_in):
    response = signed_in(case_manager).get(staff_pdf(case, letter))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(letter.pdf)


def test_another_organisations_user_gets_404_everywhere(case, letter, other_organisation, signed_in):
    outsider = member(other_organisation, "case_manager", username="outsider")
    client = signed_in(outsider)
    for url in (
        staff_pdf(case, letter),
        reverse("practitioners:comms_letter_new", kwargs={"case_id": case.pk}),
        reverse("practitioners:comms_log", kwargs={"case_id": case.pk}),
        own_pdf(case, letter),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("practitioners:comms_letter_new", kwargs={"case_id": case.pk}),
            {"kind": "concern_notification", "action": "send"},
        ).status_code
        == 404
    )
    assert Letter.objects.count() == 1


def test_a_board_member_may_read_letters_but_not_send_them(case, organisation, letter, signed_in):
    from faircase.cases.models import CaseMember

    board = member(organisation, "board_member", username="board")
    CaseMember.objects.create(case=case, user=board, role="board_member")
    client = signed_in(board)
    assert client.get(staff_pdf(case, letter)).status_code == 200
    url = reverse("practitioners:comms_letter_new", kwargs={"case_id": case.pk})
    assert client.get(url).status_code == 404


def test_the_practitioner_downloads_their_own_letter(case, letter, practitioner_user, signed_in):
    response = signed_in(practitioner_user).get(own_pdf(case, letter))
    assert response.status_code == 200
    assert response.content == bytes(letter.pdf)


def test_the_practitioner_cannot_use_the_staff_pages(case, letter, practitioner_user, signed_in):
    client = signed_in(practitioner_user)
    assert client.get(staff_pdf(case, letter)).status_code == 404
    assert (
        client.get(reverse("practitioners:comms_letter_new", kwargs={"case_id": case.pk})).status_code == 404
    )


def test_another_practitioner_cannot_download_the_letter(case, letter, organisation, case_manager, signed_in):
    other_case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    other_user = UserFactory(username="otherprac")
    PractitionerAccount.objects.create(user=other_user, practitioner=other_case.practitioner)
    client = signed_in(other_user)
    assert client.get(own_pdf(case, letter)).status_code == 404
    # Their own case with someone else's letter id: still 404.
    assert client.get(own_pdf(other_case, letter)).status_code == 404


@time_machine.travel(dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC), tick=False)  # the call was on 20 November
def test_logging_a_phone_call(case, case_manager, signed_in):
    client = signed_in(case_manager)
    url = reverse("practitioners:comms_log", kwargs={"case_id": case.pk})
    response = client.post(
        url,
        {
            "comms-channel": "phone",
            "comms-direction": "from",
            "comms-summary": "Asked when the meeting is.",
            "comms-occurred_on_0": "20",
            "comms-occurred_on_1": "11",
            "comms-occurred_on_2": "2026",
            "comms-occurred_time": "9:15am",
        },
    )
    assert response.status_code == 302
    logged = Communication.objects.get(case=case)
    assert logged.channel == "phone"
    assert not logged.to_practitioner
    assert logged.letter is None
    assert AuditEvent.objects.filter(action="communication.logged", object_id=str(logged.pk)).exists()


def test_logging_without_a_summary_shows_the_error(case, case_manager, signed_in):
    url = reverse("practitioners:comms_log", kwargs={"case_id": case.pk})
    response = signed_in(case_manager).post(url, {"comms-channel": "email", "comms-direction": "to"})
    assert response.status_code == 200
    assert "Enter a summary of the communication" in response.content.decode()
    assert not Communication.objects.exists()


def test_the_org_admin_edits_their_template_and_unknown_placeholders_are_refused(organisation, signed_in):
    admin = member(organisation, "org_admin", username="admin")
    client = signed_in(admin)
    assert (
        client.get(
            reverse("practitioners:comms_templates", kwargs={"org_slug": organisation.slug})
        ).status_code
        == 200
    )
    url = reverse("practitioners:comms_template", kwargs={"org_slug": organisation.slug, "kind": "outcome"})
    page = client.get(url)
    assert page.status_code == 200
    assert "{practitioner_name}" in page.content.decode()
    refused = client.post(url, {"title": "Outcome", "body": "Dear {doctor_name}"})
    assert refused.status_code == 200
    assert "unknown placeholder: {doctor_name}" in refused.content.decode()
    assert not LetterTemplate.objects.filter(organisation=organisation).exists()
    saved = client.post(url, {"title": "Outcome", "body": "Dear {practitioner_name}"})
    assert saved.status_code == 302
    assert (
        LetterTemplate.objects.get(organisation=organisation, kind="outcome").body
        == "Dear {practitioner_name}"
    )


def test_only_the_organisations_admin_may_edit_its_templates(
    organisation, other_organisation, case_manager, signed_in
):
    member(other_organisation, "org_admin", username="otheradmin")
    url = reverse("practitioners:comms_template", kwargs={"org_slug": organisation.slug, "kind": "outcome"})
    assert signed_in(case_manager).get(url).status_code == 404
    assert signed_in(case_manager).post(url, {"title": "x", "body": "y"}).status_code == 404
    from faircase.accounts.models import User

    client = signed_in(User.objects.get(username="otheradmin"))
    assert client.get(url).status_code == 404
    assert not LetterTemplate.objects.filter(organisation=organisation).exists()


def test_the_case_page_section_lists_letters_and_the_log(case, case_manager, letter):
    request = RequestFactory().get("/")
    request.user = case_manager
    html = render_to_string(
        "practitioners/_case_comms.jinja", case_comms_context(case, case_manager, TODAY), request=request
    )
    assert staff_pdf(case, letter) in html
    assert letter.subject in html
    assert "Letter sent " in html
    assert reverse("practitioners:comms_log", kwargs={"case_id": case.pk}) in html


def test_the_practitioner_section_links_to_their_own_download(case, letter, practitioner_user):
    request = RequestFactory().get("/")
    request.user = practitioner_user
    html = render_to_string(
        "practitioners/_portal_comms.jinja", portal_comms_context(case, practitioner_user), request=request
    )
    assert own_pdf(case, letter) in html
    assert f'href="{staff_pdf(case, letter)}"' not in html
