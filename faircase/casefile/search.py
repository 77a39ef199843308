"""Search across the cases a person may open: by reference, practitioner's name, what a concern alleges, the text of
case notes and the names of documents.

Every query starts from `Case.objects.visible_to(user)` and reads concerns, notes and documents only of those cases
(`of_cases`), so a result never reveals a case the person may not see, nor that one exists. On PostgreSQL the free
text (concerns and notes) is searched with full-text search, so "prescribing" finds "prescribed"; elsewhere
(SQLite, the embedded default) a plain case-insensitive match stands in. `uses_full_text` alone decides which.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from faircase.casefile.models import Note
from faircase.cases.models import Case, Concern
from faircase.documents.models import DocumentVersion

MAX_QUERY = 100
MAX_RESULTS = 50
# In English here (what tests compare with); each refusal is in the language in use.
EMPTY = N_("Enter a case reference, a name or a word to search for")
_TOO_LONG = N_("The search must be %(count)s characters or fewer")
TOO_LONG = _TOO_LONG % {"count": MAX_QUERY}

# What matched, in the order a result lists it (keys in English, shown translated: see casefile.presenters).
REFERENCE, PRACTITIONER, CONCERN, NOTE, DOCUMENT = (
    N_("reference"),
    N_("practitioner's name"),
    N_("a concern"),
    N_("a case note"),
    N_("a document's name"),
)


@dataclass(frozen=True)
class SearchResult:
    case: Case
    matched: tuple[str, ...]


@dataclass(frozen=True)
class SearchResults:
    results: list[SearchResult]
    total: int  # every visible case that matched; at most MAX_RESULTS are in `results`


def clean_query(query: str | None) -> str:
    query = " ".join((query or "").split())
    if not query:
        raise ValidationError({"q": _(EMPTY)})
    if len(query) > MAX_QUERY:
        raise ValidationError({"q": _(_TOO_LONG) % {"count": MAX_QUERY}})
    return query


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def _text_matches(rows: QuerySet[Any], field: str, query: str) -> QuerySet[Any]:
    if uses_full_text():
        from django.contrib.postgres.search import SearchQuery, SearchVector

        return rows.annotate(found=SearchVector(field, config="english")).filter(
            found=SearchQuery(query, config="english", search_type="websearch")
        )
    return rows.filter(**{f"{field}__icontains": query})


def _case_ids(rows: QuerySet[Any], path: str = "case_id") -> set[Any]:
    return set(rows.values_list(path, flat=True).distinct())


def search_cases(user: Any, query: str) -> SearchResults:
    """The visible cases that match, most recently opened first, each with what matched (at most MAX_RESULTS)."""
    query = clean_query(query)
    cases = Case.objects.visible_to(user)
    matched: dict[str, set[Any]] = {
        REFERENCE: _case_ids(cases.filter(reference__icontains=query), "pk"),
        PRACTITIONER: _case_ids(cases.filter(practitioner__full_name__icontains=query), "pk"),
        CONCERN: _case_ids(_text_matches(Concern.objects.of_cases(cases), "description", query)),
        NOTE: _case_ids(_text_matches(Note.objects.of_cases(cases), "text", query)),
        DOCUMENT: _case_ids(
            DocumentVersion.objects.of_cases(cases).filter(name__icontains=query), "document__case_id"
        ),
    }
    found = set().union(*matched.values())
    rows = (
        cases.filter(pk__in=found)
        .select_related("practitioner", "organisation")
        .order_by("-opened_at", "reference")[:MAX_RESULTS]
    )
    results = [
        SearchResult(case, tuple(what for what, ids in matched.items() if case.pk in ids)) for case in rows
    ]
    return SearchResults(results, len(found))
