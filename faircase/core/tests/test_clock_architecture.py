"""One clock: no module works out a date of its own.

Every date and count of days that a case shows (due dates, review dates, six-month marks, days excluded, "3 days
left", a reminder's window, an iCalendar event's end) comes from faircase/process/clock.py, which does its
arithmetic through the calendar (faircase/policy/calendar.py). This test reads every module of the product and
fails on date arithmetic anywhere else: `timedelta` or `relativedelta`, a call to the calendar's arithmetic
(add_period, add_working_days, add_weeks, add_calendar_days, add_months, last_day, monthrange), or a count of
days taken from subtracting two dates (`(a - b).days`). A few modules measure time that is not a case's date;
each is listed below with why.

Before the clock (main at 702fd7a), 19 functions in 10 modules worked out or counted dates of a case (the
deadline engine, the restriction services, the exclusion panel, the return, the deadline lists, the feed, the
reminders, the welfare alert, the second look's summary and the demo's periods); now the clock alone does.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

THE_CLOCK = {"process/clock.py", "policy/calendar.py"}

# Time that is not a date of a case, each with the reason.
NOT_A_CASE_DATE = {
    "accounts/known_devices.py": "how long a signed-in device is remembered",
    "accounts/throttle.py": "the sign-in throttle's window",
    "accounts/kept_drafts.py": "how long a draft kept when a session ran out is kept",
    "practitioners/services_portal.py": "when a practitioner's invitation link expires",
    "accounts/single_sign_on/services.py": "when an invitation to sign in with single sign-on expires",
    "practitioners/services_comms.py": "how long a letter's email may take before it counts as interrupted",
    "records/services.py": "when a record file made by the task worker is deleted (ADR 39)",
    "records/presenters_files.py": "when a record file's request has waited too long for its worker",
    "bench.py": "timestamps of the benchmark's invented cases",
    "demo/synthetic.py": "the synthetic cases of the equality benchmark",
    "demo/services.py": "the demo invents when its events happened, days before today",
    "policy/management/commands/workdays.py": "the working-day calculator a person runs, the calendar itself",
}

ARITHMETIC_CALLS = frozenset(
    {
        "add_period",
        "add_working_days",
        "add_weeks",
        "add_calendar_days",
        "add_months",
        "last_day",
        "monthrange",
    }
)
ARITHMETIC_NAMES = frozenset({"timedelta", "relativedelta"})


def date_arithmetic(source: str, filename: str) -> list[str]:
    """Where `source` does date arithmetic, as "file:line what"."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and node.id in ARITHMETIC_NAMES:
            found.add((node.lineno, node.id))
        elif isinstance(node, ast.Attribute) and node.attr in ARITHMETIC_NAMES:
            found.add((node.lineno, node.attr))
        elif isinstance(node, ast.alias) and node.name in ARITHMETIC_NAMES | ARITHMETIC_CALLS:
            found.add((getattr(node, "lineno", 0), f"import {node.name}"))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in ARITHMETIC_CALLS:
                found.add((node.lineno, f"{name}()"))
        elif (
            isinstance(node, ast.Attribute)
            and node.attr == "days"
            and isinstance(node.value, ast.BinOp)
            and isinstance(node.value.op, ast.Sub)
        ):
            found.add((node.lineno, "(a - b).days"))
    return [f"{filename}:{line} {what}" for line, what in sorted(found)]


def _modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts and path.name != "conftest.py"
    ]


def test_no_module_but_the_clock_and_the_calendar_does_date_arithmetic():
    offenders = []
    for path in _modules():
        name = path.relative_to(PACKAGE).as_posix()
        if name in THE_CLOCK or name in NOT_A_CASE_DATE:
            continue
        offenders += date_arithmetic(path.read_text(encoding="utf-8"), name)
    assert offenders == [], (
        "Work dates out in faircase/process/clock.py (which uses faircase/policy/calendar.py), and call it: "
        f"{offenders}"
    )


def test_every_exception_still_exists_and_still_needs_its_place():
    """An entry that no longer does date arithmetic is taken off the list, so the list cannot grow stale."""
    for name in NOT_A_CASE_DATE:
        path = PACKAGE / name
        assert path.exists(), name
        assert date_arithmetic(path.read_text(encoding="utf-8"), name), f"{name} needs no exception now"


def test_the_check_finds_each_kind_of_date_arithmetic():
    source = (
        "import datetime as dt\n"
        "from faircase.policy.calendar import add_period\n"
        "due = start + dt.timedelta(days=7)\n"
        "end = add_period(start, 4, 'weeks', 'england')\n"
        "left = (due - today).days\n"
        "fine = today > due\n"
    )
    assert date_arithmetic(source, "example.py") == [
        "example.py:2 import add_period",
        "example.py:3 timedelta",
        "example.py:4 add_period()",
        "example.py:5 (a - b).days",
    ]


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def test_reminders_read_deadlines_from_the_clock_never_through_a_presenter():
    imported = _imports(PACKAGE / "process" / "reminders.py")
    assert "faircase.process.clock" in imported or "faircase.process.clock" in {
        name.rsplit(".", 1)[0] for name in imported
    }
    assert not [name for name in imported if "presenters" in name], imported
