"""Disclosure bundles made by the task worker (ADR 39): asking answers at once with a progress page, the task makes
exactly the bundle the request used to make (same contents, redactions and SHA-256), stores and audits it; the
download stays behind the access kernel; a failed or stalled bundle can be asked for again."""

import datetime as dt
import hashlib
import json
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from faircase.accounts.tests.factories import member
from faircase.bundles import services
from faircase.bundles.models import Bundle
from faircase.bundles.tests import factories as F
from faircase.bundles.tests.reading import content_of, pages
from faircase.cases.models import CaseMember
from faircase.core.models import AuditEvent

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _urls(bundle):
    ids = {"org_slug": bundle.organisation.slug, "bundle_id": bundle.pk}
    return {
        name: reverse(f"bundles:{name}", kwargs=ids) for name in ("detail", "status", "download", "ask_again")
    }


def _ask_for_tribunal_bundle(client, world):
    response = client.post(
        reverse("bundles:tribunal", kwargs={"case_id": world.case.pk}), {"redact": [F.WITNESS]}
    )
    bundle = Bundle.objects.get()
    assert response.status_code == 302 and response["Location"] == _urls(bundle)["detail"]
    return bundle


def _actions(bundle):
    return [e.action for e in AuditEvent.objects.filter(object_id=str(bundle.pk)).order_by("sequence")]


def test_asking_answers_at_once_with_a_progress_page_then_the_worker_makes_the_draft(client, settings):
    settings.TASKS = DUMMY_TASKS  # the task waits, as it does for the database backend's worker
    world = F.world(documents=False)
    client.force_login(world.manager)
    bundle = _ask_for_tribunal_bundle(client, world)
    urls = _urls(bundle)
    assert (bundle.status, bundle.storage_name, bundle.redacted_terms) == ("queued", None, [F.WITNESS])

    page = client.get(urls["detail"]).content.decode()
    assert "Your request is waiting to start." in page and 'aria-live="polite"' in page
    assert "Refresh this page to see if the bundle is ready" in page and "records/record-file.js" in page
    assert "http-equiv" not in page  # no meta refresh
    status = json.loads(client.get(urls["status"]).content)
    assert status == {
        "status": "queued", "status_text": "Waiting to start", "finished": False, "ready": False, "failed": False,
        "message": "Your request is waiting to start. A bundle of many cases can take a few minutes.",
        "download_url": "", "about_file": "",
    }  # fmt: skip
    assert client.get(urls["download"]).status_code == 404
    client.post(reverse("bundles:release", kwargs={"org_slug": "kernow", "bundle_id": bundle.pk}))
    assert Bundle.objects.get().status == "queued"

    assert services.make_bundle(bundle_id=str(bundle.pk)) == "draft"
    status = json.loads(client.get(urls["status"]).content)
    assert status["ready"] and status["download_url"] == urls["download"]
    assert "Release the bundle" in client.get(urls["detail"]).content.decode()
    assert _actions(bundle) == ["bundle.requested", "bundle.prepared"]
    assert (
        services.make_bundle(bundle_id=str(bundle.pk)) == "skipped"
    )  # a second run of the task does nothing


def test_the_downloaded_file_is_the_one_audited_and_its_sha256_reads_back(client):
    world = F.world(documents=False)
    client.force_login(world.manager)
    bundle = Bundle.objects.get(
        pk=_ask_for_tribunal_bundle(client, world).pk
    )  # the immediate backend made it
    response = client.get(_urls(bundle)["download"])
    content = b"".join(response.streaming_content)
    prepared = AuditEvent.objects.get(action="bundle.prepared", object_id=str(bundle.pk))
    downloaded = AuditEvent.objects.get(action="bundle.downloaded", object_id=str(bundle.pk))
    assert hashlib.sha256(content).hexdigest() == bundle.sha256 == response["X-Bundle-SHA256"]
    assert prepared.summary["detail"]["sha256"] == downloaded.summary["detail"]["sha256"] == bundle.sha256
    assert (prepared.actor, downloaded.actor) == (world.manager, world.manager)
    assert bundle.page_count == len(pages(content)) and bundle.size == len(content)


def test_the_worker_makes_exactly_the_bundle_the_request_made(client):
    world = F.world()
    client.force_login(world.admin)
    url = reverse(
        "bundles:subject_access", kwargs={"org_slug": "kernow", "practitioner_id": world.practitioner.pk}
    )
    cases = [world.case, world.other_case]
    with time_machine.travel(dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        client.post(url, {"redact": [F.WITNESS], "other_terms": "bed 4"})
        made_by_the_worker = Bundle.objects.get()
        in_the_request = services.prepare_bundle(
            kind="subject_access", organisation=world.organisation, practitioner=world.practitioner,
            cases=cases, terms=[F.WITNESS, "bed 4"], by=world.admin,
        )  # fmt: skip
    made_by_the_worker.refresh_from_db()
    assert made_by_the_worker.status == "draft"
    worker_pages, request_pages = _same_trail(made_by_the_worker), _same_trail(in_the_request)
    assert worker_pages == request_pages  # every page, with each case record's integrity hash
    assert "Penhallow" not in " ".join(worker_pages) and "[redacted]" in " ".join(worker_pages)
    assert made_by_the_worker.page_count == in_the_request.page_count


def _same_trail(bundle):
    """The pages, but for the audit trail's checkpoint: the bundle made second comes after more audit events."""
    # checkpoints.integrity_line: "Audit trail checkpoint: N events in M chains; chain NAME: N events, head H, ..."
    checkpoint = re.compile(
        r"Audit trail checkpoint: \d+ events in \d+ chains?(; chain \S+: \d+ events, head [0-9a-f]+)?"
    )
    return [checkpoint.sub("Audit trail checkpoint", page) for page in pages(content_of(bundle))]


def test_a_failed_bundle_says_so_and_can_be_asked_for_again(client, monkeypatch):
    world = F.world(documents=False)
    client.force_login(world.manager)

    def broken(*args, **kwargs):
        raise RuntimeError("the layout broke")

    monkeypatch.setattr(services, "render_bundle", broken)
    bundle = _ask_for_tribunal_bundle(client, world)
    monkeypatch.undo()
    bundle.refresh_from_db()
    assert (bundle.status, bundle.failure) == ("failed", services.FAILED_MESSAGE)
    urls = _urls(bundle)
    page = client.get(urls["detail"]).content.decode()
    assert "The bundle could not be made. Try again." in page and "Ask for the bundle again" in page
    assert client.get(urls["download"]).status_code == 404

    assert client.post(urls["ask_again"])["Location"] == urls["detail"]
    bundle.refresh_from_db()
    assert (bundle.status, bundle.failure, bundle.redacted_terms) == ("draft", "", [F.WITNESS])
    assert _actions(bundle) == ["bundle.requested", "bundle.failed", "bundle.requested", "bundle.prepared"]
    assert client.get(urls["download"]).status_code == 200


def test_a_bundle_its_worker_never_took_is_shown_as_failed_after_a_quarter_of_an_hour(client, settings):
    settings.TASKS = DUMMY_TASKS
    world = F.world(documents=False)
    client.force_login(world.manager)
    bundle = _ask_for_tribunal_bundle(client, world)
    urls = _urls(bundle)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert json.loads(client.get(urls["status"]).content)["failed"] is True
        assert "Ask for the bundle again" in client.get(urls["detail"]).content.decode()
        client.post(urls["ask_again"])
    assert json.loads(client.get(urls["status"]).content)["status"] == "queued"


def test_others_get_not_found_and_the_worker_makes_nothing_for_someone_who_lost_access(client, settings):
    settings.TASKS = DUMMY_TASKS
    world = F.world(documents=False)
    client.force_login(world.manager)
    bundle = _ask_for_tribunal_bundle(client, world)
    other = member(world.organisation, "case_manager", username="not-named")
    client.force_login(other)
    urls = _urls(bundle)
    for name in ("detail", "status", "download"):
        assert client.get(urls[name]).status_code == 404
    assert client.post(urls["ask_again"]).status_code == 404

    # The person who asked is no longer the case's manager when the worker runs: no file is made.
    CaseMember.objects.filter(case=world.case, user=world.manager).delete()
    assert services.make_bundle(bundle_id=str(bundle.pk)) == "failed"
    bundle.refresh_from_db()
    assert (bundle.status, bundle.failure, bundle.storage_name) == (
        "failed",
        services.NO_LONGER_VISIBLE,
        None,
    )
