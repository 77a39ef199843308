"""Text faircase writes into an organisation's framework (issue 16): the title of a first adaptation is in the
organisation's language, whoever starts it; the organisation may change it when it publishes."""

import pytest
import yaml
from django.utils import translation

from faircase.accounts.tests.factories import member
from faircase.framework import services
from faircase.framework.yamlformat import dump


@pytest.mark.django_db
def test_a_first_adaptation_is_titled_in_the_organisation_s_language(organisation):
    admin = member(organisation, "org_admin", username="admin", full_name="Ada Administrator")
    with translation.override("cy"):
        english = services.start_adaptation(organisation=organisation, by=admin)
    assert english.title == f"{organisation.name} framework"
    services.discard_draft(version=english, by=admin)

    organisation.default_language = "cy"
    organisation.save(update_fields=["default_language"])
    with translation.override("en"):
        welsh = services.start_adaptation(organisation=organisation, by=admin)
    assert welsh.title == f"Fframwaith {organisation.name}"


def test_an_exported_file_notes_its_fixed_principles_in_the_exporter_s_language_and_reads_back():
    with translation.override("cy"):
        text = dump(title="Fframwaith", considerations=[])
    assert text.startswith("# Fersiwn o fframwaith faircase.")
    with translation.override("en"):
        assert dump(title="T", considerations=[]).startswith("# A faircase framework version.")
    assert yaml.safe_load(text)["title"] == "Fframwaith"
