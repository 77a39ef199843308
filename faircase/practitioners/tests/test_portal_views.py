import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from faircase.accounts.tests.factories import member
from faircase.core.models import AuditEvent
from faircase.practitioners import presenters_portal, services_portal
from faircase.practitioners.models import SharedConcern, SupportEntry, WelfarePlan
from faircase.practitioners.tests.portal_helpers import practitioner_user
from faircase.process.models import KeyDate

pytestmark = pytest.mark.django_db


def _page(client, case):
    response = client.get(reverse("practitioners:portal_case", kwargs={"case_id": case.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_redirects_a_practitioner_to_their_cases(case, signed_in):
    client = signed_in(practitioner_user(case))
    response = client.get(reverse("cases:home"))
    assert response.status_code == 302
    assert response.url == reverse("practitioners:portal_home")
    listing = client.get(response.url).content.decode()
    assert reverse("practitioners:portal_case", kwargs={"case_id": case.pk}) in listing


def test_a_practitioners_navigation_has_only_their_cases(case, signed_in):
    client = signed_in(practitioner_user(case))
    html = client.get(reverse("practitioners:portal_home")).content.decode()
    assert "Your cases" in html
    assert f'href="{reverse("cases:list")}"' not in html
    assert f'href="{reverse("process:deadlines_yours")}"' not in html


def test_only_shared_concerns_are_shown_in_the_words_shared(case, case_manager, signed_in):
    concern = case.concerns.get()
    client = signed_in(practitioner_user(case))
    html = _page(client, case)
    assert concern.description not in html
    assert "No concerns have been shared with you" in html
    services_portal.share_concern(
        concern=concern, text="A discharge letter in March had the wrong dose.", by=case_manager
    )
    html = _page(client, case)
    assert "A discharge letter in March had the wrong dose." in html
    assert concern.description not in html
    assert AuditEvent.objects.filter(action="concern.shared").exists()


def test_the_share_form_defaults_to_the_concern_description(case, case_manager, signed_in):
    concern = case.concerns.get()
    client = signed_in(case_manager)
    url = reverse("practitioners:portal_share_concern", kwargs={"case_id": case.pk, "concern_id": concern.pk})
    assert concern.description in client.get(url).content.decode()
    assert client.post(url, {"text": "Plain words"}).status_code == 302
    assert SharedConcern.objects.get(concern=concern).text == "Plain words"
    client.post(url, {"text": "Better words"})
    assert SharedConcern.objects.get(concern=concern).text == "Better words"


def test_the_process_and_the_current_stage_are_shown(case, signed_in):
    html = _page(signed_in(practitioner_user(case)), case)
    assert "Maintaining High Professional Standards in the Modern NHS (England)" in html
    assert "national framework NHS organisations in England use" in html
    assert "You are here" in html
    assert "nhsuk-task-list" in html


def test_only_the_dates_that_concern_the_practitioner_are_listed(case, case_manager, signed_in):
    KeyDate.objects.create(
        case=case, event="hearing_date", on=dt.date(2026, 12, 14), recorded_by=case_manager
    )
    KeyDate.objects.create(
        case=case, event="investigator_appointed", on=dt.date(2026, 10, 1), recorded_by=case_manager
    )
    html = _page(signed_in(practitioner_user(case)), case)
    assert "Your hearing" in html
    assert "14 December 2026" in html
    assert "1 October 2026" not in html


def test_the_comment_deadline_follows_the_report_being_shared(case, case_manager):
    KeyDate.objects.create(
        case=case, event="report_shared", on=dt.date(2026, 11, 2), recorded_by=case_manager
    )
    rows = presenters_portal.dates(case, today=dt.date(2026, 11, 3))
    assert rows[0]["text"] == "The investigation report was shared with you"
    deadlines = [row for row in rows if row["kind"] == "deadline"]
    assert deadlines
    assert all(row["on"] > dt.date(2026, 11, 2) for row in deadlines)


def test_named_contact_is_shown_by_name_and_role_or_none_yet(case, case_manager, organisation, signed_in):
    client = signed_in(practitioner_user(case))
    assert "You do not have a named contact yet" in _page(client, case)
    contact = member(organisation, "hr_adviser", full_name="Rowan Fictional")
    WelfarePlan.objects.create(
        case=case, named_contact=contact, agreed_on=dt.date(2026, 11, 1), updated_by=case_manager
    )
    html = _page(client, case)
    assert "Rowan Fictional" in html
    assert "Named contact" in html


def test_rights_are_listed(case, signed_in):
    html = _page(signed_in(practitioner_user(case)), case)
    for title in (
        "To be accompanied",
        "To give your account",
        "To comment on the investigation report",
        "To ask for reasonable adjustments",
    ):
        assert title in html


def test_support_applies_to_the_profession_and_nation_with_the_last_checked_date(case, signed_in):
    # The practitioner is a doctor in England.
    html = _page(signed_in(practitioner_user(case)), case)
    assert "NHS Practitioner Health" in html
    assert "Samaritans" in html
    assert "Health for Health Professionals Wales" not in html
    assert "Pharmacist Support" not in html
    assert "Details last checked on 1 November 2026" in html


def test_the_national_directory_is_loaded_by_the_migration():
    national = SupportEntry.objects.filter(organisation__isnull=True)
    assert national.filter(key="samaritans").exists()
    assert all(entry.last_checked_on for entry in national)


def test_an_org_admin_edits_their_entries_and_national_ones_are_read_only(organisation, signed_in):
    admin = member(organisation, "org_admin")
    client = signed_in(admin)
    listing = client.get(reverse("practitioners:portal_support_list")).content.decode()
    assert "Samaritans" in listing
    add_url = reverse("practitioners:portal_support_add", kwargs={"org_slug": organisation.slug})
    response = client.post(
        add_url,
        {
            "name": "Riverside staff counselling",
            "description": "Free counselling for staff.",
            "contact": "Extension 4000",
            "website": "",
            "last_checked_on_0": "2",
            "last_checked_on_1": "11",
            "last_checked_on_2": "2026",
        },
    )
    assert response.status_code == 302
    entry = SupportEntry.objects.get(organisation=organisation)
    edit_url = reverse(
        "practitioners:portal_support_edit", kwargs={"org_slug": organisation.slug, "entry_id": entry.pk}
    )
    client.post(
        edit_url,
        {
            "name": entry.name,
            "description": entry.description,
            "last_checked_on_0": "20",
            "last_checked_on_1": "11",
            "last_checked_on_2": "2026",
        },
    )
    entry.refresh_from_db()
    assert entry.last_checked_on == dt.date(2026, 11, 20)
    national = SupportEntry.objects.filter(organisation__isnull=True).first()
    national_url = reverse(
        "practitioners:portal_support_edit", kwargs={"org_slug": organisation.slug, "entry_id": national.pk}
    )
    assert client.get(national_url).status_code == 404
    assert AuditEvent.objects.filter(action="support_entry.changed").exists()


def test_someone_who_is_not_an_org_admin_cannot_edit_the_directory(organisation, case_manager, signed_in):
    client = signed_in(case_manager)
    assert client.get(reverse("practitioners:portal_support_list")).status_code == 200
    url = reverse("practitioners:portal_support_add", kwargs={"org_slug": organisation.slug})
    assert client.get(url).status_code == 404


def test_the_staff_partial_shows_the_invitation_status(case, case_manager):
    request = RequestFactory().get("/")
    request.user = case_manager

    def render(today=None):
        context = presenters_portal.case_portal_context(case, case_manager, timezone.localdate())
        return render_to_string(
            "practitioners/_case_portal.jinja", {"case": case, "portal": context}, request=request
        )

    assert "Not invited" in render()
    assert reverse("practitioners:portal_invite", kwargs={"case_id": case.pk}) in render()
    services_portal.invite_practitioner(case=case, email="a@example.test", by=case_manager)
    assert "Invited on" in render()
    practitioner_user(case)
    assert "Account active" in render()
