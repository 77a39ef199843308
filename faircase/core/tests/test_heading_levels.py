"""Headings never skip a level (WCAG 2.2 1.3.1, 2.4.6): a screen reader user moving by headings from an h1 to an
h3 wonders what they missed. Every page a case manager opens about a case, and the main pages around it, are
parsed with the standard library's HTML parser; each heading may go down at most one level from the one
before. Warning callouts in particular (nhsuk's macro makes them h3 by default, usually straight under the h1)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from faircase.cases.tests.factories import open_case
from faircase.core.tests.test_page_titles import _case_pages

pytestmark = pytest.mark.django_db


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels: list[tuple[int, str]] = []
        self._text: str | None = None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append((int(tag[1]), ""))
            self._text = ""

    def handle_data(self, data):
        if self._text is not None:
            self._text += data

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._text is not None:
            self.levels[-1] = (self.levels[-1][0], " ".join(self._text.split()))
            self._text = None


def heading_skips(html: str) -> list[str]:
    """Each heading that goes down more than one level from the heading before it. A notification banner's h2 may
    come before the h1, as the NHS.UK design system places it, so the page starts as if under an h1."""
    parser = Headings()
    parser.feed(html)
    skips, previous = [], 1
    for level, text in parser.levels:
        if level > previous + 1:
            skips.append(f"h{previous} then h{level} {text!r}")
        previous = level
    return skips


def test_a_skip_is_found_and_a_good_outline_is_not():
    assert heading_skips("<h1>Case</h1><h3>Important: Commencement review needed</h3>") == [
        "h1 then h3 'Important: Commencement review needed'"
    ]
    assert heading_skips("<h1>Case</h1><h2>Concerns</h2><h3>Concern 1</h3><h2>People</h2>") == []


def test_no_case_page_skips_a_heading_level(case_manager, organisation, signed_in):
    # A case opened but not yet through its commencement review: the case page and the stage move warn of it.
    case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    client = signed_in(case_manager)
    found, checked = {}, []
    for name in _case_pages():
        response = client.get(reverse(name, kwargs={"case_id": case.pk}))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        checked.append(name)
        if skips := heading_skips(response.content.decode()):
            found[name] = skips
    for name in ("cases:home", "cases:list", "core:accessibility"):
        if skips := heading_skips(client.get(reverse(name)).content.decode()):
            found[name] = skips
    assert "cases:detail" in checked and "cases:move" in checked
    if found:
        pytest.fail("\n".join(f"{name}: {skips}" for name, skips in found.items()))
