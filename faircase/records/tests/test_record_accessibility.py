"""The record's documents for someone using a screen reader (issue 12): the Word document says it is in British
English, so a screen reader speaks it with the right voice and a spelling checker does not flag "organisation";
every table in the Word document and in the PDF has a caption saying what it holds (WCAG 1.3.1)."""

import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.oxml.ns import qn

from faircase.records.presenters import build_record
from faircase.records.renderers import FORMATS
from faircase.records.renderers.html import render_standalone
from faircase.records.tests.factories import case_with_reviews
from faircase.records.tests.reading import pdf_text, squash
from faircase.records.tests.test_renderers import AT

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(organisation, case_manager):
    history = case_with_reviews(organisation=organisation, by=case_manager)
    return build_record(history.case, generated_by=case_manager, generated_at=AT)


@pytest.fixture
def docx(document) -> bytes:
    return FORMATS["docx"].render(document)


def test_the_word_document_is_in_british_english(docx):
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        styles = package.read("word/styles.xml").decode()
        settings = package.read("word/settings.xml").decode()
        body = package.read("word/document.xml").decode()
    defaults = re.search(r"<w:docDefaults>.*</w:docDefaults>", styles, re.S)
    assert defaults and 'w:val="en-GB"' in defaults.group(0)
    assert 'w:themeFontLang w:val="en-GB"' in settings
    for part in (styles, settings, body):  # (East Asian text keeps its own language attribute)
        assert 'w:val="en-US"' not in part
    assert Document(io.BytesIO(docx)).core_properties.language == "en-GB"


def test_every_word_table_has_a_caption_paragraph_before_it_and_in_its_properties(docx):
    body = Document(io.BytesIO(docx)).element.body
    tables = body.findall(qn("w:tbl"))
    assert len(tables) > 5
    for table in tables:
        caption = table.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        assert caption is not None and caption.get(qn("w:val")), "the table's alternative-text title"
        before = table.getprevious()
        assert before.tag == qn("w:p")
        style = before.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        assert style is not None and style.get(qn("w:val")) == "Caption"
        text = "".join(t.text or "" for t in before.iter(qn("w:t")))
        assert squash(text) == squash(caption.get(qn("w:val")))


class Tables(HTMLParser):
    """Each table's caption (None when its first child is not a caption)."""

    def __init__(self):
        super().__init__()
        self.captions: list[str | None] = []
        self._awaiting_first_child = False
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if self._awaiting_first_child:
            self._awaiting_first_child = False
            if tag == "caption":
                self._in_caption = True
                self.captions.append("")
                return
            self.captions.append(None)
        if tag == "table":
            self._awaiting_first_child = True

    def handle_data(self, data):
        if self._in_caption:
            self.captions[-1] += data

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False


def test_every_table_of_the_pdf_has_a_caption(document):
    parser = Tables()
    parser.feed(render_standalone(document))
    assert len(parser.captions) >= 3
    assert all(caption and caption.strip() for caption in parser.captions), parser.captions
    text = pdf_text(FORMATS["pdf"].render(document))
    for caption in parser.captions:
        assert squash(caption) in text
