"""The demo's Welsh organisation (ADR 41): Bro Derwen reads faircase in Welsh and produces bilingual letters and
records; a practitioner there chose Welsh. A demo loaded before the languages existed gains them when reloaded."""

import pytest
from django.db import transaction

from faircase.accounts.models import Organisation
from faircase.cases.models import Practitioner
from faircase.core import languages
from faircase.core.models import AuditEvent
from faircase.demo.data import DemoDataError, demo_data, read_demo_data
from faircase.demo.services import _keep_languages
from faircase.demo.tests.test_data import data_copy, spoil  # noqa: F401 (data_copy is a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(demo_loaded):
    return demo_loaded


def test_bro_derwen_is_welsh_by_default_and_bilingual_and_the_english_organisations_are_not(demo):
    welsh = Organisation.objects.get(slug="bro-derwen")
    assert (welsh.default_language, welsh.document_languages) == ("cy", "bilingual")
    others = Organisation.objects.exclude(slug="bro-derwen")
    assert others.exists()
    assert set(others.values_list("default_language", "document_languages")) == {("en", "chosen")}


def test_a_bro_derwen_practitioner_chose_welsh_and_gets_welsh_first(demo):
    lowri = Practitioner.objects.get(organisation__slug="bro-derwen", full_name="Lowri Cadwgan")
    assert languages.for_practitioner(lowri) == "cy"
    assert languages.for_documents(lowri) == ["cy", "en"]


def test_reloading_a_demo_from_before_the_languages_gives_them_and_audits_it(demo):
    Organisation.objects.filter(slug="bro-derwen").update(default_language="en", document_languages="chosen")
    spec = next(o for o in demo_data().organisations if o.slug == "bro-derwen")
    with transaction.atomic():
        _keep_languages(Organisation.objects.get(slug="bro-derwen"), spec)
    welsh = Organisation.objects.get(slug="bro-derwen")
    assert welsh.default_language == "cy"
    event = AuditEvent.objects.filter(action="organisation.languages_changed").latest("sequence")
    assert event.summary["after"] == {"default_language": "cy", "document_languages": "bilingual"}


def test_the_demo_data_refuses_a_language_faircase_does_not_speak(data_copy):  # noqa: F811
    spoil(data_copy, "organisations.yaml", "    default_language: cy\n", "    default_language: fr\n")
    with pytest.raises(
        DemoDataError, match=r"organisation bro-derwen: 'default_language' must be one of en, cy"
    ):
        read_demo_data(data_copy)
