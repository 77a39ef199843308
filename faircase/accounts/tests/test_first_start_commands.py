"""From nothing to a first administrator on the command line (README, "Running it in production"): an
organisation, then its administrator, who is emailed a link to set a password. Both audited; bad input is refused
with the reason and changes nothing."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from faircase.accounts.models import Membership, Organisation, User
from faircase.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


ADD_ORGANISATION = (
    "organisations", "add", "--slug", "larkfield", "--name", "Larkfield Fictional NHS Trust", "--ods", "zz9l1",
    "--nation", "england", "--kind", "nhs_trust",
)  # fmt: skip


def test_a_new_installation_gets_its_organisation_and_first_administrator_on_the_command_line():
    out = _run(*ADD_ORGANISATION)
    assert "Added Larkfield Fictional NHS Trust (larkfield)" in out
    organisation = Organisation.objects.get(slug="larkfield")
    assert organisation.ods_code == "ZZ9L1"

    out = _run(
        "people", "add", "--org", "larkfield", "--username", "wren.admin", "--name", "Wren Fictional",
        "--email", "wren@larkfield.example", "--role", "org_admin",
    )  # fmt: skip

    assert "Added Wren Fictional (wren.admin) as organisation administrator" in out
    wren = User.objects.get(username="wren.admin")
    assert not wren.has_usable_password()
    assert Membership.objects.filter(user=wren, organisation=organisation, role="org_admin").exists()
    assert mail.outbox[0].to == ["wren@larkfield.example"]
    assert re.search(r"https?://\S+/set-password/\S+", mail.outbox[0].body)
    actions = list(AuditEvent.objects.order_by("sequence").values_list("action", "actor_label"))
    assert [action for action, _ in actions] == [
        "organisation.added",
        "user.added",
        "membership.granted",
        "user.set_password_link_sent",
    ]
    assert all(label.startswith("faircase ") and "(command line, " in label for _, label in actions)


def test_bad_input_is_refused_with_the_reason_and_changes_nothing():
    _run(*ADD_ORGANISATION)
    events = AuditEvent.objects.count()

    with pytest.raises(CommandError, match=r"(?i)slug already exists.*Nothing was changed"):
        _run(*ADD_ORGANISATION)
    with pytest.raises(CommandError, match=r"not a valid choice.*Nothing was changed"):
        _run("organisations", "add", "--slug", "other", "--name", "Other", "--ods", "ZZ9L2", "--nation", "mars",
             "--kind", "nhs_trust")  # fmt: skip
    with pytest.raises(
        CommandError, match=r"Enter an email address in the correct format.*Nothing was changed"
    ):
        _run("people", "add", "--org", "larkfield", "--username", "wren", "--name", "Wren", "--email", "wren",
             "--role", "org_admin")  # fmt: skip
    with pytest.raises(CommandError, match="No organisation with the slug 'nowhere'"):
        _run("people", "add", "--org", "nowhere", "--username", "wren", "--name", "Wren", "--email",
             "wren@larkfield.example", "--role", "org_admin")  # fmt: skip

    assert Organisation.objects.count() == 1
    assert not User.objects.filter(username="wren").exists()
    assert AuditEvent.objects.count() == events
    assert not mail.outbox
