"""Which language a page is read in (ADR 41): the person's choice, their organisation's default, or, signed out,
their browser's; the switch on every page keeps the choice and returns to the page."""

import re

import pytest
from django.urls import reverse

from faircase.accounts.models import User
from faircase.core.models import AuditEvent
from faircase.practitioners.tests.portal_helpers import practitioner_user

pytestmark = pytest.mark.django_db


def lang_of(response) -> str:
    match = re.search(r'<html[^>]*\blang="([^"]+)"', response.content.decode())
    assert match, response.content[:400]
    return match.group(1)


def test_a_signed_out_browser_asking_for_welsh_reads_welsh(client):
    response = client.get(reverse("accounts:login"), headers={"accept-language": "cy,en;q=0.5"})
    assert lang_of(response) == "cy"
    assert response["Content-Language"] == "cy"
    assert "Accept-Language" in response["Vary"]


def test_a_signed_out_browser_asking_for_french_then_english_reads_english(client):
    response = client.get(reverse("accounts:login"), headers={"accept-language": "fr,en-GB;q=0.8"})
    assert lang_of(response) == "en-GB"


def test_the_organisations_default_applies_until_the_person_chooses(organisation, case_manager, signed_in):
    organisation.default_language = "cy"
    organisation.save()
    client = signed_in(case_manager)
    assert lang_of(client.get(reverse("cases:home"), follow=True)) == "cy"
    case_manager.language = "en"
    case_manager.save()
    assert lang_of(client.get(reverse("cases:home"), follow=True)) == "en-GB"


def test_a_practitioner_takes_the_default_of_their_record_s_organisation(organisation, case, client):
    organisation.default_language = "cy"
    organisation.save()
    client.force_login(practitioner_user(case))
    assert lang_of(client.get(reverse("cases:home"), follow=True)) == "cy"


def test_the_switch_keeps_the_choice_on_the_account_audited_and_returns_to_the_page(
    case_manager, signed_in, case
):
    client = signed_in(case_manager)
    page = reverse("cases:detail", args=[case.pk])
    response = client.post(reverse("core:language"), {"language": "cy", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    case_manager.refresh_from_db()
    assert case_manager.language == "cy"
    event = AuditEvent.objects.filter(action="account.language_chosen").get()
    assert event.summary["after"] == {"language": "cy"}
    assert lang_of(client.get(page)) == "cy"


def test_the_switch_offers_the_other_language_named_in_its_own(client):
    english = client.get(reverse("accounts:login")).content.decode()
    assert re.search(r'<button[^>]*lang="cy"[^>]*>.*Cymraeg', english, re.S)
    client.cookies["faircase_language"] = "cy"
    welsh = client.get(reverse("accounts:login")).content.decode()
    assert re.search(r'<button[^>]*lang="en-GB"[^>]*>.*English', welsh, re.S)


@pytest.mark.parametrize("language", ["fr", "", "cy'><script>"])
def test_an_unknown_language_changes_nothing(case_manager, signed_in, language):
    client = signed_in(case_manager)
    response = client.post(reverse("core:language"), {"language": language, "next": "/cases/"})
    assert response.status_code == 302
    assert User.objects.get(pk=case_manager.pk).language == ""
    assert "faircase_language" not in response.cookies


@pytest.mark.parametrize("elsewhere", ["https://example.org/", "//example.org/", "javascript:alert(1)"])
def test_the_switch_never_sends_a_person_off_site(client, elsewhere):
    response = client.post(reverse("core:language"), {"language": "cy", "next": elsewhere})
    assert response["Location"] == "/"


def test_signed_out_the_choice_is_kept_on_this_browser(client):
    response = client.post(reverse("core:language"), {"language": "cy", "next": "/accounts/sign-in/"})
    assert response.cookies["faircase_language"].value == "cy"
    assert response.cookies["faircase_language"]["httponly"]
    assert lang_of(client.get(reverse("accounts:login"))) == "cy"
