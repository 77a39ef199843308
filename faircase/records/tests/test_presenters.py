import dataclasses
import datetime as dt
import hashlib
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from faircase.access.guard import audit_read
from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.tests.factories import concern_fields, open_case, tell_practitioner
from faircase.framework import selectors as framework_selectors
from faircase.framework import services as framework_services
from faircase.framework.principles import PRINCIPLES_IN_ORDER
from faircase.framework.yamlformat import parse
from faircase.records.presenters import NATIONAL_NOT_ADAPTED, NOT_ANSWERED, NOT_ASKED, build_record
from faircase.records.tests import factories as f
from faircase.records.tests.factories import answer_all, case_with_reviews

AT = dt.datetime(2025, 6, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def history(organisation, case_manager):
    return case_with_reviews(organisation=organisation, by=case_manager)


def _row(document, code):
    """The row of the answers-across-reviews tables for `code`, with the cells of every review in order."""
    rows = [row for p in document.answers for table in p.tables for row in table.rows if row.code == code]
    assert rows, f"no row for {code}"
    return dataclasses.replace(rows[0], cells=tuple(cell for row in rows for cell in row.cells))


def _noted(document, review_number, code):
    return next(a for a in document.reviews[review_number - 1].noted_answers if a.code == code)


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
    assert "Place of primary qualification" not in practitioner  # equality data, ADR 8
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
    tell_practitioner(case, case_manager)
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
    assert first.heading == "Review 1: Commencement of the case (completed)"
    assert first.stage == "Concern received"
    assert first.started.endswith("by Casey Manager")
    assert first.completed.endswith("by Casey Manager")
    assert first.answered_by.startswith("Casey Manager, ")
    assert first.corrected_by == "Review 3"
    assert correction.corrects.startswith("Review 1 (Commencement of the case, completed ")
    assert correction.stage == "Initial assessment"
    labels = [row.label for row in first.rows]
    assert labels == ["Stage of the case", "Started", "Completed", "Corrected by", "Answers given by"]


def test_answers_across_reviews_have_a_table_per_principle_in_order_and_a_column_per_review(
    history, case_manager
):
    document = build_record(history.case, generated_by=case_manager, generated_at=AT)

    assert [p.heading for p in document.answers] == [
        f"{i}. {p.label}" for i, p in enumerate(PRINCIPLES_IN_ORDER, start=1)
    ]
    welfare = document.answers[0]
    (table,) = welfare.tables
    assert [(c.number, c.review_point.replace("\u00ad", "")) for c in table.columns] == [
        (1, "Commencement"),
        (2, "Route"),
        (3, "Commencement"),
    ]
    assert all(c.heading == f"Review {c.number}" for c in table.columns)
    completed = timezone.localtime(history.reviews[0].completed_at)
    assert table.columns[0].date == f"{completed.day} {completed:%b %Y}"  # short: 2 Jun 2025
    # Each consideration is given once, whatever the number of reviews; WS7 is asked only at restriction
    # and ad hoc reviews, which this case has not had.
    assert [row.code for row in table.rows] == ["WS1", "WS2", "WS3", "WS4", "WS5", "WS6"]
    assert table.rows[0].consideration.startswith("The practitioner has been told, in writing")
    assert table.caption == "Ensuring welfare and support: answers at reviews 1 to 3"


def test_each_cell_holds_the_short_answer_or_a_dash_when_not_asked_at_that_review_point(
    history, case_manager
):
    document = build_record(history.case, generated_by=case_manager, generated_at=AT)

    no = _row(document, f.NO_CODE)
    assert [(c.answer, c.answer_code) for c in no.cells] == [("No", "no"), ("No", "no"), ("Yes", "yes")]
    assert [c.answer for c in _row(document, f.UNKNOWN_CODE).cells] == ["Unknown", "Yes", "Yes"]
    assert [c.answer for c in _row(document, f.NOT_APPLICABLE_CODE).cells] == ["N/A", "Yes", "N/A"]
    # AP3 is asked only at the route decision (and other points this case has not reached).
    asked_at_route_only = _row(document, "AP3")
    assert [(c.answer, c.answer_code) for c in asked_at_route_only.cells] == [
        (NOT_ASKED, "not_asked"),
        ("Yes", "yes"),
        (NOT_ASKED, "not_asked"),
    ]
    assert all(c.wording_note == 0 for c in no.cells)


def test_a_review_lists_only_the_answers_with_a_note_or_a_follow_up_with_who_and_when(history, case_manager):
    document = build_record(history.case, generated_by=case_manager, generated_at=AT)

    first = document.reviews[0]
    assert [a.code for a in first.noted_answers] == [f.NO_CODE, f.UNKNOWN_CODE, f.NOT_APPLICABLE_CODE]
    no = _noted(document, 1, f.NO_CODE)
    assert (no.answer, no.answer_code, no.note, no.answered_by) == ("No", "no", f.NO_NOTE, "Casey Manager")
    assert " at " in no.answered_at
    assert no.follow_up == "F1"
    not_applicable = _noted(document, 1, f.NOT_APPLICABLE_CODE)
    assert (not_applicable.answer, not_applicable.note, not_applicable.follow_up) == (
        "Not applicable",
        f.NOT_APPLICABLE_NOTE,
        "",
    )
    route = document.reviews[1]
    assert [(a.code, a.note) for a in route.noted_answers] == [(f.NO_CODE, "Still no independent contact.")]


def test_more_than_five_reviews_split_the_columns_into_groups_of_five(history, case_manager):
    for point in ["ad_hoc", "restriction", "ad_hoc", "restriction"]:
        answer_all(
            framework_services.start_review(case=history.case, review_point=point, by=case_manager),
            by=case_manager,
        )

    document = build_record(history.case, generated_by=case_manager, generated_at=AT)

    welfare = document.answers[0]
    assert [[c.number for c in t.columns] for t in welfare.tables] == [[1, 2, 3, 4, 5], [6, 7]]
    assert [t.caption for t in welfare.tables] == [
        "Ensuring welfare and support: answers at reviews 1 to 5",
        "Ensuring welfare and support: answers at reviews 6 to 7",
    ]
    first, second = welfare.tables
    assert all(len(row.cells) == 5 for row in first.rows)
    assert all(len(row.cells) == 2 for row in second.rows)
    # WS7 (asked at restriction and ad hoc reviews) is in both groups; its cells follow the review points.
    assert [c.answer for c in _row(document, "WS7").cells] == [NOT_ASKED] * 3 + ["Yes"] * 4


def test_an_unfinished_review_shows_what_is_still_to_answer(organisation, case_manager):
    case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    review = framework_services.start_review(case=case, review_point="commencement", by=case_manager)
    first = framework_selectors.considerations_for(review)[0]
    framework_services.save_answers(
        review=review, answers={first.pk: {"answer": "yes", "note": ""}}, by=case_manager
    )

    document = build_record(case, generated_by=case_manager)

    (entry,) = document.reviews
    assert entry.heading.endswith("(in progress)")
    assert entry.completed == "Not completed"
    assert entry.noted_answers == ()
    (table,) = document.answers[0].tables
    assert table.columns[0].date == "In progress"
    cells = [cell for p in document.answers for t in p.tables for row in t.rows for cell in row.cells]
    assert len(cells) == len(framework_selectors.considerations_for(review))
    assert _row(document, first.code).cells[0].answer == "Yes"
    assert sum(cell.answer == NOT_ANSWERED for cell in cells) == len(cells) - 1


def test_a_case_without_reviews_has_no_answer_tables(case, case_manager):
    document = build_record(case, generated_by=case_manager)

    assert document.reviews == ()
    assert document.answers == ()


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
    assert document.reviews[0].framework_version.startswith("faircase national starter set")
    # The row gives the latest wording; the reviews that answered another wording point to a note quoting it.
    ws1 = _row(document, "WS1")
    assert ws1.consideration == "The practitioner has been given the Riverside support leaflet."
    assert [c.wording_note for c in ws1.cells] == [1, 1, 1, 0]
    (note,) = [n for p in document.answers for n in p.wording_notes if n.code == "WS1"]
    assert note.number == 1
    assert note.reviews == "Reviews 1, 2 and 3"
    assert note.version == "faircase national starter set (national version 1)"
    assert note.text.startswith("The practitioner has been told, in writing")
    assert note.sentence.startswith(
        "Reviews 1, 2 and 3 answered WS1 against the wording of faircase national starter set (national "
        "version 1): The practitioner has been told"
    )
    ws3 = _row(document, "WS3")
    assert ws3.guidance == "Use the Riverside occupational health referral form."
    (guidance_note,) = [n for p in document.answers for n in p.wording_notes if n.code == "WS3"]
    assert guidance_note.detail == "There was no local guidance."
    assert [c.wording_note for c in ws3.cells] == [guidance_note.number] * 3 + [0]
    # Unchanged considerations carry no note, and a consideration added in the adaptation is not asked before.
    assert all(c.wording_note == 0 for c in _row(document, "WS2").cells)
    assert [c.answer for c in _row(document, "EP7").cells] == [NOT_ASKED] * 3 + ["Yes"]


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
    audit_read(case=history.case, by=case_manager, what="case.read")

    after = build_record(history.case, generated_by=case_manager, generated_at=AT)

    assert after.footer.sha256 == before.footer.sha256
    assert set(after.content()) == {
        "title",
        "case",
        "frameworks",
        "answers",
        "reviews",
        "follow_ups",
        "practitioner_submissions",
        "second_looks",
        "stage_moves",
        "sections",
        "language",
        "companions",
    }
    # The apps' sections, in the order they are registered (faircase.records.sections).
    assert [s.key for s in after.sections] == [
        "restrictions",
        "decisions-not-to-exclude",
        "advice",
        "referrals",
        "deadlines",
        "investigation",
        "decision",
        "letters",
        "communications",
        "documents",
        "chronology",
        "legal-holds",
    ]


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
