"""The tribunal bundle's pages as the case manager named on the case uses them, and as others are refused."""

import pytest
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.bundles.models import Bundle
from faircase.bundles.tests import factories as F
from faircase.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_named_case_manager_prepares_and_downloads_the_case_s_tribunal_bundle(client):
    world = F.world(documents=False)
    client.force_login(world.manager)
    case_page = client.get(reverse("cases:detail", kwargs={"case_id": world.case.pk}))
    prepare_url = reverse("bundles:tribunal", kwargs={"case_id": world.case.pk})
    assert prepare_url in case_page.content.decode()

    page = client.get(prepare_url)
    assert page.status_code == 200 and F.WITNESS in page.content.decode()
    refused = client.post(prepare_url, {"other_terms": "x"})
    assert refused.status_code == 200 and "is too short to redact" in refused.content.decode()
    assert Bundle.objects.count() == 0

    done = client.post(prepare_url, {"redact": [F.WITNESS], "other_terms": "bed 4\n"})
    bundle = Bundle.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"/{bundle.pk}/")
    assert (bundle.kind, bundle.case, bundle.redacted_terms) == ("tribunal", world.case, [F.WITNESS, "bed 4"])
    download = client.get(reverse("bundles:download", kwargs={"org_slug": "kernow", "bundle_id": bundle.pk}))
    assert download.status_code == 200 and download["X-Bundle-SHA256"] == bundle.sha256
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="bundle.downloaded", actor=world.manager).count() == 1


def test_a_case_manager_not_named_on_the_case_sees_no_bundle_and_cannot_prepare_one(client):
    world = F.world(documents=False)
    bundle = F.stored_bundle(organisation=world.organisation, by=world.admin)
    other = member(world.organisation, "case_manager", username="not-named")
    client.force_login(other)
    case_page = client.get(reverse("cases:detail", kwargs={"case_id": world.case.pk}))
    assert case_page.status_code == 200 and "Prepare a tribunal bundle" not in case_page.content.decode()
    assert client.get(reverse("bundles:tribunal", kwargs={"case_id": world.case.pk})).status_code == 404
    for name in ("detail", "download"):
        url = reverse(f"bundles:{name}", kwargs={"org_slug": "kernow", "bundle_id": bundle.pk})
        assert client.get(url).status_code == 404
    release = reverse("bundles:release", kwargs={"org_slug": "kernow", "bundle_id": bundle.pk})
    assert client.post(release).status_code == 404
    assert Bundle.objects.get(pk=bundle.pk).status == "draft"


def test_an_administrator_kept_away_from_one_case_neither_sees_nor_opens_the_practitioner_s_bundles(client):
    from faircase.cases import services as case_services

    world = F.world(documents=False)
    bundle = F.stored_bundle(organisation=world.organisation, by=world.admin)
    bundle.practitioner = world.practitioner
    bundle.save()
    kept_away = member(world.organisation, "org_admin", username="kept-away-admin")
    case_services.exclude_for_conflict(
        case=world.other_case, user=kept_away, reason="Friend", by=world.manager
    )
    client.force_login(kept_away)
    listing = client.get(reverse("bundles:organisation", kwargs={"org_slug": "kernow"})).content.decode()
    assert F.PRACTITIONER not in listing
    url = reverse("bundles:detail", kwargs={"org_slug": "kernow", "bundle_id": bundle.pk})
    assert client.get(url).status_code == 404
    client.force_login(world.admin)
    assert (
        F.PRACTITIONER
        in client.get(reverse("bundles:organisation", kwargs={"org_slug": "kernow"})).content.decode()
    )
    assert client.get(url).status_code == 200
