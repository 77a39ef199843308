"""/healthz and /readyz: JSON for load balancers, open to all, never cached, never audited, over plain HTTP too."""

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

from faircase.core.models import AuditEvent
from faircase.ops import health


@pytest.mark.django_db
def test_healthz_says_the_process_is_up_and_is_never_cached(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_names_each_check_it_passed_and_writes_nothing(client):
    events_before = AuditEvent.objects.count()

    response = client.get(reverse("ops:readyz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "task_queue": "ok"}}
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.count() == events_before


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_check_that_failed(client, monkeypatch):
    def unreadable() -> None:
        raise OperationalError("no such table: django_tasks_database_dbtaskresult")

    monkeypatch.setitem(health.READINESS_CHECKS, "task_queue", unreadable)

    response = client.get(reverse("ops:readyz"))

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "task_queue": "unreachable"},
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_probes_answer_head_and_refuse_a_post(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/readyz").status_code == 405


@pytest.mark.django_db
def test_the_probes_answer_over_plain_http_where_every_page_is_sent_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get(reverse("core:accessibility")).status_code == 301
