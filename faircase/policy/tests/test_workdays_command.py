"""`faircase workdays add|between`: one value on stdout, or a clear error and a non-zero exit."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from faircase.__main__ import main

FAIRCASE = Path(sys.executable).with_name("faircase")


def workdays(*args: str) -> str:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def run_faircase(*args: str) -> subprocess.CompletedProcess[str]:
    assert FAIRCASE.exists(), f"the console script should be installed beside the interpreter: {FAIRCASE}"
    return subprocess.run(  # noqa: S603 (our own console script, fixed arguments)
        [str(FAIRCASE), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"},
        timeout=120,
        check=False,
    )


def test_add_prints_the_date_twenty_working_days_after_18_december_2026():
    assert workdays("add", "2026-12-18", "20", "--nation", "england") == "2027-01-20\n"


def test_add_uses_the_nations_own_bank_holidays():
    assert workdays("add", "2027-03-16", "1", "--nation", "northern-ireland") == "2027-03-18\n"
    assert workdays("add", "2027-03-16", "1", "--nation", "wales") == "2027-03-17\n"


def test_add_with_a_negative_number_counts_back():
    assert workdays("add", "2027-01-20", "-20", "--nation", "england") == "2026-12-18\n"


def test_between_prints_the_number_of_working_days():
    assert workdays("between", "2026-12-18", "2027-01-20", "--nation", "england") == "20\n"
    assert workdays("between", "2027-01-20", "2026-12-18", "--nation", "england") == "-20\n"
    assert workdays("between", "2026-12-31", "2027-12-31", "--nation", "northern-ireland") == "251\n"


@pytest.mark.parametrize("bad_date", ["2026-13-18", "2026-02-30", "18/12/2026", "20261218", "tomorrow", ""])
def test_a_date_that_is_not_yyyy_mm_dd_is_refused(bad_date):
    with pytest.raises(CommandError, match=f"DATE '{bad_date}' is not a date: write it as YYYY-MM-DD"):
        workdays("add", bad_date, "20", "--nation", "england")


def test_a_bad_end_date_is_named():
    with pytest.raises(CommandError, match="END '2027-01-32' is not a date"):
        workdays("between", "2026-12-18", "2027-01-32", "--nation", "england")


@pytest.mark.parametrize("bad_number", ["twenty", "2.5", "1e3", "20x"])
def test_a_number_of_working_days_that_is_not_whole_is_refused(bad_number):
    with pytest.raises(CommandError, match=f"N '{bad_number}' is not a whole number of working days"):
        workdays("add", "2026-12-18", bad_number, "--nation", "england")


def test_an_unknown_nation_is_refused_with_the_choices():
    with pytest.raises(CommandError, match="invalid choice: 'scotland'"):
        workdays("add", "2026-12-18", "20", "--nation", "scotland")


def test_the_nation_is_required():
    with pytest.raises(CommandError, match="the following arguments are required: --nation"):
        workdays("between", "2026-12-18", "2027-01-20")


def test_an_action_is_required():
    with pytest.raises(CommandError, match="the following arguments are required: ACTION"):
        workdays()


def test_a_date_beyond_the_known_bank_holidays_is_refused():
    with pytest.raises(
        CommandError, match="The bank holiday calendar covers 1872 to 2100; 2101 is outside it"
    ):
        workdays("add", "2100-12-20", "20", "--nation", "england")


def test_the_installed_command_prints_the_worked_example_and_exits_zero():
    result = run_faircase("workdays", "add", "2026-12-18", "20", "--nation", "england")

    assert result.returncode == 0, result.stderr
    assert result.stdout == "2027-01-20\n"
    assert result.stderr == ""


def test_the_installed_command_exits_non_zero_for_an_unknown_nation_and_says_why():
    result = run_faircase("workdays", "add", "2026-12-18", "20", "--nation", "scotland")

    assert result.returncode != 0
    assert result.stdout == ""
    assert "invalid choice: 'scotland'" in result.stderr


def test_on_the_command_line_a_bad_date_is_a_one_line_error_and_exit_status_1(capsys):
    # In-process, through the console script's entry point, so the command-line error path is the one tested.
    with pytest.raises(SystemExit) as exit_:
        main(["faircase", "workdays", "between", "2026-12-18", "2027-02-30", "--nation", "wales"])

    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "CommandError: END '2027-02-30' is not a date: write it as YYYY-MM-DD, for example 2026-12-18."
    ]


def test_on_the_command_line_a_missing_nation_is_an_argparse_error_naming_it(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["faircase", "workdays", "add", "2026-12-18", "20"])

    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "faircase workdays add: error: the following arguments are required: --nation"
    )
