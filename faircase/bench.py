"""`make bench`: how faircase performs with a large organisation. Measured and reported, never asserted.

Two parts, each in its own process and database (`python -m faircase.bench [cases|equality]`; both by default):

- cases: 10,000 cases in one organisation on a throwaway SQLite database, one in twenty with an exclusion
  episode (an immediate exclusion converted into a formal one with its four-weekly periods): the number of SQL
  queries and the median server time of the case list, the case page (with and without an episode), the
  monthly exclusions return (web page, CSV and PDF), the deadlines overview and the oversight page (the record PDF is the pdfs part's).
  Results in bench-results/bench.json.
- equality (faircase/benchmarks/equality.py): the disproportionality report over 1,000,000 synthetic historic
  cases in 200 organisations, on SQLite (a file under var/, built once and reused) or on PostgreSQL when DATABASE_URL
  names one; each report's median beside its floor (the plainest grouped SQL for the same counts, same run) and the
  ratio. Results in bench-results/bench-equality.json.
- documents: the upload of a 20 MB PDF through the upload page (multipart, Django's upload handler, the
  content check, SHA-256 and the storage) into a file-system storage in a temporary folder, and its download;
  the time and the peak memory the process grew by; and the PDF record of a case with 50 documents and 150
  logged communications (its time, pages and size); and the subject access bundle of that practitioner (both
  cases, every PDF appended: its time, pages and size). Results in bench-results/bench-documents.json.
- evaluation: the evaluation of the framework (faircase.evaluation.measures) over the cases part's 10,000 cases
  (the same data builder), adopted 150 days ago: the unsuppressed counts, the published evaluation (both periods)
  and its page. Results in bench-results/bench-evaluation.json.
- national: the national aggregate (faircase.evaluation.national) of 200 synthetic exports (two financial years,
  every profession, small numbers left out as a real export leaves them) written to a temporary folder: reading
  and checking the files, merging them, the JSON and the PDF report (its time, pages and size). No database.
  Results in bench-results/bench-national.json.
- backup: `faircase backup` and `faircase restore` (the service each command calls, timed in a fresh process) of
  the cases part's 10,000-case database (the same data builder): seconds and the backup's size, gzip and plain.
  On SQLite by default; on PostgreSQL when DATABASE_URL names one (`scripts/with-postgres .venv/bin/python -m
  faircase.bench backup`: it restores into a second database it creates and drops). Results in
  bench-results/bench-backup.json.
- audit: THREADS threads recording case views (faircase.benchmarks.audit) for some seconds, on one organisation's
  cases and spread over eight, against one thread alone and the spread against the one: events per second, p95,
  errors. SQLite, or PostgreSQL when DATABASE_URL names one. Results in bench-results/bench-audit.json.
- caselist: the case list at 1,000 and 100,000 cases (two organisations in one database) for a case manager and a
  named case investigator, first page, a stage filter and a search: the page, its own SQL replayed and a floor
  written by hand (the plainest SQL for the same 50 rows), with the ratios; SQLite, or PostgreSQL under
  scripts/with-postgres. Results in bench-results/bench-caselist.json (faircase/benchmarks/caselist.py).
- pages (faircase/benchmarks/pages.py, ADR 38): on the cases part's data, the case page (five reviews; an
  exclusion episode), a Principle page, the case history, "Your work" and "Your deadlines", each against its own
  SQL replayed raw in the same run (the ratio), with its queries and the machine's load; FAIRCASE_BENCH_PROFILE=1
  adds cProfile's top costs of the case page. Results in bench-results/bench-pages.json.
- load: the headless load test (faircase.benchmarks.load, ADR 36): the demo behind `faircase serve` with the
  production settings, 50 locust users for 60 s (FAIRCASE_BENCH_LOAD_USERS, _SECONDS) reading and recording; on
  SQLite, or PostgreSQL under scripts/with-postgres. Results in bench-results/bench-load.json.
- pdfs (faircase/benchmarks/pdfs.py): the record PDF of a case file (50 documents, 150 communications, five
  reviews) made by the task worker: the request that asks for it beside its SQL, seconds a page against a one-page
  yardstick, peak memory, the cache of an unchanged record and WeasyPrint's top costs. bench-results/bench-pdfs.json.
"""

import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from faircase.benchmarks.setup import (
    bench_practitioner,
    bench_trust_and_manager,
    django_on_a_database,
    save_results,
)
from faircase.core.formatting import pluralise

CASES = int(os.environ.get("FAIRCASE_BENCH_CASES", "10000"))
RUNS = int(os.environ.get("FAIRCASE_BENCH_RUNS", "30"))
VAR_DIR = Path(__file__).resolve().parents[1] / "var"
# Parts kept in faircase/benchmarks/, each module's main() runs one: (name, module), one per line.
MODULE_PARTS: dict[str, str] = {
    "audit": "faircase.benchmarks.audit",
    "caselist": "faircase.benchmarks.caselist",
    "equality": "faircase.benchmarks.equality",
    "pages": "faircase.benchmarks.pages",
    "load": "faircase.benchmarks.load",
    "pdfs": "faircase.benchmarks.pdfs",
}
PARTS = ("cases", "documents", "evaluation", "national", "backup", *MODULE_PARTS)
DOCUMENT_MB = int(os.environ.get("FAIRCASE_BENCH_DOCUMENT_MB", "20"))
DOCUMENT_RUNS = int(os.environ.get("FAIRCASE_BENCH_DOCUMENT_RUNS", "5"))
NATIONAL_EXPORTS = int(os.environ.get("FAIRCASE_BENCH_NATIONAL_EXPORTS", "200"))
NATIONAL_RUNS = int(os.environ.get("FAIRCASE_BENCH_NATIONAL_RUNS", "3"))


def main() -> None:
    part = sys.argv[1] if len(sys.argv) > 1 else "all"
    if part == "all":
        # Each part in its own process: Django is set up once per process, with one database.
        for name in PARTS:
            subprocess.run([sys.executable, "-m", "faircase.bench", name], check=True)  # noqa: S603 (this module)
        return
    if part not in PARTS:
        raise SystemExit(f"usage: python -m faircase.bench [{'|'.join(PARTS)}]")
    if part in MODULE_PARTS:
        import importlib

        importlib.import_module(MODULE_PARTS[part]).main()
        return
    if part == "documents":
        main_documents()
        return
    if part == "evaluation":
        main_evaluation()
        return
    if part == "national":
        main_national()
        return
    if part == "backup":
        main_backup()
        return
    main_cases()


def main_cases() -> None:
    django_on_a_database("cases")
    results = run()
    save_results("bench.json", results)
    print(
        f"\nfaircase benchmark: {pluralise(CASES, 'case')} in one organisation, SQLite, median of {RUNS} runs"
    )
    for name, row in results["measurements"].items():
        print(
            f"  {name:<44} median {row['median_ms']:8.1f} ms   p90 {row['p90_ms']:8.1f} ms   "
            f"queries {row.get('queries', '-')}"
        )
    print(f"  data set built in {results['setup_seconds']:.1f} s; results in bench-results/bench.json")


def _time(client, url: str, runs: int) -> dict:
    from django.db import connection

    # Count with an execute wrapper: the connection is closed and reopened around each request here.
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "url": url,
        "queries": len(executed),
        "median_ms": round(statistics.median(samples), 2),
        "p90_ms": round(samples[int(len(samples) * 0.9) - 1], 2),
        "runs": runs,
    }


# The benchmark's own data: the package must not import its tests (they are left out of the wheel).
BENCH_CONCERN = {
    "category": "clinical",
    "source": "incident",
    "severity": "moderate",
    "occurred_on": dt.date(2025, 3, 1),
    "raised_on": dt.date(2025, 3, 3),
    "description": "A discharge summary omitted a change of anticoagulant dose (benchmark data).",
}


def _complete_review(case, by, *, point: str, not_yes: dict[str, str]):
    """Take a review through the real services: "yes" to every consideration except those in `not_yes`,
    each of which opens a follow-up, as a case manager's answers would."""
    from django.utils import timezone

    from faircase.framework import selectors, services

    review = services.start_review(case=case, review_point=point, by=by)
    answers = {}
    for consideration in selectors.considerations_for(review):
        answer = not_yes.get(consideration.code, "yes")
        values = {"answer": answer, "note": ""}
        if answer != "yes":
            values.update(
                follow_up_action=f"Look into {consideration.code}",
                follow_up_owner=by,
                follow_up_due_on=timezone.localdate() + dt.timedelta(days=14),
            )
        answers[consideration.pk] = values
    services.save_answers(review=review, answers=answers, by=by)
    return services.complete_review(review=review, by=by)


def build_cases() -> dict:
    """CASES cases in one organisation (see the module docstring): the organisation, its case manager, the cases,
    one case reviewed five times through the services and one with an exclusion episode."""
    from django.db import transaction
    from django.utils import timezone

    from faircase.cases.models import Case, CaseMember, Concern, Practitioner

    started = time.perf_counter()
    org, user = bench_trust_and_manager()
    with transaction.atomic():
        # Bulk rows for the scale (the services are exercised by the test suite); one case below goes
        # through the real services end to end.
        practitioners = Practitioner.objects.bulk_create(
            bench_practitioner(org, i) for i in range(CASES // 4)
        )
        now = timezone.now()
        cases = Case.objects.for_system("bench").bulk_create(
            Case(
                organisation=org,
                reference=f"BENCH-{i:05d}",
                practitioner=practitioners[i % len(practitioners)],
                policy="mhps_england",
                stage="initial_assessment",
                opened_by=user,
                opened_at=now - dt.timedelta(minutes=i),
            )
            for i in range(CASES)
        )
        Concern.objects.for_system("bench").bulk_create(
            Concern(case=c, recorded_by=user, **BENCH_CONCERN) for c in cases
        )
        CaseMember.objects.for_system("bench").bulk_create(
            CaseMember(case=c, user=user, role="case_manager") for c in cases[::10]
        )
    from faircase.cases import services

    subject = services.open_case(
        organisation=org,
        practitioner=practitioners[0],
        reference="BENCH-REVIEWED",
        policy="mhps_england",
        concern=BENCH_CONCERN,
        by=user,
        case_manager=user,
    )
    for point in ("commencement", "route", "terms_of_reference", "report_received", "determination"):
        _complete_review(subject, user, point=point, not_yes={"UI4": "unknown", "WS3": "no"})
    excluded = _exclusion_episodes(cases[::EPISODE_EVERY], user)
    return {
        "org": org,
        "user": user,
        "cases": cases,
        "subject": subject,
        "excluded": excluded,
        "setup_seconds": time.perf_counter() - started,
    }


def run() -> dict:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    built = build_cases()
    org, user, cases, subject, excluded = (built[k] for k in ("org", "user", "cases", "subject", "excluded"))
    setup_seconds = built["setup_seconds"]
    client = Client()
    client.force_login(user)
    measurements = {
        f"case list (page 1 of {CASES:,})": _time(client, reverse("cases:list"), RUNS),
        "case list, searched": _time(client, reverse("cases:list") + "?q=BENCH-09", RUNS),
        "case page (5 reviews)": _time(client, reverse("cases:detail", kwargs={"case_id": subject.pk}), RUNS),
        "case page (no reviews)": _time(
            client, reverse("cases:detail", kwargs={"case_id": cases[len(cases) // 2 + 1].pk}), RUNS
        ),
    }
    measurements["case page (an exclusion episode)"] = _time(
        client, reverse("cases:detail", kwargs={"case_id": excluded.pk}), RUNS
    )
    month = timezone.localdate().strftime("%Y-%m")
    return_url = reverse("process:restriction_return", kwargs={"org_slug": org.slug}) + f"?month={month}"
    file_url = reverse(
        "process:restriction_return_file", kwargs={"org_slug": org.slug, "month": month, "fmt": "csv"}
    )
    episodes = CASES // EPISODE_EVERY
    measurements[f"exclusions return, web ({episodes:,} episodes)"] = _time(client, return_url, RUNS)
    measurements[f"exclusions return, CSV ({episodes:,} episodes)"] = _time(client, file_url, RUNS)
    measurements[f"exclusions return, PDF ({episodes:,} episodes)"] = _time(
        client, file_url.replace(".csv", ".pdf"), max(3, RUNS // 10)
    )
    # The oversight page's overdue figures are the deadlines overview's (the clock over every open case): the
    # overview beside it shows how much of the page's time is that shared part.
    overview_url = reverse("process:deadlines_overview", kwargs={"slug": org.slug})
    measurements[f"deadlines overview ({pluralise(CASES, 'case')})"] = _time(
        client, overview_url, max(3, RUNS // 10)
    )
    oversight_url = reverse("oversight:organisation", kwargs={"org_slug": org.slug})
    measurements[f"oversight page ({pluralise(CASES, 'case')})"] = _time(
        client, oversight_url, max(3, RUNS // 10)
    )
    # The record PDF is made by the task worker now (ADR 39): the pdfs part measures asking and making apart.
    session_url = _training_session(org, user)
    measurements[f"training session page ({TRAINING_LEARNERS} learners)"] = _time(client, session_url, RUNS)
    return {
        "cases": CASES,
        "exclusion_episodes": episodes,
        "database": "sqlite",
        "setup_seconds": round(setup_seconds, 1),
        "measurements": measurements,
        "python": sys.version.split()[0],
    }


EPISODE_EVERY = 20  # one case in twenty has an exclusion episode
TRAINING_LEARNERS = 40  # a large facilitated session: a whole induction cohort


def _training_session(org, facilitator) -> str:
    """A session whose learners have all answered every step, through the real services; its page's URL."""
    from django.urls import reverse

    from faircase.accounts.models import Membership, User
    from faircase.training import services as training
    from faircase.training.studies import studies_for

    study = studies_for(org.slug)[0]
    session = training.create_session(organisation=org, study=study, title="Bench cohort", by=facilitator)
    learners = User.objects.bulk_create(
        User(username=f"bench-learner-{n}", full_name=f"Bench Learner {n}") for n in range(TRAINING_LEARNERS)
    )
    Membership.objects.bulk_create(
        Membership(user=learner, organisation=org, role="case_investigator") for learner in learners
    )
    attempts = [training.join_session(organisation=org, code=session.join_code, by=p) for p in learners]
    for stage in study.stages:
        for learner, attempt in zip(learners, attempts, strict=True):
            training.answer_stage(
                attempt=attempt,
                study=study,
                stage_key=stage.key,
                considerations={code: "unknown" for code in stage.considerations},
                decision=stage.would_choose,
                by=learner,
            )
    return reverse("training:session", kwargs={"org_slug": org.slug, "session_id": session.pk})


def _exclusion_episodes(cases: list, user) -> object:
    """Bulk exclusion episodes for the return: on each case an immediate exclusion of 5 days that became a formal
    one, whose four-week periods ran to today (the last one current, its review due), the earlier ones reviewed
    on time. Returns one case with such an episode, for the case page."""
    from django.db import transaction
    from django.utils import timezone

    from faircase.process import clock
    from faircase.process.models import Restriction, RestrictionPeriod

    today = timezone.localdate()
    restrictions, periods = [], []
    for i, case in enumerate(cases):
        # Episodes of 30 to 200 days so far: a spread of period counts, some past six months.
        first_day = today - dt.timedelta(days=30 + (i * 37) % 170)
        formal_start = clock.last_day_after_days(first_day, 6)
        immediate = Restriction(
            case=case,
            kind="immediate_exclusion",
            started_on=first_day,
            ended_on=clock.day_before(formal_start),
            terms="Excluded while the facts are established.",
            reasons="Benchmark data.",
            end_reason="Continued as a formal exclusion.",
            recorded_by=user,
        )
        formal = Restriction(
            case=case,
            kind="formal_exclusion",
            started_on=formal_start,
            terms="Formally excluded.",
            reasons="Benchmark data.",
            advice_not_consulted_reason="Benchmark data.",
            recorded_by=user,
        )
        restrictions += [immediate, formal]
        periods.append(
            RestrictionPeriod(
                restriction=immediate,
                number=1,
                starts_on=first_day,
                ends_on=clock.last_day_after_days(first_day, 14),
            )
        )
        start, number = formal_start, 1
        while True:
            end = clock.last_day_after_days(start, 28)
            current = end >= today
            # Most reviews a day early, one in three a day late.
            reviewed = None if current else (clock.day_before(end) if number % 3 else clock.day_after(end))
            periods.append(
                RestrictionPeriod(
                    restriction=formal, number=number, starts_on=start, ends_on=end, reviewed_on=reviewed
                )
            )
            if current:
                break
            start, number = clock.next_period_start(end, reviewed), number + 1
    with transaction.atomic():
        Restriction.objects.for_system("bench").bulk_create(restrictions)
        RestrictionPeriod.objects.for_system("bench").bulk_create(periods)
    return cases[0]


def _time_call(call, runs: int) -> dict:
    from django.db import connection

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "queries": len(executed),
        "median_ms": round(statistics.median(samples), 2),
        "p90_ms": round(samples[max(0, int(len(samples) * 0.9) - 1)], 2),
        "runs": runs,
    }


# ---- the upload and download of a large document ------------------------------------------------------------


def _bench_pdf(size: int) -> bytes:
    """A valid one-page PDF padded with comment lines to about `size` bytes (fictional content)."""
    head = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    head += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    tail = b"trailer\n<< /Root 1 0 R >>\nstartxref\n0\n%%EOF\n"
    line = b"% " + b"benchmark padding " * 56 + b"\n"
    lines = max(0, (size - len(head) - len(tail)) // len(line))
    return head + line * lines + tail


def main_documents() -> None:
    workdir = django_on_a_database("documents")
    from django.conf import settings

    # A real file-system storage, as the default settings have, in the benchmark's own folder.
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": workdir / "documents"},
        },
    }
    results = _document_measurements(workdir)
    save_results("bench-documents.json", results)
    print(f"\nfaircase benchmark: documents, SQLite, file-system storage, median of {DOCUMENT_RUNS} runs")
    for name, row in results["measurements"].items():
        print(f"  {name:<48} median {row['median_ms']:8.1f} ms   p90 {row['p90_ms']:8.1f} ms")
    print(
        f"  peak Python memory while the service adds it from disk: {results['service_peak_python_memory_mb']:.1f} MB"
    )
    about = results["case_file_record"]
    print(f"  the case file's PDF record: {pluralise(about['pages'], 'page')}, {about['bytes']:,} bytes")
    about = results["subject_access_bundle"]
    print(f"  the subject access bundle: {pluralise(about['pages'], 'page')}, {about['bytes']:,} bytes")
    print("  results in bench-results/bench-documents.json")


def _service_peak_memory_mb(case, user, source: Path) -> float:
    import datetime as dt
    import tracemalloc

    from django.core.files import File

    from faircase.documents import services

    with source.open("rb") as handle:
        tracemalloc.start()
        services.add_document(case=case, file=File(handle, name=source.name), name=source.name, kind="report",
                              dated=dt.date(2026, 3, 2), marking="disclosable", by=user)  # fmt: skip
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return round(peak / (1024 * 1024), 1)


def _document_measurements(workdir: Path) -> dict:
    import hashlib

    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from faircase.cases import services as case_services
    from faircase.documents.models import DocumentVersion

    org, user = bench_trust_and_manager()
    practitioner = bench_practitioner(org)
    practitioner.save()
    case = case_services.open_case(organisation=org, practitioner=practitioner, reference="BENCH-DOCS",
                                   policy="mhps_england", concern=BENCH_CONCERN, by=user, case_manager=user)  # fmt: skip
    content = _bench_pdf(DOCUMENT_MB * 1024 * 1024)
    source = workdir / "bench statement.pdf"
    source.write_bytes(content)
    client = Client()
    client.force_login(user)
    add_url = reverse("documents:add", kwargs={"case_id": case.pk})
    uploads, downloads = [], []
    for _ in range(DOCUMENT_RUNS):
        with source.open("rb") as handle:
            started = time.perf_counter()
            response = client.post(add_url, {
                "file": handle, "kind": "statement", "dated_0": "2", "dated_1": "3", "dated_2": "2026",
                "marking": "disclosable", "withheld_reason": "",
            })  # fmt: skip
            uploads.append((time.perf_counter() - started) * 1000)
        if response.status_code != 302:
            raise SystemExit(f"the upload answered {response.status_code}: {response.content[:500]!r}")
    version = DocumentVersion.objects.of_case(case).order_by("added_at").last()
    if version.sha256 != hashlib.sha256(content).hexdigest():
        raise SystemExit("the stored file's SHA-256 is not the uploaded file's")
    download_url = reverse("documents:download", kwargs={
        "case_id": case.pk, "document_id": version.document_id, "version_id": version.pk,
    })  # fmt: skip
    for _ in range(DOCUMENT_RUNS):
        started = time.perf_counter()
        response = client.get(download_url)
        size = sum(len(chunk) for chunk in response.streaming_content)
        downloads.append((time.perf_counter() - started) * 1000)
        if size != len(content):
            raise SystemExit("the download is not the whole file")

    def summary(samples: list[float], url: str) -> dict:
        samples = sorted(samples)
        return {
            "url": url,
            "median_ms": round(statistics.median(samples), 1),
            "p90_ms": round(samples[max(0, int(len(samples) * 0.9) - 1)], 1),
            "runs": len(samples),
        }

    record = _case_file_record(org, practitioner, user, client)
    bundle = _subject_access_bundle(org, practitioner, user)
    return {
        "database": "sqlite",
        "storage": "file system",
        "file_bytes": len(content),
        "case_file_record": record["about"],
        "subject_access_bundle": bundle["about"],
        "file_upload_max_memory_size": settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
        # The test client builds the whole request in memory, so the page's memory says little: this is the peak
        # of Python's allocations while the service adds the same file from disk (as `faircase documents add`).
        "service_peak_python_memory_mb": _service_peak_memory_mb(case, user, source),
        "measurements": {
            f"upload of a {DOCUMENT_MB} MB PDF (upload page)": summary(uploads, add_url),
            f"download of a {DOCUMENT_MB} MB PDF": summary(downloads, download_url),
            record["name"]: summary(record["samples"], record["url"]),
            bundle["name"]: summary(bundle["samples"], ""),
        },
        "python": sys.version.split()[0],
    }


RECORD_DOCUMENTS = 50
RECORD_COMMUNICATIONS = 150  # with the documents, 200 entries in the case file's chronology


def _case_file_case(org, practitioner, user, reference: str = "BENCH-FILE"):
    """A case with 50 documents and 150 logged communications (200 dated entries in its case file)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from faircase.cases import services as case_services
    from faircase.documents import services as document_services
    from faircase.practitioners.services_comms import log_communication

    case = case_services.open_case(organisation=org, practitioner=practitioner, reference=reference,
                                   policy="mhps_england", concern=BENCH_CONCERN, by=user, case_manager=user)  # fmt: skip
    for number in range(RECORD_DOCUMENTS):
        name = f"bench statement {number:02d}.pdf"
        document_services.add_document(case=case, file=ContentFile(_bench_pdf(4096), name=name), name=name,
                                       kind="statement", dated=dt.date(2026, 3, 2), marking="disclosable", by=user)  # fmt: skip
    now = timezone.now()
    for number in range(RECORD_COMMUNICATIONS):
        log_communication(case=case, channel="phone", to_practitioner=number % 2 == 0,
                          summary=f"Benchmark call {number}: the next steps and the support on offer.",
                          occurred_at=now - dt.timedelta(hours=number + 1), by=user)  # fmt: skip
    return case


def _case_file_record(org, practitioner, user, client) -> dict:
    """The PDF record of the case file of `_case_file_case`: its time through the record page, its size and its
    pages, read back with pypdf."""
    import io

    from django.urls import reverse
    from pypdf import PdfReader

    case = _case_file_case(org, practitioner, user)
    url = reverse("records:record_pdf", kwargs={"case_id": case.pk})
    samples, pdf = [], b""
    for _ in range(max(3, DOCUMENT_RUNS)):
        started = time.perf_counter()
        # Asked for and downloaded: the test settings' immediate task backend makes it inside the ask (ADR 39).
        response = client.get(url)
        if response.status_code == 302:
            response = client.get(response["Location"] + "download")
        pdf = b"".join(response.streaming_content) if response.streaming else response.content
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"the record answered {response.status_code}")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {
        "name": f"PDF record ({RECORD_DOCUMENTS} documents, {RECORD_COMMUNICATIONS} communications)",
        "url": url,
        "samples": samples,
        "about": {
            "documents": RECORD_DOCUMENTS,
            "communications": RECORD_COMMUNICATIONS,
            "pages": pages,
            "bytes": len(pdf),
        },
    }


def _subject_access_bundle(org, practitioner, user) -> dict:
    """The subject access bundle (faircase.bundles, ADR 32) of the documents part's practitioner: both its cases
    (the 20 MB PDFs and the case file of 50 documents and 150 communications), every PDF appended, two terms
    redacted; prepared through the service, as the page does."""
    from faircase.bundles import services as bundle_services
    from faircase.cases.models import Case

    cases = list(Case.objects.for_system("bench").filter(practitioner=practitioner).order_by("opened_at"))
    samples, bundle = [], None
    for _ in range(3):
        started = time.perf_counter()
        bundle = bundle_services.prepare_bundle(kind="subject_access", organisation=org, practitioner=practitioner,
                                                cases=cases, terms=["Bench Manager", "Benchmark call 7"], by=user)  # fmt: skip
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "name": f"subject access bundle ({pluralise(len(cases), 'case')}, every PDF appended)",
        "samples": samples,
        "about": {"cases": len(cases), "pages": bundle.page_count, "bytes": bundle.size},
    }


def main_evaluation() -> None:
    django_on_a_database("evaluation")
    results = _evaluation_measurements()
    save_results("bench-evaluation.json", results)
    print(f"\nfaircase benchmark: the evaluation over {pluralise(CASES, 'case')}, SQLite")
    for name, row in results["measurements"].items():
        print(
            f"  {name:<44} median {row['median_ms']:8.1f} ms   p90 {row['p90_ms']:8.1f} ms   "
            f"queries {row.get('queries', '-')}"
        )
    print(
        f"  data set built in {results['setup_seconds']:.1f} s; results in bench-results/bench-evaluation.json"
    )


def _evaluation_measurements() -> dict:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from faircase.accounts.models import Membership
    from faircase.evaluation import measures
    from faircase.process import clock

    built = build_cases()
    org, user = built["org"], built["user"]
    # Adopted 150 days ago: the first six months since then, against as many days before.
    org.framework_adopted_on = clock.stretch_before(timezone.localdate(), 150)[0]
    org.save(update_fields=["framework_adopted_on"])
    Membership.objects.create(user=user, organisation=org, role="equality_analyst")
    start, end = clock.evaluation_period(org.framework_adopted_on)
    client = Client()
    client.force_login(user)
    page = reverse("evaluation:organisation", kwargs={"slug": org.slug}) + "?period=1"
    runs = max(5, RUNS // 3)
    return {
        "cases": CASES,
        "database": "sqlite",
        "setup_seconds": round(built["setup_seconds"], 1),
        "measurements": {
            "raw counts (one period)": _time_call(lambda: measures.raw_counts(org, start, end), runs),
            "evaluation (both periods, published)": _time_call(
                lambda: measures.build_evaluation(org, start, end), runs
            ),
            "evaluation page": _time(client, page, runs),
        },
        "python": sys.version.split()[0],
    }


# ---- the national aggregate of 200 exports ----------------------------------------------------------------


def main_national() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "faircase.config.settings.test"
    import django

    django.setup()
    import io
    import random

    from faircase.evaluation import national, national_pdf
    from faircase.evaluation.national_synthetic import synthetic_export

    VAR_DIR.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-national-", dir=VAR_DIR))
    rng = random.Random(1)  # noqa: S311 (made-up data, not secrets)
    paths = []
    for number in range(NATIONAL_EXPORTS):
        data = synthetic_export(
            rng, number=number, years=["2024-25", "2025-26"], professions=national.PROFESSIONS, size=400
        )
        path = workdir / f"export-{number:03d}.json"
        path.write_text(national.export_text(data))
        paths.append(path)
    size_mb = sum(p.stat().st_size for p in paths) / 1024 / 1024
    exports = national.read_exports(paths)
    merged = national.aggregate(exports)
    pdf = national_pdf.render_pdf(merged, generated=dt.datetime(2026, 4, 1, 9, 0))
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    results = {
        "exports": NATIONAL_EXPORTS,
        "files_mb": round(size_mb, 1),
        "measurements": {
            "read and check the files": _samples(lambda: national.read_exports(paths), NATIONAL_RUNS),
            "aggregate": _samples(lambda: national.aggregate(exports), NATIONAL_RUNS),
            "aggregate as JSON": _samples(
                lambda: json.dumps(national.national_as_json(national.aggregate(exports))), NATIONAL_RUNS
            ),
            "PDF report": _samples(
                lambda: national_pdf.render_pdf(merged, generated=dt.datetime(2026, 4, 1, 9, 0)),
                NATIONAL_RUNS,
            ),
        },
        "pdf_pages": pages,
        "pdf_kb": round(len(pdf) / 1024),
        "python": sys.version.split()[0],
    }
    shutil.rmtree(workdir, ignore_errors=True)
    save_results("bench-national.json", results)
    print(
        f"\nfaircase benchmark: the national aggregate of {NATIONAL_EXPORTS} synthetic exports "
        f"({results['files_mb']} MB), {NATIONAL_RUNS} runs"
    )
    for name, row in results["measurements"].items():
        print(f"  {name:<30} median {row['median_ms']:9.1f} ms   max {row['max_ms']:9.1f} ms")
    print(f"  PDF report: {pluralise(pages, 'page')}, {results['pdf_kb']:,} KB")
    print("  results in bench-results/bench-national.json")


def _samples(call, runs: int) -> dict:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(samples), 1), "max_ms": round(max(samples), 1), "runs": runs}


def main_backup() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="faircase-bench-backup-"))
    given = os.environ.get("DATABASE_URL", "")
    postgres = given.startswith(("postgres://", "postgresql://"))
    source_url = given if postgres else f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = source_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "faircase.config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from faircase.core.models import AuditEvent

    call_command("migrate", verbosity=0)
    built = build_cases()
    events = AuditEvent.objects.count()
    restore_url = source_url.rsplit("/", 1)[0] + "/faircase_bench_restore" if postgres else ""
    results: dict = {
        "database": connection.vendor,
        "cases": CASES,
        "audit_events": events,
        "setup_seconds": round(built["setup_seconds"], 1),
        "runs": {},
    }
    try:
        for name in ("backup.tar.gz", "backup.tar"):
            target = workdir / name
            backup_s = _time_command(["backup", str(target)], source_url)
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("DROP DATABASE IF EXISTS faircase_bench_restore")
                    cursor.execute("CREATE DATABASE faircase_bench_restore")
                into = restore_url
            else:
                into = f"sqlite:///{workdir / ('restored-' + name + '.sqlite3')}"
            restore_s = _time_command(["restore", str(target)], into)
            results["runs"][name] = {
                "backup_seconds": round(backup_s, 2),
                "restore_seconds": round(restore_s, 2),
                "size_mb": round(target.stat().st_size / 1_000_000, 1),
            }
    finally:
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("DROP DATABASE IF EXISTS faircase_bench_restore")
        shutil.rmtree(workdir, ignore_errors=True)
    save_results("bench-backup.json", results)
    print(
        f"\nfaircase backup and restore: {pluralise(CASES, 'case')}, {pluralise(events, 'audit event')}, "
        f"{connection.vendor} (the service call, without start-up)"
    )
    for name, row in results["runs"].items():
        print(
            f"  {name:<16} backup {row['backup_seconds']:6.2f} s   restore {row['restore_seconds']:6.2f} s   "
            f"size {row['size_mb']:6.1f} MB"
        )
    print("  results in bench-results/bench-backup.json")


# Run in a fresh process with DATABASE_URL set (a restore needs its own target database); the time is of the
# service call alone, not of Django's start-up, which on a busy machine can be longer than the work.
_CHILD = """
import sys, time, django
from pathlib import Path
django.setup()
from faircase.backups import services
started = time.perf_counter()
if sys.argv[1] == "backup":
    services.make_backup(out=Path(sys.argv[2]), by="faircase bench")
else:
    services.restore_backup(path=Path(sys.argv[2]), by="faircase bench")
print(time.perf_counter() - started)
"""


def _time_command(arguments: list[str], database_url: str) -> float:
    environment = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(  # noqa: S603 (faircase's own services)
        [sys.executable, "-c", _CHILD, *arguments],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(result.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
