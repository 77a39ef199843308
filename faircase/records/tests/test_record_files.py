"""The record PDF made by the task worker (ADR 39): asking answers at once with a progress page, the file is
offered when ready, kept in the storage, served only through the access kernel and audited; an unchanged record
reuses its file; a failed one can be asked for again; files expire."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from faircase.accounts.tests.factories import member
from faircase.casefile import services as casefile_services
from faircase.core.models import AuditEvent
from faircase.documents.storage import document_storage
from faircase.records import services
from faircase.records.models import RecordFile
from faircase.records.presenters import build_record
from faircase.records.tests.reading import pdf_text

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _ask(client, case):
    response = client.get(reverse("records:record_pdf", kwargs={"case_id": case.pk}))
    assert response.status_code == 302
    return response["Location"]


def _file_urls(record_file):
    ids = {"case_id": record_file.case_id, "file_id": record_file.pk}
    return {name: reverse(f"records:{name}", kwargs=ids) for name in ("file", "file_status", "file_download")}


def _actions(case):
    return [e.action for e in AuditEvent.objects.filter(case=case).order_by("sequence")]


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_asking_answers_with_the_progress_page_which_offers_the_file_and_the_download_is_audited(
    case, case_manager, signed_in
):
    client = signed_in(case_manager)
    page_url = _ask(client, case)

    (record_file,) = RecordFile.objects.filter(case=case)
    urls = _file_urls(record_file)
    assert page_url == urls["file"]
    page = client.get(page_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "The PDF is ready to download." in text
    assert urls["file_download"] in text
    assert "http-equiv" not in text  # no meta refresh
    response, pdf = _download(client, urls["file_download"])
    assert response["Content-Disposition"] == f'attachment; filename="{case.reference}-framework-record.pdf"'
    assert pdf.startswith(b"%PDF")
    assert _actions(case)[-3:] == ["record.file_requested", "record.generated", "record.downloaded"]
    downloaded = AuditEvent.objects.filter(case=case, action="record.downloaded").get()
    assert downloaded.actor == case_manager
    assert downloaded.summary["detail"]["sha256"] == record_file.sha256


def test_the_integrity_hash_read_back_from_the_pdf_is_the_records(case, case_manager, signed_in):
    client = signed_in(case_manager)
    _ask(client, case)
    record_file = RecordFile.objects.get(case=case)

    response, pdf = _download(client, _file_urls(record_file)["file_download"])

    made_in_the_request = build_record(case, generated_by=case_manager).footer.sha256
    assert record_file.record_hash == made_in_the_request
    assert response["X-Record-Integrity-SHA256"] == made_in_the_request
    assert made_in_the_request in pdf_text(pdf)
    assert made_in_the_request in PdfReader(io.BytesIO(pdf)).metadata["/Subject"]
    generated = AuditEvent.objects.get(case=case, action="record.generated")
    assert generated.summary["detail"]["hash"] == made_in_the_request
    assert generated.summary["detail"]["file"] == str(record_file.pk)


def test_an_unchanged_record_reuses_its_file_and_a_change_makes_a_new_one(case, case_manager, signed_in):
    client = signed_in(case_manager)
    _ask(client, case)
    _ask(client, case)
    first, again = RecordFile.objects.filter(case=case).order_by("requested_at", "pk")
    assert again.reuses == first.pk
    assert (again.storage_name, again.sha256, again.record_hash) == (
        first.storage_name,
        first.sha256,
        first.record_hash,
    )
    generated = AuditEvent.objects.filter(case=case, action="record.generated").order_by("sequence")
    assert [e.summary["detail"]["reused"] for e in generated] == [False, True]

    casefile_services.add_note(case=case, text="Met the practitioner and their companion.", by=case_manager)
    _ask(client, case)

    changed = RecordFile.objects.filter(case=case).order_by("-requested_at", "-pk").first()
    assert changed.reuses is None
    assert changed.record_hash != first.record_hash
    assert changed.storage_name != first.storage_name
    _, pdf = _download(client, _file_urls(changed)["file_download"])
    assert "Met the practitioner and their companion." in pdf_text(pdf)


def test_while_the_worker_has_not_made_it_the_page_says_so_and_updates_itself_without_meta_refresh(
    case, case_manager, signed_in, settings
):
    settings.TASKS = DUMMY_TASKS  # the task waits, as it does for the database backend's worker
    client = signed_in(case_manager)
    page_url = _ask(client, case)
    record_file = RecordFile.objects.get(case=case)
    urls = _file_urls(record_file)

    text = client.get(page_url).content.decode()
    assert "Waiting to start" in text and "This page updates itself" in text
    assert 'aria-live="polite"' in text
    assert f'href="{page_url}">Refresh this page' in text
    assert "http-equiv" not in text
    assert client.get(urls["file_status"]).json()["status"] == "queued"
    assert client.get(urls["file_download"]).status_code == 404

    assert services.make_record_file(record_file_id=str(record_file.pk)) == "ready"

    status = client.get(urls["file_status"]).json()
    assert status["ready"] and status["download_url"] == urls["file_download"]
    assert re.match(r"PDF, \d+ pages?, \d+ KB", status["about_file"])
    assert client.get(urls["file_download"]).status_code == 200


def test_the_database_backends_worker_makes_the_file(case, case_manager, signed_in, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker closes a connection that is not in autocommit between tasks (to recover from a dropped one); the
    # test's own transaction is such a connection, and the rows the worker must see are in it.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    client = signed_in(case_manager)
    _ask(client, case)
    record_file = RecordFile.objects.get(case=case)
    assert record_file.status == RecordFile.Status.QUEUED

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    record_file.refresh_from_db()
    assert record_file.status == RecordFile.Status.READY
    _, pdf = _download(client, _file_urls(record_file)["file_download"])
    assert record_file.record_hash in pdf_text(pdf)


def test_a_failed_file_says_so_and_can_be_asked_for_again(case, case_manager, signed_in, monkeypatch):
    from faircase.records import renderers

    def broken(document):
        raise RuntimeError("pango went away")

    monkeypatch.setitem(renderers.FORMATS, "pdf", renderers.FORMATS["pdf"].__class__(
        "pdf", "PDF", "pdf", "application/pdf", broken
    ))  # fmt: skip
    client = signed_in(case_manager)
    page_url = _ask(client, case)
    failed = RecordFile.objects.get(case=case)
    assert failed.status == RecordFile.Status.FAILED
    text = client.get(page_url).content.decode()
    assert services.FAILED_MESSAGE in text and "pango" not in text
    assert "Ask for the PDF again" in text
    assert "record.file_failed" in _actions(case)
    assert client.get(_file_urls(failed)["file_download"]).status_code == 404
    monkeypatch.undo()

    again = client.post(reverse("records:record_pdf", kwargs={"case_id": case.pk}))

    assert again.status_code == 302
    made = RecordFile.objects.filter(case=case, status=RecordFile.Status.READY).get()
    assert again["Location"] == _file_urls(made)["file"]


def test_a_request_its_worker_never_took_is_shown_as_failed_after_a_quarter_of_an_hour(
    case, case_manager, signed_in, settings
):
    settings.TASKS = DUMMY_TASKS
    client = signed_in(case_manager)
    page_url = _ask(client, case)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        text = client.get(page_url).content.decode()
    assert services.FAILED_MESSAGE in text and "Ask for the PDF again" in text


@pytest.mark.parametrize("name", ["file", "file_status", "file_download"])
def test_others_get_not_found_for_the_file_and_nothing_is_audited(
    case, case_manager, other_organisation, organisation, signed_in, name
):
    _ask(signed_in(case_manager), case)
    record_file = RecordFile.objects.get(case=case)
    url = _file_urls(record_file)[name]
    before = AuditEvent.objects.count()

    for outsider in (
        member(other_organisation, "case_manager", username="outsider"),
        member(organisation, "equality_analyst", username="analyst"),
    ):
        assert signed_in(outsider).get(url).status_code == 404
    assert AuditEvent.objects.count() == before


def test_a_file_is_found_only_under_its_own_case(case, organisation, case_manager, signed_in):
    from faircase.cases.tests.factories import open_case

    client = signed_in(case_manager)
    _ask(client, case)
    record_file = RecordFile.objects.get(case=case)
    other = open_case(organisation=organisation, by=case_manager)

    url = reverse("records:file_download", kwargs={"case_id": other.pk, "file_id": record_file.pk})

    assert client.get(url).status_code == 404


def test_files_expire_after_a_week_and_go_from_the_storage(case, case_manager, signed_in):
    client = signed_in(case_manager)
    _ask(client, case)
    _ask(client, case)  # reuses the first file
    first = RecordFile.objects.filter(case=case, reuses__isnull=True).get()
    again = RecordFile.objects.filter(case=case, reuses=first.pk).get()
    assert document_storage().exists(first.storage_name)
    assert again.expires_at - again.finished_at == dt.timedelta(days=services.RECORD_FILE_DAYS)
    assert first.expires_at == again.expires_at  # the shared file lives as long as its newest request

    later = first.expires_at + dt.timedelta(minutes=1)
    with time_machine.travel(later):
        client = signed_in(case_manager)  # a week on: signed in again
        assert client.get(_file_urls(first)["file_download"]).status_code == 404
        assert (
            "This PDF has been deleted: ask for it again."
            in client.get(_file_urls(first)["file"]).content.decode()
        )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda call, **kwargs: call())
        assert services.purge_expired_record_files(now=later) == 2

    assert not RecordFile.objects.filter(case=case).exists()
    assert not document_storage().exists(first.storage_name)
