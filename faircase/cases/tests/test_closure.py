"""Closing a case safely: the closure checklist from the case's policy pack. Restrictions and exclusions ended or
handed over, follow-ups closed or carried with a reason, the practitioner told, the outcome recorded; a closure
with anything open is refused, saying what to do and linking to each item's page."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from faircase.cases import services as case_services
from faircase.core.models import AuditEvent
from faircase.framework import selectors as framework_selectors
from faircase.framework import services as framework_services
from faircase.framework.tests.test_reviews import complete_review
from faircase.policy.models import PolicyPackVersion
from faircase.policy.packs import parse_pack, shipped_text
from faircase.practitioners import services_comms
from faircase.process import services as process_services

NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _ready_to_close(case, by, overrides=None):
    complete_review(case, by, overrides=overrides)
    complete_review(case, by, point="closure", overrides=overrides)


def _close(case, by, **extra):
    return case_services.move_stage(
        case=case,
        to_stage="closed",
        decision="Close the case",
        reasons="No case to answer.",
        outcome=extra.pop("outcome", "no_case_to_answer"),
        open_follow_ups_reason=extra.pop("open_follow_ups_reason", "Handled below"),
        by=by,
        **extra,
    )


def _tell(case, by):
    services_comms.log_communication(
        case=case,
        channel="meeting",
        to_practitioner=True,
        summary="Told the practitioner the outcome in person, with their representative.",
        occurred_at=NOW,
        by=by,
    )


def _messages(error):
    return " ".join(error.value.messages)


def test_a_case_with_an_open_follow_up_cannot_close_until_it_is_resolved(case, case_manager):
    _ready_to_close(case, case_manager, overrides={"UI3": "unknown"})
    _tell(case, case_manager)
    with pytest.raises(ValidationError) as error:
        _close(case, case_manager)
    assert "Close the follow-up for UI3, or carry it beyond the case with a reason" in _messages(error)
    case.refresh_from_db()
    assert not case.is_closed

    (follow_up,) = framework_selectors.open_follow_ups(case)
    framework_services.carry_follow_up(
        follow_up=follow_up, reason="Handed to the clinical director for the rota review.", by=case_manager
    )
    _close(case, case_manager)
    case.refresh_from_db()
    assert case.is_closed


def test_closing_leaves_nothing_on_your_work(case, case_manager, signed_in):
    _ready_to_close(case, case_manager, overrides={"UI3": "unknown", "UI4": "unknown"})
    _tell(case, case_manager)
    for follow_up in framework_selectors.open_follow_ups(case):
        framework_services.close_follow_up(follow_up=follow_up, outcome="Found out.", by=case_manager)
    _close(case, case_manager)
    assert list(framework_selectors.follow_ups_owned_by(case_manager)) == []
    html = signed_in(case_manager).get(reverse("cases:home")).content.decode()
    assert "You have no open follow-ups." in html


def test_a_case_cannot_close_with_an_exclusion_still_in_force(case, case_manager):
    _ready_to_close(case, case_manager)
    _tell(case, case_manager)
    restriction = process_services.record_restriction(
        case=case,
        kind="immediate_exclusion",
        started_on=dt.date(2026, 11, 10),
        terms="Excluded while the facts are found.",
        reasons="The risk could not be managed otherwise.",
        by=case_manager,
    )
    with pytest.raises(ValidationError) as error:
        _close(case, case_manager)
    assert "End the immediate exclusion that started on 10 November 2026, or hand it over" in _messages(error)

    process_services.end_restriction(
        restriction=restriction,
        ended_on=dt.date(2026, 11, 16),
        end_reason="Lifted: the facts do not support a case to answer.",
        by=case_manager,
    )
    _close(case, case_manager)


def test_a_case_cannot_close_until_the_practitioner_has_been_told(case, case_manager):
    _ready_to_close(case, case_manager)
    with pytest.raises(ValidationError) as error:
        _close(case, case_manager)
    assert "Tell the practitioner the outcome" in _messages(error)
    _tell(case, case_manager)
    _close(case, case_manager)


def test_an_outcome_letter_tells_the_practitioner(case, case_manager):
    _ready_to_close(case, case_manager)
    services_comms.send_letter(
        case=case,
        kind="outcome",
        fields={"outcome": "There is no case to answer."},
        by=case_manager,
        today=NOW.date(),
    )
    from faircase.cases import closure

    items = {item.check: item for item in closure.checklist(case, outcome="no_case_to_answer")}
    assert items["practitioner_told"].done


def test_the_closure_is_audited_with_its_checklist(case, case_manager):
    _ready_to_close(case, case_manager)
    _tell(case, case_manager)
    _close(case, case_manager)
    event = AuditEvent.objects.filter(action="case.stage_moved").latest("id")
    assert event.summary["detail"]["closure_checklist"] == [
        "restrictions_ended",
        "follow_ups_resolved",
        "practitioner_told",
        "outcome_recorded",
    ]


def test_the_checklist_comes_from_the_cases_policy_pack(case, case_manager, organisation):
    content = parse_pack(shipped_text("mhps_england"))
    content["closure_checklist"] = [
        item for item in content["closure_checklist"] if item["check"] != "practitioner_told"
    ]
    version = PolicyPackVersion.objects.create(
        organisation=organisation,
        key="mhps_england",
        number=1,
        title="A pack that does not ask",
        content=content,
        created_by_label="test",
    )
    case.pack_version = version
    case.save(update_fields=["pack_version"])
    _ready_to_close(case, case_manager)
    _close(case, case_manager)


# ---- the pages --------------------------------------------------------------------------------------------------


def test_the_move_page_lists_the_checklist_before_the_case_can_close(case, case_manager, signed_in):
    _ready_to_close(case, case_manager, overrides={"UI3": "unknown"})
    html = signed_in(case_manager).get(reverse("cases:move", kwargs={"case_id": case.pk})).content.decode()
    assert "Before the case can close" in html
    assert "Every follow-up from the framework reviews is closed, or carried beyond the case" in html


def test_a_refused_closure_links_each_open_item_from_the_error_summary(case, case_manager, signed_in):
    _ready_to_close(case, case_manager, overrides={"UI3": "unknown"})
    restriction = process_services.record_restriction(
        case=case,
        kind="restriction",
        started_on=dt.date(2026, 11, 10),
        terms="Supervised lists only.",
        reasons="Keeps patients safe while the facts are found.",
        by=case_manager,
    )
    (follow_up,) = framework_selectors.open_follow_ups(case)
    response = signed_in(case_manager).post(
        reverse("cases:move", kwargs={"case_id": case.pk}),
        {
            "to_stage": "closed",
            "decision": "Close the case",
            "reasons": "No case to answer.",
            "open_follow_ups_reason": "x",
            "outcome": "no_case_to_answer",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index("nhsuk-error-summary") :]
    summary = summary[: summary.index("</ul>")]
    hrefs = re.findall(r'href="([^"]+)"', summary)
    assert reverse("reviews:follow_up", kwargs={"case_id": case.pk, "follow_up_id": follow_up.pk}) in hrefs
    assert (
        reverse("process:restriction_detail", kwargs={"case_id": case.pk, "restriction_id": restriction.pk})
        in hrefs
    )
    assert any(
        href.startswith(reverse("practitioners:comms_letter_new", kwargs={"case_id": case.pk}))
        for href in hrefs
    )
    case.refresh_from_db()
    assert not case.is_closed
