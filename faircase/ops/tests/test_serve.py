"""`faircase serve`: gunicorn's options from the command line and the settings, and a refusal without static files."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from faircase.ops import serving
from faircase.ops.management.commands.serve import REFUSED

MANIFEST_STORAGE = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}


@pytest.fixture
def started(monkeypatch):
    """The options gunicorn would have started with; nothing is served."""
    calls: list[dict] = []
    monkeypatch.setattr(serving.FaircaseServer, "run", lambda self: calls.append(self.options))
    return calls


@pytest.mark.parametrize(("cpus", "workers"), [(None, 2), (1, 2), (2, 4), (3, 6), (4, 8), (64, 8)])
def test_workers_are_two_a_cpu_from_2_to_8(cpus, workers):
    assert serving.default_workers(cpus) == workers


def test_serve_runs_gthread_workers_with_faircase_logs_and_the_proxies_settings_name(started, settings):
    settings.FAIRCASE_FORWARDED_ALLOW_IPS = "10.0.0.5"

    call_command("serve", "--port", "8123", "--bind", "0.0.0.0", "--workers", "3", "--threads", "2")  # noqa: S104

    (options,) = started
    assert options["bind"] == ["0.0.0.0:8123"]
    assert (options["workers"], options["threads"], options["worker_class"]) == (3, 2, "gthread")
    assert options["forwarded_allow_ips"] == "10.0.0.5"
    assert options["accesslog"] is None
    assert options["logconfig_dict"]["handlers"] == settings.LOGGING["handlers"]
    assert options["logconfig_dict"]["loggers"]["gunicorn.error"]["propagate"] is True


def test_serve_refuses_with_status_2_until_static_files_are_collected(started, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}
    settings.STATIC_ROOT = tmp_path

    with pytest.raises(CommandError) as refused:
        call_command("serve")

    assert refused.value.returncode == REFUSED
    assert str(refused.value) == (
        f"Static files have not been collected ({tmp_path / 'staticfiles.json'} is missing): "
        "run `faircase collectstatic` once, then `faircase serve` again."
    )
    assert started == []


def test_serve_starts_once_the_manifest_is_there(started, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')

    call_command("serve", "--port", "8124")

    assert len(started) == 1


@pytest.mark.parametrize(
    ("argument", "says"),
    [
        (["--workers", "0"], "--workers: must be a whole number, 1 or more (not '0')"),
        (["--threads", "many"], "--threads: must be a whole number, 1 or more (not 'many')"),
        (["--port", "70000"], "--port: must be a port number from 1 to 65535 (not '70000')"),
    ],
)
def test_serve_refuses_a_bad_number_saying_what_is_wrong(started, argument, says):
    with pytest.raises(CommandError, match=says.replace("(", r"\(").replace(")", r"\)")):
        call_command("serve", *argument)

    assert started == []
