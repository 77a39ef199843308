"""The case list pages by keyset (ADR 37): every case once, in order, forwards and back, with the filters kept;
a cursor it cannot read gives page one; the count stops at its bound."""

import datetime as dt

import pytest
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.cases import selectors, views
from faircase.cases.models import Case
from faircase.cases.selectors import Cursor, case_list_page
from faircase.cases.tests.factories import open_case

MOMENT = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def seven_cases(organisation, case_manager):
    """Seven cases, three of them opened at the same moment (a tie the id must break)."""
    minutes = [0, 1, 2, 2, 2, 3, 4]
    cases = [
        open_case(
            organisation=organisation,
            by=case_manager,
            reference=f"PAGE-{n}",
            opened_at=MOMENT.replace(minute=m),
        )
        for n, m in enumerate(minutes)
    ]
    Case.objects.filter(pk__in=[c.pk for c in cases[1::2]]).update(stage="formal_investigation")
    return cases


def _walk(user, *, size, **filters):
    """Every page from the first by "next", then back by "previous": the pages' references both ways."""
    forwards, page = [], case_list_page(user, size=size, **filters)
    forwards.append([c.reference for c in page.cases])
    while page.next:
        page = case_list_page(user, size=size, cursor=page.next, **filters)
        forwards.append([c.reference for c in page.cases])
    backwards = [[c.reference for c in page.cases]]
    while page.previous:
        page = case_list_page(user, size=size, cursor=page.previous, **filters)
        backwards.append([c.reference for c in page.cases])
    return forwards, backwards[::-1]


def test_paging_shows_every_case_once_newest_first_both_ways(seven_cases, case_manager):
    forwards, backwards = _walk(case_manager, size=3)
    newest_first = [c.reference for c in sorted(seven_cases, key=lambda c: (c.opened_at, c.pk), reverse=True)]
    assert [ref for page in forwards for ref in page] == newest_first
    assert [len(page) for page in forwards] == [3, 3, 1]
    assert backwards[1:] == forwards[1:], "the way back shows the same pages"
    assert backwards[0] == forwards[0]


def test_the_filters_hold_as_the_list_pages(seven_cases, case_manager):
    forwards, _ = _walk(case_manager, size=2, stage="formal_investigation", search="PAGE")
    assert [ref for page in forwards for ref in page] == ["PAGE-5", "PAGE-3", "PAGE-1"]


def test_the_count_stops_at_its_bound(seven_cases, case_manager, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_BOUND", 5)
    page = case_list_page(case_manager, size=3)
    assert (page.count, page.count_reached_bound) == (5, True)
    assert case_list_page(case_manager, size=10).count == 7, "a list that fits one page counts its rows"


def test_the_list_page_links_to_older_and_newer_cases_and_says_how_many(
    seven_cases, case_manager, signed_in, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    monkeypatch.setattr(selectors, "COUNT_BOUND", 5)
    client = signed_in(case_manager)
    first = client.get(reverse("cases:list"), {"stage": ""}).content.decode()
    assert "5 cases or more, newest first, 3 to a page." in first
    assert "Older cases" in first and "Newer cases" not in first
    after = case_list_page(case_manager, size=3).next
    second = client.get(reverse("cases:list"), {"after": after.token()}).content.decode()
    assert "Older cases" in second and "Newer cases" in second
    assert "PAGE-1" in second and "PAGE-6" not in second


@pytest.mark.parametrize(
    "query",
    [
        {"after": "not-a-cursor"},
        {"before": "%%%"},
        {"after": "MjAyNi0xMC0wMXxub3QtYS11dWlk"},  # "2026-10-01|not-a-uuid": a date without a zone, no id
        {"before": "x" * 5000},
    ],
)
def test_a_cursor_the_list_cannot_read_gives_page_one(query, seven_cases, case_manager, signed_in):
    response = signed_in(case_manager).get(reverse("cases:list"), query)
    assert response.status_code == 200
    assert "PAGE-6" in response.content.decode(), "page one starts with the newest case"


def test_a_cursor_reads_back_what_it_was_made_from(case):
    cursor = Cursor(opened_at=case.opened_at, case_id=case.pk)
    assert Cursor.from_token(cursor.token()) == cursor
    assert Cursor.from_token(cursor.token(), backwards=True).backwards


def test_a_cursor_shows_only_what_the_user_may_see(seven_cases, case_manager, other_organisation, signed_in):
    outsider = member(other_organisation, "case_manager", username="outsider")
    after = case_list_page(case_manager, size=3).next
    html = signed_in(outsider).get(reverse("cases:list"), {"after": after.token()}).content.decode()
    assert "PAGE-" not in html and "No cases match." in html
