"""`faircase documents add` and `faircase documents list`."""

import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command

from faircase.__main__ import main
from faircase.core.models import AuditEvent
from faircase.documents.models import Document
from faircase.documents.tests import files
from faircase.documents.tests.helpers import stored_files

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("documents", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def a_pdf(tmp_path):
    path = tmp_path / "Statement of a fictional nurse.pdf"
    path.write_bytes(files.pdf("A fictional nurse's statement"))
    return path


def test_add_moves_a_file_into_the_case_with_its_sha256(case, a_pdf):
    out = _run("add", str(a_pdf), "--case", case.reference, "--org", "riverside", "--kind", "statement",
               "--date", "2026-03-02")  # fmt: skip
    document = Document.objects.of_case(case).get()
    version = document.versions.get()
    assert version.sha256 == hashlib.sha256(a_pdf.read_bytes()).hexdigest()
    assert str(document.dated) == "2026-03-02" and document.marking == "disclosable"
    assert f"Added Statement of a fictional nurse.pdf to case {case.reference} as statement" in out
    assert version.sha256 in out
    event = AuditEvent.objects.get(action="document.added")
    assert event.actor is None and event.actor_label.startswith("faircase documents add (command line")
    assert document.added_by_label == event.actor_label


def test_add_with_disclosable_no_marks_it_withheld_and_asks_for_a_reason(case, a_pdf):
    _run("add", str(a_pdf), "--case", case.reference, "--org", "riverside", "--kind", "occupational-health",
         "--disclosable", "no")  # fmt: skip
    document = Document.objects.of_case(case).get()
    assert document.kind == "occupational_health" and document.marking == "withheld"
    assert "without a reason" in document.withheld_reason


def test_list_prints_name_kind_sha256_version_and_disclosable_first(case, case_manager, a_pdf):
    _run("add", str(a_pdf), "--case", case.reference, "--org", "riverside", "--kind", "statement")
    _run("add", str(a_pdf), "--case", case.reference, "--org", "riverside", "--kind", "report",
         "--disclosable", "no", "--reason", "Draft")  # fmt: skip
    rows = json.loads(_run("list", "--case", case.reference, "--org", "riverside", "--json"))
    assert [list(row)[:5] for row in rows] == [["name", "kind", "sha256", "version", "disclosable"]] * 2
    digest = hashlib.sha256(a_pdf.read_bytes()).hexdigest()
    assert {(r["kind"], r["sha256"], r["version"], r["disclosable"]) for r in rows} == {
        ("statement", digest, 1, True),
        ("report", digest, 1, False),
    }
    assert next(r for r in rows if r["kind"] == "report")["withheld_reason"] == "Draft"
    table = _run("list", "--case", case.reference, "--org", "riverside")
    assert "2 documents" in table and digest in table


def test_list_of_a_case_without_documents_is_an_empty_json_list(case):
    assert json.loads(_run("list", "--case", case.reference, "--org", "riverside", "--json")) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"org": "nowhere"}, "No organisation with the slug 'nowhere'"),
        ({"case": "FC-99999"}, "has no case 'FC-99999'"),
        ({"kind": "gossip"}, "Unknown kind 'gossip'. Choose one of: statement"),
        ({"date": "2/3/2026"}, "is not a date: write it as YYYY-MM-DD"),
        ({"date": "2099-01-01"}, "The date of the document must be today or in the past"),
        ({"file": "missing.pdf"}, "There is no file at"),
        ({"content": files.windows_executable()}, "was refused: The file must be a PDF, Word document"),
        ({"content": b""}, "was refused: The file is empty."),
        ({"content": files.pdf(), "name": "statement.docx"}, "The file is a PDF, but its name ends in .docx"),
    ],
)
def test_a_bad_add_is_refused_with_a_message_and_nothing_saved(case, tmp_path, change, message):
    path = tmp_path / change.get("name", "statement.pdf")
    path.write_bytes(change.get("content", files.pdf()))
    file = str(tmp_path / change["file"]) if "file" in change else str(path)
    args = ["add", file, "--case", change.get("case", case.reference), "--org", change.get("org", "riverside"),
            "--kind", change.get("kind", "statement")]  # fmt: skip
    if "date" in change:
        args += ["--date", change["date"]]
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError) as refusal:
        _run(*args)
    assert message in str(refusal.value) and str(refusal.value).endswith("Nothing was saved.")
    assert not Document.objects.for_system("command").exists() and stored_files() == []
    assert AuditEvent.objects.count() == events


def test_a_bad_file_over_the_limit_is_refused(case, tmp_path, settings):
    settings.FAIRCASE_DOCUMENT_MAX_BYTES = 10 * 1024
    path = tmp_path / "big.pdf"
    path.write_bytes(files.pdf(padding=20 * 1024))
    with pytest.raises(CommandError, match="The file must be smaller than 10 KB"):
        _run("add", str(path), "--case", case.reference, "--org", "riverside", "--kind", "report")
    assert stored_files() == []


def test_the_faircase_command_exits_non_zero_on_a_refusal(case, tmp_path, capsys):
    path = tmp_path / "program.pdf"
    path.write_bytes(files.windows_executable())
    with pytest.raises(SystemExit) as exit_status:
        main(["faircase", "documents", "add", str(path), "--case", case.reference, "--org", "riverside",
              "--kind", "statement"])  # fmt: skip
    assert exit_status.value.code == 1
    assert "The file must be a PDF" in capsys.readouterr().err
    assert stored_files() == []
