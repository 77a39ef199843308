"""The report's files: CSV and XLSX (read back), the PDF board report (its text read back), which is always the
published version, and an audit event for every file made."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from faircase.accounts.tests.factories import member
from faircase.core.models import AuditEvent
from faircase.equality import exports_report
from faircase.equality.tests.report_helpers import baselines, historic

pytestmark = pytest.mark.django_db

QUERY = {
    "org": "riverside",
    "period": "2025-26",
    "profession": "doctor",
    "dimension": "ethnicity",
    "stage": "formal_investigation",
}
CHOICES = {
    "period": "2025-26",
    "profession": "doctor",
    "dimension": "ethnicity",
    "stage": "formal_investigation",
}


@pytest.fixture
def data(organisation):
    baselines(
        organisation, {"white": 2430, "mixed": 40, "asian": 600, "black": 750, "other": 30, "not_stated": 150}
    )
    historic(organisation, 17, ethnicity="white", formal_investigation=True)
    historic(organisation, 9, ethnicity="black", formal_investigation=True)
    historic(organisation, 3, ethnicity="mixed", formal_investigation=True)


@pytest.fixture
def analyst(organisation):
    return member(organisation, "equality_analyst", username="analyst", full_name="Ana Lyst")


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _section(rows, title):
    start = rows.index([f"## {title}"]) + 1
    end = next((i for i in range(start, len(rows)) if rows[i] and rows[i][0].startswith("## ")), len(rows))
    return [r for r in rows[start:end] if r]


def test_the_csv_holds_the_figures_and_says_it_must_not_be_shared(organisation, analyst, data):
    exported = exports_report.export_report(
        by=analyst, fmt="csv", organisations=[organisation], publish=False, **CHOICES
    )
    rows = _csv_rows(exported.content)
    about = dict(r[:2] for r in _section(rows, "About"))
    assert about["Status"].startswith("NOT FOR PUBLICATION")
    groups = {r[1]: r for r in _section(rows, "Groups")[1:] if len(r) > 2}
    assert groups["black"][2:10] == ["750", "9", "0.012", "1.7153", "0.7678", "3.832", "above", "no"]
    assert groups["mixed"][2:4] == ["40", "3"]
    assert groups["all"][2:5] == ["4000", "29", "0.00725"]
    assert exported.filename == (
        "equality-riverside-2025-26-doctor-ethnicity-formal_investigation-not-for-publication.csv"
    )


def test_the_published_csv_leaves_small_numbers_out(organisation, analyst, data):
    exported = exports_report.export_report(
        by=analyst, fmt="csv", organisations=[organisation], publish=True, **CHOICES
    )
    rows = _csv_rows(exported.content)
    assert dict(r[:2] for r in _section(rows, "About"))["Status"].startswith("Published")
    groups = {r[1]: r for r in _section(rows, "Groups")[1:] if len(r) > 2}
    assert groups["mixed"][3] == "" and groups["mixed"][10] == "yes"
    assert all(not (c.isdigit() and 1 <= int(c) <= 4) for r in rows for c in r[2:4])


def test_the_xlsx_has_a_sheet_for_each_table_marked_at_the_top(organisation, analyst, data):
    exported = exports_report.export_report(
        by=analyst, fmt="xlsx", organisations=[organisation], publish=True, **CHOICES
    )
    book = load_workbook(io.BytesIO(exported.content))
    assert book.sheetnames == ["About", "Groups", "Progression", "Trend", "Definitions"]
    groups = book["Groups"]
    assert groups["A1"].value.startswith("Published")
    header = [c.value for c in groups[3]]
    assert header[:4] == ["Group", "Group code", "Headcount", "Entrants"]
    by_code = {row[1]: row for row in groups.iter_rows(min_row=4, values_only=True) if row and row[1]}
    assert by_code["white"][2:4] == (2430, 17)
    assert by_code["mixed"][3] is None


def test_the_pdf_board_report_is_always_published(organisation, analyst, data):
    exported = exports_report.export_report(
        by=analyst, fmt="pdf", organisations=[organisation], publish=False, **CHOICES
    )
    assert exported.report.published
    assert exported.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(exported.content)).pages)
    text = " ".join(text.split())
    assert "Formal investigation: relative likelihood by ethnicity" in text
    assert "Published" in text
    assert "Not shown" in text
    assert "What the figures mean" in text
    assert exported.filename.endswith("-published.pdf")


def test_every_file_is_audited_with_its_format(organisation, analyst, data):
    for fmt in ("csv", "xlsx"):
        exports_report.export_report(
            by=analyst, fmt=fmt, organisations=[organisation], publish=True, **CHOICES
        )
    channels = list(
        AuditEvent.objects.filter(action="equality.report_read").values_list(
            "summary__detail__channel", flat=True
        )
    )
    assert channels == ["csv", "xlsx"]


def test_an_unknown_format_is_refused_and_nothing_is_audited(organisation, analyst, data):
    with pytest.raises(exports_report.ExportError):
        exports_report.export_report(by=analyst, fmt="docx", organisations=[organisation], **CHOICES)
    assert not AuditEvent.objects.filter(action="equality.report_read").exists()


def test_a_board_member_downloads_only_published_figures(organisation, signed_in, data):
    client = signed_in(member(organisation, "board_member"))
    response = client.get(reverse("equality:report_file", kwargs={"fmt": "csv"}), QUERY)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-published.csv"')
    rows = _csv_rows(response.content)
    assert dict(r[:2] for r in _section(rows, "About"))["Status"].startswith("Published")


def test_the_analyst_downloads_small_numbers_only_when_they_ask_for_them(analyst, signed_in, data):
    client = signed_in(analyst)
    url = reverse("equality:report_file", kwargs={"fmt": "csv"})
    assert client.get(url, QUERY)["Content-Disposition"].endswith('-not-for-publication.csv"')
    assert client.get(url, {**QUERY, "published": "on"})["Content-Disposition"].endswith('-published.csv"')
    assert client.get(reverse("equality:report_file", kwargs={"fmt": "doc"}), QUERY).status_code == 404


HOSTILE_NAME = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised_and_numbers_stay_numbers(
    organisation, analyst, data, fmt
):
    organisation.name = HOSTILE_NAME
    organisation.save(update_fields=["name"])
    exported = exports_report.export_report(
        by=analyst, fmt=fmt, organisations=[organisation], publish=False, **CHOICES
    )
    if fmt == "csv":
        rows = _csv_rows(exported.content)
        about = dict(r[:2] for r in _section(rows, "About"))
        groups = {r[1]: r for r in _section(rows, "Groups")[1:] if len(r) > 2}
        assert groups["black"][2:4] == ["750", "9"]
        cells = [cell for row in rows for cell in row]
    else:
        book = load_workbook(io.BytesIO(exported.content))
        about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
        by_code = {row[1]: row for row in book["Groups"].iter_rows(min_row=4, values_only=True) if row[1]}
        assert by_code["black"][2:5] == (750, 9, 0.012)  # numbers, not text
        assert book["Groups"]["A3"].value == "Group" and book["Groups"]["A3"].font.bold  # the heading
        cells = [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
    assert about["Organisation"] == f"'{HOSTILE_NAME}"
    assert not [c for c in cells if isinstance(c, str) and c[:1] in {"=", "+", "-", "@", "\t", "\r"}]


def test_the_files_follow_the_readers_language_and_their_figures_do_not_change(organisation, analyst, data):
    """Made for someone reading in Welsh, the files' words are Welsh (ADR 41); the codes and the figures are
    those of the English files."""
    english = exports_report.export_report(
        by=analyst, fmt="xlsx", organisations=[organisation], publish=True, **CHOICES
    )
    with translation.override("cy"):
        welsh = exports_report.export_report(
            by=analyst, fmt="xlsx", organisations=[organisation], publish=True, **CHOICES
        )
        pdf = exports_report.export_report(
            by=analyst, fmt="pdf", organisations=[organisation], publish=True, **CHOICES
        )
    book = load_workbook(io.BytesIO(welsh.content))
    assert book.sheetnames == ["Ynghylch", "Grwpiau", "Dilyniant", "Tuedd", "Diffiniadau"]
    groups = book["Grwpiau"]
    assert groups["A1"].value.startswith("Wedi'i gyhoeddi")
    assert [c.value for c in groups[3]][:4] == ["Grŵp", "Cod y grŵp", "Nifer y bobl", "Yn dechrau"]

    def figures(content: bytes) -> list[list]:
        sheets = load_workbook(io.BytesIO(content)).worksheets[1:]
        rows = [row for sheet in sheets for row in sheet.iter_rows(min_row=4, values_only=True)]
        return [[cell for cell in row if not isinstance(cell, str)] for row in rows]

    assert figures(welsh.content) == figures(english.content)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "Ymchwiliad ffurfiol: tebygolrwydd cymharol yn ôl ethnigrwydd" in text
    assert "Beth mae'r ffigurau'n ei olygu" in text and "Tudalen 1 o" in text
    assert "relative likelihood" not in text.lower() and "What the figures mean" not in text
