"""The disclosable record in Welsh, and in Welsh and English side by side, Welsh first (ADR 43): read back from
the PDF (pypdf) and the Word document (python-docx); its hash covers the language(s) it was produced in, and the
cache of record files (ADR 39) keeps one file per language."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from faircase.core import catalogues
from faircase.records import services
from faircase.records.models import RecordFile
from faircase.records.presenters import build_record, content_hash
from faircase.records.renderers import FORMATS
from faircase.records.tests import factories as f
from faircase.records.tests.factories import case_with_reviews
from faircase.records.tests.reading import docx_text, pdf_text

pytestmark = pytest.mark.django_db

AT = dt.datetime(2025, 6, 2, 9, 30, tzinfo=dt.UTC)

WELSH_HEADINGS = [
    "Crynodeb o'r achos",
    "Atebion ar draws adolygiadau",
    "Adolygiadau o'r fframwaith",
    "Cywirdeb",
]
ENGLISH_HEADINGS = ["Case summary", "Answers across reviews", "Framework reviews", "Integrity"]
# Headings only the record's own sections say (other apps' sections, such as the chronology, have their own text).
ENGLISH_ONLY_HERE = ["Case summary", "Answers across reviews", "What the practitioner told the case team"]


@pytest.fixture
def history(organisation, case_manager):
    return case_with_reviews(organisation=organisation, by=case_manager)


def _record(history, case_manager, languages):
    return build_record(history.case, generated_by=case_manager, generated_at=AT, languages=languages)


def _docx_headings(content: bytes) -> list[str]:
    document = Document(io.BytesIO(content))
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def test_the_welsh_pdf_has_welsh_headings_no_english_ones_and_its_own_hash(history, case_manager):
    welsh = _record(history, case_manager, ["cy"])
    english = _record(history, case_manager, ["en"])

    text = pdf_text(FORMATS["pdf"].render(welsh))

    for heading in WELSH_HEADINGS:
        assert heading in text
    for heading in ENGLISH_ONLY_HERE:
        assert heading not in text
    assert "Cynhyrchwyd yn Gymraeg." in text
    assert "Tudalen 1 o " in text
    # What people wrote is shown as written.
    assert f.NO_NOTE in text
    assert welsh.footer.sha256 in text
    assert welsh.footer.sha256 == content_hash(welsh.content())
    assert welsh.footer.sha256 != english.footer.sha256


def test_the_bilingual_pdf_gives_each_section_in_welsh_then_in_english(history, case_manager):
    bilingual = _record(history, case_manager, ["cy", "en"])

    text = pdf_text(FORMATS["pdf"].render(bilingual))

    assert bilingual.languages == ("cy", "en")
    for welsh, english in zip(WELSH_HEADINGS, ENGLISH_HEADINGS, strict=True):
        assert text.index(welsh) < text.index(english)
    # Section by section: the Welsh answers come after the English case summary, not after the whole record.
    assert text.index("Case summary") < text.index("Atebion ar draws adolygiadau")
    assert "Cynhyrchwyd yn Gymraeg ac yn Saesneg, ochr yn ochr, y Gymraeg yn gyntaf." in text
    assert "Produced in Welsh and English, side by side, Welsh first." in text
    # Each page is headed in both languages (the header may wrap in its margin box, so spaces are not compared).
    header = (
        f"Achos {bilingual.reference}: cofnod y fframwaith / Case {bilingual.reference}: framework record"
    )
    assert "".join(header.split()) in "".join(text.split())
    assert bilingual.footer.sha256 in text
    assert bilingual.footer.sha256 == content_hash(bilingual.content())
    assert bilingual.footer.sha256 not in {
        _record(history, case_manager, ["cy"]).footer.sha256,
        _record(history, case_manager, ["en"]).footer.sha256,
    }


def test_the_bilingual_html_keeps_its_ids_unique_and_marks_each_part_with_its_language(history, case_manager):
    html = FORMATS["html"].render(_record(history, case_manager, ["cy", "en"])).decode()

    assert '<html lang="cy">' in html
    assert 'id="cy-record-case-summary"' in html and 'id="en-record-case-summary"' in html
    assert html.index('<section lang="cy" aria-labelledby="cy-record-answers"') < html.index(
        '<section lang="en-GB" aria-labelledby="en-record-answers"'
    )


def test_the_welsh_word_document_has_welsh_headings_only_and_says_it_is_welsh(history, case_manager):
    welsh = _record(history, case_manager, ["cy"])

    content = FORMATS["docx"].render(welsh)
    headings = _docx_headings(content)

    for heading in WELSH_HEADINGS:
        assert heading in headings
    for heading in ENGLISH_ONLY_HERE:
        assert heading not in headings
    text = docx_text(content)
    assert welsh.footer.sha256 in text
    assert "Cynhyrchwyd yn Gymraeg." in text
    assert Document(io.BytesIO(content)).core_properties.language == "cy-GB"


def test_the_bilingual_word_document_gives_each_section_in_welsh_then_in_english(history, case_manager):
    bilingual = _record(history, case_manager, ["cy", "en"])

    headings = _docx_headings(FORMATS["docx"].render(bilingual))

    for welsh, english in zip(WELSH_HEADINGS, ENGLISH_HEADINGS, strict=True):
        assert headings.index(welsh) < headings.index(english)
    assert headings.index("Case summary") < headings.index("Atebion ar draws adolygiadau")


def test_each_half_of_the_bilingual_word_document_is_marked_with_its_own_language(history, case_manager):
    # A screen reader speaks each half in its language (WCAG 3.1.2): the Welsh headings' runs say cy-GB, the
    # English ones en-GB; the document's default is the first language, Welsh.
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(FORMATS["docx"].render(_record(history, case_manager, ["cy", "en"]))))

    def language_of(text: str) -> set[str]:
        paragraph = next(p for p in document.paragraphs if p.text == text)
        return {run._r.rPr.find(qn("w:lang")).get(qn("w:val")) for run in paragraph.runs}

    for welsh, english in zip(WELSH_HEADINGS, ENGLISH_HEADINGS, strict=True):
        assert language_of(welsh) == {"cy-GB"}
        assert language_of(english) == {"en-GB"}
    assert document.core_properties.language == "cy-GB"


def test_the_documents_language_is_the_practitioners_unless_staff_choose(case, organisation):
    assert services.document_languages(case) == ("en",)
    case.practitioner.language = "cy"
    case.practitioner.save()
    assert services.document_languages(case) == ("cy",)
    assert services.document_languages(case, "en") == ("en",)
    organisation.document_languages = "bilingual"
    organisation.save()
    case.practitioner.refresh_from_db()
    assert services.document_languages(case) == ("cy", "en")


def test_the_file_cache_gives_a_file_per_language_and_reuses_only_the_same_language(
    case, case_manager, signed_in
):
    client = signed_in(case_manager)
    url = reverse("records:record_pdf", kwargs={"case_id": case.pk})
    for language in ("en", "cy", "cy"):
        assert client.get(url, {"language": language}).status_code == 302

    english, welsh, welsh_again = RecordFile.objects.filter(case=case).order_by("requested_at", "pk")
    assert (english.languages, welsh.languages) == ("en", "cy")
    assert welsh.reuses is None
    assert welsh.storage_name != english.storage_name
    assert welsh.record_hash != english.record_hash
    assert welsh.sha256 != english.sha256
    assert welsh_again.reuses == welsh.pk
    assert (english.filename, welsh.filename) == (
        f"{case.reference}-framework-record.pdf",
        f"{case.reference}-framework-record-cy.pdf",
    )

    download = client.get(reverse("records:file_download", kwargs={"case_id": case.pk, "file_id": welsh.pk}))
    text = pdf_text(b"".join(download.streaming_content))
    assert "Crynodeb o'r achos" in text and "Case summary" not in text
    assert welsh.record_hash in text


def test_the_word_download_is_in_the_practitioners_language_by_default(case, case_manager, signed_in):
    case.practitioner.language = "cy"
    case.practitioner.save()

    response = signed_in(case_manager).get(reverse("records:record_docx", kwargs={"case_id": case.pk}))

    assert "Crynodeb o'r achos" in _docx_headings(response.content)


def test_the_record_page_for_a_welsh_reader_is_in_welsh(case, case_manager, signed_in):
    case_manager.language = "cy"
    case_manager.save()

    response = signed_in(case_manager).get(reverse("records:record", kwargs={"case_id": case.pk}))

    page = response.content.decode()
    assert '<html lang="cy"' in page
    assert "Crynodeb o&#39;r achos" in page or "Crynodeb o'r achos" in page
    assert "Cael y cofnod fel PDF" in page
    assert ">Case summary<" not in page


def test_the_progress_page_of_a_record_file_is_in_welsh(case, case_manager, signed_in):
    case_manager.language = "cy"
    case_manager.save()
    client = signed_in(case_manager)

    asked = client.get(reverse("records:record_pdf", kwargs={"case_id": case.pk}))
    page = client.get(asked["Location"]).content.decode()

    assert "Y cofnod fel PDF" in page
    assert "Lawrlwytho&#39;r cofnod fel PDF" in page or "Lawrlwytho'r cofnod fel PDF" in page


def test_every_message_of_the_record_has_welsh():
    gaps = catalogues.missing()
    assert "records" not in gaps, gaps.get("records")
