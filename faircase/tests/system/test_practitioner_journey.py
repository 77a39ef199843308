"""The practitioner's own view: the case manager invites the practitioner and shares a concern; the practitioner
accepts the emailed invitation in their own browser, reads their case, gives their account and sees it
received; the case manager acknowledges it and records how it was taken into account; the practitioner sees
both. A practitioner who tries the staff case page gets "Page not found". Every page, in both browsers, passes
axe-core."""

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Browser, Page, Route, expect

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import PractitionerFactory, concern_fields, open_case
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.conftest import TIMEOUT_MS
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser

PRACTITIONER_EMAIL = "rowan.madeup@example.org"
PRACTITIONER_PASSWORD = "a long fictional passphrase 42"
SHARED_TEXT = (
    "On 1 March 2025 a discharge summary you wrote did not record a change to a patient's anticoagulant dose."
)
ACCOUNT_TEXT = (
    "The dose was changed on the ward round after I had written the summary; the change was in the notes."
)
TAKEN_INTO_ACCOUNT = "We checked the ward round notes: they confirm the change was made after your summary."


@pytest.fixture
def case_manager(organisation):
    return member(organisation, "case_manager", username="avery.fictional", full_name="Avery Fictional")


@pytest.fixture
def case(organisation, case_manager):
    practitioner = PractitionerFactory(
        organisation=organisation, full_name="Dr Rowan Madeup", email=PRACTITIONER_EMAIL
    )
    return open_case(
        organisation=organisation,
        practitioner=practitioner,
        by=case_manager,
        case_manager=case_manager,
        reference="RFT-2026-401",
        concern=concern_fields(),
    )


@pytest.fixture
def practitioner_page(browser: Browser, live_server, page: Page) -> Iterator[Page]:
    """A second, signed-out browser (its own context: no shared cookies) for the practitioner, held to the
    same rules as `page`: only the live server, no uncaught errors, nothing refused by the CSP."""
    server_host = urlsplit(live_server.url).netloc
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(TIMEOUT_MS)

    def only_the_live_server(route: Route) -> None:
        if urlsplit(route.request.url).netloc == server_host:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_live_server)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(f"{tab.url}: uncaught {error}"))
    tab.on(
        "console",
        lambda message: (
            errors.append(f"{tab.url}: {message.text}")
            if message.type == "error"
            and "Content Security Policy" in message.text
            and "font-src" not in message.text
            else None
        ),
    )
    yield tab
    context.close()
    assert not errors, "Errors in the practitioner's browser:\n" + "\n".join(errors)


def _invitation_path() -> str:
    """The invitation link from the one email sent, as a path on the live server."""
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [PRACTITIONER_EMAIL]
    link = re.search(r"https?://\S+/my/invitation/\S+/", message.body)
    assert link, message.body
    return urlsplit(link.group(0)).path


def test_a_practitioner_accepts_the_invitation_reads_their_case_and_sees_their_account_answered(
    page: Page, practitioner_page: Page, case_manager, case
):
    staff_case_url = reverse("cases:detail", kwargs={"case_id": case.pk})
    mail.outbox.clear()

    # Given a signed-in case manager on the case page
    page.goto("/")
    sign_in(page, username=case_manager.username, password=PASSWORD)
    page.goto(staff_case_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("RFT-2026-401")
    assert_accessible(page)

    # When they invite the practitioner to their own view
    page.get_by_role("link", name="Invite the practitioner to their own view").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite the practitioner to their own view")
    assert_accessible(page)
    expect(page.get_by_label("Practitioner's email address")).to_have_value(PRACTITIONER_EMAIL)
    page.get_by_role("button", name="Send invitation").click()

    # Then the case page says the invitation was sent, and one email carries the link
    expect(page.get_by_text(f"Invitation sent to {PRACTITIONER_EMAIL}.")).to_be_visible()
    assert_accessible(page)
    invitation_path = _invitation_path()

    # When they share the concern with the practitioner, in plain words
    page.get_by_role("link", name=re.compile(r"^Share it")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What the practitioner will be told").fill(SHARED_TEXT)
    page.get_by_role("button", name="Share with the practitioner").click()
    expect(page.get_by_text("The concern is shared with the practitioner.")).to_be_visible()
    assert_accessible(page)

    # When the practitioner, signed out in their own browser, opens the link and sets a password
    practitioner = practitioner_page
    practitioner.goto(invitation_path)
    expect(practitioner.get_by_role("heading", level=1)).to_have_text("Set up your faircase account")
    expect(practitioner.get_by_label("Username")).to_have_value(PRACTITIONER_EMAIL)
    assert_accessible(practitioner)
    practitioner.get_by_label("Create a password").fill(PRACTITIONER_PASSWORD)
    practitioner.get_by_label("Enter the password again").fill(PRACTITIONER_PASSWORD)
    practitioner.get_by_role("button", name="Create account").click()

    # Then they are signed in and see their case
    expect(practitioner.get_by_text("Your account is set up. You are signed in.")).to_be_visible()
    expect(practitioner.get_by_role("heading", level=1)).to_have_text("Your cases")
    assert_accessible(practitioner)
    practitioner.get_by_role("link", name=f"Your case with {case.organisation.name}").click()
    expect(practitioner.get_by_role("heading", level=1)).to_have_text(
        f"Your case with {case.organisation.name}"
    )
    assert_accessible(practitioner)

    # and read the concern shared with them, the process, their rights and the support for them
    expect(practitioner.get_by_text(SHARED_TEXT)).to_be_visible()
    expect(practitioner.get_by_role("heading", name="The process and where you are")).to_be_visible()
    expect(practitioner.get_by_text("Your case follows")).to_be_visible()
    expect(practitioner.get_by_role("heading", name="Your rights")).to_be_visible()
    expect(practitioner.get_by_role("heading", name="To give your account")).to_be_visible()
    expect(practitioner.get_by_role("heading", name="Support for you")).to_be_visible()
    # (the internal description of the concern is never shown to them)
    expect(practitioner.get_by_text(concern_fields()["description"])).to_have_count(0)

    # When they give their account
    practitioner.get_by_role("link", name="Give your account of what happened").click()
    expect(practitioner.get_by_role("heading", level=1)).to_have_text("Give your account")
    assert_accessible(practitioner)
    practitioner.get_by_label("Your account").fill(ACCOUNT_TEXT)
    practitioner.get_by_role("button", name="Continue").click()

    # and check it before they send it
    expect(practitioner.get_by_role("heading", level=1)).to_have_text("Check your account before you send it")
    expect(practitioner.locator(".nhsuk-summary-list")).to_contain_text(ACCOUNT_TEXT)
    assert_accessible(practitioner)
    practitioner.get_by_role("button", name="Send").click()

    # Then they are told it was received
    expect(
        practitioner.get_by_role("heading", name=re.compile(r"We have received your account on "))
    ).to_be_visible()
    expect(practitioner.get_by_text(ACCOUNT_TEXT)).to_be_visible()
    assert_accessible(practitioner)
    account_url = practitioner.url

    # When the case manager sees it on the case page and acknowledges it
    page.goto(staff_case_url)
    voice = page.locator("#voice ~ .nhsuk-summary-list").first
    expect(voice).to_contain_text(ACCOUNT_TEXT)
    expect(voice).to_contain_text("Not yet acknowledged")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Acknowledge: ")).click()
    expect(page.get_by_text("Acknowledged. The practitioner can see this.")).to_be_visible()
    assert_accessible(page)

    # and records how it was taken into account
    page.get_by_role("link", name=re.compile(r"^Record how it was taken into account")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record how it was taken into account")
    assert_accessible(page)
    page.get_by_label("How it was taken into account").fill(TAKEN_INTO_ACCOUNT)
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Recorded. The practitioner can see how it was taken into account.")
    ).to_be_visible()
    expect(page.locator("#voice ~ .nhsuk-summary-list").first).to_contain_text(TAKEN_INTO_ACCOUNT)
    assert_accessible(page)

    # Then the practitioner, reloading, sees it acknowledged and answered
    practitioner.goto(account_url)
    expect(practitioner.get_by_text(TAKEN_INTO_ACCOUNT)).to_be_visible()
    expect(practitioner.locator(".nhsuk-tag", has_text="Answered")).to_be_visible()
    assert_accessible(practitioner)
    practitioner.get_by_role("link", name="Back to what you have told us").click()
    expect(practitioner.get_by_text(TAKEN_INTO_ACCOUNT)).to_be_visible()
    assert_accessible(practitioner)
    practitioner.goto(reverse("practitioners:portal_case", kwargs={"case_id": case.pk}))
    your_voice = practitioner.locator("#your-voice ~ ul.nhsuk-list--border").first
    expect(your_voice).to_contain_text("Answered")
    expect(your_voice).to_contain_text(TAKEN_INTO_ACCOUNT)

    # And when the practitioner tries the staff case page, it is not found
    response = practitioner.goto(staff_case_url)
    assert response is not None and response.status == 404
    expect(practitioner.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(practitioner.get_by_text(SHARED_TEXT)).to_have_count(0)
    assert_accessible(practitioner)
