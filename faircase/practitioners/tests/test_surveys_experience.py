"""The practitioner's experience survey: invitation, single use, and anonymity of what is stored."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from faircase.accounts.tests.factories import UserFactory, member
from faircase.cases.tests.factories import PractitionerFactory, open_case
from faircase.core.models import AuditEvent
from faircase.practitioners import services_surveys as services
from faircase.practitioners import surveys
from faircase.practitioners.models import ExperienceResponse, PractitionerAccount, SurveyInvitation
from faircase.practitioners.presenters_surveys import case_surveys_context, portal_surveys_context

LONDON = ZoneInfo("Europe/London")
ANSWERS = {"communication": "4", "support_awareness": "2", "process_understanding": "5", "fairness": "3"}


@pytest.fixture
def emailed_case(organisation, case_manager):
    practitioner = PractitionerFactory(organisation=organisation, email="imaginary.doctor@example.invalid")
    return open_case(
        organisation=organisation, practitioner=practitioner, by=case_manager, case_manager=case_manager
    )


def _invite(case, by, point="first_meeting"):
    return services.invite_to_survey(case=case, point=point, by=by)


def test_the_invitation_is_emailed_and_only_the_tokens_hash_is_stored(emailed_case, case_manager):
    invitation, token, email = _invite(emailed_case, case_manager)
    assert email == "imaginary.doctor@example.invalid"
    assert len(mail.outbox) == 1
    assert services.survey_link(token) in mail.outbox[0].body
    assert invitation.token_hash == services.token_hash(token) != token
    assert AuditEvent.objects.filter(action="survey_invitation.sent", case=emailed_case).count() == 1


def test_the_case_manager_invites_from_the_case_page_by_email(emailed_case, case_manager, signed_in):
    client = signed_in(case_manager)
    response = client.post(
        reverse("practitioners:survey_invite", kwargs={"case_id": emailed_case.pk}),
        {"point": "first_meeting"},
    )
    assert response.status_code == 302
    assert SurveyInvitation.objects.filter(case=emailed_case, point="first_meeting").exists()
    assert len(mail.outbox) == 1


def test_without_an_email_the_link_is_shown_once_to_the_case_manager(case, case_manager, signed_in):
    assert case.practitioner.email == ""
    client = signed_in(case_manager)
    response = client.post(
        reverse("practitioners:survey_invite", kwargs={"case_id": case.pk}), {"point": "first_meeting"}
    )
    assert response.status_code == 200
    link = re.search(r"http://[^<\s]+/survey/[^<\s/]+/", response.content.decode())
    assert link is not None
    assert mail.outbox == []
    token = link.group(0).rstrip("/").rsplit("/", 1)[1]
    assert SurveyInvitation.objects.get(case=case).token_hash == services.token_hash(token)


def test_someone_who_cannot_change_the_case_cannot_invite(case, organisation, signed_in):
    adviser = member(organisation, "responsible_officer", username="ro")
    response = signed_in(adviser).post(
        reverse("practitioners:survey_invite", kwargs={"case_id": case.pk}), {"point": "first_meeting"}
    )
    assert response.status_code == 404
    assert not SurveyInvitation.objects.exists()


def test_the_closure_survey_waits_for_the_case_to_close(case, case_manager):
    with pytest.raises(Exception, match="once the case is closed"):
        _invite(case, case_manager, point="closure")
    points = {p["point"]: p for p in case_surveys_context(case, case_manager)["surveys"]["points"]}
    assert points["closure"]["can_invite"] is False
    assert points["first_meeting"]["can_invite"] is True


def test_the_closure_hook_invites_once_when_the_case_closes(emailed_case, case_manager):
    assert services.invite_at_closure(case=emailed_case, by=case_manager) is None
    type(emailed_case).objects.filter(pk=emailed_case.pk).update(
        closed_at=dt.datetime(2027, 1, 5, tzinfo=LONDON)
    )
    emailed_case.refresh_from_db()
    assert services.invite_at_closure(case=emailed_case, by=case_manager).point == "closure"
    assert services.invite_at_closure(case=emailed_case, by=case_manager) is None
    assert len(mail.outbox) == 1


def test_the_survey_page_needs_no_sign_in_and_says_what_anonymous_means(case, case_manager, client):
    _invitation, token, _email = _invite(case, case_manager)
    response = client.get(reverse("practitioners:survey_answer", kwargs={"token": token}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This survey is anonymous" in page
    assert "not stored with your name, your case or this link" in page
    for question in surveys.experience_questions():
        assert question.text in page
    assert 'type="radio"' in page


def test_an_answer_stores_only_organisation_point_month_and_answers(case, case_manager, client, organisation):
    _invitation, token, _email = _invite(case, case_manager)
    with time_machine.travel(dt.datetime(2027, 3, 17, 11, tzinfo=LONDON), tick=False):
        response = client.post(
            reverse("practitioners:survey_answer", kwargs={"token": token}),
            {**ANSWERS, "comments": "  Clear letters.  "},
        )
    assert response.status_code == 200
    assert "Your answers have been sent" in response.content.decode()
    row = ExperienceResponse.objects.values().get()
    row.pop("id")
    assert row == {
        "organisation_id": organisation.pk,
        "point": "first_meeting",
        "month": dt.date(2027, 3, 1),
        "communication": 4,
        "support_awareness": 2,
        "process_understanding": 5,
        "fairness": 3,
        "comments": "Clear letters.",
    }


def test_nothing_in_a_response_links_back_to_the_case_the_person_or_the_invitation():
    fields = {f.name for f in ExperienceResponse._meta.get_fields()}
    assert fields == {
        "id",
        "organisation",
        "point",
        "month",
        "communication",
        "support_awareness",
        "process_understanding",
        "fairness",
        "comments",
    }
    # A random key: the order of the rows cannot be matched to the order the invitations were used.
    assert ExperienceResponse._meta.pk.get_internal_type() == "UUIDField"


def test_the_audit_of_an_answer_names_neither_the_response_nor_the_answers(case, case_manager, client):
    invitation, token, _email = _invite(case, case_manager)
    client.post(reverse("practitioners:survey_answer", kwargs={"token": token}), ANSWERS)
    event = AuditEvent.objects.get(action="survey_invitation.used")
    assert event.object_id == str(invitation.pk)
    assert event.summary == {}
    assert str(ExperienceResponse.objects.get().pk) not in str(event.summary)


def test_a_survey_link_works_once(case, case_manager, client):
    invitation, token, _email = _invite(case, case_manager)
    url = reverse("practitioners:survey_answer", kwargs={"token": token})
    client.post(url, ANSWERS)
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    again = client.post(url, {**ANSWERS, "fairness": "1"})
    assert "already been answered" in again.content.decode()
    assert "already been answered" in client.get(url).content.decode()
    assert ExperienceResponse.objects.count() == 1
    with pytest.raises(services.SurveyUnavailable):
        services.submit_experience(invitation=invitation, answers={k: 1 for k in ANSWERS})


def test_an_unknown_link_is_not_found(client, db):
    assert client.get(reverse("practitioners:survey_answer", kwargs={"token": "made-up"})).status_code == 404


def test_every_question_must_be_answered(case, case_manager, client):
    _invitation, token, _email = _invite(case, case_manager)
    response = client.post(
        reverse("practitioners:survey_answer", kwargs={"token": token}), {**ANSWERS, "fairness": ""}
    )
    assert "Choose an answer for" in response.content.decode()
    assert not ExperienceResponse.objects.exists()


def test_the_practitioner_answers_from_their_own_case_page(case, case_manager, signed_in):
    practitioner_user = UserFactory(username="imaginary")
    PractitionerAccount.objects.create(user=practitioner_user, practitioner=case.practitioner)
    _invite(case, case_manager)
    links = portal_surveys_context(case, practitioner_user)["portal_surveys"]
    assert [link["label"] for link in links] == ["After the first meeting"]
    client = signed_in(practitioner_user)
    assert client.get(links[0]["url"]).status_code == 200
    client.post(links[0]["url"], ANSWERS)
    assert ExperienceResponse.objects.count() == 1
    assert portal_surveys_context(case, practitioner_user)["portal_surveys"] == []
    assert "already been answered" in client.get(links[0]["url"]).content.decode()


def test_another_person_cannot_answer_from_a_case_that_is_not_theirs(case, case_manager, signed_in):
    _invite(case, case_manager)
    stranger = UserFactory(username="stranger")
    PractitionerAccount.objects.create(user=stranger, practitioner=PractitionerFactory())
    url = reverse("practitioners:survey_answer_own", kwargs={"case_id": case.pk, "point": "first_meeting"})
    assert signed_in(stranger).get(url).status_code == 404
    assert signed_in(case_manager).get(url).status_code == 404
