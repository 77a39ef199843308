"""The demo's organisation administrators can manage their people: the header links to People, the page lists
everyone who holds a role there, and adding, granting, revoking and deactivating work with the demo's own
logins. A person added in the demo is a demo account, so it cannot outlive demo mode."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from faircase.accounts.models import Membership, User
from faircase.demo.data import demo_data

LINK = re.compile(r"http\S+(?P<path>/accounts/set-password/[^/]+/[^/]+/)")


@pytest.fixture(scope="module")
def loaded(demo_loaded):
    return demo_loaded


@pytest.fixture
def demo(loaded, db):
    return loaded


def _org_admins():
    return [
        (spec.slug, person.username, [p.username for p in spec.people])
        for spec in demo_data().organisations
        for person in spec.people
        if person.role == "org_admin"
    ]


def test_every_demo_organisation_has_an_administrator():
    assert {slug for slug, _admin, _people in _org_admins()} == {o.slug for o in demo_data().organisations}


@pytest.mark.parametrize(("slug", "admin", "people"), _org_admins())
def test_each_demo_administrator_sees_their_organisations_people(demo, client, slug, admin, people):
    client.force_login(User.objects.get(username=admin))
    home = client.get(reverse("cases:home"), follow=True).content.decode()
    assert f'href="{reverse("people:index")}"' in home
    response = client.get(reverse("people:index"))
    assert response["Location"] == reverse("people:list", kwargs={"org_slug": slug})
    page = client.get(response["Location"]).content.decode()
    for username in people:
        assert username in page, username


def test_the_riverside_administrator_adds_grants_revokes_and_deactivates(demo, client):
    admin = User.objects.get(username="riverside-org-admin")
    client.force_login(admin)
    response = client.post(
        reverse("people:add", kwargs={"org_slug": "riverside"}),
        {
            "full_name": "Tomasz Fictional",
            "username": "riverside-new-starter",
            "email": "riverside-new-starter@demo.faircase.invalid",
            "role": "case_investigator",
        },
    )
    assert response.status_code == 302
    newcomer = User.objects.get(username="riverside-new-starter")
    assert newcomer.is_demo
    assert LINK.search(mail.outbox[-1].body)
    person = {"org_slug": "riverside", "user_id": newcomer.pk}
    assert client.post(reverse("people:person", kwargs=person), {"role": "board_member"}).status_code == 302
    revoke = reverse("people:revoke", kwargs={**person, "role": "board_member"})
    assert client.post(revoke).status_code == 302
    assert client.post(reverse("people:deactivate", kwargs=person)).status_code == 302
    newcomer.refresh_from_db()
    assert not newcomer.is_active
    assert set(Membership.objects.filter(user=newcomer).values_list("role", flat=True)) == {
        "case_investigator"
    }


def test_the_regional_analyst_is_not_deactivated_from_one_organisation(demo, client):
    client.force_login(User.objects.get(username="riverside-org-admin"))
    analyst = User.objects.get(username="regional-equality-analyst")
    response = client.post(
        reverse("people:deactivate", kwargs={"org_slug": "riverside", "user_id": analyst.pk})
    )
    assert response.status_code == 400
    assert "also works for another organisation" in response.content.decode()
