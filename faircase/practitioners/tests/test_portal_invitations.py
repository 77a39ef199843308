import datetime as dt
import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from faircase.core.models import AuditEvent
from faircase.practitioners import services_portal as services
from faircase.practitioners.models import Invitation, PractitionerAccount
from faircase.practitioners.tests.portal_helpers import PASSWORD, practitioner_user

pytestmark = pytest.mark.django_db


def _token_from_email() -> str:
    match = re.search(r"/my/invitation/([A-Za-z0-9_\-]+)/", mail.outbox[-1].body)
    assert match
    return match.group(1)


def test_inviting_stores_only_the_hash_and_emails_a_link_that_expires_in_seven_days(
    case, case_manager, settings
):
    settings.FAIRCASE_SITE_URL = "https://faircase.example.test"
    invitation, token = services.invite_practitioner(
        case=case, email="dr.ember@example.test", by=case_manager
    )
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=7)
    assert mail.outbox[-1].to == ["dr.ember@example.test"]
    assert f"https://faircase.example.test/my/invitation/{token}/" in mail.outbox[-1].body
    assert AuditEvent.objects.filter(action="practitioner_invitation.sent").count() == 1


def test_a_new_invitation_revokes_the_earlier_unused_one(case, case_manager):
    first, first_token = services.invite_practitioner(case=case, email="a@example.test", by=case_manager)
    second, _ = services.invite_practitioner(case=case, email="b@example.test", by=case_manager)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.revoked_at is None
    with pytest.raises(services.InvitationUnavailable) as raised:
        services.find_invitation(first_token)
    assert raised.value.reason == "revoked"


def test_someone_who_cannot_change_the_case_cannot_invite(case, organisation):
    from django.core.exceptions import PermissionDenied

    from faircase.accounts.tests.factories import member

    auditor = member(organisation, "auditor")
    with pytest.raises(PermissionDenied):
        services.invite_practitioner(case=case, email="a@example.test", by=auditor)
    assert not Invitation.objects.exists()


def test_the_case_manager_invites_from_the_staff_page(case, case_manager, signed_in):
    client = signed_in(case_manager)
    url = reverse("practitioners:portal_invite", kwargs={"case_id": case.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"email": "dr.ember@example.test"})
    assert response.status_code == 302
    assert Invitation.objects.filter(case=case, email="dr.ember@example.test").exists()
    assert len(mail.outbox) == 1


def test_accepting_creates_a_linked_user_signs_them_in_and_uses_up_the_link(case, case_manager, client):
    services.invite_practitioner(case=case, email="dr.ember@example.test", by=case_manager)
    token = _token_from_email()
    url = reverse("practitioners:portal_invitation", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="dr.ember@example.test"' in page.content.decode()
    response = client.post(
        url, {"username": "dr.ember@example.test", "password": PASSWORD, "password_again": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("practitioners:portal_home")
    user = get_user_model().objects.get(username="dr.ember@example.test")
    assert PractitionerAccount.objects.get(user=user).practitioner == case.practitioner
    assert Invitation.objects.get().used_at is not None
    assert client.get(reverse("practitioners:portal_home")).status_code == 200
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "practitioner_user.created",
        "practitioner_invitation.accepted",
        "practitioner_account.linked",
    } <= actions
    client.logout()
    again = client.get(url)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_a_weak_password_is_refused_and_nothing_is_created(case, case_manager, client):
    services.invite_practitioner(case=case, email="dr.ember@example.test", by=case_manager)
    url = reverse("practitioners:portal_invitation", kwargs={"token": _token_from_email()})
    response = client.post(url, {"username": "ember", "password": "password", "password_again": "password"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not get_user_model().objects.filter(username="ember").exists()
    assert Invitation.objects.get().used_at is None


def test_an_expired_link_says_so_and_creates_nothing(case, case_manager, client):
    invitation, token = services.invite_practitioner(
        case=case, email="dr.ember@example.test", by=case_manager
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    url = reverse("practitioners:portal_invitation", kwargs={"token": token})
    response = client.post(url, {"username": "ember", "password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not get_user_model().objects.filter(username="ember").exists()
    assert not PractitionerAccount.objects.exists()


def test_an_unknown_or_revoked_link_answers_410(case, case_manager, client):
    _, old = services.invite_practitioner(case=case, email="a@example.test", by=case_manager)
    services.invite_practitioner(case=case, email="a@example.test", by=case_manager)
    assert (
        client.get(reverse("practitioners:portal_invitation", kwargs={"token": "not-a-token"})).status_code
        == 410
    )
    revoked = client.get(reverse("practitioners:portal_invitation", kwargs={"token": old}))
    assert revoked.status_code == 410
    assert "replaced by a newer one" in revoked.content.decode()


def test_a_signed_in_practitioner_links_another_record(
    organisation, other_organisation, case, case_manager, signed_in
):
    from faircase.accounts.tests.factories import member
    from faircase.cases.tests.factories import open_case

    user = practitioner_user(case)
    other_manager = member(other_organisation, "case_manager")
    other_case = open_case(organisation=other_organisation, by=other_manager, case_manager=other_manager)
    _, token = services.invite_practitioner(case=other_case, email="a@example.test", by=other_manager)
    client = signed_in(user)
    url = reverse("practitioners:portal_invitation", kwargs={"token": token})
    assert "Add this case to my account" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert PractitionerAccount.objects.filter(user=user).count() == 2
    assert (
        client.get(reverse("practitioners:portal_case", kwargs={"case_id": other_case.pk})).status_code == 200
    )


def test_a_signed_in_staff_user_cannot_accept(case, case_manager, signed_in):
    _, token = services.invite_practitioner(case=case, email="a@example.test", by=case_manager)
    client = signed_in(case_manager)
    url = reverse("practitioners:portal_invitation", kwargs={"token": token})
    assert "Sign out to use this link" in client.post(url).content.decode()
    assert not PractitionerAccount.objects.exists()
    assert Invitation.objects.get().used_at is None


def _set_up_with(client, case, case_manager, password: str):
    services.invite_practitioner(case=case, email="dr.ember@example.test", by=case_manager)
    url = reverse("practitioners:portal_invitation", kwargs={"token": _token_from_email()})
    return client.post(url, {"username": "ember", "password": password, "password_again": password})


def test_a_password_of_one_repeated_letter_is_refused_as_it_would_be_for_staff(case, case_manager, client):
    response = _set_up_with(client, case, case_manager, "aaaaaaaaaaaa")

    assert response.status_code == 200
    assert "Password must not repeat the same few characters, like aaaaaaaaaaaa" in response.content.decode()
    assert not get_user_model().objects.filter(username="ember").exists()
    assert Invitation.objects.get().used_at is None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pw-1", "Password must be 12 characters or more"),
        ("123456789012", "Password must include letters or symbols, not only numbers"),
        ("abcdefghijklmn", "Password must not be a simple sequence, like abcdefghijkl"),
        ("password1234", "Password is too common. Choose a password that is harder to guess"),
        ("dr.ember@example", "Password must not be like your name, username or email address"),
        ("Ada Practitioner Ember", "Password must not be like your name, username or email address"),
    ],
)
def test_a_refused_password_is_explained_in_the_services_own_words(
    case, case_manager, client, password, message
):
    case.practitioner.full_name = "Ada Practitioner Ember"
    case.practitioner.save()

    response = _set_up_with(client, case, case_manager, password)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(username="ember").exists()
