"""Each measurement beside its floor: the same SQL, run raw on the same connection in the same run.

A page's time means little alone (the machine, its load, the database's cache all move it); its ratio to the
time its own queries take when sent straight to the database does not. `measure_page` times a page through the
test client and then replays, on a raw cursor, every statement the page sent; `measure_call` does the same for a
function (a report, an export). `time_sql` times one statement, for a floor written by hand (for example the
plainest query that returns the same rows a page shows).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection


@dataclass(frozen=True)
class Statement:
    sql: str
    params: Any
    many: bool


def machine_load() -> dict[str, float]:
    """The machine's load averages when the measurement was taken: a ratio is read beside it."""
    one, five, fifteen = os.getloadavg()
    return {
        "load_1m": round(one, 2),
        "load_5m": round(five, 2),
        "load_15m": round(fifteen, 2),
        "cpus": os.cpu_count() or 1,
    }


def capture(call: Callable[[], Any]) -> tuple[Any, list[Statement]]:
    """Run `call` once and keep every statement it sent to the database."""
    sent: list[Statement] = []

    def keep(execute, sql, params, many, context):
        sent.append(Statement(sql, params, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        result = call()
    return result, sent


def replay(statements: list[Statement]) -> None:
    """Send the statements again, straight to the database, and read every row: the SQL's own cost."""
    with connection.cursor() as cursor:
        for statement in statements:
            if statement.sql.lstrip().upper().startswith(("SELECT", "WITH", "EXPLAIN")):
                cursor.execute(statement.sql, statement.params)
                cursor.fetchall()


def samples_ms(call: Callable[[], Any], runs: int) -> list[float]:
    taken = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        taken.append((time.perf_counter() - start) * 1000)
    return sorted(taken)


def summary(taken: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(taken), 2),
        "p90_ms": round(taken[max(0, int(len(taken) * 0.9) - 1)], 2),
    }


def measure_call(call: Callable[[], Any], runs: int) -> dict[str, Any]:
    """The call's median time, its statements (reads only are replayed: a write cannot be sent twice), the
    replay's median (the floor) and the ratio of the two, all measured now."""
    _, statements = capture(call)
    whole = summary(samples_ms(call, runs))
    floor = summary(samples_ms(lambda: replay(statements), runs))
    return {
        "queries": len(statements),
        **whole,
        "floor_median_ms": floor["median_ms"],
        "ratio": round(whole["median_ms"] / floor["median_ms"], 2) if floor["median_ms"] else None,
        "runs": runs,
    }


def measure_page(client, url: str, runs: int) -> dict[str, Any]:
    """A page through Django's test client (the whole request: middleware, view, templates), against its SQL."""

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response

    return {"url": url, **measure_call(get, runs)}


def time_sql(sql: str, params: Any, runs: int) -> dict[str, float]:
    """One statement written by hand, timed raw: a floor for "the same rows" when a page's own SQL is the thing
    being improved."""

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return summary(samples_ms(run, runs))
