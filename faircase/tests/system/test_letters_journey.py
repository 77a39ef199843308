"""A letter that is sent, in a browser: a case manager writes an invitation to a hearing from the case, edits it,
is stopped by the language check, acknowledges the flag, sends it, and the email (with the PDF) reaches the
practitioner and their representative; the practitioner then finds the letter in their own view. Every page is
checked with axe-core.

The live server runs in the test's own process with the test settings' locmem mail backend, so the email sent
by the server is in `mail.outbox` here."""

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import UserFactory, member
from faircase.cases.tests.factories import PractitionerFactory, concern_fields, open_case
from faircase.practitioners.models import Letter, PractitionerAccount
from faircase.practitioners.services_portal import share_concern
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_practitioner_journey import practitioner_page  # noqa: F401  (a fixture)
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser

PRACTITIONER_EMAIL = "sasha.invented@example.org"
REPRESENTATIVE_EMAIL = "jo.adviser@example.net"
SHARED_TEXT = "On 4 May 2026 a fictional patient's blood results were not reviewed for three days."
ADDED_LINE = (
    "The hearing room has step-free access, and we have booked a quiet room for you to use before it."
)


def test_a_case_manager_drafts_edits_checks_and_sends_an_invitation_to_a_hearing(
    page: Page,
    practitioner_page: Page,  # noqa: F811
    organisation,
):
    # Given a case with a concern shared with the practitioner, who has an email address and an account
    case_manager = member(
        organisation, "case_manager", username="morgan.fictional", full_name="Morgan Fictional"
    )
    practitioner = PractitionerFactory(
        organisation=organisation, full_name="Dr Sasha Invented", email=PRACTITIONER_EMAIL
    )
    case = open_case(
        organisation=organisation,
        practitioner=practitioner,
        by=case_manager,
        case_manager=case_manager,
        reference="RFT-2026-520",
        concern=concern_fields(),
    )
    share_concern(concern=case.concerns.get(), text=SHARED_TEXT, by=case_manager)
    account = UserFactory(username="sasha.invented", full_name="Dr Sasha Invented")
    PractitionerAccount.objects.create(user=account, practitioner=practitioner)
    mail.outbox.clear()

    page.goto("/")
    sign_in(page, username="morgan.fictional", password=PASSWORD)

    # When they name the practitioner's representative
    page.goto(reverse("practitioners:comms_representative", kwargs={"case_id": case.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text("The practitioner's representative")
    assert_accessible(page)
    page.get_by_label("Name").fill("Jo Adviser")
    page.get_by_label("Email address").fill(REPRESENTATIVE_EMAIL)
    page.get_by_role("button", name="Save representative").click()
    expect(page.get_by_text("Representative saved.")).to_be_visible()
    assert_accessible(page)

    # And write an invitation to a hearing, naming the shared concern
    page.get_by_role("link", name="Write a letter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a letter")
    assert_accessible(page)
    page.get_by_role("radio", name="Invitation to a hearing").check()
    page.get_by_role("checkbox", name=SHARED_TEXT, exact=False).check()
    page.locator("#id_meeting_date_0").fill("14")
    page.locator("#id_meeting_date_1").fill("1")
    page.locator("#id_meeting_date_2").fill("2027")
    page.get_by_label("Time", exact=True).fill("10am")
    page.get_by_label("Where it is").fill("Board room, Elm House")
    page.get_by_role("button", name="Write the draft").click()

    # Then the draft shows the hearing, the notice the pack gives and the right to be accompanied
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and send the letter")
    card = page.locator(".nhsuk-card")
    expect(card).to_contain_text("Thursday 14 January 2027 at 10am")
    expect(card).to_contain_text("at least 20 working days")
    expect(card).to_contain_text(SHARED_TEXT)
    expect(page.get_by_text(PRACTITIONER_EMAIL).first).to_be_visible()
    assert_accessible(page)

    # When they add a line that the language check flags, and try to send
    body = page.get_by_label("Letter", exact=True)
    body.fill(body.input_value() + "\n\nYour attitude will also be discussed.\n\n" + ADDED_LINE)
    page.get_by_role("button", name="Send letter").click()

    # Then they are stopped, with the advice and a box to acknowledge it, and nothing is sent
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The language check found words to reconsider"
    )
    expect(page.get_by_role("heading", name="Before you send it")).to_be_visible()
    assert_accessible(page)
    assert not Letter.objects.exists() and mail.outbox == []

    # When they acknowledge the flag and send
    page.get_by_role("checkbox", name="I have read the language check").check()
    page.get_by_role("button", name="Send letter").click()

    # Then the case page says it was emailed, and one email went to both, with the PDF
    expect(
        page.get_by_text(f"It was emailed to {PRACTITIONER_EMAIL} and {REPRESENTATIVE_EMAIL}")
    ).to_be_visible()
    assert_accessible(page)
    (message,) = mail.outbox
    assert message.to == [PRACTITIONER_EMAIL] and message.cc == [REPRESENTATIVE_EMAIL]
    assert message.attachments[0][2] == "application/pdf"
    letter = Letter.objects.get()
    assert ADDED_LINE in letter.body
    assert letter.language_acknowledged == ["attitude: attitude"]

    # And the practitioner, signed in to their own view, finds the letter
    practitioner_page.goto("/")
    sign_in(practitioner_page, username="sasha.invented", password=PASSWORD)
    practitioner_page.goto(reverse("practitioners:portal_case", kwargs={"case_id": case.pk}))
    expect(practitioner_page.get_by_role("link", name=f"{letter.subject} (PDF)")).to_be_visible()
    assert_accessible(practitioner_page)
