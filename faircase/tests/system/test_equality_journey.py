"""The equality analyst's journey, in a browser: from the header to the imports (a workforce baseline, a bad file
refused whole with its problems by line and column, historic cases previewed before they are imported), a
practitioner's equality data recorded, and the disproportionality report read on the page and in its CSV, XLSX and
PDF files. A board member then sees only the published report; a case manager sees no Equality at all.

The NHS.UK file upload is enhanced by its JavaScript (a button in place of the input): every page that has one is
checked with axe-core before and after a file is chosen. Every page visited passes axe-core."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

import faircase
from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import PractitionerFactory
from faircase.equality.models import HistoricCase, WorkforceBaseline
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.header import follow_header_link, header_link
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser

EXAMPLES = Path(faircase.__file__).parent / "data" / "examples"
DO_NOT_SHARE = re.compile("Contains small numbers: do not share")
GROUPS_CAPTION = "Headcount, entrants, rate and relative likelihood by group"

# The workforce example's 2025-26 doctors by ethnicity: white 201, mixed 14, asian 132, black 41, other 12,
# not stated 28 (428 in all). The historic cases below put 8 white, 16 Asian, 2 Black and 1 not-stated doctor
# into formal investigation in 2025-26, and 6 more white doctors through a concern that went no further.
HISTORIC = {
    # group: (practitioners in formal investigation, practitioners with a concern only)
    "white": (8, 6),
    "asian": (16, 0),
    "black": (2, 0),
    "not_stated": (1, 0),
}
HISTORIC_ROWS = sum(a + b for a, b in HISTORIC.values())


def historic_cases_csv(path: Path) -> Path:
    header = (
        "reference,practitioner_key,profession,date_raised,ethnicity,pmq,sex,age_band,disability,"
        "formal_investigation,exclusion,sanction,regulator_referral"
    )
    lines = [header]
    n = 0
    for group, (investigated, concern_only) in HISTORIC.items():
        for formal in [True] * investigated + [False] * concern_only:
            n += 1
            raised = dt.date(2025, 5, 1) + dt.timedelta(days=7 * n)
            lines.append(
                f"RFT-H-{n:03d},PK-{n:04d},doctor,{raised.isoformat()},{group},uk,male,40_49,no,"
                f"{'yes' if formal else 'no'},no,no,no"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bad_baseline_csv(path: Path) -> Path:
    """A file that would replace the 2025-26 ethnicity headcounts, with three bad rows among good ones."""
    path.write_text(
        "period,profession,dimension,group,headcount\n"
        "2025-26,doctor,ethnicity,white,999\n"
        "2025/26,doctor,ethnicity,asian,10\n"
        "2025-26,doctor,ethnicity,purple,5\n"
        "2025-26,doctor,ethnicity,black,-3\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(autouse=True)
def staging(settings, tmp_path):
    """Uploads waiting for confirmation are staged here, not in the system's temporary directory."""
    settings.FAIRCASE_IMPORT_DIR = str(tmp_path / "staged")


def file_upload_enhanced(page: Page) -> None:
    """Wait for the file upload's JavaScript, which runs once the page has loaded: it puts a button in place of
    the input, giving it the input's id."""
    expect(page.locator(".nhsuk-file-upload__drop-button")).to_be_visible()


def choose_file(page: Page, label: str, path: Path) -> Locator:
    """Choose a file as a person does: press the upload component's button and pick the file. Returns the
    button, which shows the file's name once chosen."""
    file_upload_enhanced(page)
    button = page.get_by_role("button", name=re.compile(rf"^{re.escape(label)}"))
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(path)
    expect(button).to_contain_text(path.name)
    return button


def groups_table(page: Page) -> dict[str, list[str]]:
    """The report's main table, by group label: headcount, entrants, rate, ratio, interval, significant, flag."""
    table = page.locator("table").filter(has=page.locator("caption", has_text=GROUPS_CAPTION)).first
    rows = {}
    for row in table.locator("tbody tr").all():
        label = row.locator("th").inner_text().strip()
        rows[label] = [" ".join(c.split()) for c in row.locator("td").all_inner_texts()]
    return rows


def download(page: Page, link_text: str) -> tuple[str, bytes]:
    with page.expect_download() as event:
        page.get_by_role("link", name=link_text).click()
    return event.value.suggested_filename, Path(event.value.path()).read_bytes()


def chart_text_heights(page: Page) -> list[float]:
    """The font size, in CSS pixels as drawn on the screen, of every piece of text in the report's charts."""
    return page.evaluate(
        """() => [...document.querySelectorAll("svg.faircase-chart__svg text")].map((text) => {
            const size = parseFloat(getComputedStyle(text).fontSize);
            return size * text.getScreenCTM().a;
        })"""
    )


def csv_groups(content: bytes) -> dict[str, list[str]]:
    """The Groups section of the report's CSV, by group code."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    start = rows.index(["## Groups"]) + 2  # the section title, then its header
    found = {}
    for row in rows[start:]:
        if not row or row[0].startswith("## "):
            break
        if len(row) > 2:
            found[row[1]] = row
    return found


def csv_status(content: bytes) -> str:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return next(r[1] for r in rows if r[:1] == ["Status"])


def as_percent(value: str) -> str:
    """A rate from the files (a proportion) as the page writes it."""
    number = float(value) * 100
    return f"{number:.1f}%" if number >= 10 else f"{number:.2f}%"


def test_an_equality_analyst_imports_the_numbers_records_equality_data_and_reads_the_report(
    page: Page, organisation, tmp_path
):
    # Given an equality analyst, a practitioner with no equality data, a board member and a case manager
    analyst = member(organisation, "equality_analyst", username="ash.fictional", full_name="Ash Fictional")
    member(organisation, "board_member", username="bo.fictional", full_name="Bo Fictional")
    member(organisation, "case_manager", username="cam.fictional", full_name="Cam Fictional")
    PractitionerFactory(organisation=organisation, full_name="Dr Sam Notreal", profession="doctor")

    # When the analyst signs in and opens "Equality" from the header
    page.goto("/")
    sign_in(page, username=analyst.username, password=PASSWORD)
    follow_header_link(page, "Equality")
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality and disproportionality")
    expect(page.get_by_text("You can see reports with small numbers in them.")).to_be_visible()
    assert_accessible(page)

    # and goes to the imports, then to import a workforce baseline
    page.get_by_role("link", name="Import a workforce baseline or historic cases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Imports")
    expect(page.get_by_text("No files have been imported yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Import a workforce baseline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a workforce baseline")
    file_upload_enhanced(page)
    assert_accessible(page)

    # Then the example baseline is imported and shown held
    choose_file(page, "Workforce baseline file (CSV)", EXAMPLES / "workforce-example.csv")
    assert_accessible(page)  # and with a file chosen
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workforce baselines and historic cases held")
    expect(
        page.get_by_text("Imported 46 workforce headcounts for Riverside Fictional NHS Trust")
    ).to_be_visible()
    held = page.locator("table").filter(has_text="total headcount by dimension").locator("tbody tr")
    expect(held.filter(has_text="2025-26")).to_contain_text("428")
    assert_accessible(page)
    assert WorkforceBaseline.objects.filter(organisation=organisation).count() == 46

    # When they upload a bad baseline file, it is refused whole: every problem by line and column
    page.get_by_role("link", name="Import a file").click()
    page.get_by_role("link", name="Import a workforce baseline").click()
    choose_file(page, "Workforce baseline file (CSV)", bad_baseline_csv(tmp_path / "bad-baseline.csv"))
    page.get_by_role("button", name="Upload and import").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The file was not imported: 3 problems")
    problems = page.get_by_role("table", name="Problems by line and column").locator("tbody tr")
    expect(problems).to_have_count(3)
    for line, column in (("3", "period"), ("4", "group"), ("5", "headcount")):
        expect(problems.filter(has=page.locator("td", has_text=re.compile(rf"^{line}$")))).to_contain_text(
            column
        )
    assert_accessible(page)

    # and nothing changed: the headcounts held are those of the first file
    page.get_by_role("link", name="Back to imports").click()
    expect(page.locator("table").filter(has_text="Files imported")).to_contain_text("workforce-example.csv")
    expect(page.get_by_text("bad-baseline.csv")).to_have_count(0)
    page.get_by_role("link", name="See the workforce baselines and historic cases held").click()
    expect(held.filter(has_text="2025-26")).to_contain_text("428")
    assert (
        WorkforceBaseline.objects.get(period="2025-26", dimension="ethnicity", group="white").headcount == 201
    )

    # When they import historic cases, they first see a preview, and nothing is imported until they confirm
    page.get_by_role("link", name="Import historic cases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import historic cases")
    file_upload_enhanced(page)
    assert_accessible(page)
    choose_file(
        page, "Historic cases file (CSV or XLSX)", historic_cases_csv(tmp_path / "historic-cases.csv")
    )
    assert_accessible(page)
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the historic cases before importing")
    expect(page.locator("main")).to_contain_text(f"{HISTORIC_ROWS} historic cases")
    expect(page.locator("main")).to_contain_text("Nothing has been imported yet")
    stages = page.locator("table").filter(has_text="Cases that reached each stage")
    expect(stages.locator("tr", has_text="Formal investigation")).to_contain_text("27")
    assert_accessible(page)
    assert not HistoricCase.objects.exists()
    page.get_by_role("button", name="Import these cases").click()
    expect(
        page.get_by_text(f"Imported {HISTORIC_ROWS} historic cases for Riverside Fictional NHS Trust")
    ).to_be_visible()
    historic = page.locator("table").filter(has_text="historic cases by period")
    expect(historic.locator("tr", has_text="2025-26")).to_contain_text(str(HISTORIC_ROWS))
    assert_accessible(page)
    assert HistoricCase.objects.filter(organisation=organisation).count() == HISTORIC_ROWS

    # When they record a practitioner's equality data, leaving it empty first
    follow_header_link(page, "Equality")
    page.get_by_role("link", name="Practitioners' equality data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality data for practitioners")
    practitioner_row = page.locator("tbody tr", has_text="Dr Sam Notreal")
    expect(practitioner_row).to_contain_text("Not recorded")
    assert_accessible(page)
    practitioner_row.get_by_role("link", name="Record equality data for Dr Sam Notreal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dr Sam Notreal")
    expect(page.get_by_text("No equality data is recorded for this practitioner yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save equality data").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the practitioner's ethnic group")
    assert_accessible(page)

    # and then answer each question
    page.get_by_role("group", name="Ethnic group").get_by_label("Asian or Asian British: Indian").check()
    page.get_by_role("group", name="Sex").get_by_label("Male", exact=True).check()
    page.get_by_role("group", name="Age band").get_by_label("50 to 59").check()
    page.get_by_role("group", name="Disability").get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Place of primary qualification").get_by_label("Rest of the world").check()
    page.get_by_role("group", name="Where do these answers come from?").get_by_label(
        "Given by the practitioner"
    ).check()
    page.get_by_role("button", name="Save equality data").click()

    # Then it is saved, and the practitioner's page shows it back
    expect(page.get_by_text("Equality data for Dr Sam Notreal saved.")).to_be_visible()
    expect(practitioner_row).to_contain_text("Recorded")
    assert_accessible(page)
    practitioner_row.get_by_role("link", name="Change equality data for Dr Sam Notreal").click()
    expect(page.get_by_text("by Ash Fictional. Source: given by the practitioner.")).to_be_visible()
    expect(
        page.get_by_role("group", name="Ethnic group").get_by_label("Asian or Asian British: Indian")
    ).to_be_checked()
    expect(
        page.get_by_role("group", name="Place of primary qualification").get_by_label("Rest of the world")
    ).to_be_checked()
    assert_accessible(page)

    # When they run the report for formal investigation of doctors by ethnicity in 2025-26
    follow_header_link(page, "Equality")
    page.get_by_role("group", name="Organisations").get_by_label("Riverside Fictional NHS Trust").check()
    page.get_by_label("Period (financial year)").select_option("2025-26")
    page.get_by_label("Profession").select_option(label="Doctor")
    page.get_by_label("Compare by").select_option(label="Ethnicity")
    page.get_by_label("Stage", exact=True).select_option(label="Formal investigation")
    page.get_by_role("button", name="Show the report").click()

    # Then they see the table with its flags, and that it must not be shared
    expect(page.get_by_role("heading", level=1)).to_contain_text("Formal investigation")
    expect(page.get_by_role("heading", name=DO_NOT_SHARE)).to_be_visible()
    rows = groups_table(page)
    assert rows["White"][:2] == ["201", "8"] and rows["White"][-1].startswith("Reference group")
    assert rows["Asian or Asian British"][:2] == ["132", "16"]
    assert rows["Asian or Asian British"][3] == "3.05"  # (16 / 132) / (8 / 201)
    assert rows["Asian or Asian British"][-1] == "Above the range"
    assert rows["Black or Black British"][:2] == ["41", "2"]
    assert rows["Black or Black British"][-1].startswith("Too few to compare")
    assert rows["Not stated or not known"][-1].startswith("Not compared")
    assert_accessible(page)

    # and on a phone 320 pixels wide the chart's text is still at least 16 pixels, and it doubles with 200% text
    page.set_viewport_size({"width": 320, "height": 640})
    assert min(chart_text_heights(page)) >= 16
    assert_accessible(page)  # the chart scrolls sideways in a region the keyboard can reach
    page.evaluate("() => { document.documentElement.style.fontSize = '200%' }")  # the browser's text size
    assert min(chart_text_heights(page)) >= 32
    page.evaluate("() => { document.documentElement.style.fontSize = '' }")
    page.set_viewport_size({"width": 1280, "height": 720})

    # When they download the figures as CSV, they are the page's, marked not for publication
    name, content = download(page, "Figures as CSV (contains small numbers)")
    assert name.endswith("-not-for-publication.csv")
    assert csv_status(content).startswith("NOT FOR PUBLICATION")
    by_code = csv_groups(content)
    for code, label in (
        ("white", "White"),
        ("asian", "Asian or Asian British"),
        ("black", "Black or Black British"),
    ):
        headcount, entrants, rate, ratio = by_code[code][2:6]
        assert [headcount, entrants, as_percent(rate)] == rows[label][:3]
        assert ratio == "" or f"{float(ratio):.2f}" == rows[label][3]
    assert by_code["asian"][8:10] == ["above", "yes"]

    # and as a spreadsheet, the same
    name, content = download(page, "Figures as a spreadsheet (XLSX) (contains small numbers)")
    assert name.endswith("-not-for-publication.xlsx")
    sheet = load_workbook(io.BytesIO(content))["Groups"]
    assert sheet["A1"].value.startswith("NOT FOR PUBLICATION")
    xlsx = {r[1]: r for r in sheet.iter_rows(min_row=4, values_only=True) if r and r[1]}
    assert xlsx["asian"][2:4] == (132, 16) and f"{xlsx['asian'][5]:.2f}" == "3.05"
    assert xlsx["black"][2:4] == (41, 2) and xlsx["white"][8] == "reference"

    # and the PDF board report, which is the published version: the small numbers are left out
    name, content = download(page, "Board report (PDF, published version)")
    assert name.endswith("-published.pdf") and content.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)
    assert "Formal investigation: relative likelihood by ethnicity" in text
    assert "Published: small numbers left out" in text
    assert re.search(r"Black or Black British 41 Not shown", text)
    # Black (2) and not stated (1) add up to 3, so one more group goes with them: the total never does (it is the
    # same in every dimension and every report), nor the usual reference group until last, so Asian (16) goes.
    assert re.search(r"Asian or Asian British 132 Not shown", text)
    assert re.search(r"All practitioners 428 27", text)
    assert "Not stated or not known: entrants not shown (small numbers); 28 in the workforce baseline" in text

    # When they look at the published version on the page, it is what the board report says
    page.get_by_role("link", name="Show the published version").click()
    expect(page.get_by_role("heading", name=DO_NOT_SHARE)).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Published version")
    published = groups_table(page)
    assert published["Black or Black British"][1] == "Not shown"
    assert published["Asian or Asian British"][:2] == ["132", "Not shown"]
    expect(page.locator("#missing ~ ul").first).to_contain_text("Not stated or not known: entrants not shown")
    assert_accessible(page)
    published_url = page.url

    # Given a board member, who reads only published statistics
    page.context.clear_cookies()
    page.goto("/")
    sign_in(page, username="bo.fictional", password=PASSWORD)
    follow_header_link(page, "Equality")
    expect(page.get_by_text("You see the published version of each report")).to_be_visible()
    expect(
        page.get_by_label("Show the published version (small numbers left out), as the board sees it")
    ).to_have_count(0)
    expect(page.get_by_role("link", name="Practitioners' equality data")).to_have_count(0)
    assert_accessible(page)

    # When they ask for the same report, even by the address of the version with small numbers
    with_small_numbers = published_url.replace("&published=on", "")
    assert "published" not in with_small_numbers
    page.goto(with_small_numbers)

    # Then they see it published, and the downloads are published too
    expect(page.get_by_role("heading", name=DO_NOT_SHARE)).to_have_count(0)
    expect(page.get_by_role("link", name="Figures as CSV")).to_have_count(1)
    assert groups_table(page) == published
    assert_accessible(page)
    name, content = download(page, "Figures as CSV")
    assert name.endswith("-published.csv") and csv_status(content).startswith("Published")
    assert csv_groups(content)["black"][3] == ""

    # and the equality data pages do not exist for them
    response = page.goto(reverse("equality:data_practitioners"))
    assert response is not None and response.status == 404
    assert_accessible(page)

    # Given a case manager: there is no Equality in the header, and the equality pages do not exist for them
    page.context.clear_cookies()
    page.goto("/")
    sign_in(page, username="cam.fictional", password=PASSWORD)
    expect(page.locator("header").get_by_role("link", name="Cases", exact=True)).to_be_visible()
    expect(header_link(page, "Equality")).to_have_count(0)
    response = page.goto(reverse("equality:home"))
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("not found", re.IGNORECASE))
    assert_accessible(page)


def test_the_framework_upload_page_passes_axe_with_its_file_upload_enhanced(
    page: Page, organisation, tmp_path
):
    # Given an organisation administrator on the framework upload page (the other page with a file upload)
    admin = member(organisation, "org_admin", username="ari.fictional", full_name="Ari Fictional")
    page.goto("/")
    sign_in(page, username=admin.username, password=PASSWORD)
    page.goto(reverse("framework:upload", kwargs={"org_slug": organisation.slug}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a framework file")
    file_upload_enhanced(page)
    assert_accessible(page)

    # When they choose a file that is not a framework file and upload it
    not_yaml = tmp_path / "notes.yaml"
    not_yaml.write_text("just: [a, list\n", encoding="utf-8")
    choose_file(page, "Framework file (YAML)", not_yaml)
    assert_accessible(page)
    page.get_by_role("button", name="Upload and import").click()

    # Then the error is shown, its link in the summary takes them to the file upload, and the page passes axe
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("The file was not imported")
    summary.get_by_role("link").first.click()
    expect(page.get_by_role("button", name=re.compile(r"^Framework file \(YAML\)"))).to_be_focused()
    assert_accessible(page)
