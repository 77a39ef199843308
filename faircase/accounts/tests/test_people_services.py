"""Managing an organisation's people: each change is a service that audits in its own transaction, and each
refusal changes nothing."""

import re
from unittest import mock

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from faircase.accounts import services
from faircase.accounts.models import Membership, User
from faircase.accounts.tests.factories import member
from faircase.core import audit
from faircase.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http\S+/accounts/set-password/(?P<uidb64>[^/]+)/(?P<token>[^/]+)/")
GOOD_PASSWORD = "quarry-lantern-meadow-58"


@pytest.fixture
def admin(organisation):
    return member(organisation, "org_admin", username="admin", full_name="Ada Administrator")


@pytest.fixture
def person(organisation):
    return member(organisation, "case_investigator", username="ivy", full_name="Ivy Investigator")


def _roles(user, organisation):
    return set(Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True))


def _actions():
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


def _refused(call, **kwargs):
    """Call a service expecting a refusal; return its messages and check nothing was audited."""
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        call(**kwargs)
    assert AuditEvent.objects.count() == before
    return " ".join(refused.value.messages)


def _add(organisation, admin, **fields):
    values = {
        "full_name": "Nia Newcomer",
        "username": "nia",
        "email": "nia@example.invalid",
        "role": "board_member",
        **fields,
    }
    return services.add_person(organisation=organisation, by=admin, **values)


# ---- granting ----------------------------------------------------------------------------------------------


def test_granting_a_role_saves_it_and_audits_who_gave_it(organisation, admin, person):
    membership = services.grant_role(organisation=organisation, user=person, role="board_member", by=admin)
    assert _roles(person, organisation) == {"case_investigator", "board_member"}
    event = AuditEvent.objects.get(action="membership.granted")
    assert event.actor == admin
    assert event.organisation == organisation
    assert event.object_id == str(membership.pk)
    assert event.summary["after"] == {"user": "ivy", "name": "Ivy Investigator", "role": "board_member"}


def test_a_role_already_held_is_refused(organisation, admin, person):
    message = _refused(
        services.grant_role, organisation=organisation, user=person, role="case_investigator", by=admin
    )
    assert "already case investigator" in message


def test_a_role_faircase_does_not_know_is_refused(organisation, admin, person):
    assert "Choose a role" in _refused(
        services.grant_role, organisation=organisation, user=person, role="superuser", by=admin
    )


def test_only_an_administrator_of_the_organisation_may_grant(organisation, other_organisation, person):
    for someone in (
        member(organisation, "case_manager", username="cm2"),
        member(other_organisation, "org_admin", username="elsewhere-admin"),
    ):
        message = _refused(
            services.grant_role, organisation=organisation, user=person, role="board_member", by=someone
        )
        assert "Only an administrator" in message
    assert _roles(person, organisation) == {"case_investigator"}


def test_a_deactivated_administrator_cannot_grant(organisation, admin, person):
    User.objects.filter(pk=admin.pk).update(is_active=False)
    admin.refresh_from_db()
    assert "Only an administrator" in _refused(
        services.grant_role, organisation=organisation, user=person, role="board_member", by=admin
    )


def test_someone_who_works_only_for_another_organisation_needs_a_cause(
    organisation, other_organisation, admin
):
    outsider = member(other_organisation, "case_manager", username="outsider")
    assert "works for another organisation" in _refused(
        services.grant_role, organisation=organisation, user=outsider, role="board_member", by=admin
    )
    assert _roles(outsider, organisation) == set()
    services.grant_role(
        organisation=organisation,
        user=outsider,
        role="board_member",
        by=admin,
        cause="Independent board member shared by both trusts",
    )
    event = AuditEvent.objects.get(action="membership.granted")
    assert event.summary["detail"] == {"cause": "Independent board member shared by both trusts"}


def test_an_administrator_cannot_change_their_own_roles(organisation, admin):
    assert "cannot change your own roles" in _refused(
        services.grant_role, organisation=organisation, user=admin, role="case_manager", by=admin
    )
    assert "cannot change your own roles" in _refused(
        services.revoke_role, organisation=organisation, user=admin, role="org_admin", by=admin
    )
    assert _roles(admin, organisation) == {"org_admin"}


def test_a_deactivated_account_is_not_given_a_role(organisation, admin, person):
    services.grant_role(organisation=organisation, user=person, role="board_member", by=admin)
    services.deactivate_person(organisation=organisation, user=person, by=admin)
    assert "deactivated" in _refused(
        services.grant_role, organisation=organisation, user=person, role="auditor", by=admin
    )


# ---- revoking ----------------------------------------------------------------------------------------------


def test_revoking_a_role_removes_it_and_audits_it(organisation, admin, person):
    services.grant_role(organisation=organisation, user=person, role="board_member", by=admin)
    services.revoke_role(organisation=organisation, user=person, role="board_member", by=admin)
    assert _roles(person, organisation) == {"case_investigator"}
    event = AuditEvent.objects.get(action="membership.revoked")
    assert event.actor == admin
    assert event.summary["before"]["role"] == "board_member"


def test_the_last_administrator_of_an_organisation_cannot_be_revoked(organisation, admin):
    # Made on the command line (a named system actor), where nobody is refused for changing their own roles.
    command_line = audit.Actor(label="faircase people (command line, tester)")
    services.grant_role(organisation=organisation, user=admin, role="case_manager", by=command_line)
    assert "only administrator" in _refused(
        services.revoke_role, organisation=organisation, user=admin, role="org_admin", by=command_line
    )
    assert "org_admin" in _roles(admin, organisation)


def test_an_administrator_can_be_revoked_while_another_remains(organisation, admin):
    second = member(organisation, "org_admin", username="admin2")
    services.grant_role(organisation=organisation, user=second, role="auditor", by=admin)
    services.revoke_role(organisation=organisation, user=second, role="org_admin", by=admin)
    assert _roles(second, organisation) == {"auditor"}


def test_a_deactivated_administrator_does_not_count_as_the_one_left(organisation, admin):
    command_line = audit.Actor(label="faircase people (command line, tester)")
    retired = member(organisation, "org_admin", username="retired-admin")
    User.objects.filter(pk=retired.pk).update(is_active=False)
    services.grant_role(organisation=organisation, user=admin, role="auditor", by=command_line)
    assert "only administrator" in _refused(
        services.revoke_role, organisation=organisation, user=admin, role="org_admin", by=command_line
    )


def test_a_persons_only_role_is_not_revoked_deactivate_them_instead(organisation, admin, person):
    assert "deactivate them instead" in _refused(
        services.revoke_role, organisation=organisation, user=person, role="case_investigator", by=admin
    )


def test_someone_who_works_elsewhere_too_can_lose_their_only_role_here(
    organisation, other_organisation, admin
):
    shared = member(other_organisation, "board_member", username="shared")
    services.grant_role(organisation=organisation, user=shared, role="board_member", by=admin, cause="Shared")
    services.revoke_role(organisation=organisation, user=shared, role="board_member", by=admin)
    assert _roles(shared, organisation) == set()
    assert _roles(shared, other_organisation) == {"board_member"}


def test_a_role_not_held_cannot_be_revoked(organisation, admin, person):
    assert "does not hold that role" in _refused(
        services.revoke_role, organisation=organisation, user=person, role="auditor", by=admin
    )


def test_an_administrator_of_another_organisation_cannot_revoke(organisation, other_organisation, person):
    services_admin = member(organisation, "org_admin", username="here-admin")
    services.grant_role(organisation=organisation, user=person, role="auditor", by=services_admin)
    elsewhere = member(other_organisation, "org_admin", username="elsewhere-admin")
    assert "Only an administrator" in _refused(
        services.revoke_role, organisation=organisation, user=person, role="auditor", by=elsewhere
    )


# ---- adding a person ---------------------------------------------------------------------------------------


def test_adding_a_person_creates_an_account_without_a_password_and_emails_them_a_link(organisation, admin):
    user = _add(organisation, admin)
    assert (user.username, user.full_name, user.email, user.is_active) == (
        "nia",
        "Nia Newcomer",
        "nia@example.invalid",
        True,
    )
    assert not user.has_usable_password()
    assert _roles(user, organisation) == {"board_member"}
    assert _actions() == ["user.added", "membership.granted", "user.set_password_link_sent"]
    assert all(e.actor == admin for e in AuditEvent.objects.all())
    [email] = mail.outbox
    assert email.to == ["nia@example.invalid"]
    assert "Your username is: nia" in email.body
    assert LINK.search(email.body)


def test_the_person_sets_their_password_with_the_link_once_and_can_then_sign_in(organisation, admin):
    user = _add(organisation, admin)
    found = LINK.search(mail.outbox[0].body)
    services.set_first_password(uidb64=found["uidb64"], token=found["token"], password=GOOD_PASSWORD)
    assert authenticate(username="nia", password=GOOD_PASSWORD) == user
    event = AuditEvent.objects.get(action="user.password_set")
    assert event.actor == user
    with pytest.raises(services.LinkUnavailable):
        services.set_first_password(
            uidb64=found["uidb64"], token=found["token"], password="another-" + GOOD_PASSWORD
        )


def test_the_password_must_pass_the_validators(organisation, admin):
    _add(organisation, admin)
    found = LINK.search(mail.outbox[0].body)
    with pytest.raises(ValidationError) as refused:
        services.set_first_password(uidb64=found["uidb64"], token=found["token"], password="tooshort")
    assert "password" in refused.value.message_dict
    assert not User.objects.get(username="nia").has_usable_password()


def test_the_link_expires(organisation, admin):
    with time_machine.travel("2025-06-02 09:00 +0000", tick=False):
        _add(organisation, admin)
    found = LINK.search(mail.outbox[0].body)
    with time_machine.travel("2025-06-04 09:00 +0000", tick=False):
        assert services.user_for_link(found["uidb64"], found["token"]).username == "nia"
    with time_machine.travel("2025-06-06 09:00 +0000", tick=False), pytest.raises(services.LinkUnavailable):
        services.user_for_link(found["uidb64"], found["token"])


def test_a_link_for_a_deactivated_account_does_not_work(organisation, admin):
    user = _add(organisation, admin)
    services.grant_role(organisation=organisation, user=user, role="auditor", by=admin)
    services.deactivate_person(organisation=organisation, user=user, by=admin)
    found = LINK.search(mail.outbox[0].body)
    with pytest.raises(services.LinkUnavailable):
        services.user_for_link(found["uidb64"], found["token"])


@pytest.mark.parametrize("uidb64", ["", "!!", "MTIzNDU2Nzg5", "bm90LWEtbnVtYmVy"])
def test_a_made_up_link_does_not_work(db, uidb64):
    with pytest.raises(services.LinkUnavailable):
        services.user_for_link(uidb64, "made-up-token")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"full_name": " "}, "full_name", "Enter the person's full name"),
        ({"username": ""}, "username", "Enter a username for the person"),
        ({"username": "has space"}, "username", "must only include letters, numbers"),
        ({"username": "ADMIN"}, "username", "That username is taken"),
        ({"email": ""}, "email", "Enter the person's email address"),
        ({"email": "not-an-address"}, "email", "Enter an email address in the correct format"),
        ({"role": ""}, "role", "Choose the person's role"),
    ],
)
def test_adding_a_person_says_what_to_put_right(organisation, admin, fields, field, message):
    before = User.objects.count()
    with pytest.raises(ValidationError) as refused:
        _add(organisation, admin, **fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert User.objects.count() == before
    assert not AuditEvent.objects.exists()
    assert mail.outbox == []


def test_nobody_is_added_when_the_email_cannot_be_sent(organisation, admin):
    with (
        mock.patch("faircase.accounts.services.send_mail", side_effect=OSError("mail server down")),
        pytest.raises(ValidationError, match="could not be sent"),
    ):
        _add(organisation, admin)
    assert not User.objects.filter(username="nia").exists()
    assert not AuditEvent.objects.exists()


def test_a_failed_audit_write_adds_nobody(organisation, admin):
    with (
        mock.patch.object(audit, "record", side_effect=audit.AuditError("disk full")),
        pytest.raises(audit.AuditError),
    ):
        _add(organisation, admin)
    assert not User.objects.filter(username="nia").exists()
    assert mail.outbox == []


def test_only_an_administrator_adds_people(organisation, other_organisation):
    for someone in (
        member(organisation, "case_manager", username="cm2"),
        member(other_organisation, "org_admin", username="elsewhere-admin"),
    ):
        with pytest.raises(ValidationError, match="Only an administrator"):
            _add(organisation, someone)
    assert not User.objects.filter(username="nia").exists()


@override_settings(DEMO_MODE=True)
def test_a_person_added_by_a_demo_account_is_a_demo_account(organisation):
    demo_admin = member(organisation, "org_admin", username="demo-admin", is_demo=True)
    assert _add(organisation, demo_admin).is_demo is True


def test_a_new_link_can_be_sent_until_a_password_is_set(organisation, admin):
    user = _add(organisation, admin)
    services.send_set_password_link(organisation=organisation, user=user, by=admin)
    assert len(mail.outbox) == 2
    found = LINK.search(mail.outbox[1].body)
    services.set_first_password(uidb64=found["uidb64"], token=found["token"], password=GOOD_PASSWORD)
    user.refresh_from_db()
    assert "already set a password" in _refused(
        services.send_set_password_link, organisation=organisation, user=user, by=admin
    )


# ---- deactivating ------------------------------------------------------------------------------------------


def test_deactivating_stops_a_person_signing_in_and_keeps_their_roles_on_record(organisation, admin, person):
    services.deactivate_person(organisation=organisation, user=person, by=admin)
    person.refresh_from_db()
    assert person.is_active is False
    assert authenticate(username="ivy", password="correct horse battery staple") is None
    assert _roles(person, organisation) == {"case_investigator"}
    event = AuditEvent.objects.get(action="user.deactivated")
    assert (event.actor, event.organisation) == (admin, organisation)
    assert (event.summary["before"]["is_active"], event.summary["after"]["is_active"]) == (True, False)


def test_an_administrator_cannot_deactivate_themself(organisation, admin):
    member(organisation, "org_admin", username="admin2")
    assert "cannot deactivate yourself" in _refused(
        services.deactivate_person, organisation=organisation, user=admin, by=admin
    )


def test_the_last_administrator_is_not_deactivated(organisation, admin):
    command_line = audit.Actor(label="faircase people (command line, tester)")
    assert "only administrator" in _refused(
        services.deactivate_person, organisation=organisation, user=admin, by=command_line
    )


def test_someone_who_works_elsewhere_too_is_not_deactivated_from_here(
    organisation, other_organisation, admin
):
    shared = member(other_organisation, "board_member", username="shared")
    services.grant_role(organisation=organisation, user=shared, role="board_member", by=admin, cause="Shared")
    assert "Revoke their roles" in _refused(
        services.deactivate_person, organisation=organisation, user=shared, by=admin
    )
    shared.refresh_from_db()
    assert shared.is_active


def test_someone_of_another_organisation_is_not_deactivated_by_this_ones_administrator(
    organisation, other_organisation, admin
):
    outsider = member(other_organisation, "case_manager", username="outsider")
    assert "holds no role" in _refused(
        services.deactivate_person, organisation=organisation, user=outsider, by=admin
    )


def test_a_platform_administrator_is_not_deactivated_by_an_organisation(organisation, admin):
    platform = member(organisation, "auditor", username="platform", is_staff=True)
    assert "platform administrator" in _refused(
        services.deactivate_person, organisation=organisation, user=platform, by=admin
    )


def test_a_system_actor_must_be_named(organisation, person):
    with pytest.raises(audit.AuditError):
        services.grant_role(organisation=organisation, user=person, role="auditor", by=audit.Actor(label=" "))
    assert _roles(person, organisation) == {"case_investigator"}
