"""Cases follow the pack version they started under; organisations adapt packs by export and import; a case is
moved to another version only with a reason. Commands: `faircase packs export|import`."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from faircase.cases import services as case_services
from faircase.cases.tests.factories import open_case
from faircase.core.models import AuditEvent
from faircase.policy import packs
from faircase.policy import services as policy_services
from faircase.policy.models import PolicyPackVersion
from faircase.policy.workflow import workflow_for
from faircase.process import services_packs
from faircase.process.clock import deadlines_for_case
from faircase.process.models import KeyDate, PackChange

pytestmark = pytest.mark.django_db


def _adapted_text(amount=15):
    text = packs.dump_pack(packs.parse_pack(packs.shipped_text("mhps_england")))
    return text.replace(
        "amount: 10\n  unit: working_days\n  satisfied_by: practitioner_comments_received",
        f"amount: {amount}\n  unit: working_days\n  satisfied_by: practitioner_comments_received",
    )


def test_a_new_case_follows_the_current_national_version_of_its_policy_pack(case):
    assert case.pack_version == packs.national_version("mhps_england")
    assert case.stage == "concern_received"
    assert (
        AuditEvent.objects.get(action="case.opened", case_id=case.pk).summary["after"]["policy_pack_version"]
        == case.pack_version.pk
    )


def test_a_performers_list_case_takes_its_stages_and_moves_from_its_pack(organisation, case_manager):
    case = open_case(organisation=organisation, by=case_manager, policy="performers_lists")
    flow = workflow_for(case)
    assert flow.stage_name("initial_assessment") == "Performance Advisory Group"
    assert flow.stage_name("determination") == "Decision Panel"
    assert flow.move("determination", "hearing") is None
    with pytest.raises(case_services.MoveRefused) as refused:
        case_services.move_stage(case=case, to_stage="hearing", decision="d", reasons="r", by=case_manager)
    assert "to_stage" in refused.value.message_dict


def test_a_case_without_a_pack_version_follows_its_workflow_file(case):
    case.pack_version = None
    assert workflow_for(case).key == "standard"


def test_importing_a_pack_makes_a_new_version_that_new_cases_follow_and_old_cases_do_not(
    organisation, case_manager, case, tmp_path
):
    path = tmp_path / "ours.yaml"
    path.write_text(_adapted_text(15), encoding="utf-8")
    call_command(
        "packs", "import", str(path), "--org", organisation.slug, "--change-note", "Our policy: 15 days"
    )
    ours = PolicyPackVersion.objects.get(organisation=organisation, key="mhps_england")
    assert (ours.number, ours.change_note, ours.based_on) == (1, "Our policy: 15 days", case.pack_version)
    assert packs.current_version(organisation, "mhps_england") == ours

    later = open_case(organisation=organisation, by=case_manager)
    case.refresh_from_db()
    assert later.pack_version == ours
    assert case.pack_version == packs.national_version("mhps_england")
    with time_machine.travel(dt.datetime(2026, 12, 21, 9, tzinfo=dt.UTC), tick=False):
        due = {}
        for c in (case, later):
            KeyDate.objects.create(
                case=c, event="report_shared", on=dt.date(2026, 12, 18), recorded_by=case_manager
            )
            due[c.pk] = next(
                d.due_on
                for d in deadlines_for_case(c, today=timezone.localdate())
                if d.rule.key == "practitioner_comments"
            )
    assert due == {case.pk: dt.date(2027, 1, 6), later.pk: dt.date(2027, 1, 13)}
    assert AuditEvent.objects.filter(action="policy_pack.imported", organisation=organisation).count() == 1


def test_a_bad_pack_file_is_refused_whole_with_its_line_and_field(organisation, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(_adapted_text("ten"), encoding="utf-8")
    before = PolicyPackVersion.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("packs", "import", str(path), "--org", organisation.slug)
    assert "field 'amount': must be a whole number" in str(refused.value)
    assert "line " in str(refused.value) and "Nothing was imported" in str(refused.value)
    assert PolicyPackVersion.objects.count() == before
    assert not AuditEvent.objects.filter(action__startswith="policy_pack.").exists()


@pytest.mark.parametrize(
    "content",
    [
        "? [a, b]\n: c\n",
        "format: faircase-policy-pack/1\nkey: local\ntitle: T\nnation: england\nstages:\n  - ? [code]\n    : x\n",
        "stages: " + "[" * 20_000 + "]" * 20_000 + "\n",
    ],
    ids=["a complex key", "a complex key inside a stage", "lists nested 20,000 deep"],
)
def test_a_pack_file_that_cannot_be_read_is_refused_and_nothing_is_saved(organisation, tmp_path, content):
    path = tmp_path / "hostile.yaml"
    path.write_text(content, encoding="utf-8")
    before = PolicyPackVersion.objects.count(), AuditEvent.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("packs", "import", str(path), "--org", organisation.slug)
    assert "The file could not be read: " in str(refused.value)
    assert "Nothing was imported" in str(refused.value)
    assert (PolicyPackVersion.objects.count(), AuditEvent.objects.count()) == before


def test_a_pack_file_larger_than_the_limit_is_refused_before_it_is_read(organisation, tmp_path, settings):
    path = tmp_path / "large.yaml"
    path.write_text(_adapted_text(), encoding="utf-8")  # a valid file, refused for its size alone
    settings.FAIRCASE_YAML_MAX_BYTES = 4096
    before = PolicyPackVersion.objects.count()
    with pytest.raises(CommandError, match=r"The file could not be read: it is larger than 4 KB"):
        call_command("packs", "import", str(path), "--org", organisation.slug)
    assert PolicyPackVersion.objects.count() == before


def test_export_writes_the_version_in_use_which_imports_back_unchanged(organisation, tmp_path):
    out = tmp_path / "upsw.yaml"
    call_command("packs", "export", "--org", organisation.slug, "--pack", "upsw", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert "organisation: riverside" in text
    assert packs.parse_pack(text) == packs.national_version("upsw").content


def test_export_refuses_an_unknown_organisation():
    with pytest.raises(CommandError, match="No organisation with the slug 'nowhere'"):
        call_command("packs", "export", "--org", "nowhere", "--pack", "upsw")


def test_moving_a_case_to_another_version_needs_a_reason_and_is_recorded(organisation, case_manager, case):
    ours = policy_services.import_pack(organisation=organisation, text=_adapted_text(), by=case_manager)
    national = case.pack_version
    with pytest.raises(ValidationError) as refused:
        services_packs.move_case_to_pack_version(case=case, version=ours, reason="  ", by=case_manager)
    assert "reason" in refused.value.message_dict
    change = services_packs.move_case_to_pack_version(
        case=case,
        version=ours,
        reason="The board adopted the local timescales for open cases",
        by=case_manager,
    )
    case.refresh_from_db()
    assert case.pack_version == ours
    assert (change.from_version, change.to_version, change.changed_by) == (national, ours, case_manager)
    event = AuditEvent.objects.get(action="case.pack_changed", case_id=case.pk)
    assert event.summary["after"]["reason"] == "The board adopted the local timescales for open cases"
    assert event.summary["before"]["policy_pack_version"] == national.pk


def test_a_case_cannot_move_to_another_organisations_or_another_policys_pack(
    organisation, other_organisation, case_manager, case
):
    theirs = policy_services.import_pack(organisation=other_organisation, text=_adapted_text(), by="test")
    with pytest.raises(ValidationError) as refused:
        services_packs.move_case_to_pack_version(case=case, version=theirs, reason="r", by=case_manager)
    assert "version" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services_packs.move_case_to_pack_version(
            case=case, version=packs.national_version("upsw"), reason="r", by=case_manager
        )
    assert not PackChange.objects.exists()


@time_machine.travel(dt.datetime(2026, 12, 21, 9, tzinfo=dt.UTC), tick=False)
def test_a_key_date_is_recorded_with_an_audit_event_and_past_events_cannot_be_in_the_future(
    case, case_manager
):
    with pytest.raises(ValidationError) as refused:
        services_packs.record_key_date(
            case=case, event="report_shared", on=dt.date(2026, 12, 22), by=case_manager
        )
    assert "on" in refused.value.message_dict
    hearing = services_packs.record_key_date(
        case=case, event="hearing_date", on=dt.date(2027, 2, 5), by=case_manager, note=" Room 2 "
    )
    assert (hearing.note, hearing.recorded_by) == ("Room 2", case_manager)
    event = AuditEvent.objects.get(action="case.key_date_recorded", case_id=case.pk)
    assert event.summary["after"]["on"] == "2027-02-05"
    with pytest.raises(ValidationError):
        services_packs.record_key_date(
            case=case, event="period_started", on=dt.date(2026, 12, 1), by=case_manager
        )
