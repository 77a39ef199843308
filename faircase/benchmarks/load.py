"""`python -m faircase.bench load`: the headless load test (issue 15, ADR 36).

The demo data (`faircase demo --no-serve`) on a fresh database, served by the production server (`faircase serve`:
gunicorn, the production settings, its default workers and threads), and FAIRCASE_BENCH_LOAD_USERS simulated users
(50) for FAIRCASE_BENCH_LOAD_SECONDS (60) from locust, headless, in its own process. The mix and the sign-in are in
faircase/benchmarks/load_locustfile.py; what each account may reach in faircase/benchmarks/load_plan.py.

On SQLite (a file in a temporary folder) by default; on PostgreSQL when DATABASE_URL names one
(`scripts/with-postgres .venv/bin/python -m faircase.bench load`). Results, one entry a database, in
bench-results/bench-load.json: requests a second, p50/p95/p99 a kind of request, failures by message, the server's
5xx answers and "database is locked" errors from its log, and the machine's load before and after.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

USERS = int(os.environ.get("FAIRCASE_BENCH_LOAD_USERS", "50"))
SECONDS = int(os.environ.get("FAIRCASE_BENCH_LOAD_SECONDS", "60"))
THINK_S = os.environ.get("FAIRCASE_BENCH_LOAD_THINK_S", "0")
HOST = "127.0.0.1"
BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).with_name("load_locustfile.py")
RESULTS = Path("bench-results") / "bench-load.json"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def production_environment(*, database_url: str, workdir: Path, port: int) -> dict[str, str]:
    """The production settings' environment, every required name set (faircase.ops.environment), nothing
    relaxed: the server is plain HTTP on localhost only because the client plays the TLS-terminating proxy."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "faircase.config.settings.production",
        "DATABASE_URL": database_url,
        "FAIRCASE_SECRET_KEY": secrets.token_urlsafe(60),
        "FAIRCASE_ALLOWED_HOSTS": HOST,
        "FAIRCASE_SITE_URL": f"https://{HOST}:{port}",
        # Nothing in the mix sends email; a host that does not exist makes sure nothing could.
        "FAIRCASE_EMAIL_HOST": "smtp.faircase-load-test.invalid",
        "FAIRCASE_EMAIL_FROM": "faircase <faircase@faircase-load-test.invalid>",
        "FAIRCASE_AUDIT_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "FAIRCASE_AUDIT_CHECKPOINT_DIR": str(workdir / "checkpoints"),
        "FAIRCASE_DOCUMENTS_DIR": str(workdir / "documents"),
        "FAIRCASE_STATIC_ROOT": str(workdir / "static"),
    }


def prepare(database_url: str, workdir: Path, production: dict[str, str]) -> Path:
    """The demo loaded (in demo mode), then its accounts made ordinary with second factors and the plan written
    under the production settings the server will run (recovery codes are keyed with its secret key): its path."""
    local = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "faircase.config.settings.local",
        "DATABASE_URL": database_url,
    }
    subprocess.run([BIN / "faircase", "demo", "--no-serve"], env=local, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    accounts = json.loads(
        subprocess.run(  # noqa: S603
            [BIN / "faircase", "demo-users", "--json"], env=local, check=True, capture_output=True, text=True
        ).stdout
    )
    os.environ.update(production)
    import django

    django.setup()
    from django.db import connection, connections

    from faircase.benchmarks.load_plan import build_plan

    plan = build_plan(accounts)
    vendor = connection.vendor
    connections.close_all()
    path = workdir / "plan.json"
    path.write_text(json.dumps(plan))
    (workdir / "vendor").write_text(vendor)
    return path


def _wait_until_ready(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"faircase serve stopped with status {server.returncode}: see its log")
        try:
            request = urllib.request.Request(
                f"http://{HOST}:{port}/healthz", headers={"X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("faircase serve did not answer /healthz within 60 s")


def _ms(text: str) -> float | None:
    return None if text == "N/A" else float(text)


def _stats(prefix: Path) -> dict[str, Any]:
    kinds: dict[str, Any] = {}
    with open(f"{prefix}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            kinds[row["Name"] if row["Name"] != "Aggregated" else "all"] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "requests_per_s": round(float(row["Requests/s"]), 2),
                "p50_ms": _ms(row["50%"]),
                "p95_ms": _ms(row["95%"]),
                "p99_ms": _ms(row["99%"]),
            }
    with open(f"{prefix}_failures.csv", newline="") as f:
        failures = {f"{row['Name']}: {row['Error']}": int(row["Occurrences"]) for row in csv.DictReader(f)}
    # Exceptions in the client itself (not answers from the server), should there be any.
    with open(f"{prefix}_exceptions.csv", newline="") as f:
        client_errors = {row["Message"]: int(row["Count"]) for row in csv.DictReader(f)}
    return {"kinds": kinds, "failures": failures, "client_exceptions": client_errors}


def _server_errors(log: Path) -> dict[str, int]:
    text = log.read_text(errors="replace")
    fives = sum(1 for line in text.splitlines() if '"status": 5' in line or '"status_code": 5' in line)
    return {"database_is_locked": text.count("database is locked"), "server_5xx_log_lines": fives}


def run_load(env: dict[str, str], port: int, workdir: Path, plan: Path) -> dict[str, Any]:
    from faircase.benchmarks.floor import machine_load

    subprocess.run(  # noqa: S603
        [BIN / "faircase", "collectstatic", "--noinput"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    log = workdir / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603
            [BIN / "faircase", "serve", "--bind", HOST, "--port", str(port)], env=env, stdout=out, stderr=out
        )
        try:
            _wait_until_ready(port, server)
            before = machine_load()
            prefix = workdir / "locust"
            started = time.monotonic()
            subprocess.run(  # noqa: S603
                [
                    BIN / "locust",
                    *(
                        "-f",
                        str(LOCUSTFILE),
                        "--headless",
                        "--only-summary",
                        "--host",
                        f"http://{HOST}:{port}",
                    ),
                    # The file stops the run SECONDS after the last user signed in; -t only guards against a hang.
                    *("-u", str(USERS), "-r", str(USERS), "-t", f"{SECONDS + 900}s", "--csv", str(prefix)),
                    *("--exit-code-on-error", "0", "--loglevel", "WARNING"),
                ],
                env={
                    **os.environ,
                    "FAIRCASE_LOAD_PLAN": str(plan),
                    "FAIRCASE_LOAD_SIGN_IN_OUT": str(workdir / "sign-in.json"),
                    "FAIRCASE_BENCH_LOAD_USERS": str(USERS),
                    "FAIRCASE_BENCH_LOAD_SECONDS": str(SECONDS),
                    "FAIRCASE_BENCH_LOAD_THINK_S": THINK_S,
                },
                check=True,
                stdout=subprocess.DEVNULL,
            )
            elapsed = time.monotonic() - started
            after = machine_load()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "users": USERS,
        "seconds": SECONDS,
        "think_s": float(THINK_S),
        "locust_seconds": round(elapsed, 1),
        # Signing in and one of each page a user reads, before the measured seconds (not in "kinds").
        "sign_in_and_warm_up": json.loads((workdir / "sign-in.json").read_text()),
        "server": "faircase serve (gunicorn gthread, default workers and threads), production settings",
        **_stats(prefix),
        **_server_errors(log),
        "machine_load_before": before,
        "machine_load_after": after,
    }


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="faircase-load-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'load.sqlite3'}"
    port = _free_port()
    env = production_environment(database_url=database_url, workdir=workdir, port=port)
    plan = prepare(database_url, workdir, env)
    vendor = (workdir / "vendor").read_text()
    result = run_load(env, port, workdir, plan)
    RESULTS.parent.mkdir(exist_ok=True)
    kept = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    kept[vendor] = result
    RESULTS.write_text(json.dumps(kept, indent=2))
    print(
        f"\nfaircase load test on {vendor}: {USERS} users for {SECONDS} s against faircase serve; "
        f"machine load {result['machine_load_before']['load_1m']} -> {result['machine_load_after']['load_1m']} "
        f"on {result['machine_load_after']['cpus']} CPUs"
    )
    for name, row in result["kinds"].items():
        print(
            f"  {name:<32} {row['requests']:6d} requests {row['requests_per_s']:7.2f}/s  p50 {row['p50_ms']} "
            f"p95 {row['p95_ms']} p99 {row['p99_ms']} ms  failures {row['failures']}"
        )
    for message, count in result["failures"].items():
        print(f"  failed {count:5d} x {message}")
    for message, count in result["client_exceptions"].items():
        print(f"  client exception {count:5d} x {message}")
    print(f"  'database is locked' in the server's log: {result['database_is_locked']}; results in {RESULTS}")
    print(f"  (server log and data kept in {workdir})")
