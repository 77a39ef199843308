"""In Welsh, in a browser (issue 16, ADR 41): at a Welsh health board whose people read faircase in Welsh, a
case manager shares a concern and changes language halfway through writing it, losing nothing; a
Welsh-speaking practitioner accepts their invitation in a browser that asks for Welsh, reads their case and
their letter in Welsh, and gives their account in Welsh. Every page, in both browsers, is marked lang="cy" when
Welsh and passes axe-core.

The words the test looks for are the Welsh messages themselves (read with Django's gettext under Welsh), so
the test follows the messages files rather than repeating them."""

import io
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Browser, Page, Route, expect
from pypdf import PdfReader

from faircase.accounts.models import Organisation
from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import PractitionerFactory, concern_fields, open_case
from faircase.practitioners import services_comms
from faircase.practitioners.models import Letter
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.conftest import TIMEOUT_MS
from faircase.tests.system.test_sign_in_journey import PASSWORD

pytestmark = pytest.mark.browser

PRACTITIONER_EMAIL = "ffion.dychmygol@example.org"
PRACTITIONER_PASSWORD = "cyfrinair hir dychmygol 42"
HALF_TYPED = "Ar 3 Mawrth 2026 ni chofnodwyd newid i ddos gwrthgeulydd claf yn y crynodeb rhyddhau."
ACCOUNT_TEXT = (
    "Newidiwyd y dos ar y rownd ward ar ôl i mi ysgrifennu'r crynodeb; roedd y newid yn y nodiadau. ŵŷâ"
)


def cy(english: str, **values: object) -> str:
    """The Welsh the page shows for an English message."""
    with translation.override("cy"):
        text = translation.gettext(english)
    assert text != english or not re.search(r"[a-z]{3}", english), f"No Welsh for {english!r}"
    return text % values if values else text


@pytest.fixture
def board(db):
    return Organisation.objects.create(
        slug="bro-dychmygol",
        name="Bwrdd Iechyd Prifysgol Bro Dychmygol",
        ods_code="ZZD77",
        nation="wales",
        kind="health_board",
        default_language="cy",
        document_languages="bilingual",
    )


@pytest.fixture
def case_manager(board):
    return member(board, "case_manager", username="gwen.dychmygol", full_name="Gwen Dychmygol")


@pytest.fixture
def case(board, case_manager):
    practitioner = PractitionerFactory(
        organisation=board, full_name="Dr Ffion Dychmygol", email=PRACTITIONER_EMAIL, language="cy"
    )
    return open_case(
        organisation=board,
        practitioner=practitioner,
        by=case_manager,
        case_manager=case_manager,
        reference="BDY-2026-016",
        concern=concern_fields(),
        policy="upsw",
    )


@pytest.fixture
def welsh_browser(browser: Browser, live_server) -> Iterator[Page]:
    """The practitioner's own browser, signed out, asking for Welsh (Accept-Language: cy)."""
    server_host = urlsplit(live_server.url).netloc
    context = browser.new_context(base_url=live_server.url, locale="cy-GB", timezone_id="Europe/London")
    context.set_default_timeout(TIMEOUT_MS)

    def only_the_live_server(route: Route) -> None:
        (route.continue_ if urlsplit(route.request.url).netloc == server_host else route.abort)()

    context.route("**/*", only_the_live_server)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(f"{tab.url}: uncaught {error}"))
    yield tab
    context.close()
    assert not errors, "Errors in the practitioner's browser:\n" + "\n".join(errors)


def welsh(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert_accessible(page)


def sign_in_in_welsh(page: Page, *, username: str, password: str) -> None:
    page.get_by_label(cy("Username"), exact=True).fill(username)
    page.get_by_label(cy("Password"), exact=True).fill(password)
    page.get_by_role("button", name=cy("Sign in"), exact=True).click()


def test_in_welsh_a_case_manager_switches_language_mid_task_and_a_practitioner_reads_and_answers(
    page: Page, welsh_browser: Page, board, case_manager, case
):
    concern = case.concerns.get()
    mail.outbox.clear()

    # Given the case manager of a Welsh board, whose pages are in Welsh until they choose
    page.goto("/")
    page.get_by_label("Username", exact=True).fill(case_manager.username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.goto(reverse("cases:detail", kwargs={"case_id": case.pk}))
    welsh(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("BDY-2026-016")

    # When they invite the practitioner to their own view
    page.goto(reverse("practitioners:portal_invite", kwargs={"case_id": case.pk}))
    welsh(page)
    page.get_by_role("button", name=cy("Send invitation")).click()
    sent = cy(
        "Invitation sent to %(email)s. The link expires on %(date)s.", email=PRACTITIONER_EMAIL, date=""
    )
    expect(page.get_by_text(sent.rstrip(".").strip())).to_be_visible()
    invitation_path = urlsplit(
        re.search(r"https?://\S+/my/invitation/\S+/", mail.outbox[-1].body).group(0)
    ).path

    # When they start sharing the concern, then switch to English halfway through
    page.goto(
        reverse("practitioners:portal_share_concern", kwargs={"case_id": case.pk, "concern_id": concern.pk})
    )
    welsh(page)
    page.locator("textarea").first.fill(HALF_TYPED)
    page.get_by_role("button", name=re.compile("English")).click()

    # Then the page is in English, and what they had typed is still there
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    expect(page.locator("textarea").first).to_have_value(HALF_TYPED)
    assert_accessible(page)
    # and switching back to Welsh keeps it too
    page.get_by_role("button", name=re.compile("Cymraeg")).click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("textarea").first).to_have_value(HALF_TYPED)
    page.get_by_role("button", name=cy("Share with the practitioner")).click()
    expect(page.get_by_text(cy("The concern is shared with the practitioner."))).to_be_visible()
    welsh(page)

    # And a letter is sent to the practitioner (bilingual, Welsh first, as the board produces them)
    services_comms.send_letter(
        case=case, kind="concern_notification", fields={}, by=case_manager, today=timezone.localdate()
    )
    letter = Letter.objects.get(case=case)

    # When the practitioner, in a browser that asks for Welsh, opens the invitation
    practitioner = welsh_browser
    practitioner.goto(invitation_path)
    welsh(practitioner)
    practitioner.get_by_label(cy("Create a password")).fill(PRACTITIONER_PASSWORD)
    practitioner.get_by_label(cy("Enter the password again")).fill(PRACTITIONER_PASSWORD)
    practitioner.get_by_role("button", name=cy("Create account")).click()

    # Then they are signed in, in Welsh, and read their case
    expect(practitioner.get_by_text(cy("Your account is set up. You are signed in."))).to_be_visible()
    welsh(practitioner)
    practitioner.goto(reverse("practitioners:portal_case", kwargs={"case_id": case.pk}))
    welsh(practitioner)
    expect(practitioner.get_by_text(HALF_TYPED)).to_be_visible()

    # and their letter, in Welsh
    letter_pdf = reverse(
        "practitioners:comms_my_letter_pdf", kwargs={"case_id": case.pk, "letter_id": letter.pk}
    )
    expect(practitioner.locator(f'a[href="{letter_pdf}"]')).to_be_visible()
    pdf = practitioner.request.get(letter_pdf)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf.body())).pages
    )
    assert letter.languages == "cy en" and letter.subject_cy
    # the board's letters are bilingual: the Welsh first, then the English
    assert (
        0
        <= text.find(" ".join(letter.subject_cy.split())[:40])
        < text.find(" ".join(letter.subject.split())[:40])
    )

    # When they give their account in Welsh, check it and send it
    practitioner.goto(reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": "account"}))
    welsh(practitioner)
    practitioner.locator("textarea").first.fill(ACCOUNT_TEXT)
    practitioner.get_by_role("button", name=cy("Continue")).click()
    welsh(practitioner)
    expect(practitioner.locator(".nhsuk-summary-list")).to_contain_text(ACCOUNT_TEXT)
    practitioner.get_by_role("button", name=cy("Send")).click()
    welsh(practitioner)
    expect(practitioner.get_by_text(ACCOUNT_TEXT)).to_be_visible()
