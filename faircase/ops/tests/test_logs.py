"""JSON logs: a request id on every line, one line a request, and nothing of a case's content (ADR 28)."""

import copy
import io
import json
import logging
import logging.config
import re

import pytest
from django.urls import reverse

from faircase.cases.tests.factories import PractitionerFactory, concern_fields, open_case
from faircase.ops.logs import WITHHELD, logging_config
from faircase.ops.middleware import RESPONSE_HEADER, incoming_request_id

ALLEGED = "Zephyrine left the Larkspur ward unattended during the night of 3 March"
NAME = "Dr Quillon Marbeck-Ostrander"
EMAIL = "q.marbeck-ostrander@practitioner.example"


@pytest.fixture
def json_log():
    """The production handler (JSON formatter and filters, from logging_config) writing to a string."""
    config = logging_config(json_lines=True)
    configurator = logging.config.DictConfigurator(copy.deepcopy(config))
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(configurator.configure_formatter(copy.deepcopy(config["formatters"]["faircase"])))
    for spec in config["filters"].values():
        handler.addFilter(configurator.configure_filter(copy.deepcopy(spec)))
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler.stream
    root.removeHandler(handler)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.urls("faircase.ops.tests.urls_with_a_failing_page")
def test_case_pages_and_a_failing_page_log_json_with_request_ids_and_no_case_content(
    organisation, case_manager, signed_in, json_log
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
    paths = [
        reverse("cases:detail", kwargs={"case_id": case.pk}),
        reverse("cases:history", kwargs={"case_id": case.pk}),
        reverse("cases:chronology", kwargs={"case_id": case.pk}),
        reverse("cases:list") + f"?q={NAME}",
        reverse("ops_test_fail", kwargs={"case_id": case.pk}),
    ]

    responses = [client.get(path) for path in paths]

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 500]
    # The error page gives the person the reference an administrator finds the error's log lines by.
    assert f"<strong>{responses[-1][RESPONSE_HEADER]}</strong>" in responses[-1].content.decode()
    written = json_log.getvalue()
    lines = _lines(json_log)
    assert all(line["request_id"] for line in lines)
    requests = [line for line in lines if line["logger"] == "faircase.request"]
    assert [line["request_id"] for line in requests] == [r[RESPONSE_HEADER] for r in responses]
    assert [line["route"] for line in requests] == [
        "cases:detail",
        "cases:history",
        "cases:chronology",
        "cases:list",
        "ops_test_fail",
    ]
    assert {line["user_id"] for line in requests} == {case_manager.pk}
    assert [line["status"] for line in requests] == [200, 200, 200, 200, 500]
    assert all(isinstance(line["duration_ms"], float) for line in requests)
    (error,) = [line for line in lines if line["logger"] == "django.request"]
    assert error["level"] == "ERROR"
    assert error["request_id"] == responses[-1][RESPONSE_HEADER]
    assert "in fail_with_case_content" in error["exc_info"]
    assert error["exc_info"].endswith(f"builtins.ValueError: {WITHHELD}")
    for secret in (ALLEGED, "Zephyrine", NAME, "Marbeck", EMAIL):
        assert secret not in written


@pytest.mark.django_db
def test_a_request_id_from_the_proxy_is_used_only_when_settings_trust_its_header(client, settings):
    offered = {"HTTP_X_REQUEST_ID": "lb-4f2a-0001"}

    settings.FAIRCASE_REQUEST_ID_HEADER = ""
    untrusted = client.get("/healthz", **offered)[RESPONSE_HEADER]
    settings.FAIRCASE_REQUEST_ID_HEADER = "X-Request-ID"
    trusted = client.get("/healthz", **offered)[RESPONSE_HEADER]

    assert re.fullmatch(r"[0-9a-f]{32}", untrusted)
    assert trusted == "lb-4f2a-0001"


@pytest.mark.parametrize("offered", ["", "has spaces", "new\nline", "x" * 129, '{"json": 1}'])
def test_a_request_id_that_does_not_look_like_one_is_replaced(rf, settings, offered):
    settings.FAIRCASE_REQUEST_ID_HEADER = "X-Request-ID"

    made = incoming_request_id(rf.get("/healthz", HTTP_X_REQUEST_ID=offered))

    assert re.fullmatch(r"[0-9a-f]{32}", made)


def test_local_logs_are_readable_lines_on_standard_error_and_production_json_on_standard_output():
    local, production = logging_config(json_lines=False), logging_config(json_lines=True)

    assert local["handlers"]["console"]["stream"] == "ext://sys.stderr"
    assert "()" not in local["formatters"]["faircase"]
    assert production["handlers"]["console"]["stream"] == "ext://sys.stdout"
    assert production["formatters"]["faircase"]["()"] == "pythonjsonlogger.json.JsonFormatter"
