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
from faircase.records.renderers.pdf import _fetcher, html_to_pdf
from faircase.records.tests import factories as f
from faircase.records.tests.factories import case_with_reviews
from faircase.records.tests.reading import docx_footer_text, docx_text, html_text, pdf_text

AT = dt.datetime(2025, 6, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def document(organisation, case_manager):
    history = case_with_reviews(organisation=organisation, by=case_manager)
    return build_record(history.case, generated_by=case_manager, generated_at=AT)


def test_html_pdf_and_word_all_carry_the_same_record_and_the_same_hash(document):
    assert document.footer.audit_checkpoint.startswith("Audit trail checkpoint: ")
    texts = {
        "html": html_text(FORMATS["html"].render(document)),
        "pdf": pdf_text(FORMATS["pdf"].render(document)),
        "docx": docx_text(FORMATS["docx"].render(document)),
    }
    expected = [
        "FC-00012",
        "Answers across reviews",
        "Review 1: Commencement of the case (completed)",
        "Review 2: Decision on the route (completed)",
        "Review 3: Commencement of the case (completed)",
        f.NO_NOTE,
        f.NOT_APPLICABLE_NOTE,
        f.NO_ACTION,
        f.UNKNOWN_OUTCOME,
        f.FIRST_MOVE_REASONS,
        f.OPEN_FOLLOW_UPS_REASON,
        "Ensuring the practitioner is heard",
        "National starter set, not adapted.",
        document.footer.sha256,
        document.footer.audit_checkpoint,  # the signed audit checkpoint, from one presenter (ADR 34)
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


def test_the_pdf_is_tagged_for_screen_readers(document):
    reader = PdfReader(io.BytesIO(FORMATS["pdf"].render(document)))

    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"


def test_the_pdf_gives_each_consideration_once_and_only_the_noted_answers_under_each_review(document):
    text = pdf_text(FORMATS["pdf"].render(document))

    consideration = document.answers[0].tables[0].rows[0].consideration
    assert text.count(consideration[:60]) == 1
    assert f"{f.NO_CODE}: No. {f.NO_NOTE}" in text
    assert "WS1: Yes." not in text  # a Yes without a note is in the answer table only


def test_the_word_document_has_headings_answer_tables_and_the_integrity_footer(document):
    content = FORMATS["docx"].render(document)
    word = Document(io.BytesIO(content))

    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Framework record for case FC-00012") in headings
    assert ("Heading 2", "Answers across reviews") in headings
    assert ("Heading 3", "1. Ensuring welfare and support") in headings
    assert ("Heading 2", "Framework reviews") in headings
    assert ("Heading 3", "Review 1: Commencement of the case (completed)") in headings
    answer_tables = [
        t
        for t in word.tables
        if t.rows[0].cells[0].text == "Consideration" and t.rows[0].cells[1].text.startswith("Review 1\n")
    ]
    assert len(answer_tables) == 5  # one per Principle, a column for each of the three reviews
    assert all(len(t.columns) == 4 for t in answer_tables)
    rows = [[c.text for c in row.cells] for t in answer_tables for row in t.rows]
    no_row = next(r for r in rows if r[0].startswith(f"{f.NO_CODE} "))
    # The correction (review 3) changed the answer it started from, the one it corrects: marked as changed.
    assert no_row[1:] == ["No", "No", "Yes\nchanged"]
    noted_tables = [
        t for t in word.tables if [c.text for c in t.rows[0].cells][:3] == ["Code", "Answer", "Note"]
    ]
    assert len(noted_tables) == 3
    noted = [[c.text for c in row.cells] for row in noted_tables[0].rows[1:]]
    assert noted[0][:4] == [f.NO_CODE, "No", f.NO_NOTE, "F1 (opened it)"]
    assert noted[0][4].startswith("Casey Manager, ")
    assert document.footer.text in docx_footer_text(content)
    assert word.core_properties.title == "Framework record for case FC-00012"
    assert document.footer.sha256 in word.core_properties.comments
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_the_pdf_renderer_fetches_nothing_from_outside_the_record():
    with pytest.raises(ValueError, match="loads nothing from outside itself"):
        _fetcher().fetch("file:///etc/hostname")
    pdf = html_to_pdf(
        '<html lang="en-GB"><body><img src="file:///etc/hostname" alt="x"><p>Fine</p></body></html>'
    )
    assert "Fine" in pdf_text(pdf)


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


def test_every_format_carries_what_the_practitioner_told_the_case_team_and_how_it_was_answered(
    organisation, case_manager
):
    from faircase.accounts.tests.factories import UserFactory
    from faircase.practitioners import services_voice
    from faircase.practitioners.models import PractitionerAccount

    history = case_with_reviews(organisation=organisation, by=case_manager)
    practitioner_user = UserFactory(username="pia", full_name="Pia Practitioner")
    PractitionerAccount.objects.create(user=practitioner_user, practitioner=history.case.practitioner)
    submission = services_voice.submit(
        case=history.case,
        kind="account",
        text="The handover sheet was missing that night.",
        by=practitioner_user,
    )
    services_voice.record_taken_into_account(
        submission=submission,
        text="The ward's handover process is now part of the terms of reference.",
        by=case_manager,
    )
    document = build_record(history.case, generated_by=case_manager, generated_at=AT)
    (entry,) = document.practitioner_submissions
    assert entry.heading == "1. My account of what happened"
    expected = [
        "What the practitioner told the case team",
        "The handover sheet was missing that night.",
        "The ward's handover process is now part of the terms of reference.",
    ]
    for fmt, text in {
        "html": html_text(FORMATS["html"].render(document)),
        "pdf": pdf_text(FORMATS["pdf"].render(document)),
        "docx": docx_text(FORMATS["docx"].render(document)),
    }.items():
        missing = [item for item in expected if item not in text]
        assert not missing, f"{fmt} is missing {missing}"
    # Their words are content: the integrity hash changes with them.
    without = build_record(history.case, generated_by=case_manager, generated_at=AT)
    assert without.footer.sha256 == document.footer.sha256
    submission.delete()
    assert (
        build_record(history.case, generated_by=case_manager, generated_at=AT).footer.sha256
        != document.footer.sha256
    )


def test_every_format_carries_a_blind_second_look_with_the_summary_as_sent_and_no_name(
    organisation, case_manager
):
    from faircase.second_look import services as second_look_services
    from faircase.second_look.tests.factories import answered, named_case, reviewer

    case = named_case(organisation, case_manager)
    look = answered(case, case_manager, reviewer(organisation), route="informal_resolution")
    second_look_services.record_taken_into_account(
        second_look=look,
        route_after="informal_resolution",
        taken_into_account="We will resolve this informally with a supervised audit.",
        by=case_manager,
    )
    document = build_record(case, generated_by=case_manager, generated_at=AT)

    (entry,) = document.second_looks
    assert entry.heading.startswith("Second look 1: ")
    rows = {row.label: row.value for row in entry.rows}
    assert "Okafor" not in rows["Anonymised summary as sent"]
    assert rows["Independent reviewer"].startswith("Robin Reviewer")
    expected = [
        "Blind second looks",
        "A first, isolated lapse.",
        "We will resolve this informally with a supervised audit.",
    ]
    for fmt, text in {
        "html": html_text(FORMATS["html"].render(document)),
        "pdf": pdf_text(FORMATS["pdf"].render(document)),
        "docx": docx_text(FORMATS["docx"].render(document)),
    }.items():
        missing = [item for item in expected if item not in text]
        assert not missing, f"{fmt} is missing {missing}"
