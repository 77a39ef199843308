"""The accessibility statement: anyone may read it without signing in, it is linked from the footer of every
page, and it follows the structure of the GOV.UK model statement, with the known problems listed honestly and a
contact that each organisation sets."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from faircase.core import accessibility

pytestmark = pytest.mark.django_db

MODEL_HEADINGS = [
    (1, "Accessibility statement for faircase"),
    (2, "How accessible this service is"),
    (2, "What to do if you cannot access parts of this service"),
    (2, "Reporting accessibility problems with this service"),
    (2, "Enforcement procedure"),
    (2, "Technical information about this service's accessibility"),
    (3, "Compliance status"),
    (3, "Non-accessible content"),
    (4, "Non-compliance with the accessibility regulations"),
    (2, "How we tested this service"),
    (2, "Preparation of this accessibility statement"),
]


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings: list[list] = []
        self._open: list | None = None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self._open = [int(tag[1]), ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if self._open is not None and re.fullmatch(r"h[1-6]", tag):
            self.headings.append((self._open[0], " ".join(self._open[1].split())))
            self._open = None


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_anyone_may_read_the_statement_without_signing_in(client):
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    assert "<title>Accessibility statement \u2013 faircase</title>" in response.content.decode()


def test_the_statement_has_the_model_statements_sections_in_order(client):
    parser = Headings()
    parser.feed(client.get(reverse("core:accessibility")).content.decode())
    main = [h for h in parser.headings if h in MODEL_HEADINGS]
    assert main == MODEL_HEADINGS


def test_the_statement_says_partially_compliant_with_wcag_2_2_aa_and_lists_every_known_problem(client):
    text = _text(client.get(reverse("core:accessibility")).content.decode())
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard" in text
    assert accessibility.KNOWN_ISSUES
    for issue in accessibility.KNOWN_ISSUES:
        # The problems are translated when shown (gettext_lazy): read here in English.
        assert _text(str(issue.problem)).replace("'", "&#39;") in text
        for criterion in issue.criteria:
            assert str(criterion) in text


def test_the_statement_names_both_enforcement_bodies_how_it_was_tested_and_when_it_was_prepared(client):
    text = _text(client.get(reverse("core:accessibility")).content.decode())
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Commission for Northern Ireland (ECNI)" in text
    assert "axe-core" in text and "manual audit" in text and "keyboard" in text
    assert "This statement was prepared on 2 December 2026" in text


def test_the_contact_is_the_organisations_own_when_it_sets_one(client, settings):
    default = _text(client.get(reverse("core:accessibility")).content.decode())
    assert "faircase administrator" in default
    settings.FAIRCASE_ACCESSIBILITY_CONTACT = "Email accessibility@riverside.example <or call 01632 960000>"
    text = client.get(reverse("core:accessibility")).content.decode()
    assert "Email accessibility@riverside.example &lt;or call 01632 960000&gt;" in text  # plain text, escaped
    assert "faircase administrator" not in text


@pytest.mark.parametrize("name", ["core:accessibility", "core:privacy", "accounts:login"])
def test_every_page_links_the_statement_from_its_footer(client, name):
    html = client.get(reverse(name)).content.decode()
    footer = html[html.index("<footer") :]
    assert f'href="{reverse("core:accessibility")}"' in footer
