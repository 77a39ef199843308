"""A subject access request answered in a browser: an organisation administrator prepares the practitioner's
bundle, ticks a witness's name to redact (after a term too short to redact is refused), waits on the progress page
while the task worker makes it (ADR 39), downloads the draft and reads it back, then releases it. Every page is
checked with axe-core."""

import pytest
from playwright.sync_api import Page, expect

from faircase.bundles import services as bundle_services
from faircase.bundles.models import Bundle
from faircase.bundles.tests import factories as F
from faircase.bundles.tests.reading import index_pages, pages
from faircase.core.models import AuditEvent
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.header import follow_header_link
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_an_administrator_prepares_redacts_downloads_and_releases_a_subject_access_bundle(
    page: Page, settings
):
    # Given a practitioner with two cases, a witness interviewed in one, the organisation's administrator, and a
    # task worker that has not yet taken the request (the task waits in the queue)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    world = F.world()
    page.goto("/")
    sign_in(page, username="kernow-admin", password=PASSWORD)

    # When the administrator opens Disclosure and chooses the practitioner
    follow_header_link(page, "Disclosure")
    expect(page.get_by_role("heading", level=1)).to_have_text("Disclosure bundles")
    expect(page.get_by_text("No bundle has been prepared yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=F.PRACTITIONER).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prepare a subject access bundle")
    expect(page.get_by_text("2 cases (KER-0001, KER-0002)")).to_be_visible()
    assert_accessible(page)

    # Then a term too short to redact is refused, saying why, and nothing is prepared
    page.get_by_label("Other names, words or phrases to redact (optional)").fill("x")
    page.get_by_role("button", name="Prepare the bundle").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("'x' is too short to redact")
    assert Bundle.objects.count() == 0
    assert_accessible(page)

    # When they tick the witness and prepare the bundle
    page.get_by_label("Other names, words or phrases to redact (optional)").fill("")
    page.get_by_role("checkbox", name=f"{F.WITNESS}: interviewed on 9 March 2026 (case KER-0001)").check()
    page.get_by_role("button", name="Prepare the bundle").click()

    # Then a page says, at once, that it is waiting and that the page updates itself
    expect(page.get_by_role("heading", level=1)).to_have_text(F.PRACTITIONER)
    expect(page.get_by_role("status")).to_have_text(
        "Your request is waiting to start. A bundle of many cases can take a few minutes."
    )
    expect(page.get_by_text("This page updates itself.")).to_be_visible()
    assert_accessible(page)

    # When the task worker makes it, the page shows the draft without being reloaded by hand
    assert bundle_services.make_bundle(bundle_id=str(Bundle.objects.get().pk)) == "draft"
    expect(page.get_by_text("Draft preview")).to_be_visible()
    expect(page.locator("#redactions ~ ul")).to_contain_text(F.WITNESS)
    assert_accessible(page)

    # Then the draft they download has an index, numbered pages, the practitioner and not the witness
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the bundle (PDF)").click()
    with open(download_info.value.path(), "rb") as handle:
        content = handle.read()
    texts = pages(content)
    whole = " ".join(texts)
    assert F.PRACTITIONER in whole and "Penhallow" not in whole and "[redacted]" in whole
    assert all(f"Page {n} of {len(texts)}" in text for n, text in enumerate(texts, start=1))
    case_page = index_pages(texts, ["Case KER-0001"])["Case KER-0001"]
    assert texts[case_page - 1].split("Page ")[0].find("Case KER-0001") != -1
    assert AuditEvent.objects.filter(action="bundle.downloaded", actor=world.admin).count() == 1

    # And once released it says so, and cannot be released again
    page.get_by_role("button", name="Release the bundle").click()
    expect(page.get_by_text("The bundle was released.")).to_be_visible()
    expect(page.get_by_role("heading", name="Released", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Release the bundle")).to_have_count(0)
    assert_accessible(page)
    assert Bundle.objects.get().status == "released"
