"""The charts on the report page can be read at any text size and screen width (WCAG 2.2 1.4.4, 1.4.3, 1.4.11):
their text is 1rem (the chart is drawn in rem, one unit to one CSS pixel, so it follows the user's text size and
never shrinks on a narrow screen, where the chart scrolls sideways in a region one can reach with the keyboard),
and they draw only with the palette whose contrast is tested in test_chart_palette.py."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from faircase.accounts.models import Membership
from faircase.accounts.tests.factories import member
from faircase.equality.chart_palette import PALETTE
from faircase.equality.tests.report_helpers import baselines, historic

pytestmark = pytest.mark.django_db

STYLESHEET = settings.PACKAGE_DIR / "core" / "static" / "faircase" / "faircase.css"


class Charts(HTMLParser):
    """The report's SVG charts: each one's attributes, the scroll region around it, and every element inside."""

    def __init__(self):
        super().__init__()
        self.charts: list[dict] = []
        self.regions: list[dict] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "div" and "faircase-chart__scroll" in (attributes.get("class") or ""):
            self.regions.append(attributes)
        if tag == "svg" and (self._depth or (attributes.get("aria-labelledby") or "").endswith("-desc")):
            self._depth += 1
            if self._depth == 1:
                self.charts.append({"svg": attributes, "elements": []})
                return
        if self._depth:
            self.charts[-1]["elements"].append((tag, attributes))

    def handle_endtag(self, tag):
        if tag == "svg" and self._depth:
            self._depth -= 1


@pytest.fixture
def html(organisation, other_organisation, signed_in):
    """A report with all three charts: two periods (a trend) and two organisations (a funnel plot)."""
    for org, people in ((organisation, 1), (other_organisation, 2)):
        for period, raised in (("2024-25", "2024-06-03"), ("2025-26", "2025-06-02")):
            baselines(org, {"white": 1200, "black": 600, "asian": 500, "mixed": 90}, period=period)
            historic(
                org, 10 * people, ethnicity="white", formal_investigation=True, date_raised=_date(raised)
            )
            historic(
                org, 12 * people, ethnicity="black", formal_investigation=True, date_raised=_date(raised)
            )
            historic(org, 6, ethnicity="asian", formal_investigation=True, date_raised=_date(raised))
    user = member(organisation, "equality_analyst", username="regional")
    Membership.objects.create(user=user, organisation=other_organisation, role="equality_analyst")
    query = {
        "org": ["riverside", "hillside"],
        "period": "2025-26",
        "profession": "doctor",
        "dimension": "ethnicity",
        "stage": "formal_investigation",
    }
    response = signed_in(user).get(reverse("equality:report"), query)
    assert response.status_code == 200
    return response.content.decode()


def _date(text):
    return dt.date.fromisoformat(text)


def _charts(html) -> Charts:
    parser = Charts()
    parser.feed(html)
    return parser


def _rem_width() -> float:
    rule = re.search(r"\.faircase-chart__svg\s*\{([^}]*)\}", STYLESHEET.read_text())
    assert rule, "the stylesheet sizes the charts"
    width = re.search(r"(?<![-\w])width:\s*([\d.]+)rem", rule.group(1))
    assert width, "the charts are sized in rem, so they follow the user's text size"
    return float(width.group(1))


def test_the_report_has_all_three_charts(html):
    assert len(_charts(html).charts) == 3


def test_one_unit_of_every_chart_is_one_css_pixel_at_the_usual_text_size(html):
    """Drawn at a width in rem rather than the width of the screen: the chart, and its text, grow with the text
    size and never shrink below it."""
    rem = _rem_width()
    for chart in _charts(html).charts:
        svg = chart["svg"]
        assert "faircase-chart__svg" in svg["class"]
        assert "width" not in svg and "height" not in svg  # the stylesheet decides, not the markup
        assert float(svg["viewbox"].split()[2]) == rem * 16


def test_no_chart_text_is_smaller_than_1rem(html):
    for chart in _charts(html).charts:
        assert float(chart["svg"]["font-size"]) >= 16
        sizes = [float(a["font-size"]) for tag, a in chart["elements"] if "font-size" in a]
        assert all(size >= 16 for size in sizes), sizes


def test_each_chart_scrolls_sideways_in_a_named_region_the_keyboard_can_reach(html):
    parser = _charts(html)
    assert len(parser.regions) == len(parser.charts)
    for region in parser.regions:
        assert region.get("tabindex") == "0"
        assert region.get("role") == "region"
        assert region.get("aria-labelledby")
    assert (
        "overflow-x: auto" in re.search(r"\.faircase-chart__scroll\s*\{([^}]*)\}", STYLESHEET.read_text())[1]
    )


def test_the_charts_draw_only_with_the_tested_palette(html):
    palette = {getattr(PALETTE, role) for role in PALETTE.__dataclass_fields__ if role != "series"}
    palette |= set(PALETTE.series)
    used = {
        value.lower()
        for chart in _charts(html).charts
        for _, attributes in chart["elements"]
        for name in ("fill", "stroke")
        if (value := attributes.get(name)) and value != "none"
    }
    assert used and used <= palette, used - palette


def test_the_non_adverse_range_is_drawn_by_edges_that_can_be_seen(html):
    """Its fill is too faint to see (1.07:1 on the page): the band is told by its two dashed edges (3:1 or more),
    and the caption says so."""
    ratio = _charts(html).charts[0]
    edges = [a for tag, a in ratio["elements"] if tag == "line" and a.get("stroke") == PALETTE.band_edge]
    assert len(edges) == 2
    assert "between the two dashed lines" in html


def test_the_report_page_skips_no_heading_level(html):
    from faircase.core.tests.test_heading_levels import heading_skips

    assert heading_skips(html) == []
