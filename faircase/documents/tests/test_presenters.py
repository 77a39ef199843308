"""What the case page and the disclosable record are given about documents."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.documents import presenters, services
from faircase.documents.choices import Marking
from faircase.documents.tests import files
from faircase.documents.tests.factories import add_document

pytestmark = pytest.mark.django_db


def test_the_record_index_lists_every_document_with_its_marking_and_sha256_and_a_withheld_ones_reason(
    case, case_manager
):
    shown = add_document(case, case_manager, name="statement.pdf", dated=dt.date(2026, 3, 2))
    add_document(case, case_manager, name="oh.docx", content=files.docx(), kind="occupational_health",
                 dated=dt.date(2026, 4, 1), marking=Marking.WITHHELD,
                 withheld_reason="Health details of a third party")  # fmt: skip
    redacted = add_document(case, case_manager, name="minutes.pdf", kind="minutes", dated=dt.date(2026, 5, 1))
    copy = services.add_redacted_copy(document=redacted, file=files.upload("m.pdf", files.pdf("[x]")),
                                      name="m.pdf", reason="Names", by=case_manager)  # fmt: skip

    index = presenters.document_index(case)

    assert [r.name for r in index] == ["statement.pdf", "oh.docx", "minutes.pdf"]
    statement, oh, minutes = index
    assert (statement.kind, statement.date, statement.version, statement.marking) == (
        "Statement",
        "2 March 2026",
        1,
        "Disclosable",
    )
    assert statement.sha256 == shown.versions.get().sha256 and statement.withheld_reason == ""
    assert (oh.marking, oh.withheld_reason) == ("Withheld", "Health details of a third party")
    assert (minutes.marking, minutes.version) == ("Redacted copy added", 1)
    assert (minutes.redacted_copy_version, minutes.redacted_copy_sha256) == (2, copy.sha256)


def test_the_record_index_reads_the_documents_in_two_queries_however_many_there_are(case, case_manager):
    for n in range(4):
        add_document(case, case_manager, name=f"s{n}.pdf", content=files.pdf(str(n)))
    with CaptureQueriesContext(connection) as queries:
        assert len(presenters.document_index(case)) == 4
    assert len(queries) == 2


def test_the_case_page_section_shows_the_five_most_recent_and_the_links_the_person_may_follow(
    case, case_manager, organisation
):
    for day in range(1, 8):
        add_document(case, case_manager, name=f"day {day}.pdf", dated=dt.date(2026, 3, day))
    context = presenters.case_documents_context(case, case_manager)
    assert context["count_text"] == "7 documents" and context["more"]
    assert [r["name"] for r in context["rows"]] == [f"day {d}.pdf" for d in (7, 6, 5, 4, 3)]
    assert context["add_url"] and context["list_url"]
    auditor = member(organisation, "auditor", username="aud", full_name="Audrey Fictional")
    assert presenters.case_documents_context(case, auditor)["add_url"] == ""


def test_the_case_page_shows_the_documents_section_it_registers(case, case_manager, signed_in):
    add_document(case, case_manager, name="statement.pdf")

    html = signed_in(case_manager).get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()

    assert (
        '<h2 id="documents">Documents</h2>' in html
        and '<a class="nhsuk-contents-list__link" href="#documents">' in html
    )
    assert "1 document on this case" in html and "statement.pdf" in html and "Add a document" in html


def test_the_record_indexes_each_document_with_its_marking_and_hash(case, case_manager):
    from faircase.records.presenters import build_record

    added = add_document(case, case_manager, name="statement.pdf", dated=dt.date(2026, 3, 2))
    add_document(
        case,
        case_manager,
        name="oh-letter.pdf",
        content=files.pdf("Occupational health letter"),
        dated=dt.date(2026, 3, 9),
        marking=Marking.WITHHELD,
        withheld_reason="Health information about a third party.",
    )

    record = build_record(case, generated_by=case_manager)

    disclosed, withheld = (
        {r.label: r.value for r in e.rows} | {"name": e.heading} for e in record.section("documents").entries
    )
    assert disclosed["name"] == "statement.pdf" and disclosed["Disclosure"] == "Disclosable"
    assert disclosed["SHA-256"] == added.versions.get().sha256 and disclosed["Version"] == "1"
    # A withheld document is listed, with its reason, never left out.
    assert withheld["name"] == "oh-letter.pdf" and withheld["Disclosure"] == "Withheld"
    assert withheld["Why it is withheld"] == "Health information about a third party."


def test_sizes_read_as_people_say_them():
    assert presenters.file_size(1) == "1 byte"
    assert presenters.file_size(900) == "900 bytes"
    assert presenters.file_size(25 * 1024 * 1024) == "25 MB"
