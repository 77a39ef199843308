import dataclasses
import datetime as dt
import hashlib
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.tests.factories import concern_fields, open_case
from faircase.framework import selectors as framework_selectors
from faircase.framework import services as framework_services
from faircase.framework.principles import PRINCIPLES_IN_ORDER
from faircase.framework.yamlformat import parse
from faircase.records.presenters import NATIONAL_NOT_ADAPTED, NOT_ANSWERED, build_record
from faircase.records.tests import factories as f
from faircase.records.tests.factories import answer_all, case_with_reviews

AT = dt.datetime(2025, 6, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def history(organisation, case_manager):
    return case_with_reviews(organisation=organisation, by=case_manager)


def _answer(document, review_number, code):
    review = document.reviews[review_number - 1]
    return next(a for section in review.principles for a in section.answers if a.code == code)


def test_the_case_summary_names_the_practitioner_policy_stage_concerns_and_people(history, case_manager):
    document = build_record(history.case, generated_by=case_manager, generated_at=AT)

    details = {row.label: row.value for row in document.case.details}
    assert details["Case reference"] == "FC-00012"
    assert details["Organisation"].startswith("Riverside Fictional NHS Trust")
    assert details["Policy"] == "Maintaining High Professional Standards (England)"
    assert details["Stage"] == "Informal resolution"
    assert details["Closed"] == "Open"
    assert details["Arose from a patient safety incident"] == "No"
    practitioner = {row.label: row.value for row in document.case.practitioner}
    assert practitioner["Regulator and registration number"].startswith("General Medical Council (GMC) 7")
    assert practitioner["Start date in the organisation"] == "1 April 2020"
    assert practitioner["Induction for this role"] == "Yes, 2 April 2020"
    assert practitioner["Place of primary qualification"] == "United Kingdom"
    concern = document.case.concerns[0]
    assert (concern.category, concern.source, concern.occurred_on, concern.raised_on) == (
        "Clinical performance",
        "Incident",
        "1 March 2025",
        "3 March 2025",
    )
    assert concern.alleged == concern_fields()["description"]
    assert [(p.role, p.name) for p in document.case.people] == [("Case manager", "Casey Manager")]


def test_a_closed_case_shows_its_outcome_and_closing_date(organisation, case_manager):
    case = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, patient_safety_incident=True
    )
    case_services.record_being_fair(case=case, completed="yes", by=case_manager)
    answer_all(
        framework_services.start_review(case=case, review_point="commencement", by=case_manager),
        by=case_manager,
    )
    answer_all(
        framework_services.start_review(case=case, review_point="closure", by=case_manager), by=case_manager
    )
    case_services.move_stage(
        case=case,
        to_stage="closed",
        decision="Close",
        reasons="Nothing to answer.",
        outcome="no_case_to_answer",
        outcome_note="The dose change was prescribed.",
        by=case_manager,
    )
    case.refresh_from_db()

    details = {row.label: row.value for row in build_record(case, generated_by=case_manager).case.details}

    assert details["Stage"] == "Closed"
    assert details["Outcome"] == "No case to answer. The dose change was prescribed."
    assert details["Closed"] != "Open"
    assert details["Arose from a patient safety incident"] == "Yes"
    assert details["Being fair tool completed"] == "Yes"


def test_every_review_is_listed_in_order_with_who_and_when_and_the_correction_it_makes(history, case_manager):
    document = build_record(history.case, generated_by=case_manager, generated_at=AT)

    assert [(r.number, r.review_point) for r in document.reviews] == [
        (1, "Commencement of the case"),
        (2, "Decision on the route"),
        (3, "Commencement of the case"),
    ]
    first, _route, correction = document.reviews
    assert first.status == "Completed"
    assert first.stage == "Concern received"
    assert first.started.endswith("by Casey Manager")
    assert first.completed.endswith("by Casey Manager")
    assert first.corrected_by == "Review 3"
    assert correction.corrects.startswith("Review 1 (Commencement of the case, completed ")
    assert correction.stage == "Initial assessment"


def test_answers_are_grouped_under_the_five_principles_in_their_fixed_order(history, case_manager):
    document = build_record(history.case, generated_by=case_manager, generated_at=AT)

    for review in document.reviews:
        assert [s.name for s in review.principles] == [p.label for p in PRINCIPLES_IN_ORDER]
        assert [s.number for s in review.principles] == [1, 2, 3, 4, 5]
    welfare = document.reviews[0].principles[0]
    assert [a.code for a in welfare.answers] == ["WS1", "WS2", "WS3", "WS4", "WS5", "WS6"]


def test_a_no_answer_keeps_its_note_who_and_when_and_points_to_its_follow_up(history, case_manager):
    document = build_record(history.case, generated_by=case_manager, generated_at=AT)

    no = _answer(document, 1, f.NO_CODE)
    assert (no.answer, no.answer_code, no.note, no.answered_by) == ("No", "no", f.NO_NOTE, "Casey Manager")
    assert " at " in no.answered_at
    assert no.follow_up == "F1"
    not_applicable = _answer(document, 1, f.NOT_APPLICABLE_CODE)
    assert (not_applicable.answer, not_applicable.note) == ("Not applicable", f.NOT_APPLICABLE_NOTE)


def test_follow_ups_show_action_owner_due_date_status_and_outcome(history, case_manager):
    document = build_record(history.case, generated_by=case_manager, generated_at=AT)

    by_action = {item.action: item for item in document.follow_ups}
    still_open = by_action[f.NO_ACTION]
    assert (still_open.number, still_open.owner, still_open.due_on, still_open.status, still_open.closed) == (
        "F1",
        "Casey Manager",
        "30 April 2025",
        "Open",
        "Open",
    )
    assert still_open.consideration.startswith(f"{f.NO_CODE}: ")
    assert still_open.review == "Review 1 (Commencement of the case), answered No"
    closed = by_action[f.UNKNOWN_ACTION]
    assert (closed.status, closed.outcome) == ("Closed", f.UNKNOWN_OUTCOME)
    assert closed.closed.endswith("by Casey Manager")


def test_stage_moves_show_stage_names_decision_reasons_and_why_follow_ups_were_left_open(
    history, case_manager
):
    document = build_record(history.case, generated_by=case_manager, generated_at=AT)

    first, second = document.stage_moves
    assert (first.from_stage, first.to_stage) == ("Concern received", "Initial assessment")
    assert (first.decision, first.reasons) == (f.FIRST_MOVE_DECISION, f.FIRST_MOVE_REASONS)
    assert first.open_follow_ups == "1"
    assert first.open_follow_ups_reason == f.OPEN_FOLLOW_UPS_REASON
    assert first.review == "Review 1 (Commencement of the case)"
    assert first.moved_by == "Casey Manager"
    assert (second.from_stage, second.to_stage) == ("Initial assessment", "Informal resolution")


def test_an_unfinished_review_lists_what_is_still_to_answer(organisation, case_manager):
    case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    review = framework_services.start_review(case=case, review_point="commencement", by=case_manager)
    first = framework_selectors.considerations_for(review)[0]
    framework_services.save_answers(
        review=review, answers={first.pk: {"answer": "yes", "note": ""}}, by=case_manager
    )

    (entry,) = build_record(case, generated_by=case_manager).reviews

    assert entry.status == "In progress"
    assert entry.completed == "Not completed"
    assert entry.answer_counts == "Yes 1"
    answers = [a for s in entry.principles for a in s.answers]
    assert answers[0].code == first.code and answers[0].answer == "Yes"
    assert len(answers) == len(framework_selectors.considerations_for(review))
    assert all(a.answer == NOT_ANSWERED and a.answered_by == "" for a in answers[1:])


def test_the_national_version_says_it_is_not_adapted(history, case_manager):
    document = build_record(history.case, generated_by=case_manager, generated_at=AT)

    (version,) = document.frameworks
    assert version.is_national
    assert version.adaptation_summary == NATIONAL_NOT_ADAPTED
    assert version.changes == ()
    assert version.used_by == "Reviews 1, 2, 3"


def test_an_adapted_version_lists_what_it_changed_from_the_version_it_was_based_on(
    history, organisation, case_manager
):
    spec = parse((framework_services.NATIONAL_FILE).read_text(encoding="utf-8"))
    spec.title = "Riverside adapted considerations"
    spec.change_note = "Local wording agreed with the staff side."
    codes = {c.code: c for c in spec.considerations}
    codes["WS1"].text = "The practitioner has been given the Riverside support leaflet."
    codes["WS3"].guidance = "Use the Riverside occupational health referral form."
    codes["UI8"].retired = True
    codes["PH3"].review_points = ["commencement"]
    added = dataclasses.replace(codes["EP6"], code="EP7", text="The ward team has had a debrief.")
    spec.considerations.append(added)
    admin = member(organisation, "org_admin", username="admin", full_name="Ada Admin")
    framework_services.create_version(organisation=organisation, spec=spec, by=admin)
    case = history.case
    answer_all(
        framework_services.start_review(case=case, review_point="ad_hoc", by=case_manager), by=case_manager
    )

    document = build_record(case, generated_by=case_manager, generated_at=AT)

    national, adapted = document.frameworks
    assert national.used_by == "Reviews 1, 2, 3"
    assert adapted.used_by == "Review 4"
    assert adapted.owner == "Riverside Fictional NHS Trust"
    assert adapted.based_on == "faircase national starter set (national version 1)"
    assert adapted.change_note == "Local wording agreed with the staff side."
    changes = {(c.kind, c.code) for c in adapted.changes}
    assert changes == {
        ("Consideration reworded", "WS1"),
        ("Local guidance added", "WS3"),
        ("Consideration retired", "UI8"),
        ("Review points changed", "PH3"),
        ("Consideration added", "EP7"),
    }
    reworded = next(c for c in adapted.changes if c.code == "WS1")
    assert reworded.detail.startswith("Was: The practitioner has been told, in writing")
    assert document.reviews[3].framework_version.startswith("Riverside adapted considerations (Riverside")
    assert (
        _answer(document, 4, "WS1").consideration
        == "The practitioner has been given the Riverside support leaflet."
    )
    assert _answer(document, 1, "WS1").consideration.startswith("The practitioner has been told, in writing")


def test_the_integrity_hash_is_the_sha256_of_the_canonical_content(history, case_manager):
    document = build_record(history.case, generated_by=case_manager, generated_at=AT)

    canonical = json.dumps(document.content(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert document.footer.sha256 == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert "footer" not in document.content()
    assert document.footer.generated_by == "Casey Manager (cm)"
    assert document.footer.generated_at == "2 June 2025 at 10:30am"


def test_the_hash_is_stable_while_the_case_is_unchanged(history, case_manager, organisation):
    other_reader = member(organisation, "auditor", username="aud", full_name="Audrey Auditor")
    first = build_record(history.case, generated_by=case_manager, generated_at=AT)
    again = build_record(history.case, generated_by=case_manager, generated_at=AT)
    later_by_someone_else = build_record(
        history.case, generated_by=other_reader, generated_at=AT + dt.timedelta(days=3)
    )

    assert again == first
    assert again.footer == first.footer
    assert later_by_someone_else.footer.sha256 == first.footer.sha256


def test_the_hash_changes_when_the_case_content_changes(history, case_manager):
    before = build_record(history.case, generated_by=case_manager, generated_at=AT)
    framework_services.close_follow_up(
        follow_up=history.follow_ups[0], outcome="Dr Fictional Contact named.", by=case_manager
    )

    after = build_record(history.case, generated_by=case_manager, generated_at=AT)

    assert after.footer.sha256 != before.footer.sha256


def test_viewing_the_case_leaves_the_record_unchanged_because_views_are_not_part_of_it(history, case_manager):
    before = build_record(history.case, generated_by=case_manager, generated_at=AT)
    case_services.record_view(case=history.case, by=case_manager, what="case")

    after = build_record(history.case, generated_by=case_manager, generated_at=AT)

    assert after.footer.sha256 == before.footer.sha256
    assert set(after.content()) == {"title", "case", "frameworks", "reviews", "follow_ups", "stage_moves"}


def test_the_record_holds_only_plain_values(history, case_manager):
    document = build_record(history.case, generated_by=case_manager, generated_at=AT)

    def walk(value):
        if dataclasses.is_dataclass(value):
            for item in dataclasses.fields(value):
                walk(getattr(value, item.name))
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)
        else:
            assert isinstance(value, str | int | bool), repr(value)

    walk(document)


def test_building_the_record_takes_the_same_number_of_queries_however_many_reviews(
    organisation, case_manager, django_assert_max_num_queries
):
    small = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    answer_all(
        framework_services.start_review(case=small, review_point="commencement", by=case_manager),
        by=case_manager,
    )
    big = case_with_reviews(organisation=organisation, by=case_manager, reference="FC-00099").case
    for point in ["ad_hoc", "ad_hoc", "restriction"]:
        answer_all(
            framework_services.start_review(case=big, review_point=point, by=case_manager), by=case_manager
        )

    counts = []
    for case in (small, big):
        case = type(case).objects.select_related("organisation", "practitioner", "opened_by").get(pk=case.pk)
        with CaptureQueriesContext(connection) as queries:
            build_record(case, generated_by=case_manager)
        counts.append(len(queries))

    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[1]):
        build_record(case, generated_by=case_manager)
