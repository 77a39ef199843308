"""The case page's reads (ADR 38): a pinned number of queries, none sent twice, and none more for more of the
case's documents, notes and concerns. A section that starts reading per row, or reads what another section already
read without `@read_once`, fails here rather than slowing every case page."""

import collections
import datetime as dt

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from faircase.casefile.services import add_note
from faircase.cases import services as case_services
from faircase.cases.tests.factories import concern_fields
from faircase.core.page_reads import read_once, reads_once_per_page
from faircase.documents.storage import STORAGE_ALIAS
from faircase.documents.tests.factories import add_document
from faircase.framework.tests.test_reviews import complete_review

# Every read the case manager's case page sends for a case with a completed review, a document, a note and two
# concerns: the session, the user, the fetch with its capabilities and each section's own reads. The audit of the
# read is left out: its statements are the audit trail's (ADR 2) and differ between SQLite and PostgreSQL. Lower
# the number when a change saves reads; raising it needs a reason in ADR 38.
CASE_PAGE_READS = 51


@pytest.fixture(autouse=True)
def fresh_document_storage():
    storages._storages.pop(STORAGE_ALIAS, None)
    yield
    storages._storages.pop(STORAGE_ALIAS, None)


def _is_page_read(sql: str) -> bool:
    return (
        sql.lstrip().upper().startswith("SELECT")
        and "core_auditevent" not in sql
        and "pg_advisory" not in sql
    )


def _page_sql(client, case) -> list[str]:
    url = reverse("cases:detail", kwargs={"case_id": case.pk})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _add_more(case, by, number: int) -> None:
    for n in range(number):
        add_document(case, by, name=f"statement {n}.pdf", dated=dt.date(2026, 3, 2) + dt.timedelta(days=n))
        add_note(case=case, text=f"Spoke to the clinical lead ({n}).", by=by)
        case_services.add_concern(case=case, by=by, **concern_fields())


@pytest.fixture
def busy_case(case, case_manager):
    complete_review(case, case_manager, overrides={"UI4": "unknown"})
    _add_more(case, case_manager, 1)
    return case


def test_the_case_page_sends_the_pinned_number_of_queries_none_twice(busy_case, case_manager, signed_in):
    statements = _page_sql(signed_in(case_manager), busy_case)
    reads = [sql for sql in statements if _is_page_read(sql)]
    assert [sql for sql, times in collections.Counter(reads).items() if times > 1] == []
    assert len(reads) == CASE_PAGE_READS


def test_the_case_page_does_not_grow_with_documents_notes_and_concerns(busy_case, case_manager, signed_in):
    client = signed_in(case_manager)
    before = len(_page_sql(client, busy_case))
    _add_more(busy_case, case_manager, 4)
    assert len(_page_sql(client, busy_case)) == before


def test_a_read_once_selector_runs_once_per_page_and_every_time_outside_one():
    calls = []

    @read_once
    def rows_of(case, kind="a"):
        calls.append((case, kind))
        return [case, kind]

    rows_of(1), rows_of(1)
    assert len(calls) == 2, "outside a page every call reads"
    with reads_once_per_page():
        first = rows_of(1)
        first.append("changed by one caller")
        assert rows_of(1) == [1, "a"], "each caller has its own copy of a list"
        rows_of(1, kind="b"), rows_of(2)
    assert calls[2:] == [(1, "a"), (1, "b"), (2, "a")]
    rows_of(1)
    assert len(calls) == 6, "the page's memo ends with the page"
