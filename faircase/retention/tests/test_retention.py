"""Due cases, legal holds, the deletion that leaves a tombstone, the command and the pages."""

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from faircase.access.guard import ActionRefused
from faircase.accounts.tests.factories import member
from faircase.cases.models import Case, Practitioner
from faircase.cases.tests.factories import open_case
from faircase.core.audit import verify_chain
from faircase.core.formatting import nhs_date
from faircase.core.models import AuditEvent
from faircase.documents.tests.factories import add_document
from faircase.documents.tests.helpers import stored_files
from faircase.equality.models import EqualityRecord
from faircase.process import clock
from faircase.records.presenters import build_record
from faircase.retention import selectors, services
from faircase.retention.models import LegalHold

from .helpers import closed

CLOSED_ON = dt.date(2025, 3, 3)
A_YEAR_ON = dt.date(2026, 3, 3)


@pytest.fixture
def admin(organisation):
    return member(
        organisation, "org_admin", username="admin", full_name="Ada Ministrator", email="ada@example.org"
    )


@pytest.fixture
def closed_case(case):
    return closed(case, on=CLOSED_ON)


def due_today(organisation, today):
    due, held = selectors.due_or_held(selectors.review_for_system(organisation), today)
    return [k.reference for k in due], [k.reference for k in held]


def test_a_closed_case_falls_due_when_its_rule_has_run_and_an_open_case_never(
    organisation, closed_case, case_manager
):
    open_case(organisation=organisation, by=case_manager)
    assert due_today(organisation, dt.date(2026, 3, 2)) == ([], [])
    assert due_today(organisation, A_YEAR_ON) == ([closed_case.reference], [])


def test_an_exclusion_keeps_a_case_for_the_longer_rule(organisation, closed_case, case_manager):
    from faircase.process.models import Restriction

    Restriction.objects.create(
        case=closed_case, kind="formal_exclusion", started_on=dt.date(2025, 1, 6), ended_on=dt.date(2025, 2, 6),
        terms="Excluded from the wards", reasons="Fictional reasons", recorded_by=case_manager,
    )  # fmt: skip
    [kept] = selectors.review_for_system(organisation)
    assert (kept.rule.key, kept.due_on) == ("exclusion_or_restriction", dt.date(2031, 3, 3))


def test_a_held_case_is_never_due_and_lifting_the_hold_is_audited(organisation, closed_case, admin):
    hold = services.place_legal_hold(case=closed_case, reason="tribunal", note="Claim 1234/2026", by=admin)
    assert due_today(organisation, dt.date(2040, 1, 1)) == ([], [closed_case.reference])
    with pytest.raises(services.RetentionRefused, match="on legal hold"):
        services.delete_under_retention(
            case_id=closed_case.pk, organisation=organisation, by=admin, today=A_YEAR_ON
        )
    services.lift_legal_hold(case=closed_case, note="The claim was withdrawn", by=admin)
    assert due_today(organisation, A_YEAR_ON) == ([closed_case.reference], [])
    actions = list(
        AuditEvent.objects.filter(
            case=closed_case, object_type="retention.legalhold", object_id=str(hold.pk)
        ).values_list("action", flat=True)
    )
    assert actions == ["retention.hold_placed", "retention.hold_lifted"]


def test_the_case_manager_may_hold_their_case_but_an_auditor_or_another_administrator_may_not(
    organisation, other_organisation, closed_case, case_manager
):
    for outsider in (member(organisation, "auditor"), member(other_organisation, "org_admin")):
        with pytest.raises(ActionRefused):
            services.place_legal_hold(case=closed_case, reason="litigation", note="x", by=outsider)
    services.place_legal_hold(
        case=closed_case, reason="litigation", note="Letter before claim", by=case_manager
    )
    with pytest.raises(Exception, match="already on legal hold"):
        services.place_legal_hold(case=closed_case, reason="regulator", note="GMC", by=case_manager)
    assert LegalHold.objects.of_case(closed_case).count() == 1


def test_deletion_leaves_only_the_tombstone_and_the_chain_still_verifies(
    organisation, case, admin, case_manager, django_capture_on_commit_callbacks
):
    add_document(case, case_manager)
    closed_case = closed(case, on=CLOSED_ON)
    EqualityRecord.objects.create(practitioner=closed_case.practitioner, updated_by=admin)
    assert stored_files()
    events_before = AuditEvent.objects.filter(case_id=closed_case.pk).count()

    # The stored file goes only once the deletion has committed.
    with django_capture_on_commit_callbacks(execute=True):
        deleted = services.delete_under_retention(
            case_id=closed_case.pk, organisation=organisation, by=admin, today=A_YEAR_ON
        )

    assert not Case.objects.for_system("command").filter(pk=closed_case.pk).exists()
    assert not Practitioner.objects.filter(pk=closed_case.practitioner_id).exists()
    assert not EqualityRecord.objects.exists()
    assert stored_files() == [] and deleted.files == 1 and deleted.practitioner_deleted
    trail = AuditEvent.objects.filter(case_id=closed_case.pk).order_by("sequence")
    assert trail.count() == events_before + 1, "every earlier event is kept"
    tombstone = trail.last()
    detail = tombstone.summary["detail"]
    assert tombstone.action == "case.deleted_under_retention" and tombstone.actor == admin
    assert (detail["reference"], detail["rule"], detail["closed_on"]) == (
        closed_case.reference,
        "no_case_to_answer",
        "2025-03-03",
    )
    assert detail["source"] and detail["status"] == "to_confirm"
    checked, fault = verify_chain()
    assert fault is None and checked == AuditEvent.objects.count()


def test_the_practitioner_is_kept_while_another_case_is_about_them(
    organisation, closed_case, admin, case_manager
):
    open_case(organisation=organisation, practitioner=closed_case.practitioner, by=case_manager)
    deleted = services.delete_under_retention(
        case_id=closed_case.pk, organisation=organisation, by=admin, today=A_YEAR_ON
    )
    assert not deleted.practitioner_deleted
    assert Practitioner.objects.filter(pk=closed_case.practitioner_id).exists()


def test_deletion_is_refused_before_the_case_is_due_and_to_anyone_but_its_administrator(
    organisation, closed_case, admin, case_manager
):
    with pytest.raises(services.RetentionRefused, match="not due for deletion until 3 March 2026"):
        services.delete_under_retention(
            case_id=closed_case.pk, organisation=organisation, by=admin, today=dt.date(2026, 3, 2)
        )
    with pytest.raises(services.RetentionRefused, match="not an administrator"):
        services.delete_under_retention(
            case_id=closed_case.pk, organisation=organisation, by=case_manager, today=A_YEAR_ON
        )
    assert Case.objects.for_system("command").filter(pk=closed_case.pk).exists()


def run(*args):
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


@time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False)
def test_the_review_command_lists_what_is_due_tells_the_administrators_and_deletes_nothing(
    organisation, closed_case, admin
):
    table = run("review")
    assert closed_case.reference in table and "nothing was deleted" in table
    [row] = json.loads(run("review", "--org", "riverside", "--json", "--no-email"))
    assert row == {
        "reference": closed_case.reference, "organisation": "riverside", "rule": "no_case_to_answer",
        "rule_title": "No case to answer or no further action", "closed_on": "2025-03-03",
        "due_since": "2026-03-03", "on_hold": False,
    }  # fmt: skip
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert closed_case.reference not in mail.outbox[0].body, "email names no case"
    assert Case.objects.for_system("command").filter(pk=closed_case.pk).exists()


@time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "nowhere", "--by", "admin", "--confirm"], "There is no organisation 'nowhere'"),
        (["--org", "riverside", "--by", "nobody", "--confirm"], "There is no active user 'nobody'"),
        (["--org", "riverside", "--by", "cm", "--confirm"], "cm is not an administrator of Riverside"),
        (["--org", "riverside", "--by", "admin"], "Run the command again with --confirm"),
    ],
)
def test_the_delete_command_refuses_clearly_and_changes_nothing(
    organisation, closed_case, admin, args, message
):
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=message):
        run("delete", "--case", closed_case.reference, *args)
    assert AuditEvent.objects.count() == events
    assert Case.objects.for_system("command").filter(pk=closed_case.pk).exists()


@time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False)
def test_the_delete_command_refuses_a_held_case_then_deletes_it_once_lifted(organisation, closed_case, admin):
    services.place_legal_hold(
        case=closed_case, reason="subject_access", note="SAR from the practitioner", by=admin
    )
    args = ("delete", "--case", closed_case.reference, "--org", "riverside", "--by", "admin", "--confirm")
    with pytest.raises(
        CommandError, match=r"is on legal hold: lift the hold before deleting it\. Nothing was deleted\."
    ):
        run(*args)
    services.lift_legal_hold(case=closed_case, note="Answered", by=admin)
    assert "The audit trail keeps its tombstone" in run(*args)
    assert AuditEvent.objects.filter(action="case.deleted_under_retention").count() == 1


@time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False)
def test_the_pages_take_two_steps_to_delete_and_the_tombstone_is_listed(
    organisation, closed_case, admin, case_manager, signed_in
):
    assert signed_in(case_manager).get("/retention/riverside/").status_code == 404
    client = signed_in(admin)
    page = client.get("/retention/riverside/").content.decode()
    assert closed_case.reference in page and "to confirm" in page
    read = AuditEvent.objects.filter(action="retention.review_viewed").last()
    assert read.actor == admin and read.summary["detail"]["due"] == [closed_case.reference]
    assert client.get("/retention/riverside/confirm/").status_code == 400
    confirm = client.get(f"/retention/riverside/confirm/?case={closed_case.pk}")
    assert "This cannot be undone" in confirm.content.decode()
    refused = client.post("/retention/riverside/confirm/", {"case": str(closed_case.pk)})
    assert refused.status_code == 400 and "Confirm that you understand" in refused.content.decode()
    assert Case.objects.for_system("command").filter(pk=closed_case.pk).exists()
    done = client.post("/retention/riverside/confirm/", {"case": str(closed_case.pk), "understood": "on"})
    assert done.status_code == 302
    after = client.get("/retention/riverside/").content.decode()
    assert "Cases deleted under the retention schedule" in after and closed_case.reference in after
    assert signed_in(case_manager).get(f"/cases/{closed_case.pk}/").status_code == 404


def test_the_case_page_shows_a_hold_and_the_case_manager_places_it_there(
    closed_case, case_manager, signed_in
):
    client = signed_in(case_manager)
    assert "No legal hold is in place" in client.get(f"/cases/{closed_case.pk}/").content.decode()
    response = client.post(f"/cases/{closed_case.pk}/legal-hold/", {"reason": "public_inquiry", "note": ""})
    assert response.status_code == 400 and "Say what the hold is for" in response.content.decode()
    client.post(
        f"/cases/{closed_case.pk}/legal-hold/", {"reason": "public_inquiry", "note": "Inquiry into the ward"}
    )
    assert "This case is on legal hold" in client.get(f"/cases/{closed_case.pk}/").content.decode()


def test_the_record_shows_each_hold_placed_and_lifted(closed_case, admin):
    services.place_legal_hold(case=closed_case, reason="regulator", note="GMC enquiry", by=admin)
    services.lift_legal_hold(case=closed_case, note="The GMC closed its enquiry", by=admin)
    record = build_record(
        closed_case, generated_by=admin, generated_at=dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC)
    )
    [entry] = record.section("legal-holds").entries
    rows = {row.label: row.value for row in entry.rows}
    assert rows["Reason"] == "Regulator's investigation (GMC, GDC or GPhC)"
    assert rows["Why it was lifted"] == "The GMC closed its enquiry"


@time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False)
def test_the_page_and_the_command_give_the_same_rule_and_due_date_from_one_function(
    organisation, closed_case, admin, signed_in
):
    [kept] = selectors.review_for_administrator(admin, organisation)
    assert kept.due_on == clock.retention_due_on(CLOSED_ON, kept.rule.years)
    [row] = json.loads(run("review", "--json", "--no-email"))
    assert (row["rule"], row["due_since"]) == (kept.rule.key, kept.due_on.isoformat())
    page = signed_in(admin).get("/retention/riverside/").content.decode()
    assert f"due since {nhs_date(kept.due_on)}" in page and kept.rule.title in page
