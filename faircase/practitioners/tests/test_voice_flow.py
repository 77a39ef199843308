"""The practitioner's voice: they send things on their own case only, the case team acknowledges and answers,
and the practitioner sees the answer."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from faircase.accounts.tests.factories import UserFactory, member
from faircase.cases.tests.factories import open_case
from faircase.core.models import AuditEvent
from faircase.practitioners import services_voice as services
from faircase.practitioners.models import Communication, PractitionerAccount, Submission
from faircase.practitioners.presenters_voice import (
    case_voice_context,
    portal_voice_context,
    submissions_for_record,
)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def practitioner_user(case):
    user = UserFactory(username="pat", full_name="Pat Practitioner")
    PractitionerAccount.objects.create(user=user, practitioner=case.practitioner)
    return user


def _send_account(client, case, text="I followed the protocol on the ward."):
    """Write the account, then send it from check your answers."""
    response = client.post(
        reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": "account"}), {"text": text}
    )
    if response.status_code != 302:
        return response
    return client.post(response.url)


def test_practitioner_gives_account_and_sees_it_received_at_once(case, practitioner_user, signed_in):
    with time_machine.travel(dt.datetime(2027, 3, 2, 14, 30, tzinfo=LONDON), tick=False):
        client = signed_in(practitioner_user)
        response = _send_account(client, case)
        submission = Submission.objects.get(case=case)
        assert response.status_code == 302
        assert response.url == reverse(
            "practitioners:voice_mine", kwargs={"case_id": case.pk, "submission_id": submission.pk}
        )
        page = client.get(response.url).content.decode()
    assert "We have received your account on 2 March 2027 at 2:30pm" in page
    assert "I followed the protocol on the ward." in page
    communication = Communication.objects.get(case=case)
    assert communication.channel == Communication.Channel.PORTAL
    assert communication.to_practitioner is False
    assert AuditEvent.objects.filter(action="practitioner.submit", case_id=case.pk).exists()


def test_practitioner_cannot_send_on_another_case(
    case, practitioner_user, organisation, case_manager, signed_in
):
    other = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    client = signed_in(practitioner_user)
    assert _send_account(client, other).status_code == 404
    assert client.get(reverse("practitioners:voice_my_list", kwargs={"case_id": other.pk})).status_code == 404
    assert not Submission.objects.exists()


def test_staff_user_has_no_practitioner_voice_pages(case, case_manager, signed_in):
    client = signed_in(case_manager)
    assert _send_account(client, case).status_code == 404


def test_practitioner_cannot_see_a_submission_of_another_case(
    case, practitioner_user, organisation, case_manager, signed_in
):
    other = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    theirs = Submission.objects.create(
        case=other, kind="account", text="Not yours", submitted_by=case_manager
    )
    client = signed_in(practitioner_user)
    url = reverse("practitioners:voice_mine", kwargs={"case_id": case.pk, "submission_id": theirs.pk})
    assert client.get(url).status_code == 404


def test_companion_needs_a_name_and_a_role(case, practitioner_user):
    with pytest.raises(ValidationError) as error:
        services.submit(case=case, kind="companion", by=practitioner_user)
    assert set(error.value.message_dict) == {"companion_name", "companion_role"}
    s = services.submit(
        case=case,
        kind="companion",
        companion_name="Robin Rep",
        companion_role="association",
        by=practitioner_user,
    )
    assert s.companion_role.startswith("A representative of the BMA")


def test_account_needs_text(case, practitioner_user, signed_in):
    response = _send_account(signed_in(practitioner_user), case, text="  ")
    assert response.status_code == 200
    assert "Enter what you want to tell the case team" in response.content.decode()
    assert not Submission.objects.exists()


def test_case_team_sees_submission_tied_to_considerations(case, case_manager, practitioner_user):
    services.submit(case=case, kind="account", text="My account", by=practitioner_user)
    services.submit(case=case, kind="adjustments", text="Video meetings please", by=practitioner_user)
    context = case_voice_context(case, case_manager, timezone.localdate())
    first, second = context["submissions"]
    assert first["kind"] == Submission.Kind.ADJUSTMENTS.label  # newest first
    assert first["codes"] == "WS5"
    assert second["codes"] == "PH2, PH5"
    assert all(c["text"] for c in second["considerations"])
    html = render_to_string("practitioners/_case_voice.jinja", {"voice": context, "csrf_input": ""})
    assert "PH5" in html and "Acknowledge" in html


def test_acknowledge_and_respond_flow_is_seen_by_practitioner(
    case, case_manager, practitioner_user, signed_in
):
    submission = services.submit(case=case, kind="account", text="My account", by=practitioner_user)
    kwargs = {"case_id": case.pk, "submission_id": submission.pk}
    # All on 4 March 2027: the case manager's session, signed in then, lasts only 8 hours.
    with time_machine.travel(dt.datetime(2027, 3, 4, 10, tzinfo=LONDON), tick=False):
        client = signed_in(case_manager)
        assert client.post(reverse("practitioners:voice_acknowledge", kwargs=kwargs)).status_code == 302
        submission.refresh_from_db()
        assert submission.acknowledged_by == case_manager
        status = portal_voice_context(case, practitioner_user)["submissions"][0]["status"]
        assert status["text"] == "Acknowledged by the case team on 4 March 2027"

        response = client.post(
            reverse("practitioners:voice_respond", kwargs=kwargs),
            {"text": "We asked the ward manager about the protocol you described."},
        )
    assert response.status_code == 302
    assert response.url.endswith("#voice")
    assert AuditEvent.objects.filter(action="practitioner.submission_respond", case_id=case.pk).exists()

    client.logout()
    page = signed_in(practitioner_user).get(
        reverse("practitioners:voice_my_list", kwargs={"case_id": case.pk})
    )
    assert "We asked the ward manager about the protocol you described." in page.content.decode()


def test_acknowledging_twice_is_refused(case, case_manager, practitioner_user):
    submission = services.submit(case=case, kind="account", text="Mine", by=practitioner_user)
    services.acknowledge(submission=submission, by=case_manager)
    with pytest.raises(ValidationError):
        services.acknowledge(submission=submission, by=case_manager)


def test_answering_acknowledges_too(case, case_manager, practitioner_user):
    submission = services.submit(
        case=case, kind="factual_accuracy", text="Page 3 is wrong", by=practitioner_user
    )
    services.record_taken_into_account(submission=submission, text="Page 3 corrected.", by=case_manager)
    submission.refresh_from_db()
    assert submission.acknowledged_at is not None and submission.responded_by == case_manager
    to_them = Communication.objects.filter(case=case, to_practitioner=True, channel="portal")
    assert to_them.count() == 1


def test_staff_answer_pages_need_change_permission(case, organisation, practitioner_user, signed_in):
    submission = services.submit(case=case, kind="account", text="Mine", by=practitioner_user)
    kwargs = {"case_id": case.pk, "submission_id": submission.pk}
    auditor = member(organisation, "auditor", username="aud")
    client = signed_in(auditor)
    assert client.post(reverse("practitioners:voice_acknowledge", kwargs=kwargs)).status_code == 404
    assert client.get(reverse("practitioners:voice_respond", kwargs=kwargs)).status_code == 404
    client.logout()
    client = signed_in(practitioner_user)
    assert client.post(reverse("practitioners:voice_acknowledge", kwargs=kwargs)).status_code == 404


def test_submissions_for_record_gives_plain_values(case, case_manager, practitioner_user):
    submission = services.submit(case=case, kind="account", text="Mine", by=practitioner_user)
    services.record_taken_into_account(
        submission=submission, text="Considered at the decision.", by=case_manager
    )
    (row,) = submissions_for_record(case)
    assert row["kind"] == Submission.Kind.ACCOUNT.label
    assert row["text"] == "Mine"
    assert row["considerations"] == "PH2, PH5"
    assert row["taken_into_account"] == "Considered at the decision."
    assert all(isinstance(v, str) for v in row.values())
