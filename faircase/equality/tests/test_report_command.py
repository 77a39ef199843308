"""`faircase equality report`: the JSON of issue 5 item 4, a readable table, several organisations, --publish,
and a one-line reason (exit code not 0) for anything wrong."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from faircase.core.models import AuditEvent
from faircase.equality.tests.report_helpers import baselines, historic

pytestmark = pytest.mark.django_db

ARGS = [
    "--period",
    "2025-26",
    "--profession",
    "doctor",
    "--dimension",
    "ethnicity",
    "--stage",
    "formal_investigation",
]


@pytest.fixture
def data(organisation, other_organisation):
    baselines(organisation, {"white": 2430, "mixed": 40, "black": 750})
    historic(organisation, 17, ethnicity="white", formal_investigation=True)
    historic(organisation, 9, ethnicity="black", formal_investigation=True)
    historic(organisation, 3, ethnicity="mixed", formal_investigation=True)
    baselines(other_organisation, {"white": 1000, "black": 1000})
    historic(other_organisation, 10, ethnicity="white", formal_investigation=True)
    historic(other_organisation, 10, ethnicity="black", formal_investigation=True)


def _run(*args) -> str:
    out = io.StringIO()
    call_command("equality", "report", *args, stdout=out)
    return out.getvalue()


def test_json_prints_exactly_the_fields_of_issue_five(data):
    result = json.loads(_run("--org", "riverside", *ARGS, "--json"))
    assert list(result) == [
        "organisation", "period", "profession", "dimension", "stage", "reference_group", "groups"
    ]  # fmt: skip
    assert result["organisation"] == "riverside"
    black = next(g for g in result["groups"] if g["group"] == "black")
    assert list(black) == [
        "group", "headcount", "entrants", "rate", "relative_likelihood", "ci_low", "ci_high", "flag", "significant",
        "suppressed",
    ]  # fmt: skip
    assert black["relative_likelihood"] == 1.7153 and black["flag"] == "above"
    mixed = next(g for g in result["groups"] if g["group"] == "mixed")
    assert mixed["entrants"] == 3 and mixed["suppressed"] is False


def test_publish_leaves_out_small_numbers(data):
    result = json.loads(_run("--org", "riverside", *ARGS, "--publish", "--json"))
    mixed = next(g for g in result["groups"] if g["group"] == "mixed")
    assert mixed["entrants"] is None and mixed["suppressed"] is True


def test_publish_refuses_a_window_that_could_be_subtracted_from_another(data):
    with pytest.raises(CommandError, match="A published report gathers 1 year, or the fixed 5 years"):
        _run("--org", "riverside", *ARGS, "--publish", "--window", "2")
    result = json.loads(_run("--org", "riverside", *ARGS, "--publish", "--window", "5", "--json"))
    assert list(result) == [  # the JSON keeps its shape
        "organisation", "period", "profession", "dimension", "stage", "reference_group", "groups", "window",
        "periods",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "orgs", [["--org", "riverside,hillside"], ["--org", "riverside", "--org", "hillside"]]
)
def test_several_organisations_repeated_or_comma_separated(data, orgs):
    result = json.loads(_run(*orgs, *ARGS, "--json"))
    assert result["organisation"] == ["riverside", "hillside"]
    white = next(g for g in result["groups"] if g["group"] == "white")
    assert (white["headcount"], white["entrants"]) == (3430, 27)


def test_without_json_a_readable_table_with_the_definitions_of_the_choices(data):
    text = _run("--org", "riverside", *ARGS, "--reference", "black")
    assert "Formal investigation: relative likelihood by ethnicity" in text
    assert "Reference group: Black or Black British" in text
    lines = [line for line in text.splitlines() if line.startswith("White ")]
    assert lines and "2,430" in lines[0] and "0.58" in lines[0]  # 425 / 729


def test_every_run_is_audited(data):
    _run("--org", "riverside", *ARGS, "--json")
    event = AuditEvent.objects.get(action="equality.report_read")
    assert event.actor is None and event.actor_label.startswith("faircase equality report (command line")
    assert event.summary["detail"]["channel"] == "command"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "nowhere", *ARGS], "No organisation with the slug 'nowhere'"),
        (
            ["--org", "riverside", *ARGS, "--reference", "uk"],
            "'uk' cannot be the reference group for ethnicity",
        ),
        (
            ["--org", "riverside", "--period", "2025", *ARGS[2:]],
            "'2025' is not a financial year such as 2025-26",
        ),
    ],
)
def test_bad_choices_are_refused_with_a_reason(data, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)
    assert not AuditEvent.objects.filter(action="equality.report_read").exists()


def test_on_the_command_line_a_bad_choice_exits_non_zero_with_the_reason_on_stderr():
    result = subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "faircase", "equality", "report", "--org", "x", *ARGS[:2], "--profession", "vet",
         "--dimension", "ethnicity", "--stage", "formal_investigation"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "invalid choice: 'vet'" in result.stderr
