"""`faircase import workforce|cases FILE --org SLUG [--dry-run]`: one line on success; on a bad file every
problem on stderr, a one-line reason, exit status 1, and nothing imported."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from openpyxl import Workbook

import faircase
from faircase.__main__ import main
from faircase.core.models import AuditEvent
from faircase.equality.importers import CASE_COLUMNS
from faircase.equality.models import HistoricCase, ImportBatch, WorkforceBaseline
from faircase.equality.tests import hostile_files as hostile

pytestmark = pytest.mark.django_db

EXAMPLES = Path(faircase.__file__).parent / "data" / "examples"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_workforce_import_prints_one_line(organisation):
    out, err = run("workforce", str(EXAMPLES / "workforce-example.csv"), "--org", "riverside")
    assert out == (
        "Imported 46 workforce headcounts for Riverside Fictional NHS Trust (2024-25, 2025-26) from "
        "workforce-example.csv.\n"
    )
    assert err == ""
    assert WorkforceBaseline.objects.count() == 46
    batch = ImportBatch.objects.get()
    assert batch.imported_by is None
    event = AuditEvent.objects.get(action="equality.workforce_imported")
    assert event.actor_label.startswith("faircase import workforce (command line, ")


def test_cases_import_prints_one_line(organisation):
    out, _ = run("cases", str(EXAMPLES / "cases-example.csv"), "--org", "riverside")
    assert out == (
        "Imported 24 historic cases for Riverside Fictional NHS Trust (2023-24 to 2025-26) from cases-example.csv.\n"
    )
    assert HistoricCase.objects.count() == 24


def test_a_dry_run_reports_the_count_and_writes_nothing(organisation):
    out, _ = run("cases", str(EXAMPLES / "cases-example.csv"), "--org", "riverside", "--dry-run")
    assert out == (
        "Checked cases-example.csv: 24 historic cases for Riverside Fictional NHS Trust (2023-24 to 2025-26) are "
        "ready to import. Nothing was imported (dry run).\n"
    )
    assert not HistoricCase.objects.exists() and not ImportBatch.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="equality.").exists()


def test_an_xlsx_workbook_is_imported_from_the_command_line(organisation, tmp_path):
    workbook = Workbook()
    workbook.active.append(list(CASE_COLUMNS))
    workbook.active.append(
        [
            "X-1",
            "P-1",
            "pharmacist",
            "01/03/2025",
            "black",
            "uk",
            "female",
            "50_59",
            "no",
            "no",
            "no",
            "no",
            "no",
        ]
    )
    path = tmp_path / "cases.xlsx"
    workbook.save(path)
    out, _ = run("cases", str(path), "--org", "riverside")
    assert out.startswith(
        "Imported 1 historic case for Riverside Fictional NHS Trust (2024-25) from cases.xlsx"
    )
    assert HistoricCase.objects.get().profession == "pharmacist"


def test_a_bad_file_lists_every_problem_and_imports_nothing(organisation, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(
        ",".join(CASE_COLUMNS)
        + "\nA-1,P-1,doctor,2025-06-02,white,uk,female,40_49,no,no,no,no,no"
        + "\nA-2,P-2,doctor,2025-06-31,white,uk,female,40_49,no,no,no,no,no"
        + "\nA-1,P-3,doctor,2025-06-02,white,uk,female,40_49,no,no,no,no,nope\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import", "cases", str(path), "--org", "riverside", stdout=io.StringIO(), stderr=err)
    assert str(error.value) == "cases.csv: 3 problems in 2 rows (listed above). Nothing was imported."
    assert err.getvalue().splitlines() == [
        "Line 3, column date_raised: '2025-06-31' is not a date: write it as YYYY-MM-DD (or DD/MM/YYYY)",
        "Line 4, column reference: 'A-1' repeats line 2",
        "Line 4, column regulator_referral: 'nope' is not one of yes, no",
    ]
    assert not HistoricCase.objects.exists()


def test_an_unknown_organisation_is_named(organisation):
    with pytest.raises(
        CommandError, match=re.escape("No organisation with the slug 'nowhere'. Organisations: riverside.")
    ):
        run("workforce", str(EXAMPLES / "workforce-example.csv"), "--org", "nowhere")


def test_a_missing_file_is_named(organisation, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("cases", str(tmp_path / "absent.csv"), "--org", "riverside")


def test_a_file_that_is_not_a_spreadsheet_is_refused(organisation, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(
        CommandError,
        match=r"photo.csv: The file is not a CSV file or an Excel workbook \(.xlsx\). "
        "Nothing was imported.",
    ):
        run("cases", str(path), "--org", "riverside")


@pytest.mark.parametrize(
    ("kind", "hostile_file"),
    [("cases", hostile.cut_short), ("cases", hostile.billion_laughs), ("workforce", hostile.billion_laughs)],
    ids=["cases: a sheet cut short", "cases: billion laughs", "workforce: billion laughs"],
)
def test_a_workbook_that_cannot_be_read_is_refused_in_one_line_and_nothing_is_imported(
    organisation, tmp_path, kind, hostile_file
):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(hostile_file())
    with pytest.raises(
        CommandError, match=r"^hostile.xlsx: The file could not be read: .*Nothing was imported\.$"
    ):
        run(kind, str(path), "--org", "riverside")
    assert not (
        HistoricCase.objects.exists() or WorkforceBaseline.objects.exists() or ImportBatch.objects.exists()
    )
    assert AuditEvent.objects.filter(action="equality.import_refused").count() == 1


def test_the_kind_of_import_is_required():
    with pytest.raises(
        CommandError, match=re.escape("the following arguments are required: {workforce,cases}")
    ):
        run()


def test_on_the_command_line_a_bad_header_is_a_one_line_error_and_exit_status_1(
    organisation, tmp_path, capsys, monkeypatch
):
    # Django closes database connections after a command-line run; keep the test's connection open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    path = tmp_path / "baseline.csv"
    path.write_text(
        "period,profession,group,dimension,headcount\n2025-26,doctor,male,sex,3\n", encoding="utf-8"
    )

    with pytest.raises(SystemExit) as exit_:
        main(["faircase", "import", "workforce", str(path), "--org", "riverside"])

    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "CommandError: baseline.csv: The header row (line 1) must be exactly: period,profession,dimension,group,"
        "headcount. In this file, the columns are in the wrong order (found period,profession,group,dimension,"
        "headcount). Nothing was imported."
    ]
    assert not WorkforceBaseline.objects.exists()
