"""The bundle's PDF in the practitioner's language, or in Welsh and English side by side, Welsh first, where the
organisation produces bilingual material: the same rule as the disclosable record (faircase.core.languages
.for_documents, ADR 43). Read back from the PDF itself (pypdf)."""

import re

import pytest

from faircase.bundles import presenters
from faircase.bundles.tests import factories as F
from faircase.bundles.tests.reading import content_of, index_pages, pages
from faircase.records.presenters import build_record

pytestmark = pytest.mark.django_db

# The bundle's own headings and sentences (the record's sections have their own tests in faircase.records).
WELSH = [
    "Bwndel mynediad at ddata gan y testun: Dr Wenna Tregothnan",
    "Paratowyd gan Morwenna Admin (kernow-admin) ar ",
    "Mynegai",
    "Adrannau'r bwndel a'r dudalen y mae pob un yn dechrau arni",
    "Eich manylion",
    "Achos KER-0001",
    "Nodiadau achos",
    "Cofnodion lles",
    "Ni wnaed cofnod lles.",
    "Dogfennau",
    "Data cydraddoldeb (categori arbennig)",
    "Data personol categori arbennig",
    "Wedi'i ddal yn ôl: " + F.WITHHELD_REASON,
    "Wedi'i ddarparu ar wahân: nid yw'n PDF",
    # The record inside, in Welsh.
    "Crynodeb o'r achos",
]
ENGLISH = [
    "Subject access bundle",
    "Prepared by",
    "Index",
    "Sections of the bundle",
    "Your details",
    "Case KER-0001",
    "Case notes",
    "Welfare records",
    "No welfare record was made.",
    "Equality data (special category)",
    "Special category personal data",
    "Withheld:",
    "Supplied separately",
    "Not recorded",
    "Page 1 of",
    "Case summary",
]


def test_a_welsh_practitioners_bundle_is_in_welsh_with_no_english_headings():
    world = F.world()
    world.practitioner.language = "cy"
    world.practitioner.save()

    bundle = F.subject_access_bundle(world)
    texts = pages(content_of(bundle))
    whole = " ".join(texts)

    for text in WELSH:
        assert text in whole, text
    for text in ENGLISH:
        assert text not in whole, text
    # Numbered in Welsh, the appended documents' pages too; dates in Welsh.
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"Tudalen {number} o {total}" in text
    assert "Datganiad, 2 Mawrth 2026, fersiwn 1, achos KER-0001" in whole
    # The index points at the page each section starts on, as in English.
    found = index_pages(texts, ["Eich manylion", "Achos KER-0001", "Achos KER-0002", "Dogfennau"])
    for title, page in found.items():
        assert texts[page - 1].split("Tudalen ")[0].find(title) != -1, f"{title} is not on page {page}"
    # What people wrote is shown as written, redacted as in English.
    assert "Spoke to [redacted] about the handover on ward 7" in whole
    # Kept with the bundle, and said in the file's name as the record's file says it.
    assert bundle.languages == "cy"
    assert presenters.download_name(bundle).endswith("-cy-draft.pdf")
    # Each case's record is the Welsh record, with the integrity hash of the Welsh record as faircase holds it.
    record = build_record(
        world.case, generated_by=world.admin, generated_at=bundle.prepared_at, languages=["cy"]
    )
    assert f"Hash cywirdeb (SHA-256): {record.footer.sha256}" in whole


def test_a_bilingual_organisations_bundle_gives_each_part_in_welsh_then_in_english():
    world = F.world(documents=False)
    world.organisation.document_languages = "bilingual"
    world.organisation.save()

    bundle = F.subject_access_bundle(world)
    texts = pages(content_of(bundle))
    whole = " ".join(texts)

    assert bundle.languages == "cy,en" and presenters.download_name(bundle).endswith("-cy-en-draft.pdf")
    # The first page holds the front matter in Welsh then in English; each index has a page of its own.
    assert texts[0].index("Paratowyd gan") < texts[0].index("Prepared by")
    assert "Mynegai" in texts[1] and "Index" not in texts[1]
    assert "Index" in texts[2]
    # Part by part: the Welsh case, then the same case in English, before the next case in Welsh.
    first = next(i for i, text in enumerate(texts) if "Crynodeb o'r achos" in text)
    english = next(i for i, text in enumerate(texts) if "Case summary" in text)
    second = next(i for i, text in enumerate(texts) if "Achos KER-0002" in text and i > english)
    assert first < english < second
    assert "Cynhyrchwyd yn Gymraeg ac yn Saesneg, ochr yn ochr, y Gymraeg yn gyntaf." in whole
    # The running header names the bundle in both languages; the pages are numbered in Welsh.
    header = "Bwndel mynediad at ddata gan y testun: Dr Wenna Tregothnan / Subject access bundle: Dr Wenna Tregothnan"
    assert header in whole
    assert f"Tudalen 1 o {len(texts)}" in texts[0]


def test_an_english_practitioners_bundle_stays_in_english():
    world = F.world(documents=False)

    bundle = F.subject_access_bundle(world)
    whole = " ".join(pages(content_of(bundle)))

    assert bundle.languages == "en"
    assert re.fullmatch(
        r"subject-access-bundle-practitioner-\d+-\d{8}-\d{4}-draft\.pdf", presenters.download_name(bundle)
    )
    for text in ["Index", "Your details", "Case notes", "Welfare records", "Page 1 of", "Case summary"]:
        assert text in whole, text
    for text in ["Mynegai", "Eich manylion", "Tudalen", "Crynodeb o'r achos"]:
        assert text not in whole, text
