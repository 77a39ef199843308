"""`make bench`: how faircase performs with a large organisation. Measured and reported, never asserted.

10,000 cases in one organisation on the embedded SQLite database: the number of SQL queries and the median
server time of the case list and the case page, and the time to render the PDF record of a case with five
completed reviews. Results are printed and written to bench-results/bench.json.
"""

import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

CASES = int(os.environ.get("FAIRCASE_BENCH_CASES", "10000"))
RUNS = int(os.environ.get("FAIRCASE_BENCH_RUNS", "30"))


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="faircase-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "faircase.config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    results = run()
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps(results, indent=2))
    print(f"\nfaircase benchmark: {CASES:,} cases in one organisation, SQLite, median of {RUNS} runs")
    for name, row in results["measurements"].items():
        print(f"  {name:<34} median {row['median_ms']:8.1f} ms   p90 {row['p90_ms']:8.1f} ms   "
              f"queries {row.get('queries', '-')}")
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


def run() -> dict:
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from faircase.accounts.models import Membership, Organisation, User
    from faircase.cases.models import Case, CaseMember, Concern, Practitioner
    from faircase.cases.tests.factories import concern_fields
    from faircase.framework.tests.test_reviews import complete_review

    started = time.perf_counter()
    org = Organisation.objects.create(slug="bench", name="Benchmark Fictional NHS Trust", ods_code="ZZB01",
                                      nation="england", kind="nhs_trust")
    user = User.objects.create_user(username="bench", password="bench-password-1234", full_name="Bench Manager")
    Membership.objects.create(user=user, organisation=org, role="case_manager")
    with transaction.atomic():
        # Bulk rows for the scale (the services are exercised by the test suite); one case below goes
        # through the real services end to end.
        practitioners = Practitioner.objects.bulk_create(
            Practitioner(organisation=org, full_name=f"Dr Bench Practitioner {i}", profession="doctor",
                         regulator="gmc", registration_number=f"{5000000 + i}", setting="secondary",
                         contract_type="substantive", qualification_region="uk")
            for i in range(CASES // 4)
        )
        now = timezone.now()
        cases = Case.objects.bulk_create(
            Case(organisation=org, reference=f"BENCH-{i:05d}", practitioner=practitioners[i % len(practitioners)],
                 policy="mhps_england", stage="initial_assessment", opened_by=user,
                 opened_at=now - dt.timedelta(minutes=i))
            for i in range(CASES)
        )
        fields = concern_fields()
        Concern.objects.bulk_create(Concern(case=c, recorded_by=user, **fields) for c in cases)
        CaseMember.objects.bulk_create(CaseMember(case=c, user=user, role="case_manager") for c in cases[::10])
    from faircase.cases import services

    subject = services.open_case(organisation=org, practitioner=practitioners[0], reference="BENCH-REVIEWED",
                                 policy="mhps_england", concern=concern_fields(), by=user, case_manager=user)
    for point in ("commencement", "route", "terms_of_reference", "report_received", "determination"):
        complete_review(subject, user, point=point, overrides={"UI4": "unknown", "WS3": "no"})
    setup_seconds = time.perf_counter() - started

    client = Client()
    client.force_login(user)
    measurements = {
        f"case list (page 1 of {CASES:,})": _time(client, reverse("cases:list"), RUNS),
        "case list, searched": _time(client, reverse("cases:list") + "?q=BENCH-09", RUNS),
        "case page (5 reviews)": _time(client, reverse("cases:detail", kwargs={"case_id": subject.pk}), RUNS),
        "case page (no reviews)": _time(client, reverse("cases:detail", kwargs={"case_id": cases[len(cases) // 2].pk}), RUNS),
    }
    pdf_url = reverse("records:record_pdf", kwargs={"case_id": subject.pk})
    measurements["PDF record (5 reviews)"] = _time(client, pdf_url, max(5, RUNS // 3))
    return {"cases": CASES, "database": "sqlite", "setup_seconds": round(setup_seconds, 1),
            "measurements": measurements, "python": sys.version.split()[0]}


if __name__ == "__main__":
    main()
