"""`python -m faircase.bench equality`: the disproportionality report over a national data set, beside its floor.

The data: FAIRCASE_BENCH_EQUALITY_CASES synthetic historic cases (1,000,000) in FAIRCASE_BENCH_EQUALITY_ORGANISATIONS
organisations (200), five financial years to 2025-26 (faircase.demo.synthetic). On SQLite in a file under var/,
built once and reused while the parameters are the same; on PostgreSQL when DATABASE_URL names one
(`scripts/with-postgres .venv/bin/python -m faircase.bench equality`), built in the database given (COPY).

Each report (faircase.equality.reports.build_report) is timed beside its floor, measured in the same run and
interleaved with it: the plainest raw grouped SQL that yields the same counts, one pass over the rows the report
shows (the chosen period or window, and every period of the trend) with one conditional count per measure, and the
baselines. In the synthetic data every case is a different practitioner, so plain counts equal the report's
distinct ones (checked). Also reported: the report's own SQL replayed raw, and on PostgreSQL whether any of its
statements spilled a sort or hash to disk (EXPLAIN ANALYZE at the server's default work_mem).
Results in bench-results/bench-equality.json. Measured and reported, never asserted.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

from faircase.benchmarks.setup import django_on_a_database, on_postgresql, save_results

CASES = int(os.environ.get("FAIRCASE_BENCH_EQUALITY_CASES", "1000000"))
ORGANISATIONS = int(os.environ.get("FAIRCASE_BENCH_EQUALITY_ORGANISATIONS", "200"))
RUNS = int(os.environ.get("FAIRCASE_BENCH_EQUALITY_RUNS", "11"))
# The financial years are fixed, so the saved data set stays valid from one year to the next.
UNTIL = "2025-26"
TARGET_RATIO = 2.0  # issue 15: the report over a million cases in 200 organisations within 2 times its floor
VAR_DIR = Path(__file__).resolve().parents[2] / "var"


def main() -> None:
    postgres = on_postgresql()
    database = VAR_DIR / f"bench-equality-{CASES}-{ORGANISATIONS}.sqlite3"
    VAR_DIR.mkdir(exist_ok=True)
    django_on_a_database("equality", postgresql_allowed=True, sqlite_file=database)
    from django.db import connection

    from faircase.benchmarks.floor import machine_load

    build = _data(database if not postgres else None)
    load_before = machine_load()
    measurements = _measurements()
    results = {
        "cases": CASES,
        "organisations": ORGANISATIONS,
        "database": connection.vendor,
        "build": build,
        "load_before": load_before,
        "load_after": machine_load(),
        "target_ratio": TARGET_RATIO,
        "measurements": measurements,
        "python": sys.version.split()[0],
    }
    save_results("bench-equality.json", results)
    print(
        f"\nfaircase benchmark: the equality report over {CASES:,} synthetic cases in {ORGANISATIONS} "
        f"organisations, {connection.vendor}, {RUNS} runs (target: within {TARGET_RATIO:.0f} times the floor)"
    )
    print(f"  {'':<44} {'report':>9} {'own SQL':>9} {'floor':>9} {'ratio':>6}  queries  spills")
    for name, row in measurements.items():
        print(
            f"  {name:<44} {row['median_ms']:7.1f}ms {row['own_sql_median_ms']:7.1f}ms "
            f"{row['floor_median_ms']:7.1f}ms {row['ratio']:6.2f}  {row['queries']:7d}  {row['spills']}"
        )
    print(f"  machine load (1 min) {load_before['load_1m']} before, {results['load_after']['load_1m']} after")
    if build["built"]:
        print(f"  data set built in {build['seconds']:.1f} s, peak memory {build['peak_memory_mb']:.0f} MB")
    else:
        print(f"  data set reused from {database} (same parameters); delete it to build it again")
    print("  results in bench-results/bench-equality.json")


def _data(database: Path | None) -> dict:
    """Build the synthetic data set, or reuse the one in the SQLite file when made with the same parameters."""
    from django.core.management import call_command
    from django.db import connection

    from faircase.demo.synthetic import SyntheticSpec, generate_synthetic
    from faircase.equality.models import ImportBatch

    spec = SyntheticSpec(cases=CASES, organisations=ORGANISATIONS, periods=5, seed=1, until=UNTIL).checked()
    batches = ImportBatch.objects.filter(kind=ImportBatch.Kind.SYNTHETIC)
    if batches.count() == ORGANISATIONS and not batches.exclude(sha256=spec.fingerprint()).exists():
        return {"built": False}
    if batches.exists() and database is not None:  # other parameters or generator: start afresh
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        call_command("migrate", verbosity=0)
    print(f"Building {CASES:,} synthetic cases in {ORGANISATIONS} organisations ({connection.vendor})...")
    started = time.perf_counter()
    result = generate_synthetic(spec=spec, by="faircase benchmark")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would, soon after a bulk load
    seconds = time.perf_counter() - started
    return {
        "built": True,
        "seconds": round(seconds, 1),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "cases": result.cases,
        "baseline_rows": result.baselines,
    }


# ---- the floor --------------------------------------------------------------------------------------------------


def floor_statements(
    *, ids: list[int], periods: list[str], window: list[str], profession: str, dimension: str
):
    """The plainest SQL that yields the report's counts: each period shown, grouped by organisation and group,
    one conditional count per measure (and the window's own pass when it gathers several years), and the
    baselines. Plain counts: the floor does not pay for counting practitioners once."""
    from django.db import connection

    from faircase.equality.models import HistoricCase, WorkforceBaseline
    from faircase.equality.selectors_report import HISTORIC_COLUMN, MEASURES

    quote = connection.ops.quote_name
    table, column = quote(HistoricCase._meta.db_table), quote(dimension)

    def count(measure: str) -> str:
        columns = [quote(c) for c in (HISTORIC_COLUMN[s] for s in measure.split(">")) if c]
        return f"COUNT(CASE WHEN {' AND '.join(columns)} THEN 1 END)" if columns else "COUNT(*)"

    counts = ", ".join(count(m) for m in MEASURES)
    orgs = ", ".join(["%s"] * len(ids))

    def grouped(among: list[str], *, by_period: bool) -> tuple[str, list]:
        grouping = f"organisation_id, {column}" + (", period" if by_period else "")
        sql = (
            f"SELECT {grouping}, {counts} FROM {table} "  # noqa: S608 (names from code)
            f"WHERE organisation_id IN ({orgs}) AND profession = %s "
            f"AND period IN ({', '.join(['%s'] * len(among))}) GROUP BY {grouping}"
        )
        return sql, [*ids, profession, *among]

    statements = [grouped(periods, by_period=True)]
    if len(window) > 1:
        statements.append(grouped(window, by_period=False))
    baselines = quote(WorkforceBaseline._meta.db_table)
    statements.append(
        (
            f'SELECT organisation_id, period, "group", headcount FROM {baselines} '  # noqa: S608 (names from code)
            f"WHERE organisation_id IN ({orgs}) AND profession = %s AND dimension = %s",
            [*ids, profession, dimension],
        )
    )
    return statements


def _run_all(statements) -> list[list[tuple]]:
    from django.db import connection

    with connection.cursor() as cursor:
        results = []
        for sql, params in statements:
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
    return results


def _check_floor(report, rows: list[tuple]) -> None:
    """The floor yields the report's entrants: the chosen period's total at the chosen stage (single years)."""
    from faircase.equality.selectors_report import MEASURES

    if report.window > 1:
        return
    stage_index = MEASURES.index(report.stage)
    floor_total = sum(r[3 + stage_index] for r in rows if r[2] == report.period)
    if report.total.entrants is not None and floor_total != report.total.entrants:
        raise SystemExit(
            f"the floor counts {floor_total}, the report {report.total.entrants}: not the same rows"
        )


# ---- measuring ----------------------------------------------------------------------------------------------------


def _spills(statements) -> bool | None:
    """Whether any of the statements spilled a sort or a hash to disk (PostgreSQL, default work_mem)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    spilled = False
    with connection.cursor() as cursor:
        for statement in statements:
            if not statement.sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement.sql, statement.params)
            spilled = spilled or any(_spilled(node) for node in _nodes(cursor.fetchone()[0][0]["Plan"]))
    return spilled


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _spilled(node: dict) -> bool:
    """A sort written to disk, or a hash aggregate that needed more than one batch (or wrote to disk)."""
    return (
        node.get("Sort Space Type") == "Disk"
        or int(node.get("Disk Usage", 0) or 0) > 0
        or int(node.get("HashAgg Batches", 1) or 1) > 1
    )


def _measure(build, scenario: dict) -> dict[str, Any]:
    from django.db import connection

    from faircase.benchmarks.floor import capture, replay, summary
    from faircase.equality.selectors_report import window_periods

    report, statements = capture(build)
    periods = sorted({t.period for t in report.trend} | set(report.periods))
    window = window_periods(report.period, report.window)
    floor = floor_statements(
        ids=[o.id for o in report.organisations],
        periods=periods,
        window=window,
        profession=report.profession,
        dimension=report.dimension,
    )
    _check_floor(report, _run_all(floor)[0])
    whole, own, plain = [], [], []
    for _ in range(RUNS):  # interleaved, so that a change in the machine's load falls on all three alike
        for samples, call in (
            (whole, build),
            (own, lambda: replay(statements)),
            (plain, lambda: _run_all(floor)),
        ):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
    report_ms, own_ms, floor_ms = (summary(sorted(s)) for s in (whole, own, plain))
    return {
        **scenario,
        "queries": len(statements),
        **report_ms,
        "own_sql_median_ms": own_ms["median_ms"],
        "floor_median_ms": floor_ms["median_ms"],
        "ratio": round(report_ms["median_ms"] / floor_ms["median_ms"], 2),
        "own_sql_ratio": round(own_ms["median_ms"] / floor_ms["median_ms"], 2),
        "spills": _spills(statements),
        "database": connection.vendor,
        "runs": RUNS,
    }


def _measurements() -> dict[str, dict[str, Any]]:
    from faircase.accounts.models import Organisation
    from faircase.equality.reports import build_report

    organisations = list(Organisation.objects.filter(slug__startswith="synthetic-").order_by("slug"))
    chosen = {"period": UNTIL, "profession": "doctor", "dimension": "ethnicity"}
    everyone = f"all {len(organisations)} organisations"
    scenarios = {
        "report, one organisation": (organisations[:1], "formal_investigation", False, 1),
        "report, one organisation, published": (organisations[:1], "formal_investigation", True, 1),
        f"report, {everyone} (funnel)": (organisations, "formal_investigation", False, 1),
        f"report, {everyone}, published": (organisations, "formal_investigation", True, 1),
        f"report, {everyone}, any concern": (organisations, "any_concern", False, 1),
        f"report, {everyone}, 5 years": (organisations, "formal_investigation", False, 5),
    }
    results = {}
    for name, (orgs, stage, publish, window) in scenarios.items():

        def build(orgs=orgs, stage=stage, publish=publish, window=window):
            return build_report(organisations=orgs, stage=stage, publish=publish, window=window, **chosen)

        scenario = {"organisations": len(orgs), "stage": stage, "published": publish, "window": window}
        results[name] = _measure(build, scenario)
    return results
