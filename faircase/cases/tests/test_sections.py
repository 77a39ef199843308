"""The case page is built from registered sections (faircase.cases.sections): its contents list, its headings and
what the apps register must agree, and the page must not reach into the apps that register them."""

import ast
from pathlib import Path

import lxml.html
import pytest
from django.urls import reverse

from faircase.cases import sections
from faircase.cases.sections import CaseSection

CASES_VIEWS = Path(sections.__file__).with_name("views.py")
# Apps downstream of cases: they register their sections, the case page does not import them.
DOWNSTREAM = ("documents", "practitioners", "process", "second_look")
SECTION_HEADINGS = '//section[contains(@class, "faircase-case-section")]/h2[@id]'


def _page(client, case):
    response = client.get(reverse("cases:detail", kwargs={"case_id": case.pk}))
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def test_the_contents_list_links_to_every_section_heading_and_nothing_else(case, case_manager, signed_in):
    page = _page(signed_in(case_manager), case)

    links = [
        (a.get("href").removeprefix("#"), a.text_content().strip())
        for a in page.xpath('//nav[@aria-label="Contents of this case"]//a')
    ]
    headings = [(h2.get("id"), h2.text_content().strip()) for h2 in page.xpath(SECTION_HEADINGS)]

    assert links == headings
    assert [key for key, _ in links] == [s.key for s in sections.registered()]


def test_each_registered_section_appears_once_under_its_own_heading(case, case_manager, signed_in):
    page = _page(signed_in(case_manager), case)

    for section in sections.registered():
        found = page.xpath(f'//*[@id="{section.key}"]')
        assert len(found) == 1, section.key
        assert found[0].tag == "h2"
        assert found[0].text_content().strip() == section.title
    # No section brings a second top-level heading of its own.
    assert len(page.xpath('//section[contains(@class, "faircase-case-section")]//h2')) == len(
        sections.registered()
    )


def test_a_section_can_hide_itself_from_a_user_and_leaves_the_contents_list_with_it(
    case, case_manager, signed_in, monkeypatch
):
    hidden = CaseSection(
        "hidden-for-test", "Hidden for test", "cases/sections/record.jinja", 5, lambda *a: None
    )
    monkeypatch.setitem(sections._SECTIONS, hidden.key, hidden)

    page = _page(signed_in(case_manager), case)

    assert not page.xpath('//*[@id="hidden-for-test"]')
    assert not page.xpath('//a[@href="#hidden-for-test"]')


def test_a_key_registered_twice_or_not_an_id_is_refused(monkeypatch):
    monkeypatch.setattr(sections, "_SECTIONS", dict(sections._SECTIONS))
    first = sections.registered()[0]

    with pytest.raises(ValueError, match="Two case page sections"):
        sections.register(CaseSection(first.key, "Another", first.template, 1, first.context))
    with pytest.raises(ValueError, match="lower-case id"):
        sections.register(CaseSection("Not An Id", "x", first.template, 1, first.context))
    sections.register(first)  # the same registration again is harmless (Django may call ready twice)


def test_the_case_views_import_none_of_the_apps_that_register_sections():
    tree = ast.parse(CASES_VIEWS.read_text())
    reaching = {
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("faircase.")
        for alias in node.names
        if node.module.split(".")[1] in DOWNSTREAM and ".presenters" in node.module
    }
    # What those apps present reaches the case page through the registry only. The home page's list of second looks
    # asked of a reviewer is the one exception, and it is not the case page.
    assert reaching == {("faircase.second_look.presenters", "reviewer_home_context")}


def test_a_long_stage_history_keeps_the_latest_three_moves_in_view_and_folds_the_rest():
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import timezone

    def move(number):
        made = SimpleNamespace(
            moved_at=timezone.now(),
            moved_by=SimpleNamespace(display_name="Casey Fictional"),
            decision=f"Route {number} chosen",
            reasons=f"Reasons {number}",
            open_follow_ups_reason="",
            open_follow_ups=0,
        )
        return {"move": made, "from": f"Stage {number}", "to": f"Stage {number + 1}"}

    html = render_to_string("cases/sections/stage_history.jinja", {"moves": [move(n) for n in range(1, 6)]})
    page = lxml.html.fromstring(html)

    folded = page.xpath("//details//li")
    in_view = page.xpath("//ol[not(ancestor::details)]/li")
    assert "Show 2 earlier stage moves" in html
    assert ["Route 1 chosen" in f.text_content() for f in folded] == [True, False]
    assert [f"Route {n} chosen" in li.text_content() for n, li in zip((3, 4, 5), in_view, strict=True)] == [
        True
    ] * 3
