"""Markup is built in templates, never by joining strings of HTML to escaped values.

In an autoescaping Jinja environment `"<p>" ~ (text | e)` escapes the "<p>" too (the join of a plain string and
markup escapes the plain string), so people read "<p>...</p>" as text on the page. Build the HTML in a
`{% set html %}...{% endset %}` block, where the values are escaped and the tags are not; and never mark
anything a person typed as safe.
"""

import re
from pathlib import Path

import faircase

PACKAGE = Path(faircase.__file__).parent
# A string literal holding a tag, joined with ~ to something escaped (`| e`) or rendered by a macro (`name(`).
TAG_LITERAL = r"""["'][^"']*<[a-z/][^"']*["']"""
ESCAPED_OR_MACRO = r"""(\|\s*e\b|\|\s*escape\b|\b[a-zA-Z_]+\()"""
JOINED = re.compile(rf"{TAG_LITERAL}\s*~[^}}]*{ESCAPED_OR_MACRO}|{ESCAPED_OR_MACRO}[^{{]*~\s*{TAG_LITERAL}")


def _templates():
    for path in sorted(PACKAGE.rglob("*.jinja")):
        yield path.relative_to(PACKAGE).as_posix(), path.read_text(encoding="utf-8")


def test_no_template_joins_tags_to_escaped_values():
    found = [
        f"{name}:{number}: {line.strip()[:120]}"
        for name, text in _templates()
        for number, line in enumerate(text.splitlines(), start=1)
        if JOINED.search(line)
    ]
    assert found == [], "Build the markup in a {% set html %} block instead:\n" + "\n".join(found)


def test_the_check_finds_the_joins_that_show_tags_as_text():
    for line in (
        '{{ insetText({"html": "<p>" ~ (follow_up.action | e) ~ "</p>"}) }}',
        '{"value": {"html": tag(portal.status.tag) ~ "<br>" ~ (portal.status.text | e)}}',
    ):
        assert JOINED.search(line), line
    assert not JOINED.search('{{ insetText({"html": html}) }}')
    assert not JOINED.search('{"text": "Review " ~ review.number ~ ": answers"}')
