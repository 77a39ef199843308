"""`python -m faircase.bench audit`: how many case views per second the audit trail can record at once.

Every read of a case appends a `case.viewed` event in its own short transaction (faircase.access.guard.
audit_read, as the case pages do). THREADS threads, each on its own database connection, record views for
SECONDS seconds: (a) all on cases of one organisation, (b) spread over eight organisations. The floor, in the
same run, is one thread alone: the ratio says how much the threads gain (or lose) by running together.
Events per second, the median and p95 time of one recording and the errors (for example "database is locked").

SQLite (a file database, configured as settings configure it) by default; PostgreSQL when DATABASE_URL names
one (`scripts/with-postgres .venv/bin/python -m faircase.bench audit`). Results in bench-results/bench-audit.json.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from typing import Any

from faircase.benchmarks.setup import django_on_a_database, save_results

THREADS = int(os.environ.get("FAIRCASE_BENCH_AUDIT_THREADS", "8"))
SECONDS = float(os.environ.get("FAIRCASE_BENCH_AUDIT_SECONDS", "10"))
ORGANISATIONS = 8


def main() -> None:
    django_on_a_database("audit", postgresql_allowed=True)
    from django.db import connection

    from faircase.benchmarks.floor import machine_load

    user, cases = _build()
    load_before = machine_load()
    alone = _run(user, [cases[0]], threads=1)
    one = _run(user, [cases[0]], threads=THREADS)
    spread = _run(user, cases, threads=THREADS)
    from faircase.core.audit import verify_chain

    checked, fault = verify_chain()
    results: dict[str, Any] = {
        "database": connection.vendor,
        "threads": THREADS,
        "seconds": SECONDS,
        "organisations": ORGANISATIONS,
        "load_before": load_before,
        "load_after": machine_load(),
        "measurements": {
            "one thread (the floor)": alone,
            f"{THREADS} threads, one organisation": {**one, **_against(one, alone)},
            f"{THREADS} threads, {ORGANISATIONS} organisations": {**spread, **_against(spread, alone)},
        },
        # The same writers spread over eight organisations against all in one, in the same run: with one queue
        # for the whole trail this stays near 1.
        "spread_against_one_organisation": {
            "throughput_ratio": round(spread["events_per_second"] / one["events_per_second"], 2),
            "p95_ratio": round(spread["p95_ms"] / one["p95_ms"], 2),
        },
        "trail_verified": {"events": checked, "fault": str(fault) if fault else None},
        "python": sys.version.split()[0],
    }
    save_results("bench-audit.json", results)
    load = results["load_before"]
    print(
        f"\nfaircase benchmark: case views recorded in the audit trail, {connection.vendor}, {SECONDS:g} s each "
        f"(load {load['load_1m']} on {load['cpus']} CPUs)"
    )
    for name, row in results["measurements"].items():
        print(
            f"  {name:<32} {row['events_per_second']:8.1f} events/s   median {row['median_ms']:7.2f} ms   "
            f"p95 {row['p95_ms']:8.2f} ms   errors {row['errors']}"
            + (f"   x{row['throughput_ratio']} of one thread" if "throughput_ratio" in row else "")
        )
    spread_ratio = results["spread_against_one_organisation"]
    print(
        f"  spread over {ORGANISATIONS} organisations against one: x{spread_ratio['throughput_ratio']} events/s, "
        f"x{spread_ratio['p95_ratio']} p95"
    )
    print(
        f"  the trail verified after the run: {checked} events, fault {fault}; bench-results/bench-audit.json"
    )


def _against(row: dict[str, Any], floor: dict[str, Any]) -> dict[str, Any]:
    return {
        "throughput_ratio": round(row["events_per_second"] / floor["events_per_second"], 2),
        "p95_ratio": round(row["p95_ms"] / floor["p95_ms"], 2),
    }


def _build() -> tuple[Any, list[Any]]:
    """Eight organisations, one case in each, and a case manager who is a member of all eight."""
    from faircase.accounts.models import Membership, Organisation, User
    from faircase.bench import BENCH_CONCERN
    from faircase.cases import services
    from faircase.cases.models import Practitioner

    user = User.objects.create_user(
        username="bench-audit",
        password="bench-password-1234",  # noqa: S106 (a throwaway benchmark database)
        full_name="Bench Auditor",
    )
    cases = []
    for number in range(ORGANISATIONS):
        org = Organisation.objects.create(
            slug=f"bench-audit-{number}",
            name=f"Benchmark Fictional Trust {number}",
            ods_code=f"ZZA{number:02d}",
            nation="england",
            kind="nhs_trust",
        )
        Membership.objects.create(user=user, organisation=org, role="case_manager")
        practitioner = Practitioner.objects.create(
            organisation=org,
            full_name=f"Dr Bench Viewed {number}",
            profession="doctor",
            regulator="gmc",
            registration_number=f"{7100000 + number}",
            setting="secondary",
            contract_type="substantive",
            qualification_region="uk",
        )
        cases.append(
            services.open_case(
                organisation=org,
                practitioner=practitioner,
                reference=f"BENCH-AUDIT-{number}",
                policy="mhps_england",
                concern=BENCH_CONCERN,
                by=user,
                case_manager=user,
            )
        )
    return user, cases


def _run(user: Any, cases: list[Any], *, threads: int) -> dict[str, Any]:
    """`threads` threads record views for SECONDS seconds, thread i on cases[i % len(cases)]."""
    from django.db import OperationalError, connections

    from faircase.access.guard import audit_read

    start = threading.Barrier(threads + 1)
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: list[int] = [0] * threads
    deadline: list[float] = []

    def work(index: int) -> None:
        case = cases[index % len(cases)]
        taken = latencies[index]
        try:
            start.wait()
            while time.perf_counter() < deadline[0]:
                began = time.perf_counter()
                try:
                    audit_read(case=case, by=user, what="case.view")
                except OperationalError:
                    errors[index] += 1
                    continue
                taken.append((time.perf_counter() - began) * 1000)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    deadline.append(time.perf_counter() + SECONDS)
    began = time.perf_counter()
    start.wait()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    every = sorted(ms for thread in latencies for ms in thread)
    if not every:
        raise SystemExit("no view was recorded: every attempt failed")
    return {
        "events": len(every),
        "events_per_second": round(len(every) / elapsed, 1),
        "median_ms": round(statistics.median(every), 2),
        "p95_ms": round(every[max(0, int(len(every) * 0.95) - 1)], 2),
        "errors": sum(errors),
    }
