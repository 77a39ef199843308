"""Every colour the equality charts draw with, in one place, each named for what it is used for.

WCAG 2.2 asks 4.5:1 of text (1.4.3) and 3:1 of the lines and marks one needs to read a chart (1.4.11), against
what the chart sits on: the page's grey background on the web page, white in the PDF board report.
tests/test_chart_palette.py computes each ratio, so a colour that fails cannot come back.
"""

from dataclasses import dataclass

# What the charts sit on: the body of an NHS.UK page (nhsuk-frontend's grey 5) and the white of the PDF.
BACKGROUNDS = {"page": "#f0f4f5", "pdf": "#ffffff"}


@dataclass(frozen=True)
class ChartPalette:
    # Text: 4.5:1 against every background.
    text: str = "#212b32"
    secondary_text: str = "#4c6272"
    # Lines and marks that carry meaning: 3:1 against every background.
    axis: str = "#768692"
    reference_line: str = "#212b32"  # 1 (equally likely), the overall rate
    estimate: str = "#005eb8"  # a group's relative likelihood and its interval, an organisation within limits
    outlier: str = "#d5281b"  # an organisation outside the 99.8% limits
    limits: str = "#4c6272"  # the control limits of the funnel plot
    band_edge: str = "#4c6272"  # the edges of the non-adverse range: the band itself is drawn by these
    # Decoration only: nothing depends on seeing them (the band's edges and the tick labels carry it).
    band_fill: str = "#e8edee"
    grid: str = "#e8edee"
    # One colour per group in the trend chart: lines (3:1) and their end labels (text, so 4.5:1). Each line also
    # has its own dash pattern and marker, so no one needs to tell the colours apart.
    series: tuple[str, ...] = (
        "#005eb8",  # NHS blue
        "#d5281b",  # NHS red
        "#007f3b",  # NHS green
        "#7c2855",  # NHS dark pink
        "#9e5000",  # NHS orange (#ed8b00, 2.29:1 on the page) darkened until it can be read
        "#330072",  # NHS purple
    )


PALETTE = ChartPalette()
TEXT_ROLES = ("text", "secondary_text")
GRAPHIC_ROLES = ("axis", "reference_line", "estimate", "outlier", "limits", "band_edge")
DECORATIVE_ROLES = ("band_fill", "grid")
