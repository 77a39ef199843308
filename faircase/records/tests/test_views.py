import pytest
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.core.models import AuditEvent
from faircase.records.tests import factories as f
from faircase.records.tests.factories import case_with_reviews
from faircase.records.tests.reading import docx_text, html_text, pdf_text

URL_NAMES = ["records:record", "records:record_pdf", "records:record_docx"]


@pytest.fixture
def history(organisation, case_manager):
    return case_with_reviews(organisation=organisation, by=case_manager)


def _url(name, case):
    return reverse(name, kwargs={"case_id": case.pk})


def _generated_events(case):
    return list(AuditEvent.objects.filter(case=case, action="record.generated").order_by("sequence"))


def test_the_urls_are_where_the_case_page_links_to(history):
    case_id = history.case.pk
    assert _url("records:record", history.case) == f"/cases/{case_id}/record/"
    assert _url("records:record_pdf", history.case) == f"/cases/{case_id}/record.pdf"
    assert _url("records:record_docx", history.case) == f"/cases/{case_id}/record.docx"


def test_the_record_page_shows_the_record_with_download_links_and_is_audited(
    history, case_manager, signed_in
):
    response = signed_in(case_manager).get(_url("records:record", history.case))

    assert response.status_code == 200
    text = html_text(response.content)
    assert "Framework record for case FC-00012" in text
    assert f.NO_NOTE in text and f.NO_ACTION in text and f.FIRST_MOVE_REASONS in text
    body = response.content.decode()
    assert _url("records:record_pdf", history.case) in body
    assert _url("records:record_docx", history.case) in body
    assert reverse("cases:detail", kwargs={"case_id": history.case.pk}) in body
    (event,) = _generated_events(history.case)
    assert event.actor == case_manager
    assert event.summary["detail"]["format"] == "html"
    assert event.summary["detail"]["hash"] in text
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_downloads_as_an_attachment_named_after_the_case(history, case_manager, signed_in):
    client = signed_in(case_manager)
    asked = client.get(_url("records:record_pdf", history.case))
    response = client.get(asked["Location"] + "download")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="FC-00012-framework-record.pdf"'
    (event,) = _generated_events(history.case)
    assert event.summary["detail"]["format"] == "pdf"
    assert event.summary["detail"]["hash"] in pdf_text(b"".join(response.streaming_content))
    assert response["X-Record-Integrity-SHA256"] == event.summary["detail"]["hash"]


def test_the_word_document_downloads_as_an_attachment_named_after_the_case(history, case_manager, signed_in):
    response = signed_in(case_manager).get(_url("records:record_docx", history.case))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert response["Content-Disposition"] == 'attachment; filename="FC-00012-framework-record.docx"'
    (event,) = _generated_events(history.case)
    assert event.summary["detail"]["format"] == "docx"
    assert event.summary["detail"]["hash"] in docx_text(response.content)


def test_all_three_formats_carry_the_hash_of_the_same_content(history, case_manager, signed_in):
    client = signed_in(case_manager)
    for name in URL_NAMES:
        assert client.get(_url(name, history.case)).status_code in (200, 302)  # the PDF: its progress page

    hashes = {event.summary["detail"]["hash"] for event in _generated_events(history.case)}
    assert len(hashes) == 1


@pytest.mark.parametrize("name", URL_NAMES)
def test_someone_from_another_organisation_gets_not_found(case, other_organisation, signed_in, name):
    outsider = member(other_organisation, "case_manager", username="outsider")

    response = signed_in(outsider).get(_url(name, case))

    assert response.status_code == 404
    assert not _generated_events(case)


@pytest.mark.parametrize("name", URL_NAMES)
def test_someone_excluded_for_a_conflict_of_interest_gets_not_found(
    case, organisation, case_manager, signed_in, name
):
    conflicted = member(organisation, "case_manager", username="conflicted")
    assert signed_in(conflicted).get(_url("records:record", case)).status_code == 200  # before the exclusion
    case_services.exclude_for_conflict(
        case=case, user=conflicted, reason="Spouse of the referrer.", by=case_manager
    )

    response = signed_in(conflicted).get(_url(name, case))

    assert response.status_code == 404


@pytest.mark.parametrize("name", URL_NAMES)
def test_a_member_whose_role_does_not_see_cases_gets_not_found(case, organisation, signed_in, name):
    analyst = member(organisation, "equality_analyst", username="analyst")

    assert signed_in(analyst).get(_url(name, case)).status_code == 404


@pytest.mark.parametrize("name", URL_NAMES)
def test_signing_in_is_required(case, client, name):
    response = client.get(_url(name, case))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_record_cannot_be_posted_to(case, case_manager, signed_in):
    # Asking again for the PDF is a POST (the failed page's button); the record and the Word document are read only.
    client = signed_in(case_manager)
    assert client.post(_url("records:record", case)).status_code == 405
    assert client.post(_url("records:record_docx", case)).status_code == 405
