import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from faircase.records.presenters import build_record
from faircase.records.renderers import FORMATS, filename, get_format
from faircase.records.renderers.html import css_string, render_standalone
from faircase.records.tests import factories as f
from faircase.records.tests.factories import case_with_reviews
from faircase.records.tests.reading import docx_footer_text, docx_text, html_text, pdf_text

AT = dt.datetime(2025, 6, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def document(organisation, case_manager):
    history = case_with_reviews(organisation=organisation, by=case_manager)
    return build_record(history.case, generated_by=case_manager, generated_at=AT)


def test_html_pdf_and_word_all_carry_the_same_record_and_the_same_hash(document):
    texts = {
        "html": html_text(FORMATS["html"].render(document)),
        "pdf": pdf_text(FORMATS["pdf"].render(document)),
        "docx": docx_text(FORMATS["docx"].render(document)),
    }
    expected = [
        "FC-00012",
        "Review 1: Commencement of the case",
        "Review 2: Decision on the route",
        "Review 3: Commencement of the case",
        f.NO_NOTE,
        f.NO_ACTION,
        f.UNKNOWN_OUTCOME,
        f.FIRST_MOVE_REASONS,
        f.OPEN_FOLLOW_UPS_REASON,
        "Ensuring the practitioner is heard",
        "National starter set, not adapted.",
        document.footer.sha256,
        "Generated 2 June 2025 at 10:30am by Casey Manager (cm)",
    ]
    for fmt, text in texts.items():
        missing = [item for item in expected if item not in text]
        assert not missing, f"{fmt} is missing {missing}"


def test_the_pdf_is_a4_with_the_reference_and_page_x_of_y_on_every_page(document):
    reader = PdfReader(io.BytesIO(FORMATS["pdf"].render(document)))

    pages = reader.pages
    assert len(pages) > 1
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    for number, page in enumerate(pages, start=1):
        text = " ".join((page.extract_text() or "").split())
        assert "Case FC-00012: framework record" in text
        assert f"Page {number} of {len(pages)}" in text
        assert document.footer.sha256 in text
    assert reader.metadata.title == "Framework record for case FC-00012"


def test_the_word_document_has_headings_answer_tables_and_the_integrity_footer(document):
    content = FORMATS["docx"].render(document)
    word = Document(io.BytesIO(content))

    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Framework record for case FC-00012") in headings
    assert ("Heading 2", "Framework reviews") in headings
    assert ("Heading 3", "Review 1: Commencement of the case") in headings
    assert ("Heading 4", "1. Ensuring welfare and support") in headings
    answer_tables = [
        t
        for t in word.tables
        if [c.text for c in t.rows[0].cells] == ["Consideration", "Answer", "Note", "Answered"]
    ]
    assert len(answer_tables) == 15  # five Principles in each of three reviews
    rows = [[c.text for c in row.cells] for t in answer_tables for row in t.rows]
    no_row = next(r for r in rows if r[0].startswith(f"{f.NO_CODE} "))
    assert no_row[1] == "No"
    assert f.NO_NOTE in no_row[2] and "Follow-up F1" in no_row[2]
    assert document.footer.text in docx_footer_text(content)
    assert word.core_properties.title == "Framework record for case FC-00012"
    assert document.footer.sha256 in word.core_properties.comments
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_the_standalone_html_names_the_fonts_in_the_page_margin_boxes(document):
    html = render_standalone(document)

    assert html.count('font-family: "Liberation Sans", Arial, sans-serif') >= 4
    assert 'counter(page) " of " counter(pages)' in html
    assert '<html lang="en-GB">' in html


def test_a_case_reference_cannot_break_out_of_the_page_header_css():
    assert str(css_string('FC-1"; } body { display: none } </style>')) == (
        '"FC-1\\22 \\3b  \\7d  body \\7b  display: none \\7d  \\3c \\2f style\\3e "'
    )


def test_file_names_are_safe_and_say_what_the_file_is(document):
    assert filename(document, get_format("pdf")) == "FC-00012-framework-record.pdf"
    assert filename(document, get_format("docx")) == "FC-00012-framework-record.docx"
    with pytest.raises(ValueError, match="choose html, pdf, docx"):
        get_format("xls")


FONTCONFIG_WITHOUT_THE_NAMED_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>
    <pattern><patelt name="family"><string>Liberation Sans</string></patelt></pattern>
    <pattern><patelt name="family"><string>Liberation Mono</string></patelt></pattern>
    <pattern><patelt name="family"><string>Arial</string></patelt></pattern>
  </rejectfont></selectfont>
</fontconfig>
"""

RENDER_IN_A_CLEAN_PROCESS = """
import sys
import django
django.setup()
from faircase.records.renderers.pdf import html_to_pdf
html = open(sys.argv[1], encoding="utf-8").read()
sys.stdout.buffer.write(html_to_pdf(html))
"""


FC_LIST = shutil.which("fc-list")


@pytest.mark.skipif(not FC_LIST, reason="fontconfig tools are not installed")
def test_the_pdf_still_renders_when_the_named_fonts_are_missing(document, tmp_path):
    if not subprocess.run([FC_LIST], capture_output=True, text=True, check=False).stdout.strip():  # noqa: S603
        pytest.skip("this machine has no fonts at all")
    config = tmp_path / "fonts.conf"
    config.write_text(FONTCONFIG_WITHOUT_THE_NAMED_FONTS, encoding="utf-8")
    source = tmp_path / "record.html"
    source.write_text(render_standalone(document), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}

    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", RENDER_IN_A_CLEAN_PROCESS, str(source)],
        capture_output=True,
        env=env,
        cwd=Path(__file__).resolve().parents[3],
        timeout=240,
        check=False,
    )

    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    reader = PdfReader(io.BytesIO(result.stdout))
    fonts = {
        str(font.get_object().get("/BaseFont"))
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert fonts
    assert not any("Liberation" in name or "Arial" in name for name in fonts), fonts
    assert document.footer.sha256 in pdf_text(result.stdout)
