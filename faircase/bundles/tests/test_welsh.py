"""The bundles' pages in Welsh for a person who reads faircase in Welsh (issue 16)."""

import pytest
from django.urls import reverse

from faircase.bundles.tests import factories as F
from faircase.core import catalogues

pytestmark = pytest.mark.django_db


def test_preparing_a_tribunal_bundle_reads_in_welsh_and_refuses_in_welsh(client):
    world = F.world(documents=False)
    world.manager.language = "cy"
    world.manager.save()
    client.force_login(world.manager)
    prepare_url = reverse("bundles:tribunal", kwargs={"case_id": world.case.pk})

    page = client.get(prepare_url).content.decode()
    refused = client.post(prepare_url, {"other_terms": "x"}).content.decode()

    assert '<html lang="cy"' in page
    assert "Paratoi bwndel tribiwnlys" in page
    assert "Prepare a tribunal bundle" not in page
    assert "yn rhy fyr i&#39;w olygu" in refused or "yn rhy fyr i'w olygu" in refused
    assert "is too short to redact" not in refused


def test_the_page_of_a_bundle_reads_in_welsh(client):
    world = F.world(documents=False)
    bundle = F.stored_bundle(organisation=world.organisation, by=world.admin)
    world.admin.language = "cy"
    world.admin.save()
    client.force_login(world.admin)

    page = client.get(reverse("bundles:detail", kwargs={"org_slug": "kernow", "bundle_id": bundle.pk}))

    text = page.content.decode()
    assert "Beth a olygwyd" in text
    assert "What was redacted" not in text


def test_every_message_of_the_bundles_has_welsh():
    assert "bundles" not in catalogues.missing()
