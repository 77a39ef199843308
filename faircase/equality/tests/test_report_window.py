"""Gathering two or five financial years (a rolling window ending with the period chosen): entrants are
distinct practitioners over the window, the headcount is the mean of the years with a baseline, a year without
one is said plainly, and the window shows on the command line, the page and the files."""

import datetime as dt
import io
import json
import math
import re
import subprocess
import sys
from fractions import Fraction

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import PractitionerFactory
from faircase.core.models import AuditEvent
from faircase.equality import exports_report, reports
from faircase.equality.selectors_report import window_periods
from faircase.equality.tests.report_helpers import baselines, historic, live_case, moved_to

pytestmark = pytest.mark.django_db

EARLIER, LATER = dt.date(2024, 6, 3), dt.date(2025, 6, 2)
CHOICES = {
    "period": "2025-26",
    "profession": "doctor",
    "dimension": "ethnicity",
    "stage": "formal_investigation",
}


def _report(organisations, **choices):
    return reports.build_report(organisations=organisations, **{**CHOICES, **choices})


def _row(report, group):
    return next(r for r in report.groups if r.group == group)


@pytest.fixture
def two_years(organisation):
    # 2024-25: white 1,000, black 200, mixed 3; 2025-26: white 1,200, black 300, mixed 4.
    # Entrants: white 11 + 11, black 10 + 5 (all different practitioners), mixed 1 in each year.
    baselines(organisation, {"white": 1000, "black": 200, "mixed": 3}, period="2024-25")
    baselines(organisation, {"white": 1200, "black": 300, "mixed": 4}, period="2025-26")
    historic(organisation, 11, ethnicity="white", formal_investigation=True, date_raised=EARLIER)
    historic(organisation, 11, ethnicity="white", formal_investigation=True, date_raised=LATER)
    historic(organisation, 10, ethnicity="black", formal_investigation=True, date_raised=EARLIER)
    historic(organisation, 5, ethnicity="black", formal_investigation=True, date_raised=LATER)
    historic(organisation, 1, ethnicity="mixed", formal_investigation=True, date_raised=EARLIER)
    historic(organisation, 1, ethnicity="mixed", formal_investigation=True, date_raised=LATER)


def test_the_window_is_the_years_ending_with_the_period():
    assert window_periods("2025-26", 1) == ["2025-26"]
    assert window_periods("2025-26", 2) == ["2024-25", "2025-26"]
    assert window_periods("2000-01", 5) == ["1996-97", "1997-98", "1998-99", "1999-00", "2000-01"]
    with pytest.raises(ValueError, match="choose 1, 2 or 5"):
        window_periods("2025-26", 3)


def test_a_two_year_window_worked_by_hand(organisation, two_years):
    report = _report([organisation], window=2)
    white, black, mixed = _row(report, "white"), _row(report, "black"), _row(report, "mixed")
    # Headcount: the mean of the two years. White (1,000 + 1,200) / 2 = 1,100; black (200 + 300) / 2 = 250;
    # mixed (3 + 4) / 2 = 3.5, rounded half up to 4.
    assert (white.headcount, black.headcount, mixed.headcount) == (1100, 250, 4)
    # Entrants over both years: white 22, black 15, mixed 2.
    assert (white.entrants, black.entrants, mixed.entrants) == (22, 15, 2)
    # Rates 22 / 1,100 = 2% and 15 / 250 = 6%: relative likelihood 3.
    assert white.rate == Fraction(1, 50) and black.rate == Fraction(3, 50)
    assert black.relative_likelihood == 3
    se = math.sqrt(1 / 15 - 1 / 250 + 1 / 22 - 1 / 1100)
    assert black.ci_low == pytest.approx(3 * math.exp(-1.959964 * se), rel=1e-4)
    assert black.ci_high == pytest.approx(3 * math.exp(1.959964 * se), rel=1e-4)
    assert black.flag == "above" and black.significant is True
    assert report.total.headcount == 1100 + 250 + 4 and report.total.entrants == 22 + 15 + 2
    assert (report.window, report.periods) == (2, ["2024-25", "2025-26"])
    assert report.period_text == "2024-25 to 2025-26 (2 years)"
    assert report.baseline_periods == ["2024-25", "2025-26"] and report.missing_baselines == []
    # In a single year, black has 5 entrants of 300 against white 11 of 1,200: the window is not that year.
    single = _report([organisation])
    assert (_row(single, "black").headcount, _row(single, "black").entrants) == (300, 5)


def test_the_trend_still_shows_single_years(organisation, two_years):
    report = _report([organisation], window=2)
    by_period = {t.period: {r.group: r for r in t.rows} for t in report.trend}
    assert list(by_period) == ["2024-25", "2025-26"]
    assert (by_period["2024-25"]["black"].headcount, by_period["2024-25"]["black"].entrants) == (200, 10)
    assert (by_period["2025-26"]["black"].headcount, by_period["2025-26"]["black"].entrants) == (300, 5)


def test_a_window_of_one_year_is_the_report_as_before(organisation, two_years):
    default, one = _report([organisation]), _report([organisation], window=1)
    assert default == one
    assert (_row(one, "white").headcount, _row(one, "white").entrants) == (1200, 11)
    as_json = reports.report_as_json(one)
    assert "window" not in as_json and "periods" not in as_json
    assert as_json == reports.report_as_json(default)


def test_a_practitioner_with_cases_in_two_years_of_the_window_counts_once(organisation):
    baselines(organisation, {"white": 100, "black": 100}, period="2024-25")
    baselines(organisation, {"white": 100, "black": 100}, period="2025-26")
    historic(
        organisation, 1, ethnicity="black", key="K-TWICE", formal_investigation=True, date_raised=EARLIER
    )
    historic(organisation, 1, ethnicity="black", key="K-TWICE", formal_investigation=True, date_raised=LATER)
    manager = member(organisation, "case_manager", username="cm")
    practitioner = PractitionerFactory(organisation=organisation, profession="doctor")
    for raised_on in (EARLIER, LATER):
        case = live_case(organisation, manager, raised_on=raised_on, practitioner=practitioner, equality={
            "ethnicity": "M"  # Black or Black British: Caribbean
        })  # fmt: skip
        moved_to(case, "formal_investigation", manager)
    black = _row(_report([organisation], window=2), "black")
    assert black.entrants == 2  # one historic key and one live practitioner, each once
    assert _row(_report([organisation]), "black").entrants == 2  # and in 2025-26 alone, also once each


def test_a_year_of_the_window_without_a_baseline_is_said_plainly(organisation, analyst_client):
    baselines(organisation, {"white": 1000, "black": 300}, period="2025-26")
    historic(organisation, 6, ethnicity="black", formal_investigation=True, date_raised=EARLIER)
    historic(organisation, 6, ethnicity="white", formal_investigation=True, date_raised=LATER)
    report = _report([organisation], window=2)
    assert report.baseline_periods == ["2025-26"]
    assert report.missing_baselines == [(organisation.name, "2024-25")]
    black = _row(report, "black")
    assert (black.headcount, black.entrants) == (300, 6)  # the mean of the one year held; both years' cases
    response = analyst_client.get(
        reverse("equality:report"), {"org": organisation.slug, **CHOICES, "window": 2}
    )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    assert f"{organisation.name} holds no workforce baseline for 2024-25" in text
    assert "Held for 2025-26" in text


@pytest.fixture
def analyst(organisation):
    return member(organisation, "equality_analyst", username="analyst", full_name="Ana Lyst")


@pytest.fixture
def analyst_client(analyst, signed_in):
    return signed_in(analyst)


def test_the_page_offers_years_to_gather_and_says_the_window(organisation, analyst_client, two_years):
    home = analyst_client.get(reverse("equality:home")).content.decode()
    assert "Years to gather" in home and 'name="window"' in home
    response = analyst_client.get(
        reverse("equality:report"), {"org": organisation.slug, **CHOICES, "window": 5}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2021-22 to 2025-26 (5 years)" in html
    assert "The trend shows single years" in html
    assert "window=5" in html  # the download links keep the window
    event = AuditEvent.objects.get(action="equality.report_read")
    assert event.summary["detail"]["window"] == 5
    bad = analyst_client.get(reverse("equality:report"), {"org": organisation.slug, **CHOICES, "window": 3})
    assert bad.status_code == 400


def test_the_files_say_the_window_in_their_headings(organisation, analyst, two_years):
    exported = exports_report.export_report(
        by=analyst, fmt="csv", organisations=[organisation], publish=False, window=2, **CHOICES
    )
    text = exported.content.decode("utf-8-sig")
    assert "relative likelihood by ethnicity, 2024-25 to 2025-26 (2 years)" in text
    assert "2024-25-to-2025-26" in exported.filename
    html = exports_report.render_html(
        exported.report, generated_at=dt.datetime(2026, 1, 5, 9, 0), generated_by="A"
    )
    assert "2024-25 to 2025-26 (2 years)" in html


def test_a_published_report_gathers_one_year_or_a_fixed_five_year_block(organisation, two_years):
    # Windows that overlap could be subtracted from one another (issue 9): published, only the fixed blocks.
    for window, period in ((2, "2025-26"), (5, "2024-25")):
        with pytest.raises(reports.ReportError, match="choose 1 year, or 2025-26 with 5 years"):
            _report([organisation], window=window, period=period, publish=True)
    assert _report([organisation], window=2).window == 2  # the analyst's view gathers any window
    assert _report([organisation], window=5, publish=True).periods == window_periods("2025-26", 5)


def test_a_published_block_shows_a_group_that_each_year_hides(organisation):
    # Mixed: 2 doctors in formal investigation in each of three years, hidden each year together with the
    # not-stated group (3, 6, 7: the missing-data group is given up first). Over the block, mixed (6) and not
    # stated (16) are shown: each year's two hidden counts could still be shifted one from the other and one
    # year to another without changing anything shown, so neither year can be worked out.
    years = {"2023-24": 3, "2024-25": 6, "2025-26": 7}
    for period, not_stated in years.items():
        raised = dt.date(int(period[:4]), 6, 2)
        baselines(organisation, {"white": 1000, "black": 300, "mixed": 40, "not_stated": 60}, period=period)
        historic(organisation, 20, ethnicity="white", formal_investigation=True, date_raised=raised)
        historic(organisation, 2, ethnicity="mixed", formal_investigation=True, date_raised=raised)
        historic(
            organisation, not_stated, ethnicity="not_stated", formal_investigation=True, date_raised=raised
        )
    one_year = _report([organisation], publish=True)
    assert _row(one_year, "mixed").suppressed and _row(one_year, "not_stated").suppressed
    assert one_year.total.entrants == 29
    block = _report([organisation], window=5, publish=True)
    mixed = _row(block, "mixed")
    assert (mixed.entrants, mixed.headcount, mixed.suppressed) == (6, 40, False)
    assert mixed.relative_likelihood == Fraction(6 * 1000, 40 * 60)  # 6 of 40 against 60 of 1,000
    assert _row(block, "not_stated").entrants == 16
    for t in block.trend:  # and the single years beside it still hide it
        assert next(r for r in t.rows if r.group == "mixed").entrants is None


def _run(*args) -> str:
    out = io.StringIO()
    call_command("equality", "report", *args, stdout=out)
    return out.getvalue()


ARGS = [f"--{k}={v}" for k, v in CHOICES.items()]


def test_the_command_gathers_a_window_and_says_so_in_the_json(organisation, two_years):
    result = json.loads(_run("--org", organisation.slug, *ARGS, "--window", "2", "--json"))
    assert result["window"] == 2 and result["periods"] == ["2024-25", "2025-26"]
    black = next(g for g in result["groups"] if g["group"] == "black")
    assert (black["headcount"], black["entrants"], black["relative_likelihood"]) == (250, 15, 3.0)
    assert "2024-25 to 2025-26 (2 years)" in _run("--org", organisation.slug, *ARGS, "--window", "2")


def test_the_command_refuses_another_window_with_a_reason(organisation):
    with pytest.raises(CommandError, match="--window must be 1, 2 or 5"):
        _run("--org", organisation.slug, *ARGS, "--window", "3")
    assert not AuditEvent.objects.filter(action="equality.report_read").exists()
    result = subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "faircase", "equality", "report", "--org", "x", *ARGS, "--window", "ten"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "CommandError: --window must be 1, 2 or 5 (years to gather), not 'ten'."
    ]
