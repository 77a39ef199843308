"""A case manager asks for the record of a case as a PDF (ADR 39): the page answers at once, says the PDF is waiting
and that it updates itself; when the task worker has made it, the page offers it without a reload, and the file
downloaded carries the record's integrity hash. Every page is checked with axe-core."""

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from faircase.core.models import AuditEvent
from faircase.records import services
from faircase.records.models import RecordFile
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_a_case_manager_asks_for_the_record_pdf_waits_for_it_and_downloads_it(
    page: Page, case, case_manager, settings
):
    # Given a case, and a task worker that has not yet taken the request (the task waits in the queue)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    page.goto(f"/cases/{case.pk}/record/")
    sign_in(page, username=case_manager.username, password=PASSWORD)

    # When they ask for the record as a PDF
    page.get_by_role("link", name="Get the record as a PDF").click()

    # Then a page says, at once, that it is waiting and that the page updates itself
    expect(page.get_by_role("heading", level=1)).to_have_text("The record as a PDF")
    expect(page.get_by_role("status")).to_have_text(
        "Your request is waiting to start. A long record can take a minute."
    )
    expect(page.get_by_text("This page updates itself.")).to_be_visible()
    expect(page.get_by_role("link", name="Refresh this page to see if the PDF is ready")).to_be_hidden()
    assert_accessible(page)

    # When the task worker makes it
    record_file = RecordFile.objects.get(case=case)
    assert services.make_record_file(record_file_id=str(record_file.pk)) == "ready"

    # Then the page offers it without being reloaded, and the PDF carries the record's integrity hash
    expect(page.get_by_role("status")).to_have_text("The PDF is ready to download.")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the record as a PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{case.reference}-framework-record.pdf"
    pdf = download.path().read_bytes()
    record_file.refresh_from_db()
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)
    assert record_file.record_hash in " ".join(text.split())
    assert AuditEvent.objects.filter(action="record.downloaded", actor=case_manager).count() == 1
