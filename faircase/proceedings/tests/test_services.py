"""The investigation's services: what they keep, what they refuse (saving nothing), and their audit events."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from faircase.access.guard import ActionRefused
from faircase.accounts.roles import CaseRole
from faircase.accounts.tests.factories import OrganisationFactory, member
from faircase.cases import services as case_services
from faircase.cases.models import Case, CaseMember, Concern
from faircase.cases.tests.factories import concern_fields, open_case
from faircase.core.models import AuditEvent
from faircase.policy.events import ClockEvent
from faircase.practitioners.models import PractitionerAccount, Submission
from faircase.proceedings import services
from faircase.proceedings.models import Interview, Investigation
from faircase.proceedings.tests.factories import APPOINTED_ON, appoint, minutes_document, report_document
from faircase.process.models import KeyDate

pytestmark = pytest.mark.django_db

# The suite's day for these tests: after the appointment, before its deadlines.
TODAY = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _nothing_saved(case, events_before):
    return (
        not Investigation.objects.of_case(case).exists()
        and not CaseMember.objects.of_case(case).filter(role=CaseRole.CASE_INVESTIGATOR).exists()
        and not KeyDate.objects.of_case(case).exists()
        and AuditEvent.objects.count() == events_before
    )


# ---- appointing the case investigator ----------------------------------------------------------------------------


def test_appointing_names_the_investigator_on_the_case_and_starts_the_clock(case, case_manager, investigator):
    investigation = appoint(case, case_manager, investigator)

    assert (investigation.investigator, investigation.appointed_on) == (investigator, APPOINTED_ON)
    named = CaseMember.objects.of_case(case).get(role=CaseRole.CASE_INVESTIGATOR)
    assert named.user == investigator
    assert Case.objects.visible_to(investigator).filter(pk=case.pk).exists()
    key_date = KeyDate.objects.of_case(case).get()
    assert (key_date.event, key_date.on) == (ClockEvent.INVESTIGATOR_APPOINTED, APPOINTED_ON)
    event = AuditEvent.objects.filter(action="investigation.investigator_appointed").get()
    assert event.summary["after"] == {"investigator": "Indira Investigator", "appointed_on": "2026-11-02"}


def test_someone_excluded_for_a_conflict_of_interest_is_refused_and_nothing_is_saved(
    case, organisation, case_manager, investigator
):
    case_services.exclude_for_conflict(
        case=case, user=investigator, reason="Trained with them", by=case_manager
    )
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError, match="excluded from this case for a conflict of interest"):
        appoint(case, case_manager, investigator)

    assert _nothing_saved(case, events)


def test_the_practitioner_the_case_is_about_is_refused(case, organisation, case_manager):
    subject = member(organisation, "case_investigator", username="subject", full_name="Dr Subject Person")
    PractitionerAccount.objects.create(user=subject, practitioner=case.practitioner)
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError, match="is the practitioner this case is about"):
        appoint(case, case_manager, subject)

    assert _nothing_saved(case, events)


def test_under_mhps_the_case_manager_is_not_the_case_investigator(case, case_manager):
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError, match="the case investigator is not the case manager"):
        appoint(case, case_manager, case_manager)

    assert _nothing_saved(case, events)


def test_where_the_policy_does_not_separate_them_the_case_manager_may_investigate(organisation, case_manager):
    case = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, policy="performers_lists"
    )

    assert appoint(case, case_manager, case_manager).investigator == case_manager


def test_someone_outside_the_organisation_is_refused(case, case_manager):
    outsider = member(
        OrganisationFactory(slug="elsewhere"), "case_investigator", username="out", full_name="Out Sider"
    )
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError, match="is not a person of"):
        appoint(case, case_manager, outsider)

    assert _nothing_saved(case, events)


def test_an_appointment_cannot_be_in_the_future_nor_made_twice(
    case, case_manager, investigator, organisation
):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="today or in the past"):
        appoint(case, case_manager, investigator, on=dt.date(2026, 12, 1))
    assert _nothing_saved(case, events)

    appoint(case, case_manager, investigator)
    other = member(organisation, "case_investigator", username="ci2", full_name="Ivo Other")
    with pytest.raises(ValidationError, match="already been appointed"):
        appoint(case, case_manager, other)
    assert Investigation.objects.of_case(case).get().investigator == investigator


def test_no_investigator_is_appointed_to_a_closed_case(case, case_manager, investigator):
    case.closed_at = timezone.now()

    with pytest.raises(ActionRefused, match="closed"):
        appoint(case, case_manager, investigator)


def test_a_read_only_role_cannot_appoint_nor_change_the_investigation(
    case, organisation, case_manager, investigator
):
    auditor = member(organisation, "auditor", username="aud", full_name="Audrey Auditor")
    with pytest.raises(ActionRefused):
        appoint(case, auditor, investigator)

    investigation = appoint(case, case_manager, investigator)
    with pytest.raises(ActionRefused):
        services.set_terms_of_reference(
            investigation=investigation, scope="x", allegation_ids=[], interviewees="x", by=auditor
        )


# ---- terms of reference -----------------------------------------------------------------------------------------


def test_terms_of_reference_take_their_allegations_from_the_case_s_concerns(
    case, organisation, case_manager, investigator
):
    investigation = appoint(case, case_manager, investigator)
    concern = Concern.objects.of_case(case).get()
    other_case = open_case(organisation=organisation, by=case_manager, concern=concern_fields())
    elsewhere = Concern.objects.of_case(other_case).get()
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError, match="from this case's concerns"):
        services.set_terms_of_reference(
            investigation=investigation, scope="Establish the facts", allegation_ids=[elsewhere.pk],
            interviewees="Ward sister", by=case_manager,
        )  # fmt: skip
    assert AuditEvent.objects.count() == events
    assert not Investigation.objects.of_case(case).get().allegations.exists()

    services.set_terms_of_reference(
        investigation=investigation, scope="Establish the facts of 1 March", allegation_ids=[str(concern.pk)],
        interviewees="Ward sister, Larkspur Ward\nDr Imaginary Practitioner", by=case_manager,
    )  # fmt: skip
    saved = Investigation.objects.of_case(case).get()
    assert list(saved.allegations.all()) == [concern]
    assert saved.interviewee_list() == ["Ward sister, Larkspur Ward", "Dr Imaginary Practitioner"]
    assert AuditEvent.objects.filter(action="investigation.terms_set").count() == 1


# ---- interviews -----------------------------------------------------------------------------------------------


def test_an_interview_keeps_its_minutes_companion_and_comments(case, case_manager, investigator):
    investigation = appoint(case, case_manager, investigator)
    minutes = minutes_document(case, case_manager)

    interview = services.record_interview(
        investigation=investigation, held_on=dt.date(2026, 11, 10), interviewee="Dr Imaginary Practitioner",
        of_practitioner=True, attended="Indira Investigator\nA fictional HR adviser", companion="A BMA representative",
        minutes_id=str(minutes.pk), by=investigator,
    )  # fmt: skip
    assert (interview.minutes, interview.companion) == (minutes, "A BMA representative")

    services.record_interview_comments(
        interview=interview, accuracy_comments="Paragraph 4 should say night shift.",
        comments_received_on=dt.date(2026, 11, 17), by=investigator,
    )  # fmt: skip
    saved = Interview.objects.of_case(case).get()
    assert (saved.accuracy_comments, saved.comments_received_on) == (
        "Paragraph 4 should say night shift.",
        dt.date(2026, 11, 17),
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"companion": "A friend", "of_practitioner": False}, "companion"),
        ({"held_on": dt.date(2026, 10, 1)}, "held_on"),
        ({"accuracy_comments": "Fine", "comments_received_on": dt.date(2026, 11, 9)}, "comments_received_on"),
        ({"accuracy_comments": "Fine"}, "comments_received_on"),
        ({"minutes_id": "report"}, "minutes"),
        ({"interviewee": " ", "attended": ""}, "attended"),
    ],
)
def test_a_bad_interview_is_refused_and_nothing_is_saved(case, case_manager, investigator, changes, field):
    investigation = appoint(case, case_manager, investigator)
    report = report_document(case, case_manager)
    fields = {
        "held_on": dt.date(2026, 11, 10), "interviewee": "A fictional ward sister", "of_practitioner": False,
        "attended": "Indira Investigator", **changes,
    }  # fmt: skip
    if fields.get("minutes_id") == "report":
        fields["minutes_id"] = str(report.pk)  # a document of the case, but not minutes
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        services.record_interview(investigation=investigation, by=case_manager, **fields)

    assert field in refused.value.message_dict
    assert not Interview.objects.of_case(case).exists() and AuditEvent.objects.count() == events


# ---- the report ----------------------------------------------------------------------------------------------


def test_the_report_s_receipt_is_a_key_date_and_the_practitioner_s_comments_connect_to_it(
    case, organisation, case_manager, investigator
):
    investigation = appoint(case, case_manager, investigator)
    statement = minutes_document(case, case_manager)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Choose the report"):
        services.record_report_receipt(
            investigation=investigation,
            report_id=str(statement.pk),
            received_on=dt.date(2026, 11, 27),
            by=case_manager,
        )
    assert AuditEvent.objects.count() == events

    report = report_document(case, case_manager)
    services.record_report_receipt(
        investigation=investigation,
        report_id=str(report.pk),
        received_on=dt.date(2026, 11, 19),
        by=case_manager,
    )
    saved = Investigation.objects.of_case(case).get()
    assert (saved.report, saved.report_received_on) == (report, dt.date(2026, 11, 19))
    assert (
        KeyDate.objects.of_case(case)
        .filter(event=ClockEvent.REPORT_SUBMITTED, on=dt.date(2026, 11, 19))
        .exists()
    )

    subject = member(organisation, "case_investigator", username="subject", full_name="Dr Subject Person")
    PractitionerAccount.objects.create(user=subject, practitioner=case.practitioner)
    account = Submission.objects.create(
        case=case, kind=Submission.Kind.ACCOUNT, text="My account", submitted_by=subject
    )
    with pytest.raises(ValidationError, match="Choose comments on factual accuracy"):
        services.connect_factual_accuracy(investigation=saved, submission_id=account.pk, by=case_manager)
    comments = Submission.objects.create(
        case=case, kind=Submission.Kind.FACTUAL_ACCURACY, text="The rota was wrong", submitted_by=subject
    )
    services.connect_factual_accuracy(investigation=saved, submission_id=str(comments.pk), by=case_manager)
    assert Investigation.objects.of_case(case).get().factual_accuracy == comments


def test_the_investigation_s_steps_are_in_the_case_s_chronology(case, case_manager, investigator):
    from faircase.cases.chronology import chronology_for

    investigation = appoint(case, case_manager, investigator)
    interview = services.record_interview(
        investigation=investigation, held_on=dt.date(2026, 11, 10), interviewee="Dr Imaginary Practitioner",
        of_practitioner=True, attended="Indira Investigator", companion="A BMA representative", by=investigator,
    )  # fmt: skip
    services.record_interview_comments(
        interview=interview, accuracy_comments="Paragraph 4 should say night shift.",
        comments_received_on=dt.date(2026, 11, 17), by=investigator,
    )  # fmt: skip
    services.record_report_receipt(
        investigation=investigation,
        report_id=str(report_document(case, case_manager).pk),
        received_on=dt.date(2026, 11, 19),
        by=case_manager,
    )

    titles = [e.title for e in chronology_for(case, kinds={"investigation"})]

    assert titles == [
        f"Case investigator appointed: {investigator.display_name}",
        "Interview with the practitioner, accompanied by A BMA representative",
        "Comments on the accuracy of the minutes of the interview with the practitioner",
        "Investigation report received by the case manager",
    ]
