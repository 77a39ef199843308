"""The case pages in Welsh (issue 16): a person whose language is Welsh reads the case list, the case page, the
open-a-case form with its errors, a document's page and the investigation in Welsh; the practitioner's chosen
language for letters and the record is kept and shown."""

import re

import pytest
from django.urls import reverse

from faircase.cases.models import Practitioner
from faircase.cases.tests.factories import PractitionerFactory
from faircase.core import catalogues
from faircase.documents.tests.factories import add_document

pytestmark = pytest.mark.django_db

OUR_APPS = {"cases", "casefile", "documents", "proceedings"}


def lang_of(html: str) -> str:
    match = re.search(r'<html[^>]*\blang="([^"]+)"', html)
    assert match, html[:400]
    return match.group(1)


@pytest.fixture
def welsh_client(case_manager, signed_in):
    case_manager.language = "cy"
    case_manager.save()
    return signed_in(case_manager)


def welsh_page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:2000]
    html = response.content.decode().replace("&#39;", "'")  # Django escapes apostrophes; Jinja's gettext not
    assert lang_of(html) == "cy"
    return html


def test_the_case_list_is_in_welsh(welsh_client, case):
    html = welsh_page(welsh_client, reverse("cases:list"))
    assert "<h1>Achosion</h1>" in html
    assert "Hidlo achosion" in html and "Filter cases" not in html
    assert "Cyfeirnod neu ymarferydd" in html


def test_the_case_page_is_in_welsh(welsh_client, case):
    html = welsh_page(welsh_client, reverse("cases:detail", args=[case.pk]))
    assert f"Achos {case.reference}: {case.practitioner.full_name}" in html
    assert "Crynodeb o'r achos" in html
    assert "Ychwanegu pryder" in html and "Add a concern" not in html
    assert "Pobl a enwir ar yr achos" in html and "People named on the case" not in html
    assert "Iaith llythyrau a'r cofnod" in html


def test_the_open_a_case_form_is_in_welsh_and_so_are_its_errors(welsh_client, organisation):
    PractitionerFactory(organisation=organisation)
    url = reverse("cases:open")
    assert "<h1>Agor achos</h1>" in welsh_page(welsh_client, url)
    response = welsh_client.post(url, {"organisation": str(organisation.pk), "reference": ""})
    html = response.content.decode().replace("&#39;", "'")
    assert response.status_code == 200 and lang_of(html) == "cy"
    assert "Dewiswch yr ymarferydd y mae'r pryder yn ei gylch" in html
    assert "Rhowch beth sy'n cael ei honni" in html
    assert "Select the practitioner the concern is about" not in html


def test_the_same_pages_stay_in_english_for_everyone_else(case_manager, signed_in, case):
    html = signed_in(case_manager).get(reverse("cases:list")).content.decode()
    assert lang_of(html) == "en-GB"
    assert "<h1>Cases</h1>" in html and "Hidlo achosion" not in html


def test_a_document_page_is_in_welsh(welsh_client, case, case_manager):
    document = add_document(case, case_manager)
    html = welsh_page(welsh_client, reverse("documents:detail", args=[case.pk, document.pk]))
    assert "Hanes marcio" in html and "Marking history" not in html
    assert "Gwiriad firws" in html
    assert "Datganiad" in html  # the document's kind


def test_the_investigation_page_is_in_welsh(welsh_client, case):
    html = welsh_page(welsh_client, reverse("proceedings:investigation", args=[case.pk]))
    assert "<h1>Yr ymchwiliad</h1>" in html
    assert "Does dim ymchwilydd achos wedi'i benodi." in html
    assert "No case investigator has been appointed." not in html


@pytest.mark.parametrize("chosen", ["cy", "en", ""])
def test_the_practitioners_language_is_kept(organisation, case_manager, signed_in, chosen):
    client = signed_in(case_manager)
    response = client.post(
        reverse("cases:add_practitioner"),
        {
            "organisation": str(organisation.pk),
            "full_name": "Eleri Bryn-Teg",
            "profession": "doctor",
            "regulator": "gmc",
            "registration_number": "7654321",
            "setting": "secondary",
            "contract_type": "substantive",
            "induction": "yes",
            "qualification_region": "uk",
            "language": chosen,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Practitioner.objects.get(full_name="Eleri Bryn-Teg").language == chosen


def test_an_unknown_language_for_the_practitioner_is_refused(organisation, case_manager, signed_in):
    response = signed_in(case_manager).post(
        reverse("cases:add_practitioner"), {"organisation": str(organisation.pk), "language": "fr"}
    )
    assert "Select the language for letters and the record" in response.content.decode()


def test_the_case_summary_says_the_practitioners_language(welsh_client, case):
    case.practitioner.language = "cy"
    case.practitioner.save()
    html = welsh_page(welsh_client, reverse("cases:detail", args=[case.pk]))
    row = re.search(r"Iaith llythyrau a'r cofnod.*?<dd[^>]*>\s*(.*?)\s*</dd>", html, re.S)
    assert row and row.group(1) == "Cymraeg"


def test_with_no_choice_the_summary_names_the_organisations_default(
    case_manager, signed_in, case, organisation
):
    organisation.default_language = "cy"
    organisation.save()
    html = signed_in(case_manager).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Heb ei dewis" in html  # the organisation's default is Welsh, so the page is too
    assert "(Cymraeg)" in html


def test_our_apps_have_welsh_for_every_message():
    assert OUR_APPS & set(catalogues.missing()) == set()
