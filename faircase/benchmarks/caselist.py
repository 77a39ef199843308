"""The case list at 1,000 and at 100,000 cases, each measurement beside its floors (issue 15, item 3; ADR 37).

Two organisations in one database: a small one with FAIRCASE_BENCH_CASELIST_SMALL cases (1,000) and a large one
with FAIRCASE_BENCH_CASELIST_LARGE (100,000), bulk-created as bench.py's build_cases does, the stages spread
over the workflow. In each, a case manager (organisation-wide) and a case investigator named on
NAMED_CASES cases spread over the caseload. For each person and size, the first page, a stage filter and a
search: the page's median (the whole request through the test client), its own SQL replayed raw
(floor.measure_page), and a floor written by hand (floor.time_sql: the plainest query returning the same 50 rows
by the index), with the ratios. The large organisation's page is also set against the small one's.

    python -m faircase.bench caselist                                   SQLite, in a temporary folder
    scripts/with-postgres .venv/bin/python -m faircase.bench caselist   PostgreSQL

Results in bench-results/bench-caselist.json (bench-caselist-postgresql.json on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
from typing import Any

from faircase.benchmarks.setup import bench_practitioner, django_on_a_database, save_results

SMALL = int(os.environ.get("FAIRCASE_BENCH_CASELIST_SMALL", "1000"))
LARGE = int(os.environ.get("FAIRCASE_BENCH_CASELIST_LARGE", "100000"))
RUNS = int(os.environ.get("FAIRCASE_BENCH_CASELIST_RUNS", "30"))
NAMED_CASES = 60  # an investigator's cases over the years: more than a page, a tiny part of the caseload
SEARCH = "Practitioner 12"  # matches about one practitioner in twenty-five: a search that pages
STAGE = "formal_investigation"
PAGE_ROWS = 50
# Opened one minute apart, counting back from a fixed moment: the data are the same on every run.
NEWEST = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC).timestamp()


def main() -> None:
    django_on_a_database("caselist", postgresql_allowed=True)
    from django.db import connection

    from faircase.benchmarks import floor
    from faircase.core.formatting import pluralise

    logging.getLogger("faircase.request").setLevel(
        logging.WARNING
    )  # a line per request would drown the table
    started = time.perf_counter()
    people = {size: _organisation(f"bench-{size}", size) for size in (SMALL, LARGE)}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    setup_seconds = time.perf_counter() - started
    load_before = floor.machine_load()
    measurements = {}
    for size, (org, manager, investigator) in people.items():
        for who, user in (("case manager", manager), ("case investigator", investigator)):
            for what, query in (("first page", {}), ("stage", {"stage": STAGE}), ("search", {"q": SEARCH})):
                measurements[f"{who}, {what}, {pluralise(size, 'case')}"] = _measure(
                    org, user, query, who=who
                )
    large, small = pluralise(LARGE, "case"), pluralise(SMALL, "case")
    for key, row in measurements.items():
        if key.endswith(large):
            row["ratio_to_small"] = round(
                row["median_ms"] / measurements[key.replace(large, small)]["median_ms"], 2
            )
    results = {
        "database": connection.vendor,
        "cases": {"small": SMALL, "large": LARGE},
        "setup_seconds": round(setup_seconds, 1),
        "machine_load_before": load_before,
        "machine_load_after": floor.machine_load(),
        "measurements": measurements,
        "python": sys.version.split()[0],
    }
    name = (
        "bench-caselist.json" if connection.vendor == "sqlite" else f"bench-caselist-{connection.vendor}.json"
    )
    save_results(name, results)
    print(f"\nfaircase case list benchmark on {connection.vendor}, median of {RUNS} runs, load {load_before}")
    print(
        f"  {'':<44} {'page ms':>8} {'own SQL':>8} {'list SQL':>8} {'floor':>7} {'page/fl':>8} {'list/fl':>7} "
        f"{'vs small':>8} queries"
    )
    for key, row in measurements.items():
        print(
            f"  {key:<44} {row['median_ms']:8.1f} {row['floor_median_ms']:8.2f} {row['list_sql_ms']:8.2f} "
            f"{row['hand_floor_ms']:7.2f} {row['page_to_hand_floor']:8.1f} {row['list_sql_to_hand_floor']:7.1f} "
            f"{row.get('ratio_to_small', ''):>8} {row['queries']}"
        )
    print(f"  data built in {setup_seconds:.1f} s; results in bench-results/{name}")


def _measure(org, user, query: dict[str, str], *, who: str) -> dict[str, Any]:
    from urllib.parse import urlencode

    from django.test import Client
    from django.urls import reverse

    from faircase.benchmarks import floor

    client = Client()
    client.force_login(user)
    url = reverse("cases:list") + ("?" + urlencode(query) if query else "")
    row = floor.measure_page(client, url, RUNS)
    # The statements that read cases (the list's parts and counts), replayed: the list's SQL beside the hand
    # floor, without the session, the navigation and the other reads every page makes.
    _, statements = floor.capture(lambda: client.get(url))
    reads_cases = [s for s in statements if 'FROM "cases_case"' in s.sql]
    row["list_sql_queries"] = len(reads_cases)
    row["list_sql_ms"] = floor.summary(floor.samples_ms(lambda: floor.replay(reads_cases), RUNS))["median_ms"]
    sql, params = _hand_floor(org, user, query, named=who == "case investigator")
    row["hand_floor_ms"] = floor.time_sql(sql, params, RUNS)["median_ms"]
    row["page_to_hand_floor"] = round(row["median_ms"] / row["hand_floor_ms"], 2)
    row["sql_to_hand_floor"] = round(row["floor_median_ms"] / row["hand_floor_ms"], 2)
    row["list_sql_to_hand_floor"] = round(row["list_sql_ms"] / row["hand_floor_ms"], 2)
    return row


def _hand_floor(org, user, query: dict[str, str], *, named: bool) -> tuple[str, list[Any]]:
    """The plainest SQL that returns the 50 rows the page shows: the cases and their practitioners, newest
    first, by the organisation's index (or, for someone named on cases, by their memberships)."""
    from django.db import connection

    from faircase.cases.models import Case, CaseMember, Practitioner

    case, practitioner, member = Case._meta.db_table, Practitioner._meta.db_table, CaseMember._meta.db_table
    like = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    where, params = [], []
    if named:
        where.append(f"c.id IN (SELECT case_id FROM {member} WHERE user_id = %s)")  # noqa: S608 (model's table)
        params.append(user.pk)
    else:
        where.append("c.organisation_id = %s")
        params.append(org.pk)
    if "stage" in query:
        where.append("c.stage = %s")
        params.append(query["stage"])
    if "q" in query:
        where.append(f"(c.reference {like} %s OR p.full_name {like} %s)")
        params += [f"%{query['q']}%"] * 2
    ids = Case._meta.pk.get_db_prep_value  # UUIDs as the database stores them (hex text on SQLite)
    params = [ids(p, connection) if hasattr(p, "hex") else p for p in params]
    # Table names from the models, values as parameters.
    columns = "c.id, c.reference, c.opened_at, c.stage, c.policy, p.full_name, p.profession"
    joined = f"{case} c JOIN {practitioner} p ON p.id = c.practitioner_id"
    sql = f"SELECT {columns} FROM {joined} WHERE {' AND '.join(where)} ORDER BY c.opened_at DESC, c.id DESC"  # noqa: S608
    sql += f" LIMIT {PAGE_ROWS}"
    return sql, params


def _organisation(slug: str, size: int):
    """An organisation with `size` cases, its case manager and an investigator named on NAMED_CASES of them."""
    from django.db import transaction

    from faircase.accounts.models import Membership, Organisation, User
    from faircase.bench import BENCH_CONCERN
    from faircase.cases.models import Case, CaseMember, Concern, Practitioner
    from faircase.policy.workflow import get_workflow

    stages = [s.code for s in get_workflow().stages if s.code != "closed"]
    org = Organisation.objects.create(
        slug=slug,
        name=f"Benchmark Fictional NHS Trust {size:,}",
        ods_code="ZZS01" if size == SMALL else "ZZL01",
        nation="england",
        kind="nhs_trust",
    )
    manager, investigator = (
        User.objects.create_user(
            username=f"{slug}-{role}",
            password="bench-password-1234",  # noqa: S106 (a throwaway benchmark database)
            full_name=f"Bench {role.replace('_', ' ').title()}",
        )
        for role in ("case_manager", "case_investigator")
    )
    Membership.objects.create(user=manager, organisation=org, role="case_manager")
    Membership.objects.create(user=investigator, organisation=org, role="case_investigator")
    batch = 10_000
    with transaction.atomic():
        practitioners = Practitioner.objects.bulk_create(
            (bench_practitioner(org, i) for i in range(max(1, size // 4))),
            batch_size=batch,
        )
        cases = Case.objects.for_system("bench").bulk_create(
            (
                Case(
                    organisation=org,
                    reference=f"BENCH-{i:06d}",
                    practitioner=practitioners[i % len(practitioners)],
                    policy="mhps_england",
                    stage=stages[i % len(stages)],
                    opened_by=manager,
                    opened_at=dt.datetime.fromtimestamp(NEWEST - 60 * i, tz=dt.UTC),
                )
                for i in range(size)
            ),
            batch_size=batch,
        )
        Concern.objects.for_system("bench").bulk_create(
            (Concern(case=c, recorded_by=manager, **BENCH_CONCERN) for c in cases), batch_size=batch
        )
        step = max(1, size // NAMED_CASES)
        CaseMember.objects.for_system("bench").bulk_create(
            CaseMember(case=c, user=investigator, role="case_investigator")
            for c in cases[::step][:NAMED_CASES]
        )
    return org, manager, investigator
