"""The header's navigation as a person uses it: items the header has no room for are under "More"."""

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError


def header_link(page: Page, text: str) -> Locator:
    return page.locator("header").get_by_role("link", name=text, exact=True)


def follow_header_link(page: Page, text: str) -> None:
    """Click the header's link, opening "More" first when the header has moved it there (narrow screens, or a
    role with many pages)."""
    link = header_link(page, text)
    # The header's script moves what does not fit under "More" once the page has loaded: a link seen a moment
    # ago can be gone, so try it briefly and only then look under "More".
    page.wait_for_load_state("load")
    try:
        link.click(timeout=3000)
    except PlaywrightTimeoutError:
        page.locator("header").get_by_role("button", name="Browse More").click()
        link.click()
