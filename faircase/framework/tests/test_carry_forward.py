"""Reviews that think, not tick: a later review starts from the last answers, shown as unchanged until the
reviewer confirms or changes each Principle's answers; changed answers stand out, in the pages and in the record;
an exclusion review asks what its pack asks at that point plus whatever is still in question."""

import datetime as dt
from dataclasses import replace

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from faircase.cases import services as case_services
from faircase.framework import presenters, selectors, services
from faircase.framework.principles import PRINCIPLES_IN_ORDER
from faircase.framework.tests.test_reviews import _answers, complete_review
from faircase.policy.models import PolicyPackVersion
from faircase.policy.packs import parse_pack, shipped_text
from faircase.records.presenters import build_record, content_hash
from faircase.records.renderers import FORMATS
from faircase.records.tests.reading import docx_text, pdf_text

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _to_initial_assessment(case, by, overrides=None):
    complete_review(case, by, overrides=overrides or {"UI3": "unknown"})
    case_services.move_stage(
        case=case,
        to_stage="initial_assessment",
        decision="Assess",
        reasons="Facts",
        open_follow_ups_reason="In hand",
        by=by,
    )
    case.refresh_from_db()


def _principle_url(case, review, principle):
    return reverse(
        "reviews:principle", kwargs={"case_id": case.pk, "review_id": review.pk, "principle": principle}
    )


def _confirm_every_principle(client, case, review):
    """Post each Principle's page as it is shown: the reviewer confirms every carried answer."""
    for principle in PRINCIPLES_IN_ORDER:
        considerations = [c for c in selectors.considerations_for(review) if c.principle == principle.value]
        if not considerations:
            continue
        initial = presenters.initial_answers(review, considerations)
        # Considerations not asked before are answered fresh; the rest are posted as shown.
        data = {f"c{c.pk}-answer": "yes" for c in considerations}
        for key, value in initial.items():
            if isinstance(value, dt.date):
                data[f"{key}_0"], data[f"{key}_1"], data[f"{key}_2"] = value.day, value.month, value.year
            else:
                data[key] = value
        response = client.post(_principle_url(case, review, principle.value), data)
        assert response.status_code == 302, response.content.decode()[:2000]


# ---- starting from the last answers ---------------------------------------------------------------------------


def test_a_later_review_starts_from_the_last_answers_not_blank(case, case_manager, signed_in):
    _to_initial_assessment(case, case_manager)
    review = services.start_review(case=case, review_point="route", by=case_manager)
    considerations = selectors.considerations_for(review)
    initial = presenters.initial_answers(review, considerations)
    unanswered = [c.code for c in considerations if f"c{c.pk}-answer" not in initial]
    # Every consideration answered before starts from its last answer; AP3 and EP5 are asked from the route on.
    assert unanswered == ["AP3", "EP5"]
    ui3 = next(c for c in considerations if c.code == "UI3")
    assert initial[f"c{ui3.pk}-answer"] == "unknown"

    html = signed_in(case_manager).get(_principle_url(case, review, "understanding")).content.decode()
    assert "Unchanged since review 1" in html


def test_each_principle_shows_unchanged_until_the_reviewer_confirms_or_changes_it(
    case, case_manager, signed_in
):
    _to_initial_assessment(case, case_manager)
    review = services.start_review(case=case, review_point="route", by=case_manager)
    status = {s.principle: s.status["text"] for s in presenters.review_sections(review) if s.items}
    assert status == {
        "welfare": "Unchanged since review 1",
        "understanding": "Unchanged since review 1",
        "heard": "Unchanged since review 1",
        "process": "5 unchanged since review 1, 1 to answer",
        "equity": "5 unchanged since review 1, 1 to answer",
    }
    with pytest.raises(ValidationError, match="Still to answer or confirm"):
        services.complete_review(review=review, by=case_manager)

    _confirm_every_principle(signed_in(case_manager), case, review)
    sections = presenters.review_sections(review)
    assert {s.status["text"] for s in sections if s.items} == {"Confirmed"}
    services.complete_review(review=review, by=case_manager)


def test_confirmed_and_changed_answers_are_told_apart(case, case_manager, signed_in):
    _to_initial_assessment(case, case_manager)
    review = services.start_review(case=case, review_point="route", by=case_manager)
    _confirm_every_principle(signed_in(case_manager), case, review)
    ui3 = next(c for c in selectors.considerations_for(review) if c.code == "UI3")
    services.save_answers(
        review=review,
        answers={
            ui3.pk: {
                "answer": "yes",
                "note": "The rota was found",
                "close_follow_up": True,
                "close_reason": "Found",
            }
        },
        by=case_manager,
    )
    sections = presenters.review_sections(review)
    understanding = next(s for s in sections if s.principle == "understanding")
    assert understanding.status["text"] == "1 changed"
    item = next(i for i in understanding.items if i.code == "UI3")
    assert item.since_tag["text"] == "Changed since review 1: was Unknown"
    unchanged = next(i for i in understanding.items if i.code == "UI1")
    assert unchanged.since_text == "Confirmed: unchanged since review 1"


def test_changed_answers_stand_out_on_the_completed_review(case, case_manager, signed_in):
    _to_initial_assessment(case, case_manager)
    review = services.start_review(case=case, review_point="route", by=case_manager)
    services.save_answers(
        review=review,
        answers=_answers(review, owner=case_manager, overrides={"UI4": "no"}),
        by=case_manager,
    )
    services.complete_review(review=review, by=case_manager)
    html = (
        signed_in(case_manager)
        .get(reverse("reviews:detail", kwargs={"case_id": case.pk, "review_id": review.pk}))
        .content.decode()
    )
    assert "Changed since review 1: was Yes" in html


def test_a_newer_framework_version_carries_answers_by_code_and_says_what_is_new(
    case, case_manager, organisation
):
    from faircase.accounts.tests.factories import member

    _to_initial_assessment(case, case_manager)
    admin = member(organisation, "org_admin", username="admin")
    draft = services.start_adaptation(organisation=organisation, by=admin)
    services.add_consideration(
        version=draft,
        principle="heard",
        text="The practitioner has been offered the meetings in the language they choose.",
        code="LOCAL-1",
        by=admin,
    )
    services.publish_draft(version=draft, change_note="Adds a question on language", by=admin)

    review = services.start_review(case=case, review_point="route", by=case_manager)
    assert review.version == draft
    considerations = selectors.considerations_for(review)
    initial = presenters.initial_answers(review, considerations)
    local = next(c for c in considerations if c.code == "LOCAL-1")
    ws1 = next(c for c in considerations if c.code == "WS1")
    assert f"c{local.pk}-answer" not in initial
    assert initial[f"c{ws1.pk}-answer"] == "yes", "carried forward by code from the national version"
    heard = next(s for s in presenters.review_sections(review) if s.principle == "heard")
    item = next(i for i in heard.items if i.code == "LOCAL-1")
    assert item.since_text == "New in this framework version: not asked before"


# ---- an exclusion review asks what its pack asks, plus what is still in question ---------------------------


def test_an_exclusion_review_asks_its_packs_considerations_and_whatever_is_still_open(case, case_manager):
    _to_initial_assessment(case, case_manager, overrides={"UI3": "unknown", "EP6": "no"})
    review = services.start_review(case=case, review_point="restriction", by=case_manager)
    codes = {c.code for c in selectors.considerations_for(review)}
    assert codes == {"WS3", "WS4", "WS7", "UI2", "PH2", "PH4", "AP4", "AP5", "EP2", "EP5", "UI3", "EP6"}
    full = [c for c in review.version.considerations.all() if c.applies_at("restriction")]
    assert len(full) >= 30 and len(codes) == 12


def test_a_narrow_focus_still_asks_something_under_every_principle(case, case_manager, organisation):
    content = parse_pack(shipped_text("mhps_england"))
    content["review_focus"] = {"restriction": {"considerations": ["WS4"], "why": "A test pack"}}
    version = PolicyPackVersion.objects.create(
        organisation=organisation,
        key="mhps_england",
        number=1,
        title="Narrow pack",
        content=content,
        created_by_label="test",
    )
    case.pack_version = version
    case.save(update_fields=["pack_version"])
    complete_review(case, case_manager)
    review = services.start_review(case=case, review_point="restriction", by=case_manager)
    principles = {c.principle for c in selectors.considerations_for(review)}
    assert principles == {p.value for p in PRINCIPLES_IN_ORDER}


# ---- the disclosable record -----------------------------------------------------------------------------------


def test_the_record_says_which_answers_were_confirmed_and_which_changed_in_every_format(case, case_manager):
    _to_initial_assessment(case, case_manager)
    review = services.start_review(case=case, review_point="route", by=case_manager)
    answers = _answers(review, owner=case_manager, overrides={"UI3": "yes", "UI4": "no"})
    ui3 = next(c for c in selectors.considerations_for(review) if c.code == "UI3")
    answers[ui3.pk].update(close_follow_up=True, close_reason="The rota was found.")
    services.save_answers(review=review, answers=answers, by=case_manager)
    services.complete_review(review=review, by=case_manager)

    record = build_record(case, generated_by=case_manager)
    route = record.reviews[1]
    assert "Changed: 2 (UI3 from Unknown to Yes; UI4 from Yes to No)" in route.carried
    assert "Confirmed unchanged: " in route.carried
    understanding = record.answers[1]
    ui4 = next(row for row in understanding.tables[0].rows if row.code == "UI4")
    assert [cell.since for cell in ui4.cells] == ["", "changed"]

    for name, read in (("docx", docx_text), ("pdf", pdf_text)):
        assert "UI3 from Unknown to Yes" in read(FORMATS[name].render(record)), name

    # The integrity hash covers what was confirmed and changed: saying otherwise gives another hash.
    altered = replace(record, reviews=(record.reviews[0], replace(route, carried="Changed: 0.")))
    assert content_hash(altered.content()) != record.footer.sha256
