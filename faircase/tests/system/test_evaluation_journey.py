"""The equality analyst's evaluation of the framework, in a browser: they open the evaluation of their organisation
(adopted on 1 April, six months ago, with survey answers on both sides), read a chart's table, and download the
PDF and the spreadsheet, which say what the page says. Built with factories: no demo. Every page passes axe-core."""

import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from faircase.accounts.tests.factories import member
from faircase.practitioners.models import ExperienceResponse
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_reflow_sweep import _OVERFLOW, NARROW
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser

ADOPTED = dt.date(2026, 4, 1)
KEPT_INFORMED = "Practitioners kept informed"


def download(page: Page, link_text: str) -> bytes:
    with page.expect_download() as event:
        page.get_by_role("link", name=link_text).click()
    return Path(event.value.path()).read_bytes()


def test_an_equality_analyst_reads_the_evaluation_and_downloads_it(page: Page, organisation):
    # Given an organisation that adopted the framework on 1 April 2026, with ten survey answers in the six months
    # after (five agree) and five before (none agree), and its equality analyst
    organisation.framework_adopted_on = ADOPTED
    organisation.save()
    for month, answers in (
        (dt.date(2026, 6, 1), (4, 5, 4, 5, 4, 2, 3, 2, 1, 2)),
        (dt.date(2026, 1, 1), (1, 2, 3, 2, 1)),
    ):
        ExperienceResponse.objects.bulk_create(
            ExperienceResponse(
                organisation=organisation,
                point="closure",
                month=month,
                communication=a,
                support_awareness=a,
                process_understanding=a,
                fairness=a,
            )
            for a in answers
        )
    analyst = member(organisation, "equality_analyst", username="ash.fictional", full_name="Ash Fictional")

    with time_machine.travel(dt.datetime(2026, 10, 15, 10, 0, tzinfo=dt.UTC), tick=True):
        # When they sign in and open the evaluation
        page.goto("/")
        sign_in(page, username=analyst.username, password=PASSWORD)
        page.goto("/evaluation/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation of the framework")
        expect(page.get_by_text("1 April 2026 to 30 September 2026", exact=True)).to_be_visible()
        assert_accessible(page)

        # Then the practitioners' chart has its table, with the figures after and before adoption
        expect(page.get_by_role("img", name="Practitioners: measures after adoption")).to_be_visible()
        table = page.locator("table").filter(
            has=page.locator("caption", has_text="Communication with the employer")
        )
        row = table.locator("tbody tr").filter(has_text=KEPT_INFORMED)
        cells = [" ".join(c.split()) for c in row.locator("td").all_inner_texts()]
        assert cells == ["50%", "5 of 10", "0%", "0 of 5"]

        # And at 320 pixels the page does not scroll sideways (the charts and tables scroll in their own boxes)
        page.set_viewport_size(NARROW)
        assert page.evaluate(_OVERFLOW) == []
        assert_accessible(page)
        page.set_viewport_size({"width": 1280, "height": 800})

        # When they download the PDF and the spreadsheet, each says the same
        pdf = PdfReader(io.BytesIO(download(page, "Evaluation (PDF)")))
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
        assert f"{KEPT_INFORMED}" in text and "50% 5 of 10 0% 0 of 5" in text
        book = load_workbook(io.BytesIO(download(page, "Figures as a spreadsheet (XLSX)")))
        sheet_row = next(r for r in book["Measures"].iter_rows(values_only=True) if r[1] == KEPT_INFORMED)
        assert list(sheet_row[3:9]) == ["50%", 5, 10, "0%", 0, 5]
        assert_accessible(page)
