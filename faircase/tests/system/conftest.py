"""The browser-test harness: Debian's chromium driven by Playwright against pytest-django's live server.

Journeys here are written as the steps a person takes and check every page they visit with axe-core
(faircase.tests.system.axe.assert_accessible). When /usr/bin/chromium is missing they fail, saying so; set
FAIRCASE_SKIP_BROWSER=1 to skip them on purpose.
"""

import os

# Playwright's sync API runs an event loop in this thread; Django must still let the test talk to the
# database from it. Set before Django or Playwright is imported.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Route, sync_playwright

from faircase.framework.services import load_national
from faircase.tests.database import put_back_what_the_migrations_made
from faircase.tests.system.axe import AXE_SCRIPT

CHROMIUM = Path(os.environ.get("FAIRCASE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
NHSUK_CSS = settings.PACKAGE_DIR / "core" / "static" / "nhsuk" / "nhsuk-frontend.min.css"
TIMEOUT_MS = 15_000


def _check_prerequisites() -> None:
    if os.environ.get("FAIRCASE_SKIP_BROWSER") == "1":
        pytest.skip("FAIRCASE_SKIP_BROWSER=1: browser journeys skipped on purpose")
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (install Debian's chromium: scripts/ensure-test-system)")
    if not AXE_SCRIPT.exists():
        missing.append(f"{AXE_SCRIPT} (run `make install`)")
    if not NHSUK_CSS.exists():
        missing.append(f"{NHSUK_CSS} (run `make assets`)")
    if missing:
        pytest.fail(
            "Browser journeys cannot run; missing: "
            + "; ".join(missing)
            + ". Set FAIRCASE_SKIP_BROWSER=1 to skip them on purpose.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    _check_prerequisites()
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, live_server, django_db_serialized_rollback) -> Iterator[Page]:
    """A fresh browser tab on the live server. Requests to any other host (the NHS font domain, say) are
    aborted, so the tests never reach the network. Uncaught JavaScript errors fail the test.

    The live server needs a transactional database, which is emptied after each test; the serialized
    rollback puts back the rows the migrations made (the national framework) for the next journey.
    """
    server_host = urlsplit(live_server.url).netloc
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(TIMEOUT_MS)

    def only_the_live_server(route: Route) -> None:
        if urlsplit(route.request.url).netloc == server_host:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_live_server)
    # The rows the migrations ship (the national framework and policy packs) do not always survive an earlier
    # transactional test's flush, whatever serialized_rollback says; put them back, idempotently.
    put_back_what_the_migrations_made()  # the national framework and policy packs, from the suite's own copy
    load_national()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(f"{tab.url}: uncaught {error}"))
    tab.on("console", lambda message: _note_policy_violation(message, tab, errors))
    yield tab
    context.close()
    assert not errors, "Errors in the browser:\n" + "\n".join(errors)


def _note_policy_violation(message: ConsoleMessage, tab: Page, errors: list[str]) -> None:
    """A script or style the Content-Security-Policy refuses is a feature silently broken: fail the test.
    Fonts are the exception: the NHS font comes from an NHS domain the policy (and these tests) leave out,
    and pages fall back to Arial."""
    text = message.text
    if message.type == "error" and "Content Security Policy" in text and "font-src" not in text:
        errors.append(f"{tab.url}: {text}")
