"""Every page each demo role of the Welsh organisation reaches, with Welsh chosen, is Welsh (issue 16, ADR 41).

The demo is loaded once; then for each person of Bro Derwen (every staff role, and the practitioner with their
own account) the crawl signs in with Welsh chosen on their account, follows every link it can reach by GET
(breadth first, files and signing out left aside) and on each page checks:
- `<html lang="cy">`;
- no untranslated interface text (faircase/core/tests/welsh_pages.py says how English is told from Welsh and
  from the data people entered).
Each kind of page (its URL pattern) is read at most twice per person, so the crawl stays within a minute or two
and still sees each page with the data of two cases.
"""

from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from faircase.accounts.models import User
from faircase.core.tests.welsh_pages import data_text, untranslated

pytestmark = pytest.mark.django_db

ORGANISATION = "bro-derwen"
PER_KIND = 2
NOT_PAGES = (
    "/pdf", ".pdf", "/docx", ".docx", "/word", "/csv", ".csv", ".ics", "/xlsx", ".xlsx", "/download",
    "/feed", "/sign-out", "/logout", "/static/", "/__", "/admin/", "/file", "/api/",
)  # fmt: skip


def _people() -> list[str]:
    from faircase.demo.data import demo_data

    data = demo_data()
    staff = sorted({p.username for o in data.organisations if o.slug == ORGANISATION for p in o.people})
    practitioners = sorted(
        s.practitioner_login.username
        for s in data.all_stories
        if s.organisation == ORGANISATION and s.practitioner_login is not None
    )
    return staff + practitioners


PEOPLE = _people()


@pytest.fixture(scope="module")
def demo(demo_loaded):
    return demo_loaded


def _kind(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def crawl(client: Client, start: str = "/") -> dict[str, tuple[str, int, str]]:
    """{path: (kind, status, page)} for every page reached from `start`."""
    seen: dict[str, int] = {}
    pages: dict[str, tuple[str, int, str]] = {}
    queue = deque([start])
    queued = {start}
    while queue:
        path = queue.popleft()
        response = client.get(path, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else path
        kind = _kind(final) or "?"
        content_type = response.get("Content-Type", "")
        if not content_type.startswith("text/html"):
            continue
        page = response.content.decode()
        pages[final] = (kind, response.status_code, page)
        for href in _links(page):
            target = urljoin(final, href)
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "testserver":
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if link in queued or any(marker in parts.path for marker in NOT_PAGES):
                continue
            link_kind = _kind(parts.path)
            if link_kind is None or seen.get(link_kind, 0) >= PER_KIND:
                continue
            seen[link_kind] = seen.get(link_kind, 0) + 1
            queued.add(link)
            queue.append(link)
    return pages


def _links(page: str) -> list[str]:
    from lxml import html as lxml_html

    root = lxml_html.fromstring(page)
    return [a.get("href") for a in root.iter("a") if a.get("href") and not a.get("href").startswith("#")]


@pytest.fixture(scope="module")
def data(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return data_text()


def test_every_page_a_welsh_reader_reaches_is_welsh(demo, data):
    english: dict[str, list[str]] = {}
    for username in PEOPLE:
        user = User.objects.get(username=username)
        user.language = "cy"
        user.save(update_fields=["language"])
        client = Client()
        client.force_login(user)
        pages = crawl(client)
        assert len(pages) > 3, f"{username} reached only {sorted(pages)}: the crawl is broken"
        not_welsh = {
            path: kind for path, (kind, _status, page) in pages.items() if 'lang="cy"' not in page[:400]
        }
        assert not not_welsh, f"Pages not marked lang=cy for {username}: {not_welsh}"
        for path, (kind, _status, page) in sorted(pages.items()):
            found = untranslated(page, data)
            if found:
                english.setdefault(kind, []).extend(f"{username} {path}: {text[:120]}" for text in found[:4])

    report = "\n".join(
        f"== {kind} ==\n  " + "\n  ".join(lines[:8]) for kind, lines in sorted(english.items())
    )
    assert not english, f"English on Welsh pages ({len(english)} kinds of page):\n{report}"
