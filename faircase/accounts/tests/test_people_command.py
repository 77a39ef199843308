"""`faircase people`: roles on the command line, through the audited services (how a new organisation gets its
first administrator, now that Django's admin cannot change roles)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from faircase.accounts.models import Membership
from faircase.accounts.tests.factories import UserFactory, member
from faircase.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("people", *args, stdout=out)
    return out.getvalue()


def test_the_first_administrator_of_an_organisation_is_granted_on_the_command_line(organisation):
    UserFactory(username="first-admin", full_name="Fern Admin")
    out = _run("grant", "--org", organisation.slug, "--username", "first-admin", "--role", "org_admin")
    assert "Fern Admin (first-admin) is now organisation administrator" in out
    assert Membership.objects.filter(user__username="first-admin", role="org_admin").exists()
    event = AuditEvent.objects.get(action="membership.granted")
    assert event.actor is None
    assert event.actor_label.startswith("faircase people (command line, ")


def test_a_refusal_stops_with_the_reason_and_changes_nothing(organisation):
    member(organisation, "org_admin", username="only-admin")
    with pytest.raises(CommandError, match=r"only administrator.*Nothing was changed"):
        _run("revoke", "--org", organisation.slug, "--username", "only-admin", "--role", "org_admin")
    with pytest.raises(CommandError, match="Unknown role 'owner'"):
        _run("grant", "--org", organisation.slug, "--username", "only-admin", "--role", "owner")
    with pytest.raises(CommandError, match="No account with the username 'nobody'"):
        _run("grant", "--org", organisation.slug, "--username", "nobody", "--role", "auditor")
    assert not AuditEvent.objects.exists()


def test_someone_of_another_organisation_needs_a_reason(organisation, other_organisation):
    member(other_organisation, "board_member", username="shared")
    with pytest.raises(CommandError, match="works for another organisation"):
        _run("grant", "--org", organisation.slug, "--username", "shared", "--role", "board_member")
    _run(
        "grant", "--org", organisation.slug, "--username", "shared", "--role", "board_member",
        "--reason", "One board member for both trusts",
    )  # fmt: skip
    assert AuditEvent.objects.get().summary["detail"] == {"cause": "One board member for both trusts"}
