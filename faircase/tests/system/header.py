"""The header's navigation as a person uses it: items the header has no room for are under "More"."""

from playwright.sync_api import Locator, Page


def header_link(page: Page, text: str) -> Locator:
    return page.locator("header").get_by_role("link", name=text, exact=True)


def follow_header_link(page: Page, text: str) -> None:
    """Click the header's link, opening "More" first when the header has moved it there (narrow screens, or a
    role with many pages)."""
    link = header_link(page, text)
    if not link.is_visible():
        page.locator("header").get_by_role("button", name="Browse More").click()
    link.click()
