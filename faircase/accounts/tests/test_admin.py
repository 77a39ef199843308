"""Django's admin shows memberships but cannot change them: roles are granted and revoked only through the audited
services (the People pages, or `faircase people` on the command line)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from faircase.accounts.admin import FaircaseUserAdmin, MembershipInline
from faircase.accounts.models import Membership, User
from faircase.accounts.tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_admin(db):
    return UserFactory(username="platform", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, platform_admin):
    client.force_login(platform_admin)
    return client


def test_the_membership_inline_cannot_add_change_or_delete(platform_admin):
    request = RequestFactory().get("/admin/")
    request.user = platform_admin
    inline = MembershipInline(User, admin.site)
    assert not inline.has_add_permission(request, obj=None)
    assert not inline.has_change_permission(request, obj=None)
    assert not inline.has_delete_permission(request, obj=None)


def test_memberships_are_listed_read_only(admin_client, organisation):
    person = member(organisation, "case_manager", username="someone")
    membership = Membership.objects.get(user=person)
    assert admin_client.get(reverse("admin:accounts_membership_changelist")).status_code == 200
    # Refused (faircase answers a refusal as "not found": core.views.forbidden).
    assert admin_client.get(reverse("admin:accounts_membership_add")).status_code == 404
    change = reverse("admin:accounts_membership_change", args=[membership.pk])
    assert admin_client.get(change).status_code == 200  # to read
    admin_client.post(change, {"user": person.pk, "organisation": organisation.pk, "role": "org_admin"})
    assert (
        admin_client.post(reverse("admin:accounts_membership_delete", args=[membership.pk])).status_code
        == 404
    )
    assert Membership.objects.count() == 1
    membership.refresh_from_db()
    assert membership.role == "case_manager"


def test_saving_a_user_in_the_admin_does_not_change_their_roles(admin_client, organisation):
    person = member(organisation, "case_manager", username="someone")
    membership = Membership.objects.get(user=person)
    page = admin_client.get(reverse("admin:accounts_user_change", args=[person.pk]))
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {
            "username": person.username,
            "date_joined_0": "2025-01-01",
            "date_joined_1": "09:00:00",
            # A forged inline: change the role and add another.
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": str(membership.pk),
            "memberships-0-user": str(person.pk),
            "memberships-0-organisation": str(organisation.pk),
            "memberships-0-role": "org_admin",
            "memberships-1-user": str(person.pk),
            "memberships-1-organisation": str(organisation.pk),
            "memberships-1-role": "auditor",
        }
    )
    data.pop("groups", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    admin_client.post(reverse("admin:accounts_user_change", args=[person.pk]), data)
    assert list(Membership.objects.filter(user=person).values_list("role", flat=True)) == ["case_manager"]


def test_users_cannot_be_deleted_in_the_admin(platform_admin):
    request = RequestFactory().get("/admin/")
    request.user = platform_admin
    assert not FaircaseUserAdmin(User, admin.site).has_delete_permission(request)
