"""The chart colours meet WCAG 2.2 contrast against what the charts sit on: 4.5:1 for text (1.4.3), 3:1 for lines
and marks one needs to read the chart (1.4.11). The ratios are computed here, from WCAG's definition of relative
luminance, not taken from a tool."""

import dataclasses
import re
from pathlib import Path

import pytest

from faircase.equality import chart_palette
from faircase.equality.chart_palette import BACKGROUNDS, PALETTE

CHARTS_TEMPLATE = Path(chart_palette.__file__).parent / "jinja2" / "equality" / "_report_charts.jinja"


def relative_luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    lighter, darker = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_ratio_agrees_with_wcags_own_examples():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    # What the audit measured (issue 12): the old orange line and the old band on the page.
    assert round(contrast("#ed8b00", BACKGROUNDS["page"]), 2) == 2.29
    assert round(contrast("#e8edee", BACKGROUNDS["page"]), 2) == 1.07


def test_every_colour_has_a_role_with_a_rule():
    roles = {field.name for field in dataclasses.fields(PALETTE)} - {"series"}
    assert roles == set(chart_palette.TEXT_ROLES) | set(chart_palette.GRAPHIC_ROLES) | set(
        chart_palette.DECORATIVE_ROLES
    )


@pytest.mark.parametrize("background", BACKGROUNDS)
@pytest.mark.parametrize("role", chart_palette.TEXT_ROLES)
def test_text_has_4_5_to_1_against_what_the_chart_sits_on(role, background):
    assert contrast(getattr(PALETTE, role), BACKGROUNDS[background]) >= 4.5


@pytest.mark.parametrize("background", BACKGROUNDS)
@pytest.mark.parametrize("role", chart_palette.GRAPHIC_ROLES)
def test_lines_and_marks_have_3_to_1_against_what_the_chart_sits_on(role, background):
    assert contrast(getattr(PALETTE, role), BACKGROUNDS[background]) >= 3


@pytest.mark.parametrize("background", BACKGROUNDS)
@pytest.mark.parametrize("colour", PALETTE.series)
def test_each_trend_line_is_labelled_in_its_colour_so_it_has_4_5_to_1(colour, background):
    assert contrast(colour, BACKGROUNDS[background]) >= 4.5


def test_the_charts_take_every_colour_from_the_palette():
    """A colour written into the template would escape the tests above."""
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", CHARTS_TEMPLATE.read_text()) == []
