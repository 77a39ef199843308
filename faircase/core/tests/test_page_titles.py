"""Page titles name the case (WCAG 2.2 2.4.2): with many tabs open, "Add a concern - faircase" in every one
does not tell a case manager which case each is for. Every page about one case says which, by the one pattern
"<what the page is> - Case <reference> - faircase"."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from faircase.core.page_titles import document_title

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "reference", "error", "expected"),
    [
        ("Add a concern", "FC-00001", False, "Add a concern \u2013 Case FC-00001 \u2013 faircase"),
        ("Add a concern", "FC-00001", True, "Error: Add a concern \u2013 Case FC-00001 \u2013 faircase"),
        ("Your work", "", False, "Your work \u2013 faircase"),
        ("Chronology of case FC-00001", "FC-00001", False, "Chronology of case FC-00001 \u2013 faircase"),
        ("", "", False, "faircase"),
        ("", "FC-00001", False, "Case FC-00001 \u2013 faircase"),
    ],
)
def test_the_title_names_the_page_then_the_case_then_the_service(title, reference, error, expected):
    assert document_title(title, case_reference=reference, error=error) == expected


def _case_pages(resolver: URLResolver | None = None, namespace: str = "") -> list[str]:
    """Every page whose only part of the address is the case."""
    names = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            names += _case_pages(entry, f"{namespace}:{inner}" if namespace and inner else inner or namespace)
        elif (
            isinstance(entry, URLPattern)
            and entry.name
            and tuple(entry.pattern.regex.groupindex) == ("case_id",)
        ):
            names.append(f"{namespace}:{entry.name}" if namespace else entry.name)
    return sorted(set(names))


def test_every_case_page_a_case_manager_opens_names_the_case_in_its_title(case, case_manager, signed_in):
    client = signed_in(case_manager)
    checked, wrong = [], {}
    for name in _case_pages():
        response = client.get(reverse(name, kwargs={"case_id": case.pk}))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
        checked.append(name)
        if not title or case.reference not in title.group(1):
            wrong[name] = title.group(1).strip() if title else None
    assert len(checked) >= 10, checked
    assert "cases:add_concern" in checked
    assert not wrong, wrong
