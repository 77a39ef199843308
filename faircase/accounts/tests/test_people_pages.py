"""The People pages: an organisation administrator manages the organisation's people; for everyone else, the
administrators of other organisations included, the pages do not exist (404)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from faircase.accounts.models import Membership, User
from faircase.accounts.tests.factories import member
from faircase.core.models import AuditEvent
from faircase.core.navigation import navigation

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http\S+(?P<path>/accounts/set-password/[^/]+/[^/]+/)")
GOOD_PASSWORD = "quarry-lantern-meadow-58"


@pytest.fixture
def admin(organisation):
    return member(organisation, "org_admin", username="admin", full_name="Ada Administrator")


@pytest.fixture
def person(organisation):
    return member(organisation, "case_investigator", username="ivy", full_name="Ivy Investigator")


def _urls(organisation, person):
    kwargs = {"org_slug": organisation.slug, "user_id": person.pk}
    return [
        reverse("people:index"),
        reverse("people:list", kwargs={"org_slug": organisation.slug}),
        reverse("people:add", kwargs={"org_slug": organisation.slug}),
        reverse("people:person", kwargs=kwargs),
        reverse("people:revoke", kwargs={**kwargs, "role": "case_investigator"}),
        reverse("people:deactivate", kwargs=kwargs),
        reverse("people:send_link", kwargs=kwargs),
    ]


def _roles(user, organisation):
    return set(Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True))


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    "role",
    ["case_manager", "case_investigator", "hr_adviser", "board_member", "responsible_officer",
     "equality_analyst", "auditor"],
)  # fmt: skip
def test_everyone_but_an_administrator_of_the_organisation_gets_not_found(
    organisation, person, admin, signed_in, role
):
    client = signed_in(member(organisation, role, username=f"someone-{role}"))
    for url in _urls(organisation, person):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"role": "auditor"}).status_code == 404, url
    assert _roles(person, organisation) == {"case_investigator"}
    assert not AuditEvent.objects.exists()


def test_an_administrator_of_another_organisation_gets_not_found(
    organisation, other_organisation, person, admin, signed_in
):
    client = signed_in(member(other_organisation, "org_admin", username="elsewhere-admin"))
    for url in _urls(organisation, person)[1:]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"role": "auditor"}).status_code == 404, url
    assert _roles(person, organisation) == {"case_investigator"}
    assert not AuditEvent.objects.exists()


def test_a_person_of_another_organisation_does_not_exist_for_this_ones_administrator(
    organisation, other_organisation, admin, signed_in
):
    outsider = member(other_organisation, "case_manager", username="outsider")
    client = signed_in(admin)
    for url in _urls(organisation, outsider)[3:]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"role": "auditor"}).status_code == 404, url
    assert _roles(outsider, organisation) == set()
    assert outsider.is_active


def test_a_deactivated_administrator_gets_not_found(organisation, person, admin, signed_in):
    member(organisation, "org_admin", username="admin2")
    client = signed_in(admin)
    User.objects.filter(pk=admin.pk).update(is_active=False)
    for url in _urls(organisation, person)[1:]:
        assert client.get(url).status_code in (302, 404), url


def test_only_administrators_see_people_in_the_header(organisation, admin, person, rf):
    def texts(user):
        request = rf.get("/")
        request.user = user
        return [item["text"] for item in navigation(request)]

    assert "People" in texts(admin)
    assert "People" not in texts(person)


def test_the_list_shows_everyone_with_their_roles_and_status(organisation, admin, person, signed_in):
    gone = member(organisation, "board_member", username="gone", full_name="Gwen Gone")
    User.objects.filter(pk=gone.pk).update(is_active=False)
    page = _page(signed_in(admin), reverse("people:list", kwargs={"org_slug": organisation.slug}))
    for text in ("Ada Administrator", "Organisation administrator", "Ivy Investigator", "Case investigator"):
        assert text in page
    assert "Gwen Gone" in page and "Deactivated" in page


def test_people_goes_straight_to_the_only_organisation_administered(organisation, admin, signed_in):
    response = signed_in(admin).get(reverse("people:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:list", kwargs={"org_slug": organisation.slug})


def test_an_administrator_of_two_organisations_chooses_one(
    organisation, other_organisation, admin, signed_in
):
    Membership.objects.create(user=admin, organisation=other_organisation, role="org_admin")
    page = _page(signed_in(admin), reverse("people:index"))
    assert organisation.name in page and other_organisation.name in page


def test_adding_a_person_then_they_set_their_password_and_sign_in(organisation, admin, signed_in, client):
    url = reverse("people:add", kwargs={"org_slug": organisation.slug})
    response = signed_in(admin).post(
        url,
        {"full_name": "Nia Newcomer", "username": "nia", "email": "nia@example.invalid", "role": "auditor"},
    )
    nia = User.objects.get(username="nia")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "people:person", kwargs={"org_slug": organisation.slug, "user_id": nia.pk}
    )
    assert _roles(nia, organisation) == {"auditor"}
    [email] = mail.outbox
    path = LINK.search(email.body)["path"]
    client.logout()
    assert "Set your password" in _page(client, path)
    response = client.post(path, {"password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert client.login(username="nia", password=GOOD_PASSWORD)
    # The link is used up.
    client.logout()
    assert client.get(path).status_code == 404


def test_adding_a_person_shows_what_to_put_right(organisation, admin, signed_in):
    url = reverse("people:add", kwargs={"org_slug": organisation.slug})
    response = signed_in(admin).post(url, {"full_name": "", "username": "admin", "email": "nope"})
    assert response.status_code == 200
    page = response.content.decode()
    for message in (
        "Enter the person&#39;s full name",
        "Enter an email address in the correct format, like name@example.com",
        "Choose the person&#39;s role",
    ):
        assert message in page, message
    assert User.objects.count() == 1
    response = signed_in(admin).post(
        url,
        {"full_name": "Someone", "username": "ADMIN", "email": "someone@example.invalid", "role": "auditor"},
    )
    assert "That username is taken. Choose another" in response.content.decode()
    assert mail.outbox == []


def test_each_role_says_what_it_lets_the_person_do(organisation, admin, signed_in):
    page = _page(signed_in(admin), reverse("people:add", kwargs={"org_slug": organisation.slug}))
    assert (
        f"Sees every case at {organisation.name}, changes any case, opens cases and reads case histories."
        in (page)
    )
    assert "Sees only the cases they are named on and handles equality data." in page


def test_granting_and_revoking_a_role_on_the_pages(organisation, admin, person, signed_in):
    client = signed_in(admin)
    person_url = reverse("people:person", kwargs={"org_slug": organisation.slug, "user_id": person.pk})
    assert client.post(person_url, {"role": "board_member"}).status_code == 302
    assert _roles(person, organisation) == {"case_investigator", "board_member"}
    revoke_url = reverse(
        "people:revoke", kwargs={"org_slug": organisation.slug, "user_id": person.pk, "role": "board_member"}
    )
    assert "Revoke Ivy Investigator's role as designated board member?" in _page(client, revoke_url)
    assert _roles(person, organisation) == {"case_investigator", "board_member"}  # asking changes nothing
    assert client.post(revoke_url).status_code == 302
    assert _roles(person, organisation) == {"case_investigator"}
    assert [e.action for e in AuditEvent.objects.order_by("sequence")] == [
        "membership.granted",
        "membership.revoked",
    ]


def test_choosing_no_role_to_grant_says_so(organisation, admin, person, signed_in):
    url = reverse("people:person", kwargs={"org_slug": organisation.slug, "user_id": person.pk})
    response = signed_in(admin).post(url, {})
    assert response.status_code == 200
    assert "Choose a role to give" in response.content.decode()


def test_a_refused_revocation_says_why_and_changes_nothing(organisation, admin, person, signed_in):
    url = reverse(
        "people:revoke",
        kwargs={"org_slug": organisation.slug, "user_id": person.pk, "role": "case_investigator"},
    )
    response = signed_in(admin).post(url)
    assert response.status_code == 400
    assert "deactivate them instead" in response.content.decode()
    assert _roles(person, organisation) == {"case_investigator"}


def test_an_administrator_is_not_offered_changes_to_their_own_roles(organisation, admin, signed_in):
    client = signed_in(admin)
    page = _page(
        client, reverse("people:person", kwargs={"org_slug": organisation.slug, "user_id": admin.pk})
    )
    assert "This is you" in page
    assert "Give the role" not in page and "Revoke" not in page and "Deactivate" not in page
    url = reverse(
        "people:revoke", kwargs={"org_slug": organisation.slug, "user_id": admin.pk, "role": "org_admin"}
    )
    response = client.post(url)
    assert response.status_code == 400
    assert "cannot change your own roles" in response.content.decode()
    assert _roles(admin, organisation) == {"org_admin"}


def test_deactivating_a_person_on_the_pages(organisation, admin, person, signed_in):
    client = signed_in(admin)
    url = reverse("people:deactivate", kwargs={"org_slug": organisation.slug, "user_id": person.pk})
    assert "Deactivate Ivy Investigator?" in _page(client, url)
    assert client.post(url).status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert client.get(url).status_code == 404  # nothing left to deactivate


@pytest.mark.parametrize(
    "path",
    ["/accounts/set-password/MQ/not-a-token/", "/accounts/set-password/!!/x/", "/accounts/set-password/x/y/"],
)
def test_a_set_password_link_that_does_not_work_answers_not_found(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert client.post(path, {"password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD}).status_code == 404


def test_the_set_password_page_says_what_to_put_right(organisation, admin, signed_in, client):
    signed_in(admin).post(
        reverse("people:add", kwargs={"org_slug": organisation.slug}),
        {"full_name": "Nia Newcomer", "username": "nia", "email": "nia@example.invalid", "role": "auditor"},
    )
    path = LINK.search(mail.outbox[0].body)["path"]
    client.logout()
    page = client.post(path, {"password": GOOD_PASSWORD, "password_again": "something else"}).content.decode()
    assert "The passwords do not match" in page
    page = client.post(path, {"password": "short", "password_again": "short"}).content.decode()
    assert "Password must be 12 characters or more" in page
    assert not User.objects.get(username="nia").has_usable_password()


def test_a_new_link_can_be_emailed_from_the_persons_page(organisation, admin, signed_in):
    client = signed_in(admin)
    client.post(
        reverse("people:add", kwargs={"org_slug": organisation.slug}),
        {"full_name": "Nia Newcomer", "username": "nia", "email": "nia@example.invalid", "role": "auditor"},
    )
    nia = User.objects.get(username="nia")
    kwargs = {"org_slug": organisation.slug, "user_id": nia.pk}
    assert "Email a new link" in _page(client, reverse("people:person", kwargs=kwargs))
    assert client.post(reverse("people:send_link", kwargs=kwargs)).status_code == 302
    assert len(mail.outbox) == 2
