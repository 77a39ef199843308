"""The import services: all-or-nothing, replacing earlier headcounts, refusing references already held, an
ImportBatch and an audit event in the same transaction, dry runs that write nothing."""

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest

import faircase
from faircase.accounts.tests.factories import member
from faircase.core import audit
from faircase.core.models import AuditEvent
from faircase.equality import services_import
from faircase.equality.importers import CASE_COLUMNS, WORKFORCE_COLUMNS, ImportFileError
from faircase.equality.models import HistoricCase, ImportBatch, WorkforceBaseline
from faircase.equality.services_import import ImportRejected
from faircase.equality.tests import hostile_files as hostile
from faircase.equality.tests.factories import HistoricCaseFactory

pytestmark = pytest.mark.django_db

EXAMPLES = Path(faircase.__file__).parent / "data" / "examples"
WORKFORCE_EXAMPLE = EXAMPLES / "workforce-example.csv"
CASES_EXAMPLE = EXAMPLES / "cases-example.csv"
WORKFORCE_HEADER = ",".join(WORKFORCE_COLUMNS)
CASE_HEADER = ",".join(CASE_COLUMNS)
TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def analyst(organisation):
    return member(organisation, "equality_analyst", username="analyst", full_name="Ana Lyst")


def workforce(organisation, text, *, by, **kwargs):
    return services_import.import_workforce(
        organisation=organisation, file=io.BytesIO(text.encode()), filename="baseline.csv", by=by, **kwargs
    )


def cases(organisation, text, *, by, **kwargs):
    return services_import.import_cases(
        organisation=organisation,
        file=io.BytesIO(text.encode()),
        filename="cases.csv",
        by=by,
        today=TODAY,
        **kwargs,
    )


def case_line(n, **overrides):
    values = dict(
        zip(
            CASE_COLUMNS,
            f"HX-{n},P-{n},doctor,2025-06-02,white,uk,female,40_49,no,no,no,no,no".split(","),
            strict=True,
        )
    )
    values.update(overrides)
    return ",".join(values[c] for c in CASE_COLUMNS)


def headcounts(organisation):
    return {
        (b.period, b.profession, b.dimension, b.group): b.headcount
        for b in WorkforceBaseline.objects.filter(organisation=organisation)
    }


# ---- workforce baselines ---------------------------------------------------------------------------------


def test_the_workforce_example_imports_with_a_batch_and_an_audit_event(organisation, analyst):
    with WORKFORCE_EXAMPLE.open("rb") as file:
        result = services_import.import_workforce(
            organisation=organisation,
            file=file,
            filename="workforce-example.csv",
            by=analyst,
            source="upload",
        )

    assert result.rows == 46
    assert result.summary() == (
        "Imported 46 workforce headcounts for Riverside Fictional NHS Trust (2024-25, 2025-26) from "
        "workforce-example.csv."
    )
    held = headcounts(organisation)
    assert held[("2025-26", "doctor", "ethnicity", "asian")] == 132
    assert sum(v for k, v in held.items() if k[0] == "2025-26" and k[2] == "sex") == 428
    batch = ImportBatch.objects.get()
    assert (batch.kind, batch.filename, batch.rows, batch.imported_by) == (
        "workforce",
        "workforce-example.csv",
        46,
        analyst,
    )
    assert batch.sha256 == hashlib.sha256(WORKFORCE_EXAMPLE.read_bytes()).hexdigest()
    event = AuditEvent.objects.get(action="equality.workforce_imported")
    assert event.object_id == str(batch.pk) and event.organisation_id == organisation.pk
    assert event.summary["after"]["rows"] == 46 and event.summary["after"]["sha256"] == batch.sha256


def test_a_later_file_replaces_the_headcounts_of_the_same_period_profession_and_dimension(
    organisation, other_organisation, analyst
):
    first = "\n".join(
        [
            WORKFORCE_HEADER,
            "2025-26,doctor,sex,female,10",
            "2025-26,doctor,sex,male,12",
            "2025-26,doctor,sex,not_known,1",
            "2025-26,doctor,disability,no,23",
            "2024-25,doctor,sex,male,11",
        ]
    )
    workforce(organisation, first, by=analyst)
    workforce(other_organisation, first, by="test")

    result = workforce(
        organisation,
        f"{WORKFORCE_HEADER}\n2025-26,doctor,sex,female,14\n2025-26,doctor,sex,male,15\n",
        by=analyst,
    )

    assert result.replaced == 3
    assert headcounts(organisation) == {
        ("2025-26", "doctor", "sex", "female"): 14,
        ("2025-26", "doctor", "sex", "male"): 15,  # not_known went with the rest of 2025-26 doctor sex
        ("2025-26", "doctor", "disability", "no"): 23,
        ("2024-25", "doctor", "sex", "male"): 11,
    }
    assert len(headcounts(other_organisation)) == 5
    assert (
        ImportBatch.objects.filter(organisation=organisation).count() == 2
    )  # the earlier batch stays on record


def test_a_bad_workforce_file_changes_nothing_and_leaves_only_an_audit_event(organisation, analyst):
    workforce(organisation, f"{WORKFORCE_HEADER}\n2025-26,doctor,sex,male,12\n", by=analyst)
    batches, events = ImportBatch.objects.count(), AuditEvent.objects.count()

    with pytest.raises(ImportRejected) as error:
        workforce(
            organisation,
            f"{WORKFORCE_HEADER}\n2025-26,doctor,sex,male,99\n2025-26,doctor,sex,female,lots\n",
            by=analyst,
        )

    assert str(error.value) == "baseline.csv: 1 problem in 1 row. Nothing was imported."
    assert headcounts(organisation) == {("2025-26", "doctor", "sex", "male"): 12}
    assert ImportBatch.objects.count() == batches
    refused = AuditEvent.objects.get(action="equality.import_refused")
    assert AuditEvent.objects.count() == events + 1
    assert refused.summary["detail"]["problems"] == 1 and refused.summary["detail"]["kind"] == "workforce"


def test_a_workforce_dry_run_says_what_it_would_replace_and_writes_nothing(organisation, analyst):
    workforce(organisation, f"{WORKFORCE_HEADER}\n2025-26,doctor,sex,male,12\n", by=analyst)
    events = AuditEvent.objects.count()

    result = workforce(
        organisation, f"{WORKFORCE_HEADER}\n2025-26,doctor,sex,male,13\n", by=analyst, dry_run=True
    )

    assert (result.rows, result.replaced, result.batch) == (1, 1, None)
    assert "Nothing was imported (dry run)" in result.summary()
    assert headcounts(organisation) == {("2025-26", "doctor", "sex", "male"): 12}
    assert AuditEvent.objects.count() == events


def test_a_failed_audit_write_rolls_the_workforce_import_back(organisation, analyst, monkeypatch):
    def broken(**kwargs):
        raise audit.AuditError("the audit store refused the event")

    monkeypatch.setattr("faircase.equality.services_import.audit.record", broken)
    with pytest.raises(audit.AuditError):
        workforce(organisation, f"{WORKFORCE_HEADER}\n2025-26,doctor,sex,male,12\n", by=analyst)
    assert not WorkforceBaseline.objects.exists() and not ImportBatch.objects.exists()


# ---- historic cases --------------------------------------------------------------------------------------


def test_the_cases_example_imports_every_row_with_its_period(organisation, analyst):
    with CASES_EXAMPLE.open("rb") as file:
        result = services_import.import_cases(
            organisation=organisation, file=file, filename="cases-example.csv", by=analyst
        )

    assert result.summary() == (
        "Imported 24 historic cases for Riverside Fictional NHS Trust (2023-24 to 2025-26) from cases-example.csv."
    )
    assert HistoricCase.objects.filter(organisation=organisation).count() == 24
    first = HistoricCase.objects.get(reference="HIST-2023-001")
    assert (first.period, first.ethnicity, first.pmq, first.formal_investigation, first.sanction) == (
        "2023-24",
        "asian",
        "rest_of_world",
        True,
        False,
    )
    batch = ImportBatch.objects.get(kind="cases")
    assert (batch.rows, batch.imported_by, batch.sha256) == (
        24,
        analyst,
        hashlib.sha256(CASES_EXAMPLE.read_bytes()).hexdigest(),
    )
    assert set(HistoricCase.objects.values_list("batch", flat=True)) == {batch.pk}
    event = AuditEvent.objects.get(action="equality.cases_imported")
    assert (
        event.summary["after"]["rows"] == 24 and event.summary["after"]["practitioners"] == 21
    )  # three practitioners have two cases


def test_a_reference_the_organisation_already_holds_is_refused_and_nothing_is_imported(
    organisation, other_organisation, analyst
):
    HistoricCaseFactory(organisation=organisation, reference="HX-2")
    HistoricCaseFactory(organisation=other_organisation, reference="HX-1")  # another organisation's: no clash

    with pytest.raises(ImportRejected) as error:
        cases(organisation, "\n".join([CASE_HEADER, case_line(1), case_line(2), case_line(3)]), by=analyst)

    assert [str(p) for p in error.value.problems.in_order()] == [
        "Line 3, column reference: 'HX-2' is already held for Riverside Fictional NHS Trust: it was imported before"
    ]
    assert HistoricCase.objects.filter(organisation=organisation).count() == 1


def test_a_problem_after_the_first_batches_were_written_rolls_them_all_back(
    organisation, analyst, monkeypatch
):
    monkeypatch.setattr(services_import, "WRITE_BATCH", 5)
    lines = [CASE_HEADER] + [case_line(n) for n in range(1, 13)] + [case_line(13, sex="unknown")]

    with pytest.raises(ImportRejected) as error:
        cases(organisation, "\n".join(lines), by=analyst)

    assert [str(p) for p in error.value.problems.in_order()] == [
        "Line 14, column sex: 'unknown' is not one of female, male, not_known"
    ]
    assert not HistoricCase.objects.exists()
    assert not ImportBatch.objects.exists()
    assert AuditEvent.objects.filter(action="equality.import_refused").count() == 1


def test_rows_are_written_in_batches_when_the_file_is_good(organisation, analyst, monkeypatch):
    monkeypatch.setattr(services_import, "WRITE_BATCH", 5)
    lines = [CASE_HEADER] + [case_line(n) for n in range(1, 13)]
    result = cases(organisation, "\n".join(lines), by=analyst)
    assert result.rows == 12 == HistoricCase.objects.count()


def test_a_dry_run_reports_counts_and_writes_nothing(organisation, analyst):
    lines = [
        CASE_HEADER,
        case_line(1, exclusion="yes", formal_investigation="yes"),
        case_line(2, ethnicity="not_stated"),
        case_line(3, practitioner_key="P-1", date_raised="2024-01-10"),
    ]
    events = AuditEvent.objects.count()

    result = cases(organisation, "\n".join(lines), by=analyst, dry_run=True)

    assert (result.rows, result.practitioners, result.batch) == (3, 2, None)
    assert dict(result.by_period) == {"2025-26": 2, "2023-24": 1}
    assert result.by_stage["exclusion"] == 1 and result.by_stage["formal_investigation"] == 1
    assert result.missing["ethnicity"] == 1
    assert result.summary() == (
        "Checked cases.csv: 3 historic cases for Riverside Fictional NHS Trust (2023-24 to 2025-26) are ready to "
        "import. Nothing was imported (dry run)."
    )
    assert not HistoricCase.objects.exists() and not ImportBatch.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_dry_run_with_problems_leaves_no_audit_event(organisation, analyst):
    with pytest.raises(ImportRejected):
        cases(organisation, "\n".join([CASE_HEADER, case_line(1, sex="x")]), by=analyst, dry_run=True)
    assert not AuditEvent.objects.filter(action="equality.import_refused").exists()


def test_a_file_with_the_wrong_header_is_refused_and_audited(organisation, analyst):
    with pytest.raises(ImportFileError, match="missing: regulator_referral"):
        cases(organisation, CASE_HEADER.replace(",regulator_referral", "") + "\n", by=analyst)
    refused = AuditEvent.objects.get(action="equality.import_refused")
    assert "missing: regulator_referral" in refused.summary["detail"]["reason"]
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    "hostile_file",
    [hostile.cut_short, hostile.billion_laughs, hostile.cell_of_256_mb],
    ids=["a sheet cut short", "billion laughs", "a cell of 256 MB"],
)
def test_a_workbook_that_cannot_be_read_is_refused_audited_and_changes_nothing(
    organisation, analyst, hostile_file
):
    with pytest.raises(ImportFileError, match=r"^The file could not be read: "):
        services_import.import_cases(
            organisation=organisation,
            file=io.BytesIO(hostile_file()),
            filename="cases.xlsx",
            by=analyst,
            today=TODAY,
        )
    refused = AuditEvent.objects.get(action="equality.import_refused")
    assert refused.summary["detail"]["reason"].startswith("The file could not be read: ")
    assert refused.summary["detail"]["file"] == "cases.xlsx"
    assert not ImportBatch.objects.exists()
    assert not HistoricCase.objects.exists()


def test_the_command_line_actor_is_recorded_without_a_user(organisation):
    result = cases(
        organisation, "\n".join([CASE_HEADER, case_line(1)]), by=audit.Actor(label="faircase import (test)")
    )
    assert result.batch.imported_by is None
    assert AuditEvent.objects.get(action="equality.cases_imported").actor_label == "faircase import (test)"


# ---- files kept between the preview and the import -------------------------------------------------------


def test_a_staged_upload_is_found_by_its_token_and_removed_when_discarded(settings, tmp_path):
    settings.FAIRCASE_IMPORT_DIR = str(tmp_path)
    staged = services_import.stage_upload(io.BytesIO(b"reference\n"))
    assert staged.path.parent == tmp_path and staged.path.read_bytes() == b"reference\n"
    assert staged.path.stat().st_mode & 0o077 == 0  # readable by the server only
    assert services_import.staged_file(staged.token) == staged
    services_import.discard_staged(staged.token)
    assert services_import.staged_file(staged.token) is None


@pytest.mark.parametrize("token", ["../../etc/passwd", "short", "", None, "a" * 65, "abc/def" * 4])
def test_a_token_that_is_not_one_of_ours_finds_nothing(settings, tmp_path, token):
    settings.FAIRCASE_IMPORT_DIR = str(tmp_path)
    assert services_import.staged_file(token) is None
