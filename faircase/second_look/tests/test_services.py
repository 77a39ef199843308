"""The services of the blind second look: the summary, who may review, each step, its audit event and its email."""

import datetime as dt
import re
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from faircase.accounts.models import Membership
from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.core import audit
from faircase.core.models import AuditEvent
from faircase.framework import services as framework_services
from faircase.practitioners.tests.portal_helpers import practitioner_user
from faircase.second_look import presenters, selectors, services
from faircase.second_look.choices import Agreement, Status
from faircase.second_look.models import SecondLook
from faircase.second_look.redaction import MARKER_RE
from faircase.second_look.summary import duration, raised_after
from faircase.second_look.tests.factories import answered, drafted, named_case, reviewer, sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(organisation, case_manager):
    return named_case(organisation, case_manager)


@pytest.fixture
def person(organisation):
    return reviewer(organisation)


def _actions(case):
    return list(
        AuditEvent.objects.filter(case=case, action__startswith="second_look.").values_list(
            "action", flat=True
        )
    )


# ---- the summary ------------------------------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2025, 6, 2, 12, tzinfo=dt.UTC), tick=False)
def test_the_summary_keeps_what_matters_and_leaves_out_who_it_is(organisation, case_manager, person):
    case = named_case(organisation, case_manager)
    summary = drafted(case, case_manager, person).summary
    for kept in (
        "Decision to consider: Formal investigation",
        "Profession: Doctor",
        "Grade: Specialty doctor",
        "Setting: Secondary care",
        "Contract type: Locum",
        "Clinical performance",
        "Severity: Moderate",
        "Source: Incident",
        "raised 3 weeks after it happened",
        "omitted a change of anticoagulant dose",
        "Stage of the case: Concern received",
        "Arose from a patient safety incident: No",
    ):
        assert kept in summary, kept
    plain = MARKER_RE.sub(" ", summary)
    for gone in (
        "Okafor",
        "Adaeze",
        "Neill",
        "Nigeria",
        "Nigerian",
        "7012345",
        "67",
        "Acute medicine",
        "Dr ",
        "Mrs",
        "woman",
        "She ",
        " her ",
        " he ",
        case.reference,
        "2025",
        "March",
        organisation.name,
        "Casey",
        "United Kingdom",
        "qualification",
    ):
        assert gone not in plain, gone
    assert "They said their rota was short" in summary
    assert "[removed: name] later told" in summary


def test_relative_dates_read_naturally():
    assert duration(1) == "1 day"
    assert duration(13) == "13 days"
    assert duration(21) == "3 weeks"
    assert duration(150) == "5 months"
    assert duration(800) == "2 years"
    assert raised_after(dt.date(2025, 3, 1), dt.date(2025, 3, 1)) == "raised the day it happened"
    assert raised_after(dt.date(2025, 3, 1), dt.date(2025, 3, 22)) == "raised 3 weeks after it happened"


# ---- who may review ---------------------------------------------------------------------------------------------


def test_eligible_reviewers_exclude_everyone_who_is_not_independent(
    organisation, other_organisation, case, case_manager
):
    blind = reviewer(organisation)
    investigator = member(organisation, "case_investigator", username="inv")
    named = member(organisation, "board_member", username="named")
    case_services.name_person(case=case, user=named, role="board_member", by=case_manager)
    excluded = member(organisation, "board_member", username="conflicted")
    case_services.exclude_for_conflict(
        case=case, user=excluded, reason="Works closely with them", by=case_manager
    )
    sees_everything = member(organisation, "hr_adviser", username="hr")
    elsewhere = member(other_organisation, "board_member", username="elsewhere")
    the_practitioner = practitioner_user(case, username="prac")
    eligible = selectors.eligible_reviewers(case, requester=case_manager)
    assert set(eligible) == {blind, investigator}
    with_access = selectors.eligible_reviewers(case, requester=case_manager, include_case_access=True)
    assert sees_everything in with_access
    for person in (named, excluded, elsewhere, the_practitioner, case_manager):
        assert person not in with_access


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("requester", "cannot be the person asking"),
        ("named", "not named on the case"),
        ("excluded", "excluded from this case"),
        ("practitioner", "cannot be the practitioner"),
        ("elsewhere", "in the case's organisation"),
    ],
)
def test_drafting_refuses_a_reviewer_who_is_not_independent(
    organisation, other_organisation, case, case_manager, who, message
):
    people = {
        "requester": lambda: case_manager,
        "named": lambda: _named(case, case_manager, organisation),
        "excluded": lambda: _excluded(case, case_manager, organisation),
        "practitioner": lambda: _practitioner_member(case, organisation),
        "elsewhere": lambda: member(other_organisation, "board_member", username="elsewhere"),
    }
    with pytest.raises(ValidationError) as refused:
        drafted(case, case_manager, people[who]())
    assert message in str(refused.value.message_dict["reviewer"])
    assert not SecondLook.objects.exists()


@pytest.mark.parametrize("role", ["equality_analyst", "org_admin"])
def test_someone_who_handles_equality_data_is_never_offered_as_a_reviewer(
    organisation, case, case_manager, role
):
    # ADR 9: equality analysts and organisation administrators can read the practitioners' equality data, so
    # they could put a name and protected characteristics to the anonymised summary.
    handler = member(organisation, role, username="handler")
    blind = reviewer(organisation)
    assert selectors.eligible_reviewers(case, requester=case_manager) == [blind]
    assert handler not in selectors.eligible_reviewers(case, requester=case_manager, include_case_access=True)


@pytest.mark.parametrize("role", ["equality_analyst", "org_admin"])
def test_drafting_refuses_a_reviewer_who_handles_equality_data(organisation, case, case_manager, role):
    # Holding another role too (board member) does not make them blind to the equality data.
    handler = reviewer(organisation)
    Membership.objects.create(user=handler, organisation=organisation, role=role)
    with pytest.raises(ValidationError) as refused:
        drafted(case, case_manager, handler)
    assert "equality data" in str(refused.value.message_dict["reviewer"])
    assert not SecondLook.objects.exists()
    assert not AuditEvent.objects.filter(action="second_look.drafted").exists()


def test_sending_refuses_a_reviewer_given_an_equality_role_after_the_draft(
    organisation, case, case_manager, person
):
    second_look = drafted(case, case_manager, person)
    Membership.objects.create(user=person, organisation=organisation, role="equality_analyst")
    with pytest.raises(ValidationError) as refused:
        services.send_second_look(second_look=second_look, by=case_manager)
    assert "equality data" in str(refused.value.message_dict["reviewer"])
    assert SecondLook.objects.get(pk=second_look.pk).status == Status.DRAFT
    assert mail.outbox == []


def test_a_reviewer_given_an_equality_role_after_the_request_was_sent_cannot_answer(
    organisation, case, case_manager, person
):
    second_look = sent(case, case_manager, person)
    Membership.objects.create(user=person, organisation=organisation, role="org_admin")
    with pytest.raises(ValidationError) as refused:
        services.answer_second_look(
            second_look=second_look, route="formal_investigation", reasons="Looks serious", by=person
        )
    assert "equality data" in " ".join(refused.value.messages)
    assert SecondLook.objects.get(pk=second_look.pk).status == Status.SENT


def _named(case, case_manager, organisation):
    person = member(organisation, "case_investigator", username="named")
    case_services.name_person(case=case, user=person, role="case_investigator", by=case_manager)
    return person


def _excluded(case, case_manager, organisation):
    person = member(organisation, "board_member", username="conflicted")
    case_services.exclude_for_conflict(case=case, user=person, reason="A friend", by=case_manager)
    return person


def _practitioner_member(case, organisation):
    person = practitioner_user(case, username="prac")
    from faircase.accounts.models import Membership

    Membership.objects.create(user=person, organisation=organisation, role="board_member")
    return person


def test_only_someone_who_can_change_the_case_can_ask(organisation, case, person):
    auditor = member(organisation, "auditor", username="aud")
    with pytest.raises(PermissionDenied):
        drafted(case, auditor, person)
    assert not SecondLook.objects.exists()


def test_a_proposed_route_must_fit_the_decision(case, case_manager, person):
    with pytest.raises(ValidationError) as refused:
        drafted(case, case_manager, person, decision="exclusion", proposed_route="formal_investigation")
    assert "proposed_route" in refused.value.message_dict


# ---- draft, edit, send --------------------------------------------------------------------------------------------


def test_drafting_is_audited_without_sending_anything(case, case_manager, person):
    second_look = drafted(case, case_manager, person)
    assert second_look.status == Status.DRAFT
    assert _actions(case) == ["second_look.drafted"]
    assert mail.outbox == []


def test_an_edit_is_redacted_again_and_audited(case, case_manager, person):
    second_look = drafted(case, case_manager, person)
    redaction = services.edit_summary(
        second_look=second_look,
        text=second_look.summary + "\nAdaeze says she is 67 years old.",
        by=case_manager,
    )
    second_look.refresh_from_db()
    assert second_look.summary.endswith("[removed: name] says they are [removed: age].")
    assert redaction.text == second_look.summary
    assert _actions(case) == ["second_look.drafted", "second_look.summary_edited"]


def test_an_edit_with_a_near_miss_of_the_name_warns(case, case_manager, person):
    second_look = drafted(case, case_manager, person)
    redaction = services.edit_summary(second_look=second_look, text="Seen by Dr Okafro.", by=case_manager)
    assert redaction.warnings
    assert "Okafro" in redaction.warnings[0]


def test_an_empty_edit_is_refused_and_changes_nothing(case, case_manager, person):
    second_look = drafted(case, case_manager, person)
    before = second_look.summary
    with pytest.raises(ValidationError):
        services.edit_summary(second_look=second_look, text="   ", by=case_manager)
    second_look.refresh_from_db()
    assert second_look.summary == before


def test_sending_freezes_the_summary_emails_the_reviewer_and_is_audited(case, case_manager, person, settings):
    settings.FAIRCASE_SITE_URL = "https://faircase.example.test"
    second_look = sent(case, case_manager, person)
    assert second_look.status == Status.SENT
    assert second_look.sent_at is not None
    assert second_look.notified is True
    assert not second_look.reviewer_can_open_case
    message = mail.outbox[-1]
    assert message.to == [person.email]
    assert f"https://faircase.example.test/second-looks/{second_look.pk}/" in message.body
    for secret in (case.reference, "Okafor", "anticoagulant", "/cases/"):
        assert secret not in message.body and secret not in message.subject
    event = AuditEvent.objects.get(action="second_look.sent")
    assert event.summary["after"]["summary"] == second_look.summary
    with pytest.raises(ValidationError):
        services.edit_summary(second_look=second_look, text="changed", by=case_manager)
    with pytest.raises(ValidationError):
        services.send_second_look(second_look=second_look, by=case_manager)


def test_the_reviewer_is_asked_in_the_language_they_read_faircase_in(case, case_manager, person):
    person.language = "cy"
    person.save(update_fields=["language"])
    sent(case, case_manager, person)

    message = mail.outbox[-1]
    assert message.subject == "Gofynnir i chi am ail olwg ddall"
    assert message.body.startswith("Gofynnwyd i chi am ail olwg ddall")


def test_a_summary_that_slipped_past_the_redactor_is_not_sent(case, case_manager, person):
    second_look = drafted(case, case_manager, person)
    SecondLook.objects.filter(pk=second_look.pk).update(summary="Okafor was late.")
    with pytest.raises(ValidationError) as refused:
        services.send_second_look(second_look=second_look, by=case_manager)
    assert "summary" in refused.value.message_dict
    assert SecondLook.objects.get(pk=second_look.pk).status == Status.DRAFT
    assert mail.outbox == []


def test_a_reviewer_named_on_the_case_since_the_draft_cannot_be_sent_it(case, case_manager, person):
    second_look = drafted(case, case_manager, person)
    case_services.name_person(case=case, user=person, role="board_member", by=case_manager)
    with pytest.raises(ValidationError):
        services.send_second_look(second_look=second_look, by=case_manager)
    assert SecondLook.objects.get(pk=second_look.pk).status == Status.DRAFT


def test_when_the_email_fails_nothing_is_sent(case, case_manager, person):
    second_look = drafted(case, case_manager, person)
    with (
        mock.patch("faircase.second_look.services.send_mail", side_effect=OSError("mail server down")),
        pytest.raises(ValidationError),
    ):
        services.send_second_look(second_look=second_look, by=case_manager)
    assert SecondLook.objects.get(pk=second_look.pk).status == Status.DRAFT
    assert not AuditEvent.objects.filter(action="second_look.sent").exists()


def test_a_failed_audit_write_rolls_the_send_back(case, case_manager, person):
    second_look = drafted(case, case_manager, person)
    with (
        mock.patch.object(audit, "record", side_effect=audit.AuditError("disk full")),
        pytest.raises(audit.AuditError),
    ):
        services.send_second_look(second_look=second_look, by=case_manager)
    assert SecondLook.objects.get(pk=second_look.pk).status == Status.DRAFT
    assert mail.outbox == []


def test_a_reviewer_without_an_email_address_still_gets_the_request(organisation, case, case_manager):
    person = reviewer(organisation, email="")
    second_look = sent(case, case_manager, person)
    assert second_look.notified is False
    assert mail.outbox == []
    assert list(selectors.requests_for_reviewer(person)) == [second_look]


def test_a_reviewer_who_can_open_every_case_is_recorded_as_not_blind(organisation, case, case_manager):
    hr = member(organisation, "hr_adviser", username="hr")
    second_look = sent(case, case_manager, hr)
    assert second_look.reviewer_can_open_case is True
    assert presenters.second_looks_for_record(case)[0]["blind"].startswith("No")


# ---- withdraw ---------------------------------------------------------------------------------------------------


def test_withdrawing_a_sent_request_needs_a_reason_and_hides_it_from_the_reviewer(case, case_manager, person):
    second_look = sent(case, case_manager, person)
    with pytest.raises(ValidationError):
        services.withdraw_second_look(second_look=second_look, reason="", by=case_manager)
    services.withdraw_second_look(second_look=second_look, reason="The reviewer is on leave", by=case_manager)
    assert SecondLook.objects.get(pk=second_look.pk).status == Status.WITHDRAWN
    assert not selectors.requests_for_reviewer(person).exists()
    assert "second_look.withdrawn" in _actions(case)


def test_a_draft_can_be_withdrawn_without_a_reason(case, case_manager, person):
    second_look = drafted(case, case_manager, person)
    services.withdraw_second_look(second_look=second_look, reason="", by=case_manager)
    assert SecondLook.objects.get(pk=second_look.pk).status == Status.WITHDRAWN


# ---- answer -----------------------------------------------------------------------------------------------------


def test_only_the_reviewer_can_answer_once_with_a_route_and_reasons(organisation, case, case_manager, person):
    second_look = sent(case, case_manager, person)
    someone_else = reviewer(organisation, username="other")
    with pytest.raises(ValidationError):
        services.answer_second_look(
            second_look=second_look, route="no_formal_action", reasons="x", by=someone_else
        )
    with pytest.raises(ValidationError) as refused:
        services.answer_second_look(second_look=second_look, route="exclusion", reasons=" ", by=person)
    assert set(refused.value.message_dict) == {"route", "reasons"}
    services.answer_second_look(
        second_look=second_look, route="informal_resolution", reasons="Isolated.", by=person
    )
    with pytest.raises(ValidationError):
        services.answer_second_look(
            second_look=second_look, route="formal_investigation", reasons="Again", by=person
        )
    second_look.refresh_from_db()
    assert (second_look.status, second_look.route, second_look.reasons) == (
        Status.ANSWERED,
        "informal_resolution",
        "Isolated.",
    )
    event = AuditEvent.objects.get(action="second_look.answered")
    assert event.actor_id == person.pk
    assert mail.outbox[-1].to == [case_manager.email]
    assert case.reference in mail.outbox[-1].subject


# ---- how it was taken into account --------------------------------------------------------------------------------


def _completed_review(case, by):
    from faircase.framework import selectors as framework_selectors

    review = framework_services.start_review(case=case, review_point="route", by=by)
    answers = {c.pk: {"answer": "yes", "note": ""} for c in framework_selectors.considerations_for(review)}
    framework_services.save_answers(review=review, answers=answers, by=by)
    return framework_services.complete_review(review=review, by=by)


def test_divergence_is_recorded_against_the_current_review_and_the_equity_considerations(
    case, case_manager, person
):
    second_look = answered(case, case_manager, person, route="informal_resolution")
    review = framework_services.start_review(case=case, review_point="route", by=case_manager)
    services.record_taken_into_account(
        second_look=second_look, route_after="informal_resolution",
        taken_into_account="The reviewer saw an isolated lapse; we agree and will resolve it locally.",
        by=case_manager,
    )  # fmt: skip
    second_look.refresh_from_db()
    assert second_look.agreement == Agreement.DIVERGES
    assert second_look.route_after == "informal_resolution"
    assert second_look.review == review
    assert second_look.considerations == ["EP3", "EP4", "EP5"]
    assert second_look.status == Status.RECORDED
    event = AuditEvent.objects.get(action="second_look.recorded")
    assert event.summary["after"]["agreement"] == "diverges"
    assert event.summary["after"]["review"] == review.pk


def test_agreement_is_recorded_when_the_routes_match(case, case_manager, person):
    review = _completed_review(case, case_manager)
    second_look = answered(case, case_manager, person, route="formal_investigation")
    services.record_taken_into_account(
        second_look=second_look, route_after="formal_investigation", taken_into_account="Confirms the route.",
        by=case_manager,
    )  # fmt: skip
    second_look.refresh_from_db()
    assert second_look.agreement == Agreement.AGREES
    assert second_look.review == review
    assert list(selectors.linked_to_review(review)) == [second_look]


def test_recording_needs_an_answer_and_an_account(case, case_manager, person):
    waiting = sent(case, case_manager, person)
    with pytest.raises(ValidationError):
        services.record_taken_into_account(
            second_look=waiting, route_after="formal_investigation", taken_into_account="x", by=case_manager
        )
    done = services.answer_second_look(
        second_look=waiting, route="formal_investigation", reasons="y", by=person
    )
    with pytest.raises(ValidationError) as refused:
        services.record_taken_into_account(
            second_look=done, route_after="", taken_into_account="", by=case_manager
        )
    assert set(refused.value.message_dict) == {"route_after", "taken_into_account"}


def test_every_step_writes_its_audit_event(case, case_manager, person):
    second_look = answered(case, case_manager, person)
    services.record_taken_into_account(
        second_look=second_look,
        route_after="formal_investigation",
        taken_into_account="Kept the route: the risk is ongoing.",
        by=case_manager,
    )
    assert _actions(case) == [
        "second_look.drafted",
        "second_look.sent",
        "second_look.answered",
        "second_look.recorded",
    ]
    assert audit.verify_chain()[1] is None


# ---- the disclosable record ---------------------------------------------------------------------------------------


def test_second_looks_for_record_gives_plain_strings(case, case_manager, person):
    drafted(
        case, case_manager, person, decision="exclusion", proposed_route="exclusion"
    )  # a draft: not in it
    second_look = answered(case, case_manager, person, route="informal_resolution")
    services.record_taken_into_account(
        second_look=second_look,
        route_after="formal_investigation",
        taken_into_account="Kept the route: the risk is ongoing.",
        by=case_manager,
    )
    [entry] = presenters.second_looks_for_record(case)
    assert all(isinstance(v, str) for v in entry.values())
    assert entry["decision"] == "Formal investigation"
    assert entry["reviewer"] == "Robin Reviewer (Designated board member)"
    assert entry["proposed_route"] == "Formal investigation"
    assert entry["reviewer_route"] == "Informal or local resolution"
    assert entry["reasons"] == "A first, isolated lapse."
    assert entry["agreement"] == "The reviewer would take a different route"
    assert entry["taken_into_account"] == "Kept the route: the risk is ongoing."
    assert entry["summary"] == second_look.summary
    assert "EP5" in entry["framework"] and "EP3" in entry["framework"]
    assert re.search(r"\d{4} at \d", entry["requested_at"])
    assert "Okafor" not in entry["summary"]
