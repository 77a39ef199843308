"""Deleting a case leaves nothing that belongs to it: proved on the demo's whole cases, with a row added for each
kind of record the demo does not make, so that every model that hangs from a case is tried. The walk is generic
(faircase.retention.graph): a model added later is found and deleted without a change here, and the first test
fails until a row of it is made below or by the demo."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.db import models
from django.utils import timezone

from faircase.accounts.models import Organisation
from faircase.bundles.tests.factories import stored_bundle
from faircase.cases.models import Case
from faircase.core.audit import verify_chain
from faircase.core.models import AuditEvent
from faircase.equality import reports
from faircase.evaluation.measures import build_evaluation
from faircase.notifications.models import Notification
from faircase.policy.models import PolicyPackVersion
from faircase.practitioners.models import DistressEvent, OccupationalHealthReferral, SurveyInvitation
from faircase.process.models import AdviceAction, AdviceContact, PackChange, RegulatorReferral, Reminder
from faircase.records.tests.factories import stored_record_file
from faircase.retention import graph, services
from faircase.retention.models import LegalHold

from .helpers import closed


def models_hanging_from_case() -> set[type[models.Model]]:
    found: set[type[models.Model]] = set()
    queue: list[type[models.Model]] = [Case]
    while queue:
        for relation in graph._pointing_at(queue.pop()):
            if relation.related_model not in found:
                found.add(relation.related_model)
                queue.append(relation.related_model)
    return found


def add_what_the_demo_does_not_make(case: Case) -> None:
    """One row of each kind of record that hangs from a case and that the demo leaves out (fictional content)."""
    by = case.opened_by
    today = timezone.localdate()
    DistressEvent.objects.create(
        case=case, occurred_on=today, what_happened="Upset", action_taken="Called", recorded_by=by
    )
    OccupationalHealthReferral.objects.create(
        case=case, referred_on=today, reason="Fictional", recorded_by=by
    )
    SurveyInvitation.objects.create(case=case, point="closure", token_hash=hashlib.sha256(b"x").hexdigest())
    advice = AdviceContact.objects.create(
        case=case, contacted_on=today, adviser="Fictional adviser", question="q", advice="a", recorded_by=by
    )
    AdviceAction.objects.create(advice=advice, action="Write to the practitioner", owner=by, due_on=today)
    PackChange.objects.create(
        case=case, to_version=PolicyPackVersion.objects.first(), reason="Fictional", changed_by=by
    )
    RegulatorReferral.objects.create(
        case=case, regulator="gmc", referred_on=today, reasons="r", systemic_factors="s", induction="i",
        impartial_check="c", recorded_by=by,
    )  # fmt: skip
    reminder = Reminder.objects.create(case=case, deadline_key="k", due_on=today, kind="before", recipient=by)
    Notification.objects.create(
        user=by, case=case, kind="due", title="Fictional", path="/", reminder=reminder
    )
    LegalHold.objects.create(
        case=case, reason="tribunal", note="Fictional", placed_by=by, lifted_at=timezone.now()
    )
    stored_bundle(organisation=case.organisation, by=by, case=case)
    stored_record_file(case=case, by=by)  # a record PDF made by the task worker (ADR 39)


@pytest.fixture(scope="module")
def demo(demo_loaded):
    return demo_loaded


def test_deleting_every_demo_case_leaves_no_row_of_any_model_that_hangs_from_a_case(demo, db):
    cases = list(Case.objects.for_system("demo").order_by("reference"))
    add_what_the_demo_does_not_make(cases[0])
    hanging = models_hanging_from_case()
    rows = graph.rows_belonging_to(Case, [case.pk for case in cases])
    untried = sorted(model._meta.label for model in hanging if not rows.get(model))
    assert untried == [], f"Add a row of these to add_what_the_demo_does_not_make: {untried}"
    events = AuditEvent.objects.count()

    graph.delete_rows(rows)

    left = {model._meta.label: model._base_manager.count() for model in hanging | {Case}}
    assert {label: count for label, count in left.items() if count} == {}
    assert AuditEvent.objects.count() == events, "the audit trail is never deleted"
    assert verify_chain()[1] is None


def test_a_due_demo_case_goes_with_everything_of_it_and_the_statistics_still_compute(
    demo, db, django_capture_on_commit_callbacks
):
    riverside = Organisation.objects.get(slug="riverside")
    admin = riverside.memberships.filter(role="org_admin").first().user
    # The demo's closed case with the most rows hanging from it.
    closed_cases = Case.objects.for_system("demo").filter(organisation=riverside, closed_at__isnull=False)
    sizes = {c.pk: sum(map(len, graph.rows_belonging_to(Case, [c.pk]).values())) for c in closed_cases}
    case = Case.objects.for_system("demo").get(pk=max(sizes, key=sizes.__getitem__))
    closed(case, on=timezone.localdate(case.closed_at), outcome="dismissal")
    before = graph.rows_belonging_to(Case, [case.pk])
    assert len(before) >= 8, "a case with many kinds of record"

    far_ahead = time_machine.travel(dt.datetime(2099, 1, 1, 12, tzinfo=dt.UTC))
    with far_ahead, django_capture_on_commit_callbacks(execute=True):
        services.delete_under_retention(
            case_id=case.pk, organisation=riverside, by=admin, today=timezone.localdate()
        )

    after = graph.rows_belonging_to(Case, [case.pk])
    assert after == {Case: {case.pk}} and not Case.objects.for_system("demo").filter(pk=case.pk).exists()
    for model, keys in before.items():
        assert not model._base_manager.filter(pk__in=keys).exists(), model._meta.label
    tombstone = AuditEvent.objects.filter(case_id=case.pk).last()
    assert tombstone.action == "case.deleted_under_retention"
    assert tombstone.summary["detail"]["rule"] == "formal_sanction"
    assert verify_chain()[1] is None
    report = reports.build_report(
        organisations=[riverside], period="2025-26", profession="doctor", dimension="ethnicity",
        stage="formal_investigation",
    )  # fmt: skip
    assert report is not None
    if riverside.framework_adopted_on:
        start = riverside.framework_adopted_on
        assert build_evaluation(riverside, start, timezone.localdate()) is not None


def test_every_model_that_names_a_stored_file_has_its_file_deleted_with_it():
    from django.apps import apps

    naming_files = {
        model for model in apps.get_models() if any(f.name == "storage_name" for f in model._meta.fields)
    }
    assert naming_files == set(services.STORED_FILES)
