"""What every part of `make bench` does first and last: Django on a database of its own, and its results saved."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

RESULTS_DIR = Path("bench-results")


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def django_on_a_database(
    part: str, *, postgresql_allowed: bool = False, sqlite_file: Path | None = None
) -> Path:
    """Set Django up for a benchmark part and migrate its database: a new SQLite file in a temporary folder (or
    `sqlite_file`, kept from run to run), or the PostgreSQL database DATABASE_URL names where the part measures
    both. Returns the part's temporary folder, for its files."""
    workdir = Path(tempfile.mkdtemp(prefix=f"faircase-bench-{part}-"))
    if not (postgresql_allowed and on_postgresql()):
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_file or workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "faircase.config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return workdir


def save_results(file_name: str, results: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / file_name
    path.write_text(json.dumps(results, indent=2))
    return path


# ---- the benchmarks' own fictional people (the package must not import its tests' factories) ----------------

BENCH_PASSWORD = "bench-password-1234"  # noqa: S105 (a throwaway benchmark database)


def bench_trust_and_manager() -> tuple[Any, Any]:
    """The benchmark's organisation and its case manager."""
    from faircase.accounts.models import Membership, Organisation, User

    organisation = Organisation.objects.create(
        slug="bench",
        name="Benchmark Fictional NHS Trust",
        ods_code="ZZB01",
        nation="england",
        kind="nhs_trust",
    )
    user = User.objects.create_user(username="bench", password=BENCH_PASSWORD, full_name="Bench Manager")
    Membership.objects.create(user=user, organisation=organisation, role="case_manager")
    return organisation, user


def bench_practitioner(organisation: Any, number: int | None = None) -> Any:
    """A practitioner of the benchmark's, not yet saved (for bulk_create), numbered when there are many."""
    from faircase.cases.models import Practitioner

    return Practitioner(
        organisation=organisation,
        full_name="Dr Bench Practitioner" + ("" if number is None else f" {number}"),
        profession="doctor",
        regulator="gmc",
        registration_number=str(5000000 + (1 if number is None else number)),
        setting="secondary",
        contract_type="substantive",
        qualification_region="uk",
    )
