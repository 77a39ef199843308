"""`python -m faircase.bench pdfs`: the record PDF of a long case, made by the task worker (issue 15, ADR 39).

The case is the documents part's case file (50 documents, 150 logged communications) with five completed
reviews. Measured in one run on a throwaway SQLite database:

- the request that asks for the record PDF (the page that answers at once), beside its own SQL (the floor);
- the task that makes the file: building the record, its print HTML and WeasyPrint's layout, its pages, seconds
  per page, the process's peak memory growth and Python's own peak;
- WeasyPrint on a one-page plain document in the same run: the machine's yardstick for a page;
- asking again for an unchanged record (served from its cache) and after a change (made anew);
- the top costs of one layout under cProfile, grouped by where the time goes (fonts, CSS, layout, PDF writing);
- the case's tribunal bundle (faircase.bundles): the request that asks for it now (answered at once, the task
  worker makes it) beside what the request did before (the bundle prepared in it), and the bundle the worker made.

Runs: FAIRCASE_BENCH_PDF_RUNS (layouts), FAIRCASE_BENCH_PDF_REQUEST_RUNS (requests),
FAIRCASE_BENCH_BUNDLE_RUNS (bundles prepared in the request, the "before"); the case is the documents
part's (bench.RECORD_DOCUMENTS, bench.RECORD_COMMUNICATIONS).
Results in bench-results/bench-pdfs.json.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import resource
import statistics
import time
import tracemalloc
from pathlib import Path
from typing import Any

from faircase.benchmarks.floor import machine_load, measure_call
from faircase.benchmarks.setup import (
    bench_practitioner,
    bench_trust_and_manager,
    django_on_a_database,
    save_results,
)

RUNS = int(os.environ.get("FAIRCASE_BENCH_PDF_RUNS", "3"))
REQUEST_RUNS = int(os.environ.get("FAIRCASE_BENCH_PDF_REQUEST_RUNS", "15"))
BUNDLE_RUNS = int(os.environ.get("FAIRCASE_BENCH_BUNDLE_RUNS", "2"))
BUNDLE_TERMS = ("Bench Manager", "Benchmark call 7")
REVIEW_POINTS = ("commencement", "route", "terms_of_reference", "report_received", "determination")
YARDSTICK_HTML = (
    "<html lang='en-GB'><head><style>@page { size: A4; margin: 20mm } html { font-family: 'Liberation Sans', sans-serif;"
    " font-size: 10pt }</style></head><body><h1>One page</h1>"
    + "<p>A plain paragraph of fictional text, to lay out as the machine's yardstick for a page.</p>" * 40
    + "</body></html>"
)
# Where the layout's time goes, by the module WeasyPrint spends it in.
AREAS = {
    "fonts (pango, fontconfig, subsetting)": ("fonts", "pango", "ffi", "fontTools", "text/"),
    "CSS (parsing, cascade, computed values)": ("css/", "tinycss2", "cssselect2"),
    "layout (boxes, lines, tables, pages)": ("layout/", "formatting_structure"),
    "PDF writing (drawing, tagging, pydyf)": ("pdf/", "pydyf", "draw", "stacking"),
    "HTML parsing (html5lib / tinyhtml5)": ("html5", "tinyhtml5"),
}


def main() -> None:
    workdir = django_on_a_database("pdfs")
    from django.conf import settings

    # The production backend: asking only queues the task; the benchmark runs the worker itself.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # A real file-system storage for the documents and the generated files, in the benchmark's own folder.
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": workdir / "documents"},
        },
    }
    results = measurements()
    save_results("bench-pdfs.json", results)
    _print(results)


def _print(results: dict[str, Any]) -> None:
    from faircase.core.formatting import pluralise

    made = results["made_by_the_task"]
    load = results["machine_load"]
    print(
        f"\nfaircase benchmark: pdfs, SQLite, load {load['load_1m']} on {load['cpus']} CPUs, "
        f"median of {RUNS} layouts"
    )
    request = results["request"]
    print(
        f"  asking for the record PDF            median {request['median_ms']:8.1f} ms  "
        f"(its SQL {request['floor_median_ms']:.1f} ms, ratio {request['ratio']})"
    )
    print(
        f"  the record PDF made by the task      median {made['median_s']:8.2f} s   "
        f"{pluralise(made['pages'], 'page')}, {made['seconds_per_page']:.3f} s a page "
        f"({made['page_ratio_to_yardstick']}x the one-page yardstick of {made['yardstick_s']:.3f} s)"
    )
    print(
        f"    build {made['build_record_s']:.2f} s, print HTML {made['print_html_s']:.2f} s, "
        f"layout {made['layout_s']:.2f} s ({made['layout_cpu_s']:.2f} s CPU, "
        f"{made['layout_cpu_seconds_per_page']:.3f} s CPU a page); memory +{made['peak_rss_growth_mb']:.0f} MB (process), "
        f"{made['python_peak_mb']:.0f} MB (Python)"
    )
    worker = results["worker"]
    print(
        f"  the worker after {pluralise(worker['requests'], 'request')}: laid out {worker['laid_out']} "
        f"({worker['laid_out_task_s']} s), reused {worker['reused']} (median {worker['reused_task_median_s']} s)"
    )
    cached = results["cache"]
    print(
        f"  unchanged record asked again         {cached['unchanged_reused']} (same file), "
        f"after a change: {cached['changed_made_anew']} (new file)"
    )
    bundle = results["bundle"]
    print(
        f"  asking for the tribunal bundle       median {bundle['request']['median_ms']:8.1f} ms  "
        f"(its SQL {bundle['request']['floor_median_ms']:.1f} ms, ratio {bundle['request']['ratio']}); "
        f"before, prepared in the request: median {bundle['before_in_the_request']['median_ms']:,.0f} ms"
    )
    print(f"    the bundle the worker made: {bundle['made_by_the_task']}")
    print("  top costs of one layout (cProfile, seconds of own time):")
    for area, seconds in results["profile"]["areas"].items():
        print(f"    {area:<44} {seconds:6.2f}")
    print("  results in bench-results/bench-pdfs.json")


def _case(org, practitioner, user):
    from faircase.bench import _case_file_case, _complete_review

    case = _case_file_case(org, practitioner, user, reference="BENCH-PDFS")
    for point in REVIEW_POINTS:
        _complete_review(case, user, point=point, not_yes={"UI4": "unknown", "WS3": "no"})
    return case


def _people():

    org, user = bench_trust_and_manager()
    practitioner = bench_practitioner(org)
    practitioner.save()
    return org, user, practitioner


def _median_s(call, runs: int) -> tuple[float, Any]:
    taken, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        taken.append(time.perf_counter() - started)
    return statistics.median(taken), result


def _layout(case, user) -> dict[str, Any]:
    import io

    from pypdf import PdfReader

    from faircase.records.presenters import build_record
    from faircase.records.renderers.html import render_standalone
    from faircase.records.renderers.pdf import html_to_pdf

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    build_s, document = _median_s(lambda: build_record(case, generated_by=user), RUNS)
    html_s, html = _median_s(lambda: render_standalone(document), RUNS)
    tracemalloc.start()
    pdf = html_to_pdf(html)
    _current, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    layout_s, pdf = _median_s(lambda: html_to_pdf(html), RUNS)
    # CPU time as well: on a machine shared with other work the wall-clock time mostly measures the load.
    cpu_started = time.process_time()
    html_to_pdf(html)
    layout_cpu_s = time.process_time() - cpu_started
    yardstick_s, _ = _median_s(lambda: html_to_pdf(YARDSTICK_HTML), RUNS)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    whole = build_s + html_s + layout_s
    return {
        "pages": pages,
        "bytes": len(pdf),
        "median_s": round(whole, 3),
        "build_record_s": round(build_s, 3),
        "print_html_s": round(html_s, 3),
        "layout_s": round(layout_s, 3),
        "seconds_per_page": round(whole / pages, 4),
        "layout_cpu_s": round(layout_cpu_s, 3),
        "layout_cpu_seconds_per_page": round(layout_cpu_s / pages, 4),
        "yardstick_s": round(yardstick_s, 4),
        "page_ratio_to_yardstick": round(whole / pages / yardstick_s, 2),
        "peak_rss_growth_mb": round(rss_growth_mb, 1),
        "python_peak_mb": round(python_peak / (1024 * 1024), 1),
        "html_bytes": len(html),
        "runs": RUNS,
    }, html


def _profile(html: str) -> dict[str, Any]:
    from faircase.records.renderers.pdf import html_to_pdf

    profiler = cProfile.Profile()
    profiler.enable()
    html_to_pdf(html)
    profiler.disable()
    stats = pstats.Stats(profiler)
    areas = dict.fromkeys(AREAS, 0.0)
    areas["other"] = 0.0
    rows = []
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        area = next((a for a, marks in AREAS.items() if any(m in filename for m in marks)), "other")
        areas[area] += own
        rows.append((own, calls, cumulative, f"{filename.split('site-packages/')[-1]}:{line}({name})"))
    rows.sort(reverse=True)
    return {
        "areas": {area: round(seconds, 3) for area, seconds in sorted(areas.items(), key=lambda i: -i[1])},
        "top_own_time": [
            {"function": where, "own_s": round(own, 3), "cumulative_s": round(cum, 3), "calls": calls}
            for own, calls, cum, where in rows[:20]
        ],
    }


def _ask(client, url: str):
    """Ask for the record PDF as the record page's link does; the answer is whatever the view gives at once."""
    response = client.get(url)
    if response.status_code not in (200, 302, 303):
        raise SystemExit(f"{url} answered {response.status_code}")
    return response


def _work() -> None:
    """Run the database backend's worker over every task waiting, as `faircase db_worker` does, then stop."""
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _tasks(case) -> dict[str, Any]:
    """What the worker did with the requests the request measurement left queued: the first laid the PDF out,
    the rest reused its file (the record did not change)."""
    from faircase.records.models import RecordFile

    _work()
    rows = list(RecordFile.objects.for_system("bench").filter(case=case).order_by("requested_at", "pk"))
    made = [r for r in rows if r.reuses is None and r.status == RecordFile.Status.READY]
    reused = [r for r in rows if r.reuses is not None]

    def seconds(row) -> float:
        return (row.finished_at - row.started_at).total_seconds()

    return {
        "requests": len(rows),
        "laid_out": len(made),
        "reused": len(reused),
        "failed": sum(r.status == RecordFile.Status.FAILED for r in rows),
        "laid_out_task_s": round(seconds(made[0]), 2) if made else None,
        "reused_task_median_s": round(statistics.median(seconds(r) for r in reused), 3) if reused else None,
    }


def _cache(client, case, user) -> dict[str, Any]:
    """Whether asking again for an unchanged record reuses its file, and a change makes a new one."""
    from faircase.practitioners.services_comms import log_communication
    from faircase.records.selectors import newest_for

    def ask_and_work():
        _ask(client, _record_pdf_url(case))
        _work()
        return newest_for(case=case, fmt="pdf")

    first = ask_and_work()
    again = ask_and_work()
    log_communication(case=case, channel="phone", to_practitioner=True, summary="Benchmark: one more call.",
                      occurred_at=first.requested_at, by=user)  # fmt: skip
    changed = ask_and_work()
    return {
        "unchanged_reused": again.reuses == first.pk
        or (again.reuses is not None and again.reuses == first.reuses),
        "changed_made_anew": changed.reuses is None and changed.record_hash != first.record_hash,
    }


def _bundle(client, case, user) -> dict[str, Any]:
    """The case's tribunal bundle: asking for it as the page's form does (the answer is at once; the task waits
    for the worker), beside what the request did before: the bundle prepared in it by the same service code."""
    from django.urls import reverse

    from faircase.benchmarks.floor import samples_ms, summary
    from faircase.bundles import services as bundle_services
    from faircase.bundles.models import Bundle

    url = reverse("bundles:tribunal", kwargs={"case_id": case.pk})

    def ask():
        response = client.post(url, {"other_terms": "\n".join(BUNDLE_TERMS)})
        if response.status_code != 302:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response

    request = {"url": url, **measure_call(ask, REQUEST_RUNS)}
    before = summary(samples_ms(lambda: bundle_services.prepare_bundle(
        kind="tribunal", organisation=case.organisation, practitioner=case.practitioner, cases=[case],
        terms=list(BUNDLE_TERMS), by=user,
    ), BUNDLE_RUNS))  # fmt: skip
    # The worker makes the newest request only: the others were the same request, and each takes seconds.
    queued = Bundle.objects.filter(case=case, status="queued").order_by("-prepared_at")
    newest = queued.first()
    Bundle.objects.filter(case=case, status="queued").exclude(pk=newest.pk).update(status="failed")
    started = time.perf_counter()
    _work()
    worker_s = time.perf_counter() - started
    newest.refresh_from_db()
    return {
        "request": request,
        "before_in_the_request": {**before, "runs": BUNDLE_RUNS},
        "made_by_the_task": {
            "status": newest.status,
            "pages": newest.page_count,
            "bytes": newest.size,
            "worker_s": round(worker_s, 2),
        },
    }


def _record_pdf_url(case) -> str:
    from django.urls import reverse

    return reverse("records:record_pdf", kwargs={"case_id": case.pk})


def measurements() -> dict[str, Any]:
    from django.test import Client

    org, user, practitioner = _people()
    started = time.perf_counter()
    case = _case(org, practitioner, user)
    setup_s = time.perf_counter() - started
    made, html = _layout(case, user)
    # The print HTML, kept beside the results for profiling WeasyPrint on its own (no database needed).
    Path("bench-results").mkdir(exist_ok=True)
    Path("bench-results/bench-pdfs-record.html").write_text(html)
    client = Client()
    client.force_login(user)
    url = _record_pdf_url(case)

    def ask():
        return _ask(client, url)

    # The page's own statements replayed raw are its floor (floor.measure_page, which wants a 200 and not the
    # redirect to the progress page).
    request = {"url": url, **measure_call(ask, REQUEST_RUNS)}
    results: dict[str, Any] = {
        "database": "sqlite",
        "tasks": "django_tasks_db.DatabaseBackend (the worker run after the requests)",
        "machine_load": machine_load(),
        "setup_seconds": round(setup_s, 1),
        "request": request,
        "worker": _tasks(case),
        "made_by_the_task": made,
        "profile": _profile(html),
        "cache": _cache(client, case, user),
        "bundle": _bundle(client, case, user),
    }
    results["machine_load_after"] = machine_load()
    return results
