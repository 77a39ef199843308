"""Accounts in Welsh (ADR 41): the sign-in page a practitioner first sees, a person's own language on their
account, and an organisation's language settings, kept by its administrators only."""

import re

import pytest
from django.urls import reverse

from faircase.accounts.models import User
from faircase.accounts.tests.factories import member
from faircase.core import catalogues
from faircase.core.models import AuditEvent

pytestmark = pytest.mark.django_db

WELSH_BROWSER = {"accept-language": "cy,en;q=0.5"}


def lang_of(response) -> str:
    match = re.search(r'<html[^>]*\blang="([^"]+)"', response.content.decode())
    assert match, response.content[:400]
    return match.group(1)


def main_of(response) -> str:
    """The page's own content, without the header and footer other apps translate."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


@pytest.fixture
def admin(organisation):
    return member(organisation, "org_admin", username="admin", full_name="Ada Administrator")


@pytest.fixture
def welsh_admin(other_organisation):
    return member(other_organisation, "org_admin", username="gwen", full_name="Gwen Gweinyddwr")


def languages_url(organisation) -> str:
    return reverse("people:languages", kwargs={"org_slug": organisation.slug})


# ---- signing in ------------------------------------------------------------------------------------------------


def test_the_sign_in_page_is_welsh_when_the_browser_asks_for_welsh(client):
    response = client.get(reverse("accounts:login"), headers=WELSH_BROWSER)
    assert lang_of(response) == "cy"
    main = main_of(response)
    assert "Mewngofnodi i faircase" in main
    assert "Enw defnyddiwr" in main and "Cyfrinair" in main
    assert "Sign in to faircase" not in main
    assert "Username" not in main and "Password" not in main


def test_the_sign_in_page_stays_english_for_an_english_browser(client):
    main = main_of(client.get(reverse("accounts:login"), headers={"accept-language": "en-GB"}))
    assert "Sign in to faircase" in main and "Mewngofnodi" not in main


def test_a_bad_sign_in_is_refused_in_welsh(client, case_manager):
    response = client.post(
        reverse("accounts:login"), {"username": "cm", "password": "not-the-password"}, headers=WELSH_BROWSER
    )
    main = main_of(response)
    assert "Rhowch enw defnyddiwr a chyfrinair cywir." in main
    assert "Enter a correct username and password" not in main


def test_an_empty_sign_in_asks_in_welsh(client):
    main = main_of(client.post(reverse("accounts:login"), {}, headers=WELSH_BROWSER))
    assert "Rhowch eich enw defnyddiwr" in main and "Rhowch eich cyfrinair" in main
    assert "Enter your username" not in main


# ---- a person's own language --------------------------------------------------------------------------------------


def test_the_account_page_offers_the_language_checked_as_it_is(case_manager, signed_in):
    page = signed_in(case_manager).get(reverse("accounts:security")).content.decode()
    assert "Language / Iaith" in page
    assert re.search(r'<input[^>]*value="en"[^>]*checked', page)
    assert re.search(r'<label[^>]*lang="cy"[^>]*>\s*Cymraeg', page)


def test_choosing_welsh_on_the_account_page_keeps_it_audited_and_the_next_page_is_welsh(
    case_manager, signed_in
):
    client = signed_in(case_manager)
    response = client.post(reverse("accounts:security_language"), {"language": "cy"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:security")
    assert User.objects.get(pk=case_manager.pk).language == "cy"
    event = AuditEvent.objects.get(action="account.language_chosen")
    assert event.summary["before"] == {"language": ""} and event.summary["after"] == {"language": "cy"}
    page = client.get(reverse("accounts:security"))
    assert lang_of(page) == "cy"
    assert "Diogelwch y cyfrif" in main_of(page) and "Account security" not in main_of(page)
    assert "Cadwyd eich iaith." in page.content.decode()


@pytest.mark.parametrize("language", ["fr", "", "cy'><script>"])
def test_an_unknown_language_on_the_account_page_is_refused_and_changes_nothing(
    case_manager, signed_in, language
):
    response = signed_in(case_manager).post(reverse("accounts:security_language"), {"language": language})
    assert response.status_code == 400
    assert "Choose English or Cymraeg" in response.content.decode()
    assert User.objects.get(pk=case_manager.pk).language == ""
    assert not AuditEvent.objects.filter(action="account.language_chosen").exists()


def test_the_people_admin_shows_a_persons_language(admin, case_manager, organisation, signed_in):
    url = reverse("people:person", kwargs={"org_slug": organisation.slug, "user_id": case_manager.pk})
    client = signed_in(admin)
    assert re.search(r">\s*Language\s*</dt>\s*<dd[^>]*>\s*Not chosen", client.get(url).content.decode())
    case_manager.language = "cy"
    case_manager.save()
    assert re.search(r">\s*Language\s*</dt>\s*<dd[^>]*>\s*Cymraeg", client.get(url).content.decode())


# ---- an organisation's language settings ---------------------------------------------------------------------------


def test_an_administrator_in_wales_sets_welsh_and_bilingual_documents_audited(
    welsh_admin, other_organisation, signed_in
):
    client = signed_in(welsh_admin)
    page = client.get(languages_url(other_organisation)).content.decode()
    assert "Letters and records" in page and 'value="bilingual"' in page
    response = client.post(
        languages_url(other_organisation), {"default_language": "cy", "document_languages": "bilingual"}
    )
    assert response.status_code == 302
    other_organisation.refresh_from_db()
    assert (other_organisation.default_language, other_organisation.document_languages) == ("cy", "bilingual")
    event = AuditEvent.objects.get(action="organisation.languages_changed")
    assert event.organisation_id == other_organisation.pk
    assert event.summary["before"] == {"default_language": "en", "document_languages": "chosen"}
    assert event.summary["after"] == {"default_language": "cy", "document_languages": "bilingual"}


def test_outside_wales_bilingual_documents_are_not_offered_and_the_page_says_why(
    admin, organisation, signed_in
):
    client = signed_in(admin)
    page = client.get(languages_url(organisation)).content.decode()
    assert 'value="bilingual"' not in page
    assert "offered only to organisations in Wales" in page
    response = client.post(
        languages_url(organisation), {"default_language": "cy", "document_languages": "bilingual"}
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.default_language, organisation.document_languages) == ("cy", "chosen")


@pytest.mark.parametrize(
    ("posted", "says"),
    [
        (
            {"default_language": "fr", "document_languages": "chosen"},
            "Choose English or Cymraeg as the default",
        ),
        ({"default_language": "cy", "document_languages": "trilingual"}, "Choose the language of letters"),
        ({}, "Choose English or Cymraeg as the default"),
    ],
)
def test_the_organisation_settings_refuse_bad_input_and_change_nothing(
    welsh_admin, other_organisation, signed_in, posted, says
):
    response = signed_in(welsh_admin).post(languages_url(other_organisation), posted)
    assert response.status_code == 400
    assert says in response.content.decode()
    other_organisation.refresh_from_db()
    assert (other_organisation.default_language, other_organisation.document_languages) == ("en", "chosen")
    assert not AuditEvent.objects.filter(action="organisation.languages_changed").exists()


def test_the_service_refuses_bilingual_documents_outside_wales(admin, organisation):
    from django.core.exceptions import ValidationError

    from faircase.accounts import services

    with pytest.raises(ValidationError) as refused:
        services.set_organisation_languages(
            organisation=organisation, default_language="en", document_languages="bilingual", by=admin
        )
    assert "only to organisations in Wales" in str(refused.value.message_dict["document_languages"])


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_organisation_settings_are_404_to_non_administrators(
    case_manager, organisation, signed_in, method
):
    response = getattr(signed_in(case_manager), method)(
        languages_url(organisation), {"default_language": "cy"}
    )
    assert response.status_code == 404
    organisation.refresh_from_db()
    assert organisation.default_language == "en"


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_organisation_settings_are_404_to_administrators_of_another_organisation(
    admin, other_organisation, signed_in, method
):
    response = getattr(signed_in(admin), method)(
        languages_url(other_organisation), {"default_language": "cy", "document_languages": "bilingual"}
    )
    assert response.status_code == 404
    other_organisation.refresh_from_db()
    assert other_organisation.default_language == "en"


def test_the_settings_page_reads_in_welsh_for_a_welsh_administrator(
    welsh_admin, other_organisation, signed_in
):
    welsh_admin.language = "cy"
    welsh_admin.save()
    main = main_of(signed_in(welsh_admin).get(languages_url(other_organisation)))
    assert "Gosodiadau iaith" in main and "Language settings" not in main


def test_a_person_added_to_a_welsh_organisation_gets_their_email_in_welsh_and_the_admin_reads_english(
    welsh_admin, other_organisation, signed_in
):
    from django.core import mail

    other_organisation.default_language = "cy"
    other_organisation.save()
    welsh_admin.language = "en"
    welsh_admin.save()
    response = signed_in(welsh_admin).post(
        reverse("people:add", kwargs={"org_slug": other_organisation.slug}),
        {"full_name": "Nia Newydd", "username": "nia", "email": "nia@example.invalid", "role": "auditor"},
        follow=True,
    )
    assert "Nia Newydd has been added." in response.content.decode()
    (email,) = mail.outbox
    assert email.subject == "Gosod eich cyfrinair faircase"
    assert email.body.startswith("Annwyl Nia Newydd,") and "Dear" not in email.body


def test_every_message_of_accounts_has_welsh():
    assert "accounts" not in catalogues.missing()
