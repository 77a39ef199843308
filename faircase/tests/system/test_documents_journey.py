"""Documents on a case, in a browser: a case manager uploads a statement (after a refused file), adds a signed
version, marks it withheld with a reason and downloads it. Every page is checked with axe-core."""

import hashlib

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import open_case
from faircase.core.models import AuditEvent
from faircase.documents.tests import files
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def _choose(page: Page, name: str, content: bytes, mime: str) -> None:
    page.locator("input[type=file]").set_input_files({"name": name, "mimeType": mime, "buffer": content})


def test_a_case_manager_uploads_versions_marks_and_downloads_a_document(page: Page, organisation):
    # Given a case manager with a case and no documents on it
    case_manager = member(
        organisation, "case_manager", username="casey.fictional", full_name="Casey Fictional"
    )
    case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    page.goto("/")
    sign_in(page, username="casey.fictional", password=PASSWORD)

    # When they open the case's documents and choose to add one
    page.goto(reverse("documents:list", kwargs={"case_id": case.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    expect(page.get_by_text("No document has been added to this case.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a document")
    expect(page.get_by_text("Files are not checked for viruses by faircase here")).to_be_visible()
    assert_accessible(page)

    # Then a program named as a PDF is refused, with the NHS error summary, and nothing is saved
    _choose(page, "statement.pdf", files.windows_executable(), "application/pdf")
    page.get_by_role("radio", name="Statement").check()
    page.locator("#id_dated_0").fill("2")
    page.locator("#id_dated_1").fill("3")
    page.locator("#id_dated_2").fill("2026")
    page.get_by_role("radio", name="Yes, it is disclosable").check()
    page.get_by_role("button", name="Add the document").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The file must be a PDF, Word document")
    assert_accessible(page)

    # When they choose the real statement, it is added
    _choose(page, "Statement of a fictional nurse.pdf", files.pdf("A fictional statement"), "application/pdf")
    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statement of a fictional nurse.pdf")
    expect(page.get_by_text("Statement of a fictional nurse.pdf was added to the case.")).to_be_visible()
    assert_accessible(page)

    # And they add the signed version as a Word document, beside the first
    page.get_by_role("link", name="Add a new version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a new version")
    assert_accessible(page)
    signed = files.docx("The statement, signed by the fictional nurse")
    _choose(
        page,
        "Statement signed.docx",
        signed,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    page.get_by_label("What changed? (optional)").fill("Signed by the witness")
    page.get_by_role("button", name="Add the new version").click()
    expect(page.get_by_text("Version 2 was added.")).to_be_visible()
    expect(page.get_by_role("heading", name="Version 1", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Version 2", exact=True)).to_be_visible()
    assert_accessible(page)

    # And they mark it withheld, with the reason
    page.get_by_role("link", name="Change how it may be disclosed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change how the document may be disclosed")
    assert_accessible(page)
    page.get_by_role("radio", name="Withheld").check()
    page.get_by_role("button", name="Change the marking").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Say why the marking is changing")
    assert_accessible(page)
    page.get_by_label("Why?").fill("It names a patient who has not consented")
    page.get_by_role("button", name="Change the marking").click()
    expect(page.locator("#marking ~ table")).to_contain_text("Disclosable to withheld")
    expect(page.locator("#marking ~ table")).to_contain_text("It names a patient who has not consented")
    assert_accessible(page)

    # Then the documents table lists it, withheld with its reason, and the signed version downloads intact
    page.get_by_role("link", name="Back to the case's documents").click()
    table = page.locator("table")
    expect(table).to_contain_text("Statement signed.docx")
    expect(table).to_contain_text("Withheld")
    expect(table).to_contain_text("It names a patient who has not consented")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download Statement signed.docx").click()
    download = download_info.value
    assert download.suggested_filename == "Statement signed.docx"
    with open(download.path(), "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == hashlib.sha256(signed).hexdigest()
    assert AuditEvent.objects.filter(action="document.downloaded", actor=case_manager).count() == 1

    # And on a 390-pixel screen neither the table nor the document's page (its SHA-256s) scrolls sideways
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (
        page.url,
        reverse("documents:detail", kwargs={"case_id": case.pk, "document_id": _only(case)}),
    ):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        assert_accessible(page)


def _only(case):
    from faircase.documents.models import Document

    return Document.objects.of_case(case).get().pk
