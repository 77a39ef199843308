"""No data table on a web page may push the page wider than the window (WCAG 1.4.10 reflow).

Every NHS.UK table in a web template either stacks its rows on a small screen (`nhsuk-table-responsive`, or the
nhsuk `table` macro with `"responsive": true`) or sits in a box that scrolls on its own: the
`table_container(caption_id)` macro of core/_tables.jinja (the NHS table container, reachable by keyboard) or
the nhsuk `scroll` component. The PDF templates (`*_print*.jinja`) have a page, not a window, and are left out.
The browser sweep (tests/system/test_reflow_sweep.py) checks the pages themselves; this check is the fast one
that names the template.
"""

import re
from pathlib import Path

from django.template.loader import get_template

import faircase

PACKAGE = Path(faircase.__file__).parent

RAW_TABLE = re.compile(r"<table\b[^>]*>")
MACRO_TABLE = re.compile(r"\btable\(\s*\{")
RESPONSIVE_CLASS = re.compile(r"""class="[^"]*\bnhsuk-table-?-responsive\b""")
RESPONSIVE_PARAM = re.compile(r"""["']responsive["']\s*:\s*true""")
# What opens a box that scrolls on its own, and what would close it (or end the table) before the table starts.
OPENS_SCROLLER = re.compile(
    r"""\{%-?\s*call\s+(table_container|scroll)\(|class="[^"]*\bnhsuk-table-container\b"""
)
CLOSES = re.compile(r"""\{%-?\s*endcall\b|</table>|</div>""")


def _web_templates():
    for path in sorted(PACKAGE.rglob("*.jinja")):
        if "_print" in path.name:
            continue
        yield path.relative_to(PACKAGE).as_posix(), path.read_text(encoding="utf-8")


def _macro_params(text: str, start: int) -> str:
    """The text of a `table({...})` call from its opening brace to the matching closing one."""
    depth = 0
    for index in range(text.index("{", start), len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start : index + 1]
    return text[start:]


def _in_scroller(text: str, start: int) -> bool:
    before = text[:start]
    opened = list(OPENS_SCROLLER.finditer(before))
    return bool(opened) and not CLOSES.search(before, opened[-1].end())


def tables_that_can_widen_the_page(text: str) -> list[int]:
    """Line numbers of the tables in a template that neither stack nor scroll in a box of their own."""
    found = []
    for match in RAW_TABLE.finditer(text):
        stacks = RESPONSIVE_CLASS.search(match.group())
        if "nhsuk-table" in match.group() and not stacks and not _in_scroller(text, match.start()):
            found.append(match.start())
    for match in MACRO_TABLE.finditer(text):
        if not RESPONSIVE_PARAM.search(_macro_params(text, match.start())) and not _in_scroller(
            text, match.start()
        ):
            found.append(match.start())
    return sorted(text.count("\n", 0, start) + 1 for start in found)


def test_every_table_on_a_web_page_stacks_or_scrolls_in_its_own_box():
    found = [
        f"{name}:{line}" for name, text in _web_templates() for line in tables_that_can_widen_the_page(text)
    ]
    assert found == [], (
        "These tables can make the page scroll sideways on a phone or at 200% zoom. Make them responsive "
        '(nhsuk-table-responsive, or "responsive": true), or wrap them in '
        '{% call table_container("<caption id>") %}:\n' + "\n".join(found)
    )


def test_the_check_finds_a_table_that_neither_stacks_nor_scrolls():
    assert tables_that_can_widen_the_page('<p>x</p>\n<table class="nhsuk-table">\n</table>') == [2]
    assert tables_that_can_widen_the_page('{{ table({"caption": {"text": "A"}, "rows": [{"x": 1}]}) }}') == [
        1
    ]
    # A container closed before the table does not hold it.
    closed = '{% call table_container("a") %}<p>x</p>{% endcall %}\n<table class="nhsuk-table"></table>'
    assert tables_that_can_widen_the_page(closed) == [2]
    assert (
        tables_that_can_widen_the_page('{% call table_container("c") %}\n<table class="nhsuk-table">') == []
    )
    assert tables_that_can_widen_the_page('<table class="nhsuk-table-responsive">') == []
    assert tables_that_can_widen_the_page('{{ table({"rows": [], "responsive": true}) }}') == []
    assert (
        tables_that_can_widen_the_page('{%- call scroll({"labelledBy": "c"}) %}\n{{ table({"rows": []}) }}')
        == []
    )


def _render(source: str) -> str:
    return get_template("core/_tables.jinja").template.environment.from_string(source).render()


def test_the_nhsuk_table_macro_stacks_its_rows_only_when_asked_to_be_responsive():
    """The check trusts `"responsive": true`: the macro then renders the class that stacks the rows."""
    call = '{% from "nhsuk/components/tables/macro.jinja" import table %}{{ table({"head": [{"text": "A"}], "rows": [[{"text": "1"}]]RESPONSIVE}) }}'
    responsive = _render(call.replace("RESPONSIVE", ', "responsive": true'))
    plain = _render(call.replace("RESPONSIVE", ""))
    assert 'class="nhsuk-table nhsuk-table--responsive"' in responsive
    assert "nhsuk-table--responsive" not in plain
    assert "nhsuk-table-container" not in plain and "nhsuk-scroll" not in plain


def test_the_table_container_is_a_named_region_reachable_by_keyboard():
    source = '{% from "core/_tables.jinja" import table_container %}{% call table_container("cap") %}<table></table>{% endcall %}'
    html = _render(source)
    assert 'class="nhsuk-table-container" tabindex="0" role="region" aria-labelledby="cap"' in html
    with_links = _render(source.replace('("cap")', '("cap", focusable_content=true)'))
    assert "tabindex" not in with_links and 'aria-labelledby="cap"' in with_links


def test_nothing_is_kept_on_one_line_below_tablet_width():
    """`faircase-nowrap` keeps a date on one line only where there is room: inside a min-width media query."""
    css = (PACKAGE / "core/static/faircase/faircase.css").read_text(encoding="utf-8")
    outside_media = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    assert "nowrap" not in outside_media
    assert re.search(
        r"@media \(min-width: 40\.0625em\) \{ \.faircase-nowrap \{ white-space: nowrap; \} \}", css
    )
