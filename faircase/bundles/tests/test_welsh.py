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


@pytest.mark.parametrize("status", ["draft", "released", "queued", "failed"])
def test_the_detail_and_progress_pages_hold_no_english_interface_text(client, status):
    """The pages the Welsh crawl cannot reach in the demo (it has no bundle), read with the crawl's detector."""
    from faircase.bundles.services import FAILED_MESSAGE
    from faircase.core.tests.welsh_pages import data_text, untranslated

    world = F.world(documents=False)
    bundle = F.stored_bundle(organisation=world.organisation, by=world.admin, case=world.case)
    bundle.status = status
    bundle.redacted_terms = [F.WITNESS]
    bundle.failure = FAILED_MESSAGE if status == "failed" else ""
    if status == "released":
        bundle.released_by, bundle.released_by_label, bundle.released_at = (
            world.admin,
            "Morwenna Admin",
            bundle.prepared_at,
        )
    bundle.save()
    world.admin.language = "cy"
    world.admin.save()
    client.force_login(world.admin)

    detail = client.get(reverse("bundles:detail", kwargs={"org_slug": "kernow", "bundle_id": bundle.pk}))
    listing = client.get(reverse("bundles:organisation", kwargs={"org_slug": "kernow"}))
    case_page = client.get(reverse("cases:detail", kwargs={"case_id": world.case.pk}))

    data = data_text()
    # A bundle being made or that failed shows its progress at the same address (bundles/progress.jinja).
    assert detail.status_code == 200 and ("data-record-file" in detail.content.decode()) == (
        status in ("queued", "failed")
    )
    assert untranslated(detail.content.decode(), data) == []
    assert untranslated(listing.content.decode(), data) == []
    # The case page's section (bundles/_case_bundles.jinja): the rest of that page belongs to other apps.
    case_text = case_page.content.decode()
    assert "Prepare a tribunal bundle" not in case_text and ", prepared by " not in case_text
