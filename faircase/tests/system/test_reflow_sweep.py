"""Every page each demo role reaches, at 320 CSS pixels and at 200% text: no sideways scroll (WCAG 1.4.10 and
1.4.4), and axe on each.

The demo is loaded once; then, for one person in each role at Riverside, the regional equality analyst and a
practitioner, the sweep signs in and follows every link on the site it can reach by GET (breadth first), and
on each page:
- at a 320-pixel viewport (1.4.10), and at 640 pixels, which is what a 1280-pixel window shows at 200% zoom
  (1.4.4: media queries, set in em, see what a reader with large text sees), the page must not be wider than
  the window. Data tables may scroll inside the NHS table container (1.4.10 exempts them), so content inside a
  scrolling box does not count; the page itself must not scroll sideways;
- axe finds no WCAG A/AA violation.
To keep the sweep to minutes, each kind of page (its URL pattern) is checked once per person, and axe runs on
the first visit to each kind: pages of one kind share their template, and the other journeys run axe on the
pages they visit with the data they make.
"""

from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Page

from faircase.demo.data import demo_data
from faircase.demo.services import load_demo
from faircase.tests.system.axe import axe_violations, describe

# The browser mark gives the live server's transactional database with the migrations' rows put back
# (faircase/conftest.py): the demo needs the policy packs and workflows they load.
pytestmark = pytest.mark.browser

ORGANISATION = "riverside"
NARROW = {"width": 320, "height": 720}
ZOOMED = {"width": 640, "height": 400}  # a 1280 x 800 window at 200%
# Links that are not pages: files, calendar feeds, signing out.
NOT_PAGES = (
    "/pdf",
    ".pdf",
    "/docx",
    ".docx",
    "/word",
    "/csv",
    ".csv",
    ".ics",
    "/xlsx",
    ".xlsx",
    "/download",
    "/feed",
    "/sign-out",
    "/logout",
    "/static/",
    "/__",
)

_LINKS = """() => Array.from(document.querySelectorAll('a[href]'), (a) => a.getAttribute('href'))"""

# When the page is wider than the window: the outermost elements that stick out, ignoring what a box that
# scrolls or clips within the window keeps inside it (a table in the NHS table container, say).
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width + 1) return [];
  const outside = (el) => el.getBoundingClientRect().right > width + 1;
  const contained = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(up).overflowX) && !outside(up)) return true;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (outside(el) && el.getBoundingClientRect().width > 0 && !contained(el)
        && !(el.parentElement && outside(el.parentElement) && el.parentElement !== document.body)) {
      const text = (el.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
      const right = Math.round(el.getBoundingClientRect().right);
      found.push(`<${el.tagName.toLowerCase()} class="${el.className}"> reaches ${right}px: ${text}`);
    }
  }
  const wide = document.documentElement.scrollWidth;
  return [`the page is ${wide}px wide`, ...found.slice(0, 4)];
}"""


def _people() -> list[tuple[str, str, str]]:
    """(who, username, password): the first person in each role at Riverside, the regional analyst and a
    practitioner with a demo login."""
    data = demo_data()
    organisation = next(o for o in data.organisations if o.slug == ORGANISATION)
    chosen: dict[str, tuple[str, str, str]] = {}
    for person in organisation.people:
        # The regional analyst holds the same role in other organisations too: their pages differ, so they count.
        who = f"{person.role} (also at {', '.join(person.also_in)})" if person.also_in else person.role
        chosen.setdefault(who, (who, person.username, person.password))
    login = next(s.practitioner_login for s in data.all_stories if s.practitioner_login)
    chosen["practitioner"] = ("practitioner", login.username, login.password)
    return list(chosen.values())


def _kind(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _sign_in(page: Page, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/sign-in" not in page.url, f"{username} could not sign in"


def _check(page: Page, problems: list[str], *, axe: bool) -> None:
    for size, name in ((NARROW, "320px"), (ZOOMED, "200% zoom")):
        page.set_viewport_size(size)
        sticking_out = page.evaluate(_OVERFLOW)
        if sticking_out:
            problems.append(f"{page.url} at {name}: " + "; ".join(sticking_out))
    violations = axe_violations(page) if axe else []
    if violations:
        problems.append(f"{page.url}: axe\n{describe(violations)}")


def _sweep(page: Page, base: str, who: str, problems: list[str], axed: set[str]) -> int:
    host = urlsplit(base).netloc
    seen: set[str] = set()
    visited: set[str] = set()
    queue = deque(["/"])
    pages = 0
    while queue:
        path = queue.popleft()
        kind = _kind(urlsplit(path).path)
        if path in seen or kind is None or kind in visited:
            continue
        seen.add(path)
        response = page.goto(path)
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        visited.add(kind)
        pages += 1
        if response.status >= 400:
            problems.append(f"{who}: {path} answered {response.status}")
            continue
        _check(page, problems, axe=kind not in axed)
        axed.add(kind)
        for href in page.evaluate(_LINKS):
            url = urlsplit(urljoin(page.url, href))
            if url.netloc != host or any(part in url.path for part in NOT_PAGES):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target not in seen:
                queue.append(target)
    return pages


# One long walk (the demo loads once): a few minutes, more than the suite's guard against a hung test.
@pytest.mark.timeout(1200)
def test_no_page_any_demo_role_reaches_scrolls_sideways_at_320_pixels_or_200_percent_text(page, live_server):
    load_demo()
    problems: list[str] = []
    reached: dict[str, int] = {}
    axed: set[str] = set()
    for who, username, password in _people():
        _sign_in(page, username, password)
        reached[who] = _sweep(page, live_server.url, who, problems, axed)
    print("Pages checked per person:", reached)
    assert all(reached.values()), f"A person reached no page: {reached}"
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
