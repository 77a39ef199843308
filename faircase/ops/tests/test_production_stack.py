"""The documented commands, without Docker, under the production settings: `faircase check --deploy` is clean,
and `faircase migrate` with `faircase serve` answer /healthz and /readyz over HTTP. Each runs `faircase` as the
operator would, in its own process (a few seconds each: Django starts in every one)."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from faircase.config.tests.test_settings import MINIMAL_ENV

FAIRCASE = str(Path(sys.executable).parent / "faircase")
HOST = "faircase.example"  # in MINIMAL_ENV's FAIRCASE_ALLOWED_HOSTS


def _environment(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FAIRCASE_", "DJANGO_", "DATABASE_"))}
    static_root = tmp_path / "static"
    static_root.mkdir()
    # Collecting every static file takes longer than this whole test (the Dockerfile does it once at build);
    # an empty manifest is what `faircase serve` looks for, and the probes render no page.
    (static_root / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    return {
        **clean,
        **MINIMAL_ENV,
        "DJANGO_SETTINGS_MODULE": "faircase.config.settings.production",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'faircase.sqlite3'}",
        "FAIRCASE_STATIC_ROOT": str(static_root),
        "FAIRCASE_DOCUMENTS_DIR": str(tmp_path / "documents"),
    }


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"Host": HOST})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def _wait_for(port: int, path: str, server: subprocess.Popen, *, seconds: float = 60) -> tuple[int, dict]:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return _get(port, path)
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _faircase(*arguments: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own command, fixed arguments)
        [FAIRCASE, *arguments], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def test_check_deploy_is_clean_and_migrate_and_serve_answer_the_probes_under_the_production_settings(
    tmp_path,
):
    env = _environment(tmp_path)
    port = _free_port()
    # All three at once: most of each one's time is Python and Django starting.
    server = _faircase("serve", "--port", str(port), "--workers", "1", "--threads", "2", env=env)
    check = _faircase("check", "--deploy", env=env)
    # The task queue's migrations alone (all of faircase's take ~25 s more; the demo and the suite run them).
    migrate = _faircase("migrate", "django_tasks_database", "--noinput", env=env)
    try:
        check_output, _ = check.communicate(timeout=120)
        migrate_output, _ = migrate.communicate(timeout=120)
        alive = _wait_for(port, "/healthz", server)
        ready = _get(port, "/readyz")
    finally:
        for process in (check, migrate, server):
            process.terminate()
        server_output, _ = server.communicate(timeout=30)

    assert (check.returncode, check_output.strip()) == (0, "System check identified no issues (0 silenced).")
    assert migrate.returncode == 0, migrate_output
    assert alive == (200, {"status": "ok"})
    assert ready == (200, {"status": "ok", "checks": {"database": "ok", "task_queue": "ok"}})
    # serve ran the deployment checks too, then logged in JSON: gunicorn's messages and a line a request.
    assert server_output.startswith("System check identified no issues (0 silenced).\n")
    logged = [json.loads(line) for line in server_output.splitlines() if line.startswith("{")]
    assert any(line["message"].startswith("Booting worker") for line in logged)
    requests = [line for line in logged if line["logger"] == "faircase.request"]
    assert [line["route"] for line in requests][-2:] == ["ops:healthz", "ops:readyz"]
