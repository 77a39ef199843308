import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from pypdf import PdfReader

from faircase.__main__ import main
from faircase.core.models import AuditEvent
from faircase.records.services import COMMAND_LINE_ACTOR
from faircase.records.tests import factories as f
from faircase.records.tests.factories import case_with_reviews
from faircase.records.tests.reading import docx_text, html_text, pdf_text


@pytest.fixture
def history(organisation, case_manager):
    return case_with_reviews(organisation=organisation, by=case_manager)


def _export(*args):
    out = io.StringIO()
    call_command("record", *args, stdout=out)
    return out.getvalue()


def test_export_writes_a_pdf_with_the_record_and_audits_it_as_the_command_line(history, tmp_path):
    target = tmp_path / "record.pdf"

    output = _export("export", "FC-00012", "--org", "riverside", "--format", "pdf", "--out", str(target))

    reader = PdfReader(target)
    assert len(reader.pages) > 1
    text = pdf_text(target.read_bytes())
    event = AuditEvent.objects.get(case=history.case, action="record.generated")
    assert event.actor is None
    assert event.actor_label == COMMAND_LINE_ACTOR
    assert event.summary["detail"]["format"] == "pdf"
    assert event.summary["detail"]["hash"] in text
    assert event.summary["detail"]["hash"] in output
    assert f.NO_NOTE in text
    assert f"by {COMMAND_LINE_ACTOR}" in text


def test_export_writes_word_and_html_files(history, tmp_path):
    _export("export", "FC-00012", "--org", "riverside", "--format", "docx", "--out", str(tmp_path / "r.docx"))
    _export("export", "fc-00012", "--org", "riverside", "--format", "html", "--out", str(tmp_path / "r.html"))

    word = Document(tmp_path / "r.docx")
    assert word.core_properties.title == "Framework record for case FC-00012"
    assert f.FIRST_MOVE_REASONS in docx_text((tmp_path / "r.docx").read_bytes())
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert f.NO_ACTION in html_text(html)
    assert AuditEvent.objects.filter(case=history.case, action="record.generated").count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["FC-99999", "--org", "riverside", "--format", "pdf"], "No case with the reference 'FC-99999'"),
        (
            ["FC-00012", "--org", "nowhere", "--format", "pdf"],
            "No organisation with the short name 'nowhere'",
        ),
        (
            ["FC-00012", "--org", "riverside", "--format", "xls"],
            "Unknown format 'xls'. Choose one of: html, pdf",
        ),
    ],
)
def test_export_refuses_clearly_and_writes_nothing(history, tmp_path, args, message):
    target = tmp_path / "record.out"

    with pytest.raises(CommandError, match=message):
        _export("export", *args, "--out", str(target))

    assert list(tmp_path.iterdir()) == []
    assert not AuditEvent.objects.filter(action="record.generated").exists()


def test_a_case_of_another_organisation_is_not_found_under_this_one(history, other_organisation, tmp_path):
    with pytest.raises(CommandError, match="No case with the reference 'FC-00012' in Hillside"):
        _export(
            "export",
            "FC-00012",
            "--org",
            other_organisation.slug,
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "r.pdf"),
        )


def test_an_unknown_case_exits_non_zero_with_the_reason_on_stderr(history, tmp_path, capsys):
    target = tmp_path / "record.pdf"

    with pytest.raises(SystemExit) as exit_:
        main(
            [
                "faircase",
                "record",
                "export",
                "FC-404",
                "--org",
                "riverside",
                "--format",
                "pdf",
                "--out",
                str(target),
            ]
        )

    assert exit_.value.code != 0
    assert "No case with the reference 'FC-404'" in capsys.readouterr().err
    assert not target.exists()


def test_the_command_needs_a_subcommand():
    with pytest.raises(CommandError) as error:
        call_command("record")

    assert "SUBCOMMAND" in str(error.value)
