"""The policy packs page, the key date page, the case's pack version page and the case page's deadlines
section."""

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from faircase.accounts.tests.factories import member
from faircase.policy import packs
from faircase.policy import services as policy_services
from faircase.process.models import KeyDate, Restriction, RestrictionPeriod
from faircase.process.presenters_deadlines import case_deadlines_context

pytestmark = pytest.mark.django_db


def test_the_packs_page_needs_a_sign_in(client):
    response = client.get(reverse("process:pack_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_any_member_reads_each_rule_with_its_period_source_and_status(organisation, signed_in):
    auditor = member(organisation, "auditor")
    page = signed_in(auditor).get(reverse("process:pack_list")).content.decode()
    assert organisation.name in page
    assert "Review of the formal exclusion period" in page
    assert "4 weeks from the day each period starts, that day counted" in page
    assert "MHPS Part II, paragraphs 15 and 28 (Department of Health, 2003/2005)" in page
    assert "Verified" in page and "To be confirmed" in page
    assert "Performers Lists (England)" in page


def test_the_packs_page_shows_the_organisations_adapted_version(organisation, other_organisation, signed_in):
    text = packs.dump_pack(packs.parse_pack(packs.shipped_text("local"))).replace(
        "title: Local policy (template)", "title: Riverside capability policy"
    )
    policy_services.import_pack(organisation=organisation, text=text, by="test", change_note="Our own policy")
    policy_services.import_pack(
        organisation=other_organisation,
        text=text.replace("Riverside capability policy", "Hillside secret policy"),
        by="test",
    )
    page = signed_in(member(organisation, "auditor")).get(reverse("process:pack_list")).content.decode()
    assert "Riverside capability policy" in page and "Our own policy" in page
    assert "Hillside secret policy" not in page


@time_machine.travel(dt.datetime(2026, 12, 21, 9, tzinfo=dt.UTC), tick=False)
def test_a_case_manager_records_a_key_date(case, case_manager, signed_in):
    client = signed_in(case_manager)
    url = reverse("process:pack_key_date", kwargs={"case_id": case.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"event": "report_shared", "on_0": "18", "on_1": "12", "on_2": "2026", "note": ""}
    )
    assert response.status_code == 302
    assert KeyDate.objects.get(case=case).on == dt.date(2026, 12, 18)


@time_machine.travel(dt.datetime(2026, 12, 21, 9, tzinfo=dt.UTC), tick=False)
def test_a_past_event_dated_in_the_future_is_refused_on_the_page(case, case_manager, signed_in):
    url = reverse("process:pack_key_date", kwargs={"case_id": case.pk})
    response = signed_in(case_manager).post(
        url, {"event": "report_shared", "on_0": "5", "on_1": "1", "on_2": "2027", "note": ""}
    )
    assert response.status_code == 200
    assert "only hearing dates can be in the future" in response.content.decode()
    assert not KeyDate.objects.exists()


def test_someone_who_cannot_change_the_case_gets_not_found(case, organisation, signed_in):
    auditor = member(organisation, "auditor")
    client = signed_in(auditor)
    for name in ("process:pack_key_date", "process:pack_case_version"):
        assert client.get(reverse(name, kwargs={"case_id": case.pk})).status_code == 404


def test_a_case_is_moved_to_another_version_with_a_reason_on_its_page(
    organisation, case, case_manager, signed_in
):
    ours = policy_services.import_pack(
        organisation=organisation, text=packs.shipped_text("mhps_england"), by="test"
    )
    client = signed_in(case_manager)
    url = reverse("process:pack_case_version", kwargs={"case_id": case.pk})
    refused = client.post(url, {"version": str(ours.pk), "reason": ""})
    assert "Say why the case should follow another version" in refused.content.decode()
    response = client.post(url, {"version": str(ours.pk), "reason": "Adopted the trust's version"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.pack_version == ours


def test_the_deadlines_section_lists_overdue_first_with_source_and_to_be_confirmed_tags(case, case_manager):
    with time_machine.travel(dt.datetime(2027, 2, 2, 9, tzinfo=dt.UTC), tick=False):
        KeyDate.objects.create(
            case=case, event="report_shared", on=dt.date(2027, 1, 29), recorded_by=case_manager
        )
        exclusion = Restriction.objects.create(
            case=case,
            kind="formal_exclusion",
            started_on=dt.date(2027, 1, 4),
            terms="t",
            reasons="r",
            recorded_by=case_manager,
        )
        RestrictionPeriod.objects.create(
            restriction=exclusion, number=1, starts_on=dt.date(2027, 1, 4), ends_on=dt.date(2027, 1, 31)
        )
        context = case_deadlines_context(case, case_manager, timezone.localdate())
    rows = context["rows"]
    assert rows[0]["title"] == "Review of the formal exclusion period (period 1)"
    assert rows[0]["overdue"] and "right to return to work" in rows[0]["detail"]
    assert rows[0]["to_confirm"] is False
    comments = next(r for r in rows if r["title"] == "Practitioner's comments on the report")
    assert (comments["due_on"], comments["to_confirm"]) == ("12 February 2027", True)
    assert comments["period"] == "10 working days after the report was shared with the practitioner"
    html = render_to_string("process/_case_deadlines.jinja", {"deadlines": context, "case": case})
    assert "1 deadline is overdue" in html
    assert "To be confirmed" in html and "Overdue" in html
    assert "MHPS Part I (Department of Health, 2003/2005)" in html
    assert reverse("process:pack_key_date", kwargs={"case_id": case.pk}) in html


@time_machine.travel(dt.datetime(2027, 2, 2, 9, tzinfo=dt.UTC), tick=False)
def test_the_deadlines_section_offers_no_changes_to_someone_who_cannot_change_the_case(case, organisation):
    auditor = member(organisation, "auditor")
    context = case_deadlines_context(case, auditor, timezone.localdate())
    html = render_to_string("process/_case_deadlines.jinja", {"deadlines": context, "case": case})
    assert context["can_change"] is False
    assert "Record a key date" not in html
    assert "There are no upcoming or overdue deadlines" in html
