"""The case's history and its chronology in Welsh (issue 16): the history names each action, field and stored code
in Welsh (what people wrote is shown as written) and stays as it was in English; each app's chronology entries
are Welsh sentences around the names and data they carry."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from faircase.access.policy import CASE_ACTIONS
from faircase.casefile import services as note_services
from faircase.cases.chronology import chronology_for
from faircase.cases.presenters_history import ACTIONS, VIEWED, history_lines
from faircase.core.presenters import ACTION_WORDS, audit_lines
from faircase.documents.tests.factories import add_document

pytestmark = pytest.mark.django_db


def event(action: str, object_type: str, **summary) -> SimpleNamespace:
    return SimpleNamespace(
        sequence=1,
        occurred_at=timezone.make_aware(dt.datetime(2026, 8, 5, 9)),
        actor_label="Dr Siân Prydderch",
        action=action,
        object_type=object_type,
        summary=summary,
    )


EVENTS = [
    event(
        "case.stage_moved",
        "cases.stagemove",
        after={
            "open_follow_ups_reason": "Awaiting occupational health advice.",
            "outcome": "no_case_to_answer",
            "closure_checklist": ["restrictions_ended", "practitioner_told"],
        },
    ),
    event("review.completed", "framework.review", after={"answers": {"no": 1, "unknown": 2, "yes": 27}}),
    event("follow_up.closed", "framework.followup", before={"status": "open"}, after={"status": "closed"}),
    event("investigation.interview_recorded", "proceedings.interview", after={"of_practitioner": False}),
    event("case.viewed", "cases.case", detail={"viewed": "case.history"}),
    event("hearing.arranged", "proceedings.hearing", after={"kind": "conduct", "heard_by": ""}),
    event("document.redacted_copy_added", "documents.documentversion", after={"marking": "withheld"}),
    event("decision.recorded", "proceedings.reportdecision", after={"option": "no_further_action"}),
    event("case.opened", "cases.case", after={"concern": {"category": "conduct"}}),
]


def changes(lines, number: int) -> list[tuple[str, str, str]]:
    return lines[number].changes


def test_the_history_names_fields_codes_and_actions_in_welsh(case):
    with translation.override("cy"):
        lines = history_lines(EVENTS, case)
    moved = changes(lines, 0)
    assert (
        "Rheswm dros symud gyda chamau dilynol agored",
        "\u2013",
        "Awaiting occupational health advice.",
    ) in moved
    assert ("Canlyniad", "\u2013", "Dim achos i'w ateb") in moved
    assert moved[2] == (
        "Rhestr wirio cau",
        "\u2013",
        "Cyfyngiadau wedi dod i ben, Yr ymarferydd wedi cael gwybod y canlyniad",
    )
    answers = changes(lines, 1)[0]
    assert answers[0] == "Atebion" and "yes" not in answers[2] and answers[2].endswith(": 27")
    assert changes(lines, 2) == [("Statws", "Ar agor", "Wedi'i gau")]
    assert changes(lines, 3) == [("Cyfweliad â'r ymarferydd", "\u2013", "Na")]
    assert changes(lines, 4) == [("Yr hyn a welwyd", "", "hanes yr achos")]
    assert changes(lines, 5)[0] == ("Math", "\u2013", "Gwrandawiad ymddygiad")
    assert changes(lines, 6) == [("Marcio", "\u2013", "Wedi'i ddal yn ôl")]
    assert changes(lines, 7) == [("Dewis", "\u2013", "Dim camau pellach")]
    assert changes(lines, 8) == [("Pryder", "\u2013", "Categori: Ymddygiad")]
    assert lines[3].what == "Cofnododd gyfweliad"


def test_in_english_the_history_reads_as_it_always_has(case):
    with translation.override("en"):
        assert history_lines(EVENTS, case) == audit_lines(EVENTS)
    assert audit_lines(EVENTS)[2].changes == [("Status", "open", "closed")]


def test_every_page_of_a_case_and_every_action_has_welsh_words():
    assert set(CASE_ACTIONS) - set(VIEWED) == set()
    assert not set(ACTIONS) & set(ACTION_WORDS)


def test_the_history_page_is_in_welsh(case, case_manager, signed_in):
    case_manager.language = "cy"
    case_manager.save()
    client = signed_in(case_manager)
    client.get(reverse("cases:detail", args=[case.pk]))
    html = client.get(reverse("cases:history", args=[case.pk])).content.decode().replace("&#39;", "'")
    assert "Yr hyn a welwyd" in html and "Viewed:" not in html
    assert "<span>yr achos</span>" in html


def test_the_chronology_is_in_welsh(case, case_manager):
    add_document(case, case_manager, name="Rota.pdf")
    note = note_services.add_note(case=case, text="The rota was changed in March.", by=case_manager)
    note_services.edit_note(note=note, text="The rota was changed in April.", by=case_manager)
    with translation.override("cy"):
        entries = chronology_for(case)
    titles = [e.title for e in entries]
    assert "Ychwanegwyd dogfen: Rota.pdf" in titles
    assert any(t.startswith("Codwyd pryder: ") for t in titles)
    assert any(t.startswith("Nodyn achos gan Casey Manager") and "cadwyd 2 fersiwn" in t for t in titles)
    assert next(e for e in entries if e.kind == "case").detail.startswith("O dan ")
    document = next(e for e in entries if e.kind == "document")
    assert ", dyddiedig " in document.detail and "Ychwanegwyd gan " in document.detail
