"""Error reports (Sentry): off unless configured; when on, a report holds no case content, cookie or body."""

import json

import pytest
import sentry_sdk
from django.urls import reverse
from sentry_sdk.transport import Transport

from faircase.cases.tests.factories import PractitionerFactory, concern_fields, open_case
from faircase.ops.errors import WITHHELD, scrub_event, start_error_reporting

ALLEGED = "Zephyrine left the Larkspur ward unattended during the night of 3 March"
NAME = "Dr Quillon Marbeck-Ostrander"
EMAIL = "q.marbeck-ostrander@practitioner.example"


class CapturingTransport(Transport):
    def __init__(self) -> None:
        super().__init__({"dsn": None})
        self.envelopes: list = []

    def capture_envelope(self, envelope) -> None:
        self.envelopes.append(envelope)


@pytest.fixture
def reporting():
    """Sentry switched on, sending to a list, then switched off again (as the suite runs: no DSN)."""
    scope = sentry_sdk.get_global_scope()
    before = scope.client
    transport = CapturingTransport()
    start_error_reporting(
        dsn="https://public@sentry.faircase.example/1",
        environment="test",
        traces_sample_rate=0,
        transport=transport,
    )
    yield transport
    sentry_sdk.get_client().close()
    scope.set_client(before)


def test_error_reporting_is_off_unless_configured():
    assert not sentry_sdk.get_client().is_active()


@pytest.mark.urls("faircase.ops.tests.urls_with_a_failing_page")
def test_a_report_of_a_failing_page_holds_no_case_content_cookie_or_body(
    organisation, case_manager, signed_in, reporting
):
    practitioner = PractitionerFactory(organisation=organisation, full_name=NAME, email=EMAIL)
    case = open_case(
        practitioner=practitioner,
        by=case_manager,
        case_manager=case_manager,
        concern=concern_fields(description=ALLEGED),
    )
    client = signed_in(case_manager)
    client.raise_request_exception = False
    client.cookies["remembered"] = NAME

    response = client.post(
        reverse("ops_test_fail", kwargs={"case_id": case.pk}) + "?q=Marbeck", {"note": ALLEGED}
    )
    sentry_sdk.flush()

    assert response.status_code == 500
    events = [
        item.payload.json
        for envelope in reporting.envelopes
        for item in envelope.items
        if item.type == "event"
    ]
    assert len(events) == 1, events
    (event,) = events
    assert event["exception"]["values"][-1]["type"] == "ValueError"
    assert event["exception"]["values"][-1]["value"] == WITHHELD
    assert set(event.get("request", {})) <= {"method", "url"}
    assert "?" not in event.get("request", {}).get("url", "")
    assert "user" not in event or set(event["user"]) <= {"id"}
    frames = [f for value in event["exception"]["values"] for f in value["stacktrace"]["frames"]]
    assert frames and not any("vars" in frame for frame in frames)
    written = json.dumps(event)
    for secret in (ALLEGED, "Zephyrine", NAME, "Marbeck", EMAIL, "remembered", "sessionid", "csrftoken"):
        assert secret not in written


def test_scrubbing_keeps_where_it_failed_and_drops_what_someone_typed():
    event = {
        "request": {
            "method": "POST",
            "url": "https://faircase.example/cases/1/?q=Marbeck",
            "data": {"note": ALLEGED},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc"},
            "query_string": "q=Marbeck",
        },
        "user": {"id": "7", "email": EMAIL, "username": "qmo"},
        "exception": {
            "values": [
                {"type": "ValueError", "value": ALLEGED, "stacktrace": {"frames": [{"vars": {"x": NAME}}]}}
            ]
        },
        "breadcrumbs": {"values": [{"message": ALLEGED}]},
        "extra": {"note": ALLEGED},
        "logentry": {"message": "Failed %s", "params": [NAME]},
    }

    scrubbed = scrub_event(event)

    assert scrubbed["request"] == {"method": "POST", "url": "https://faircase.example/cases/1/"}
    assert scrubbed["user"] == {"id": "7"}
    assert scrubbed["exception"]["values"][0] == {
        "type": "ValueError",
        "value": WITHHELD,
        "stacktrace": {"frames": [{}]},
    }
    assert "breadcrumbs" not in scrubbed and "extra" not in scrubbed
    assert scrubbed["logentry"] == {"message": "Failed %s"}
