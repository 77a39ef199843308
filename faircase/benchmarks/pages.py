"""The `pages` part of `make bench`: how close the pages people use most are to their own SQL (issue 15, ADR 38).

On the cases part's data (faircase.bench.build_cases: FAIRCASE_BENCH_CASES cases in one organisation, one case
reviewed five times through the services, one in twenty with an exclusion episode), each page through the test
client against its own statements replayed raw in the same run (faircase.benchmarks.floor.measure_page): the case
page with five completed reviews and with an exclusion episode, a Principle page of a review in progress, the case
history and "Your work" and "Your deadlines". FAIRCASE_BENCH_PROFILE=1 adds cProfile's top costs of the case page.
Results in bench-results/bench-pages.json.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
from typing import Any

from faircase.benchmarks.setup import django_on_a_database, save_results
from faircase.core.formatting import pluralise

PROFILE = os.environ.get("FAIRCASE_BENCH_PROFILE", "") == "1"
TARGET_RATIO = 5.0  # issue 15: the case page within five times its own SQL


def main() -> None:
    django_on_a_database("pages")
    results = measure()
    save_results("bench-pages.json", results)
    load = results["machine_load"]
    print(
        f"\nfaircase pages against their own SQL: {pluralise(results['cases'], 'case')}, SQLite, "
        f"median of {pluralise(results['runs'], 'run')}; load {load['load_1m']} on {load['cpus']} CPUs "
        f"(target: case page within {TARGET_RATIO:g}x)"
    )
    for name, row in results["measurements"].items():
        print(
            f"  {name:<40} median {row['median_ms']:7.1f} ms   SQL {row['floor_median_ms']:6.2f} ms   "
            f"ratio {row['ratio']:6.1f}   queries {row['queries']}"
        )
    if results.get("profile"):
        print("\ncProfile of the case page (5 reviews), by cumulative time:\n" + results["profile"])
    print("  results in bench-results/bench-pages.json")


def measure() -> dict[str, Any]:
    from django.test import Client
    from django.urls import reverse

    from faircase import bench
    from faircase.benchmarks.floor import machine_load, measure_page
    from faircase.framework import services as framework_services

    built = bench.build_cases()
    user, subject, excluded = built["user"], built["subject"], built["excluded"]
    client = Client()
    client.force_login(user)
    runs = bench.RUNS
    case_page = reverse("cases:detail", kwargs={"case_id": subject.pk})
    measurements = {
        "case page (5 reviews)": measure_page(client, case_page, runs),
        "case page (an exclusion episode)": measure_page(
            client, reverse("cases:detail", kwargs={"case_id": excluded.pk}), runs
        ),
        "case history": measure_page(client, reverse("cases:history", kwargs={"case_id": subject.pk}), runs),
        "your work": measure_page(client, reverse("cases:home"), runs),
        "your deadlines": measure_page(client, reverse("process:deadlines_yours"), runs),
    }
    profile = _profile(client, case_page) if PROFILE else ""
    # A sixth review, left in progress, for its Principle page (a completed review's pages only redirect). Last, so
    # the case page above is the one with five completed reviews.
    draft = framework_services.start_review(case=subject, review_point="ad_hoc", by=user)
    principle = reverse(
        "reviews:principle", kwargs={"case_id": subject.pk, "review_id": draft.pk, "principle": "welfare"}
    )
    measurements["Principle page (review in progress)"] = measure_page(client, principle, runs)
    return {
        "cases": bench.CASES,
        "database": "sqlite",
        "runs": runs,
        "target_ratio": TARGET_RATIO,
        "machine_load": machine_load(),
        "setup_seconds": round(built["setup_seconds"], 1),
        "measurements": measurements,
        "profile": profile,
        "python": sys.version.split()[0],
    }


def _profile(client: Any, url: str, top: int = 30) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        client.get(url)
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(top)
    return text.getvalue()
