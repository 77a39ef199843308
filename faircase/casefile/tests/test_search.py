"""Search across a person's cases: by reference, name, concern, note and document name, and never a case they may
not see (another organisation's, one they are excluded from for a conflict, their own as the practitioner)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.casefile import search, services
from faircase.cases import services as case_services
from faircase.cases.tests.factories import concern_fields, open_case
from faircase.documents.tests.factories import add_document

pytestmark = pytest.mark.django_db


def _references(user, query):
    return [r.case.reference for r in search.search_cases(user, query).results]


def test_a_case_is_found_by_reference_name_concern_note_and_document(case, case_manager):
    services.add_note(case=case, text="The locum rota at Brackenford was short.", by=case_manager)
    add_document(case, case_manager, name="Brackenford minutes.pdf")

    assert _references(case_manager, case.reference.lower()) == [case.reference]
    assert _references(case_manager, case.practitioner.full_name.split()[-2]) == [case.reference]
    assert _references(case_manager, "anticoagulant") == [case.reference]  # the concern's words
    assert _references(case_manager, "locum") == [case.reference]
    assert _references(case_manager, "minutes") == [case.reference]
    found = search.search_cases(case_manager, "Brackenford")
    assert found.total == 1 and found.results[0].matched == (search.NOTE, search.DOCUMENT)
    assert _references(case_manager, "Quillmoor") == []


def test_another_organisations_case_is_never_found(case, case_manager, other_organisation):
    services.add_note(case=case, text="Zephyrine ward handover.", by=case_manager)
    outsider = member(other_organisation, "case_manager", username="other-cm", full_name="Olive Other")
    theirs = open_case(organisation=other_organisation, by=outsider, case_manager=outsider)
    services.add_note(case=theirs, text="Zephyrine is named here too.", by=outsider)

    assert _references(outsider, "Zephyrine") == [theirs.reference]
    assert _references(outsider, case.reference) == []
    assert _references(case_manager, "Zephyrine") == [case.reference]


def test_a_case_the_user_is_excluded_from_for_a_conflict_is_never_found(case, case_manager, organisation):
    colleague = member(organisation, "case_manager", username="cm2", full_name="Colin Colleague")
    services.add_note(case=case, text="Marrowby clinic audit.", by=case_manager)
    add_document(case, case_manager, name="Marrowby audit.pdf")
    assert _references(colleague, "Marrowby") == [case.reference]

    case_services.exclude_for_conflict(
        case=case, user=colleague, reason="Trained the practitioner", by=case_manager
    )
    for query in ("Marrowby", case.reference, case.practitioner.full_name, "anticoagulant"):
        assert _references(colleague, query) == []


def test_roles_without_case_content_find_nothing(case, case_manager, organisation):
    services.add_note(case=case, text="Tollworth meeting.", by=case_manager)
    analyst = member(organisation, "equality_analyst", username="eq", full_name="Eva Analyst")
    assert _references(analyst, "Tollworth") == []


@pytest.mark.parametrize(
    ("query", "message"), [("", search.EMPTY), ("   ", search.EMPTY), ("x" * 101, search.TOO_LONG)]
)
def test_an_empty_or_too_long_search_is_refused(case_manager, query, message):
    with pytest.raises(ValidationError) as refused:
        search.search_cases(case_manager, query)
    assert refused.value.message_dict == {"q": [message]}


def test_the_page_shows_results_and_clear_messages(client, case, case_manager, organisation):
    open_case(
        organisation=organisation, by=case_manager, concern=concern_fields(description="A different matter.")
    )
    services.add_note(case=case, text="Pellingham ward visit.", by=case_manager)
    client.force_login(case_manager)
    url = reverse("casefile:search")

    page = client.get(url, {"q": "pellingham"}).content.decode()
    assert "1 case found" in page and case.reference in page and "a case note" in page
    assert "There is a problem" not in client.get(url).content.decode()  # the empty form, before a search
    empty = client.get(url, {"q": " "}).content.decode()
    assert "There is a problem" in empty and search.EMPTY in empty
    long = client.get(url, {"q": "y" * 101}).content.decode()
    assert search.TOO_LONG in long
    nothing = client.get(url, {"q": "Nowhere-at-all"}).content.decode()
    assert "No case you may open matches" in nothing


def test_staff_see_search_in_the_header(client, case_manager):
    client.force_login(case_manager)
    page = client.get(reverse("cases:list")).content.decode()
    assert f'href="{reverse("casefile:search")}"' in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_on_postgresql_a_word_finds_its_other_forms(case, case_manager):
    services.add_note(case=case, text="She prescribed the wrong dose twice.", by=case_manager)
    assert search.uses_full_text()
    assert _references(case_manager, "prescribing") == [case.reference]
    assert _references(case_manager, "doses") == [case.reference]
