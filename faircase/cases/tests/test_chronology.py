"""The chronology: one registry, merged in time order, filtered by kind; each app's source gives its own events;
the case page, the page and the record read the same list, and the record does not depend on the day."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from faircase.casefile import services as note_services
from faircase.cases import chronology
from faircase.cases.chronology import ChronologyEntry, chronology_for, entry_on_day
from faircase.cases.models import Case
from faircase.cases.presenters_chronology import record_entries
from faircase.cases.tests.factories import tell_practitioner
from faircase.core.models import AuditEvent
from faircase.documents.tests.factories import add_document
from faircase.framework.tests.test_reviews import complete_review
from faircase.process import services as process_services


def _at(*parts: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*parts))


# ---- the registry and the merge ---------------------------------------------------------------------------------


@pytest.fixture
def only_these_sources():
    """The registry holding only the sources a test registers, the real ones back afterwards."""
    with mock.patch.dict(chronology._SOURCES, clear=True):
        yield


def test_entries_of_every_source_are_merged_oldest_first(only_these_sources):
    chronology.register_source(
        "alpha", "Alpha", lambda case: [ChronologyEntry(_at(2026, 3, 5, 9), "alpha", "Third", "")]
    )
    chronology.register_source(
        "beta",
        "Beta",
        lambda case: [
            ChronologyEntry(_at(2026, 3, 5, 8, 30), "beta", "Second", ""),
            entry_on_day(dt.date(2026, 3, 1), "beta", "First"),
        ],
    )
    assert [e.title for e in chronology_for(object())] == ["First", "Second", "Third"]
    assert [e.title for e in chronology_for(object(), kinds=["alpha"])] == ["Third"]
    assert chronology_for(object(), kinds=[]) == []


def test_entries_at_the_same_moment_keep_one_order_whatever_order_apps_registered_in(only_these_sources):
    same = _at(2026, 3, 5, 9)
    chronology.register_source("zulu", "Zulu", lambda case: [ChronologyEntry(same, "zulu", "Z", "")])
    chronology.register_source("alpha", "Alpha", lambda case: [ChronologyEntry(same, "alpha", "A", "")])
    assert [e.kind for e in chronology_for(object())] == ["alpha", "zulu"]


def test_a_day_only_entry_is_shown_as_a_date_and_a_timed_one_with_its_time():
    assert entry_on_day(dt.date(2026, 11, 3), "x", "t").when_text == "3 November 2026"
    assert ChronologyEntry(_at(2026, 11, 3, 14, 30), "x", "t", "").when_text == "3 November 2026 at 2:30pm"


def test_a_naive_time_a_bad_key_a_second_source_with_one_key_and_a_stray_kind_are_refused(only_these_sources):
    with pytest.raises(ValueError, match="aware"):
        ChronologyEntry(dt.datetime(2026, 3, 5, 9), "x", "t", "")  # naive: refused
    with pytest.raises(ValueError, match="lower-case"):
        chronology.register_source("Bad Key", "Bad", lambda case: [])
    chronology.register_source("one", "One", lambda case: [ChronologyEntry(_at(2026, 1, 1), "two", "t", "")])
    with pytest.raises(ValueError, match="Two chronology sources"):
        chronology.register_source("one", "Another", lambda case: [])
    with pytest.raises(ValueError, match="kind 'two'"):
        chronology_for(object())


# ---- each app's source ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_app_gives_its_events_of_a_case(case, case_manager):
    complete_review(case, case_manager)
    today = timezone.localdate()
    restriction = process_services.record_restriction(
        case=case,
        kind="immediate_exclusion",
        started_on=today,
        terms="Off the ward at Fenwick.",
        reasons="An allegation of harm.",
        by=case_manager,
    )
    process_services.end_restriction(
        restriction=restriction,
        ended_on=today,
        end_reason="Lifted after the facts were checked.",
        by=case_manager,
    )
    process_services.record_advice_contact(
        case=case,
        contacted_on=today,
        adviser="A fictional adviser",
        question="Exclude?",
        advice="No.",
        by=case_manager,
    )
    process_services.record_regulator_referral(
        case=case,
        regulator="gmc",
        referred_on=today,
        reasons="A fictional referral.",
        systemic_factors="The rota was short of staff; taken into account.",
        induction="Inducted in 2020.",
        impartial_check="Checked by a fictional medical director of another trust.",
        by=case_manager,
    )
    tell_practitioner(case, case_manager, summary="Phoned the practitioner to explain the next step.")
    add_document(case, case_manager, name="Rota.pdf")
    note_services.add_note(case=case, text="The rota was changed in March.", by=case_manager)

    entries = chronology_for(case)
    titles = {(e.kind, e.title) for e in entries}
    assert {
        ("case", "Case opened"),
        ("review", "Framework review completed: Commencement of the case"),
        ("restriction", "Immediate exclusion started"),
        ("restriction", "Immediate exclusion ended"),
        ("advice", "Practitioner Performance Advice contacted (A fictional adviser)"),
        ("communication", "Meeting with the practitioner"),
        ("document", "Document added: Rota.pdf"),
        ("referral", "Referred to the General Medical Council (GMC)"),
    } <= titles
    concern = next(e for e in entries if e.kind == "concern")
    assert concern.title.endswith("concern raised") and "anticoagulant" in concern.detail
    assert any(e.kind == "communication" and "Phoned" in e.detail for e in entries)
    note = next(e for e in entries if e.kind == "note")
    assert note.detail == "The rota was changed in March." and note.title.startswith(
        "Case note by Casey Manager"
    )
    assert [e.when for e in entries] == sorted(e.when for e in entries)


@pytest.fixture(scope="module")
def demo(demo_loaded):
    return demo_loaded


def test_every_registered_source_finds_its_events_in_the_demo(demo, db):
    kinds = {entry.kind for case in Case.objects.for_system("demo") for entry in chronology_for(case)}
    # The demo's whole cases hold notes, documents, an investigation and its decision, hearing and appeal. It
    # makes no regulator referral; that is tried on a case above.
    wanted = {source.key for source in chronology.sources()} - {"referral"}
    assert wanted - kinds == set()


# ---- the page, the case page and the record ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_filters_by_kind_and_is_audited_as_a_read(client, case, case_manager):
    note_services.add_note(case=case, text="Only this is a note.", by=case_manager)
    client.force_login(case_manager)
    url = reverse("cases:chronology", kwargs={"case_id": case.pk})
    everything = client.get(url).content.decode()
    assert "Only this is a note." in everything and "concern raised" in everything
    notes_only = client.get(url, {"kind": ["note"]}).content.decode()
    assert "Only this is a note." in notes_only and "concern raised" not in notes_only
    assert (
        AuditEvent.objects.filter(action="case.viewed", summary__detail__viewed="chronology.read").count()
        == 2
    )


@pytest.mark.django_db
def test_an_unknown_kind_is_refused_with_a_clear_message(client, case, case_manager):
    client.force_login(case_manager)
    response = client.get(reverse("cases:chronology", kwargs={"case_id": case.pk}), {"kind": ["nonsense"]})
    page = response.content.decode()
    assert response.status_code == 200 and "Choose kinds of entry from the list" in page
    assert "concern raised" in page  # the whole chronology, not an empty one


@pytest.mark.django_db
def test_the_record_section_is_the_same_whatever_day_the_record_is_made(case, case_manager):
    note_services.add_note(case=case, text="Kept for the record.", by=case_manager)
    first = record_entries(case, dt.date(2026, 1, 1))
    assert first == record_entries(case, dt.date(2031, 6, 30))
    assert any(e.heading.endswith("Case note by Casey Manager (cm)") for e in first)
