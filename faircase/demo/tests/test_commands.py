import io
import json
import socket

import pytest
from django.core import management
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from faircase.__main__ import main as faircase_main
from faircase.accounts.roles import Role
from faircase.cases.models import Case
from faircase.demo.data import demo_data
from faircase.demo.management.commands import demo as demo_command
from faircase.demo.tests.loading import rolled_back
from faircase.policy.workflow import get_workflow

ROLES = {
    "case_manager",
    "case_investigator",
    "hr_adviser",
    "board_member",
    "responsible_officer",
    "equality_analyst",
    "org_admin",
    "auditor",
}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    return tmp_path_factory.mktemp("static")


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker, static_root):
    with (
        override_settings(STATIC_ROOT=static_root),
        rolled_back(django_db_blocker, lambda: run("demo", "--no-serve")) as out,
    ):
        yield out


@pytest.fixture
def loaded(first_run, db):
    return first_run


def test_the_demo_command_loads_the_demo_and_prints_every_login_and_the_cases(loaded, static_root):
    for person in demo_data().accounts:
        line = next(line for line in loaded.splitlines() if line.startswith(person.username + " "))
        assert (
            person.password in line and person.organisation in line and str(Role(person.role).label) in line
        )
    for story in demo_data().stories:
        assert story.reference in loaded
    assert "Demo loaded: 4 organisations" in loaded
    assert (static_root / "nhsuk").is_dir()


def test_running_the_demo_command_again_is_safe_and_duplicates_nothing(loaded, static_root):
    cases = Case.objects.count()
    with override_settings(STATIC_ROOT=static_root):
        again = run("demo", "--no-serve")
    assert "already loaded" in again
    assert Case.objects.count() == cases
    assert demo_data().accounts[0].password in again


def test_the_demo_command_serves_on_127_0_0_1_without_the_reloader(loaded, static_root, monkeypatch):
    calls = []
    real_call_command = demo_command.call_command

    def record(name, *args, **kwargs):
        if name == "runserver":
            calls.append((args, kwargs))
            return None
        return real_call_command(name, *args, **kwargs)

    monkeypatch.setattr(demo_command, "call_command", record)
    monkeypatch.setattr(demo_command, "port_is_free", lambda port: True)  # whatever else this machine runs
    workers = []
    monkeypatch.setattr(
        demo_command.subprocess, "Popen", lambda args: workers.append(FakeWorker(args)) or workers[-1]
    )
    with override_settings(STATIC_ROOT=static_root):
        out = run("demo", "--port", "8765")
    assert calls == [(("127.0.0.1:8765",), {"use_reloader": False})]
    assert "http://127.0.0.1:8765/" in out
    # Record PDFs and bundles are made in the background: the demo runs the worker too, and stops it after.
    assert [w.args[1:] for w in workers] == [["-m", "faircase", "db_worker"]]
    assert workers[0].terminated


class FakeWorker:
    def __init__(self, args):
        self.args = args
        self.terminated = False

    def terminate(self):
        self.terminated = True

    def wait(self, timeout=None):
        return 0


def test_the_demo_command_refuses_a_port_in_use_before_doing_anything(loaded):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(CommandError, match=f"Port {port} on 127.0.0.1 is already in use"):
            run("demo", "--port", str(port))


def test_the_demo_command_refuses_a_port_out_of_range(loaded):
    with pytest.raises(CommandError, match="--port"):
        run("demo", "--port", "70000", "--no-serve")


def test_demo_users_json_lists_every_demo_login_with_its_organisation_slug_and_role(loaded):
    accounts = json.loads(run("demo_users", "--json"))
    assert len(accounts) == len(demo_data().logins)
    for account in accounts:
        assert set(account) == {"username", "password", "organisation", "role"}
        assert account["role"] in ROLES | {"practitioner"}
    by_org: dict[str, set[str]] = {}
    for account in accounts:
        if account["role"] != "practitioner":
            by_org.setdefault(account["organisation"], set()).add(account["role"])
    assert set(by_org) == {"riverside", "bro-derwen", "northvale", "lough-carragh"}
    assert all(roles == ROLES for roles in by_org.values())


def test_demo_users_json_lists_practitioner_logins_with_their_organisation_slug(loaded):
    accounts = json.loads(run("demo_users", "--json"))
    practitioners = {a["organisation"] for a in accounts if a["role"] == "practitioner"}
    assert "riverside" in practitioners
    assert practitioners & {"bro-derwen", "northvale"}


def test_the_demo_command_prints_the_practitioner_logins(loaded):
    for person in demo_data().practitioner_logins:
        line = next(line for line in loaded.splitlines() if line.startswith(person.username + " "))
        assert person.password in line and person.organisation in line and "Practitioner" in line


def test_demo_users_without_json_prints_a_table(loaded):
    table = run("demo_users")
    assert table.splitlines()[0].split() == ["Username", "Password", "Organisation", "Role"]
    assert "riverside-case-manager" in table


def test_the_console_command_finds_demo_users_spelt_with_a_hyphen(monkeypatch):
    # Running it for real would close the database connection the test runs in (Django does so after every
    # command run from the command line), so stop at the point where Django takes over.
    seen = []
    monkeypatch.setattr(management, "execute_from_command_line", seen.append)
    faircase_main(["faircase", "demo-users", "--json"])
    assert seen == [["faircase", "demo_users", "--json"]]
    assert management.get_commands()["demo_users"] == "faircase.demo"
    assert management.get_commands()["cases"] == "faircase.cases"


def test_cases_list_json_gives_reference_practitioner_and_stage(loaded):
    listed = json.loads(run("cases", "list", "--org", "riverside", "--json"))
    expected = {s.reference for s in demo_data().all_stories if s.organisation == "riverside"}
    assert {item["reference"] for item in listed} == expected
    stages = {stage.code: stage.name for stage in get_workflow().stages}
    for item in listed:
        assert set(item) == {"reference", "practitioner", "stage", "stage_name"}
        assert item["stage_name"] == stages[item["stage"]]
        case = Case.objects.get(organisation__slug="riverside", reference=item["reference"])
        assert item["practitioner"] == case.practitioner.full_name
        assert item["stage"] == case.stage


def test_cases_list_prints_a_table_without_json(loaded):
    table = run("cases", "list", "--org", "northvale")
    assert table.splitlines()[0].split() == ["Reference", "Practitioner", "Stage"]
    assert "NVPL-0021" in table and "Dr Ioana Marinescu" in table and "Closed" in table


def test_cases_list_for_an_unknown_organisation_is_an_error(loaded):
    with pytest.raises(CommandError, match="no organisation 'nowhere'"):
        run("cases", "list", "--org", "nowhere", "--json")


def test_cases_needs_the_list_action(loaded):
    with pytest.raises(CommandError):
        run("cases")
