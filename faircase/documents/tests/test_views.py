"""The documents' pages: the table, uploading, a document's page, new versions, markings and the download."""

import re

import pytest
from django.urls import reverse

from faircase.accounts.models import Membership
from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.tests.factories import open_case
from faircase.core.models import AuditEvent
from faircase.documents.choices import Marking
from faircase.documents.models import Document, DocumentVersion
from faircase.documents.tests import files
from faircase.documents.tests.factories import add_document
from faircase.documents.tests.helpers import stored_files
from faircase.practitioners.models import PractitionerAccount

pytestmark = pytest.mark.django_db


def _url(name, case, **kwargs):
    return reverse(f"documents:{name}", kwargs={"case_id": case.pk, **kwargs})


def _download_url(document):
    version = document.versions.order_by("-number").first()
    return _url("download", document.case, document_id=document.pk, version_id=version.pk)


def _upload_data(file, **overrides):
    data = {
        "file": file,
        "kind": "statement",
        "dated_0": "2",
        "dated_1": "3",
        "dated_2": "2026",
        "marking": "disclosable",
        "withheld_reason": "",
    }
    return data | overrides


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# ---- the table and the upload ----------------------------------------------------------------------------------


def test_the_documents_page_lists_each_document_with_its_details_and_a_download(
    case, case_manager, signed_in
):
    add_document(case, case_manager, name="Witness statement.pdf")
    add_document(case, case_manager, name="OH letter.docx", content=files.docx(), kind="occupational_health",
                 marking=Marking.WITHHELD, withheld_reason="Medical details about a third party")  # fmt: skip
    html = _text(signed_in(case_manager).get(_url("list", case)))
    for text in ("Witness statement.pdf", "OH letter.docx", "Statement", "Occupational health letter",
                 "2 March 2026", "Disclosable", "Withheld", "Medical details about a third party",
                 "Casey Manager", "Download"):  # fmt: skip
        assert text in html
    assert html.count("/download/") == 2


def test_a_case_manager_uploads_a_document(case, case_manager, signed_in):
    client = signed_in(case_manager)
    page = _text(client.get(_url("add", case)))
    assert 'enctype="multipart/form-data"' in page
    assert "Files are not checked for viruses by faircase here" in page
    assert 'accept=".pdf,.docx,.doc,.png,.jpg,.jpeg,.eml,.msg"' in page

    response = client.post(_url("add", case), _upload_data(files.upload("Statement.pdf", files.pdf())))
    document = Document.objects.of_case(case).get()
    assert response.status_code == 302
    assert response["Location"] == _url("detail", case, document_id=document.pk)
    assert document.versions.get().name == "Statement.pdf"


def test_a_withheld_upload_needs_its_reason(case, case_manager, signed_in):
    response = signed_in(case_manager).post(
        _url("add", case), _upload_data(files.upload("s.pdf", files.pdf()), marking="withheld")
    )
    assert response.status_code == 200
    assert "Say why the document is withheld" in _text(response)
    assert stored_files() == []


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (None, "Choose a file to upload"),
        (files.upload("statement.pdf", b""), "The file is empty"),
        (files.upload("statement.pdf", files.windows_executable()), "The file must be a PDF, Word document"),
        (
            files.upload("..\\..\\statement.docx", files.pdf()),
            "The file is a PDF, but its name ends in .docx",
        ),
    ],
)
def test_a_bad_upload_shows_an_nhs_error_and_saves_nothing(case, case_manager, signed_in, file, message):
    events = AuditEvent.objects.count()
    data = (
        _upload_data(file)
        if file is not None
        else {k: v for k, v in _upload_data(None).items() if k != "file"}
    )
    response = signed_in(case_manager).post(_url("add", case), data)
    html = _text(response)
    assert response.status_code == 200
    assert "nhsuk-error-summary" in html and 'href="#id_file"' in html
    assert "nhsuk-error-message" in html and message in html
    assert "<title>Error: Add a document" in html
    assert not Document.objects.for_system("command").exists() and stored_files() == []
    # A refused upload is a page read (audited as one by the kernel only on GET): nothing else is written.
    assert AuditEvent.objects.count() == events


def test_a_file_over_the_limit_gets_the_service_manual_message(case, case_manager, signed_in, settings):
    settings.FAIRCASE_DOCUMENT_MAX_BYTES = 25 * 1024
    response = signed_in(case_manager).post(
        _url("add", case), _upload_data(files.upload("big.pdf", files.pdf(padding=40 * 1024)))
    )
    assert "The file must be smaller than 25 KB" in _text(response)
    assert stored_files() == []


def test_a_name_with_folders_from_the_browser_is_kept_as_its_last_part_only(case, case_manager, signed_in):
    signed_in(case_manager).post(
        _url("add", case), _upload_data(files.upload("C:\\drive\\s.pdf", files.pdf()))
    )
    version = DocumentVersion.objects.of_case(case).get()
    assert version.name == "s.pdf" and "drive" not in version.storage_name


# ---- a document's page, versions and markings -------------------------------------------------------------------


def test_the_document_page_shows_every_version_and_the_marking_history(case, case_manager, signed_in):
    document = add_document(case, case_manager)
    client = signed_in(case_manager)
    client.post(
        _url("add_version", case, document_id=document.pk),
        {"file": files.upload("statement signed.pdf", files.pdf("signed")), "note": "Signed"},
    )
    client.post(
        _url("mark", case, document_id=document.pk), {"marking": "withheld", "reason": "Names a patient"}
    )
    html = _text(client.get(_url("detail", case, document_id=document.pk)))
    assert "Version 1" in html and "Version 2" in html and "Signed" in html
    for version in document.versions.all():
        assert f'<code class="faircase-hash">{version.sha256}</code>' in html  # markup, not text
    assert (
        "Disclosable when added" in html and "Disclosable to withheld" in html and "Names a patient" in html
    )


def test_a_redacted_copy_is_added_from_the_document_page(case, case_manager, signed_in):
    document = add_document(case, case_manager)
    client = signed_in(case_manager)
    response = client.post(
        _url("add_redacted", case, document_id=document.pk),
        {
            "file": files.upload("statement redacted.pdf", files.pdf("[redacted]")),
            "reason": "A patient's name",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.marking == Marking.REDACTED
    html = _text(client.get(_url("detail", case, document_id=document.pk)))
    assert "Version 2 (redacted copy of version 1)" in html and "A patient&#39;s name" in html
    listing = _text(client.get(_url("list", case)))
    assert "download the redacted copy" in listing


def test_the_marking_page_refuses_a_change_without_a_reason(case, case_manager, signed_in):
    document = add_document(case, case_manager)
    response = signed_in(case_manager).post(
        _url("mark", case, document_id=document.pk), {"marking": "withheld"}
    )
    assert "Say why the marking is changing" in _text(response)
    document.refresh_from_db()
    assert document.marking == Marking.DISCLOSABLE


def test_someone_who_may_only_read_sees_no_links_to_change_documents(
    case, case_manager, organisation, signed_in
):
    document = add_document(case, case_manager)
    auditor = member(organisation, "auditor", username="aud", full_name="Audrey Fictional")
    client = signed_in(auditor)
    assert "Add a document" not in _text(client.get(_url("list", case)))
    html = _text(client.get(_url("detail", case, document_id=document.pk)))
    assert "Add a new version" not in html and "Change how it may be disclosed" not in html
    assert client.get(_url("add", case)).status_code == 404
    assert client.get(_download_url(document)).status_code == 200


# ---- the download -----------------------------------------------------------------------------------------------


def test_the_download_is_an_attachment_never_stored_nor_sniffed_and_is_audited(case, case_manager, signed_in):
    content = files.pdf("Statement")
    document = add_document(case, case_manager, name="Witness statement (final).pdf", content=content)
    response = signed_in(case_manager).get(_download_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Witness statement (final).pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.filter(action="document.downloaded").get()
    assert event.actor == case_manager and event.case_id == case.pk
    assert event.summary["detail"]["sha256"] == document.versions.get().sha256
    # The decorator does not add a second "case.viewed" event: the download's own event says what was read.
    assert not AuditEvent.objects.filter(
        action="case.viewed", summary__detail__viewed="document.download"
    ).exists()


def test_every_download_leaves_its_own_audit_event(case, case_manager, signed_in):
    document = add_document(case, case_manager)
    client = signed_in(case_manager)
    for _ in range(3):
        assert client.get(_download_url(document)).status_code == 200
    assert AuditEvent.objects.filter(action="document.downloaded").count() == 3


def _practitioner_with_a_staff_role(case, organisation):
    user = member(organisation, "case_manager", username="subject", full_name="The Subject")
    PractitionerAccount.objects.create(user=user, practitioner=case.practitioner)
    return user


def _excluded(case, organisation, case_manager):
    user = member(organisation, "case_manager", username="excluded", full_name="Excluded Manager")
    case_services.exclude_for_conflict(
        case=case, user=user, reason="Trained the practitioner", by=case_manager
    )
    return user


@pytest.mark.parametrize("who", ["other organisation", "excluded", "practitioner", "signed out"])
def test_nobody_outside_the_case_can_download_or_learn_that_a_document_exists(
    case, case_manager, organisation, other_organisation, client, who
):
    document = add_document(case, case_manager)
    if who == "other organisation":
        client.force_login(
            member(other_organisation, "case_manager", username="other", full_name="Other Manager")
        )
    elif who == "excluded":
        client.force_login(_excluded(case, organisation, case_manager))
    elif who == "practitioner":
        client.force_login(_practitioner_with_a_staff_role(case, organisation))
    events = AuditEvent.objects.count()
    response = client.get(_download_url(document))
    assert response.status_code in ({302} if who == "signed out" else {404})
    assert AuditEvent.objects.count() == events


def test_a_version_of_another_cases_document_is_not_found_through_this_case(
    case, case_manager, organisation, signed_in
):
    other_case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    theirs = add_document(other_case, case_manager)
    version = theirs.versions.get()
    url = _url("download", case, document_id=theirs.pk, version_id=version.pk)
    assert signed_in(case_manager).get(url).status_code == 404
    mine = add_document(case, case_manager)
    url = _url("download", case, document_id=mine.pk, version_id=version.pk)
    assert signed_in(case_manager).get(url).status_code == 404


def test_a_closed_case_still_lets_its_documents_be_read_and_downloaded(case, case_manager, signed_in):
    from django.utils import timezone

    document = add_document(case, case_manager)
    case.closed_at = timezone.now()
    case.save(update_fields=["closed_at"])
    client = signed_in(case_manager)
    assert client.get(_download_url(document)).status_code == 200
    html = _text(client.get(_url("list", case)))
    assert "Add a document" not in html
    assert client.get(_url("add", case)).status_code == 404


def test_a_responsible_officer_in_the_organisation_may_read_but_not_add(
    case, case_manager, organisation, signed_in
):
    officer = member(organisation, "responsible_officer", username="ro", full_name="Rowan Officer")
    assert Membership.objects.filter(user=officer).exists()
    client = signed_in(officer)
    assert client.get(_url("list", case)).status_code == 200
    assert client.post(_url("add", case), _upload_data(files.upload("s.pdf", files.pdf()))).status_code == 404
    assert stored_files() == []


def test_the_documents_page_reads_the_same_number_of_queries_however_many_documents(
    case, case_manager, signed_in
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(case_manager)
    add_document(case, case_manager, name="first.pdf")
    with CaptureQueriesContext(connection) as one:
        client.get(_url("list", case))
    for n in range(4):
        add_document(case, case_manager, name=f"more {n}.pdf", content=files.pdf(str(n)))
    with CaptureQueriesContext(connection) as five:
        assert "more 3.pdf" in client.get(_url("list", case)).content.decode()
    assert len(five) == len(one)
