"""The evaluation's outputs: the page, the PDF, the spreadsheet and the command all say what presenters.present says;
the command's JSON has the agreed shape; bad arguments are refused with a clear reason; only the roles that read
published equality statistics, in their own organisation, see it (404 for everyone else); every read is audited;
the administrator records the adoption date on an audited page."""

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from faircase.accounts.tests.factories import member
from faircase.core import catalogues
from faircase.core.models import AuditEvent
from faircase.core.navigation import navigation
from faircase.evaluation import exports, measures, presenters
from faircase.practitioners.models import ExperienceResponse
from faircase.process import clock
from faircase.records.tests.reading import html_text, pdf_text

ADOPTED = dt.date(2026, 4, 1)
NOW = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
FIRST = clock.evaluation_period(ADOPTED)  # 1 April to 30 September 2026
MEASURE_FIELDS = {"key", "benefit", "numerator", "denominator", "value", "before", "suppressed"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def adopted(organisation):
    organisation.framework_adopted_on = ADOPTED
    organisation.save()
    # Ten answers after adoption (five agree) and five before (none agree): shown on both sides.
    for month, answers in (
        (dt.date(2026, 5, 1), (5, 4, 5, 4, 5, 2, 3, 2, 1, 2)),
        (dt.date(2026, 2, 1), (2, 3, 1, 2, 3)),
    ):
        for answer in answers:
            ExperienceResponse.objects.create(
                organisation=organisation,
                point="closure",
                month=month,
                communication=answer,
                support_awareness=answer,
                process_understanding=answer,
                fairness=answer,
            )
    return organisation


@pytest.fixture
def analyst(adopted):
    return member(adopted, "equality_analyst", username="analyst", full_name="Ana Lyst")


def _page_url(organisation, period=1):
    return reverse("evaluation:organisation", kwargs={"slug": organisation.slug}) + f"?period={period}"


def _file(client, organisation, fmt):
    url = (
        reverse("evaluation:organisation_file", kwargs={"slug": organisation.slug, "fmt": fmt}) + "?period=1"
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def test_the_page_the_pdf_and_the_spreadsheet_say_what_the_presenter_says(adopted, analyst, signed_in):
    client = signed_in(analyst)
    view = presenters.present(measures.build_evaluation(adopted, *FIRST))
    communication = next(r for r in view.rows if r.key == "survey_communication")
    assert (communication.after, communication.before) == ("50%", "0%")  # by hand: 5 of 10, 0 of 5

    page = html_text(client.get(_page_url(adopted)).content)
    pdf = pdf_text(_file(client, adopted, "pdf"))
    for row in view.rows:
        assert row.title in page and row.title in pdf
        assert f"{row.after} {row.after_counts}".strip() in page
    assert "50% 5 of 10 0% 0 of 5" in page
    assert "50% 5 of 10 0% 0 of 5" in pdf

    book = openpyxl.load_workbook(io.BytesIO(_file(client, adopted, "xlsx")))
    sheet = [list(r) for r in book["Measures"].iter_rows(min_row=3, values_only=True)]
    assert sheet == presenters.measure_cells(measures.build_evaluation(adopted, *FIRST))
    assert sheet[0] == presenters.MEASURE_COLUMNS
    row = next(r for r in sheet if r[2] == "survey_communication")
    assert row[3:9] == ["50%", 5, 10, "0%", 0, 5]


def test_the_files_follow_the_readers_language_and_their_figures_do_not_change(adopted, analyst):
    """Made for someone reading in Welsh, the PDF, XLSX and CSV are in Welsh (ADR 41): the same figures and
    measure keys as the English files, only the words differ."""

    def export(fmt):
        return exports.export_evaluation(
            by=analyst, fmt=fmt, organisation=adopted, start=FIRST[0], end=FIRST[1]
        ).content

    english = {fmt: export(fmt) for fmt in exports.FORMATS}
    with translation.override("cy"):
        welsh = {fmt: export(fmt) for fmt in exports.FORMATS}

    book = openpyxl.load_workbook(io.BytesIO(welsh["xlsx"]))
    assert book.sheetnames == ["Ynghylch", "Mesurau", "Anghymesuredd"]
    measures_sheet, comparisons = book["Mesurau"], book["Anghymesuredd"]
    assert measures_sheet["A1"].value.startswith("Wedi'i gyhoeddi")
    assert [c.value for c in measures_sheet[3]][:4] == ["Budd", "Mesur", "Allwedd", "Ar ôl mabwysiadu"]
    assert [c.value for c in comparisons[3]][:3] == ["Cam", "Proffesiwn", "Grŵp"]
    english_book = openpyxl.load_workbook(io.BytesIO(english["xlsx"]))
    assert english_book.sheetnames == ["About", "Measures", "Disproportionality"]
    words = {
        c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)
    }
    english_headings = {"Stage", "Profession", "Group", "Benefit", "Measure", "Definition", "After adoption"}
    assert not words & english_headings
    assert not [w for w in words if w.startswith("Published")]

    def figures(content):
        sheets = openpyxl.load_workbook(io.BytesIO(content)).worksheets
        rows = [row for sheet in sheets for row in sheet.iter_rows(values_only=True)]
        return [[c for c in row if not isinstance(c, str)] for row in rows]

    assert figures(welsh["xlsx"]) == figures(english["xlsx"])
    welsh_row = next(r for r in measures_sheet.iter_rows(values_only=True) if r[2] == "survey_communication")
    assert list(welsh_row[3:9]) == ["50%", 5, 10, "0%", 0, 5]

    def csv_rows(content):
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))

    welsh_csv, english_csv = csv_rows(welsh["csv"]), csv_rows(english["csv"])
    assert welsh_csv[0][0].startswith("Wedi'i gyhoeddi") and welsh_csv[1][:3] == ["Budd", "Mesur", "Allwedd"]
    assert not {c for row in welsh_csv for c in row} & english_headings

    def counts(rows):  # each measure's key, and its numerators and denominators after and before
        return [[r[2], r[4], r[5], r[7], r[8]] for r in rows[2:]]

    assert counts(welsh_csv) == counts(english_csv)

    text = pdf_text(welsh["pdf"])
    assert "Ynghylch y gwerthusiad hwn" in text and "Tudalen 1 o" in text
    assert "Cynhyrchwyd" in text and " gan Ana Lyst" in text
    assert "50% 5 o 10 0% 0 o 5" in text
    for english_words in ("About this evaluation", "Generated", "Page 1 of", "Published", " by Ana Lyst"):
        assert english_words not in text
    english_text = pdf_text(english["pdf"])
    assert "About this evaluation" in english_text and "Page 1 of" in english_text


def test_every_read_is_audited_with_its_channel(adopted, analyst, signed_in):
    client = signed_in(analyst)
    client.get(_page_url(adopted))
    _file(client, adopted, "xlsx")
    channels = [
        e.summary["detail"]["channel"]
        for e in AuditEvent.objects.filter(action="evaluation.read").order_by("id")
    ]
    assert channels == ["page", "xlsx"]


def test_the_command_prints_each_measure_as_json(adopted):
    out = io.StringIO()
    call_command(
        "evaluation",
        "report",
        "--org",
        adopted.slug,
        "--from",
        "2026-04-01",
        "--to",
        "2026-09-30",
        "--json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["before"] == {"from": "2025-09-30", "to": "2026-03-31"}
    assert [m["key"] for m in result["measures"]] == list(measures.COUNTED)
    for measure in result["measures"]:
        assert set(measure) >= MEASURE_FIELDS
        assert set(measure["before"]) == {"numerator", "denominator", "value", "suppressed"}
    communication = next(m for m in result["measures"] if m["key"] == "survey_communication")
    assert (communication["numerator"], communication["denominator"], communication["value"]) == (5, 10, 0.5)
    assert communication["before"] == {"numerator": 0, "denominator": 5, "value": 0.0, "suppressed": False}
    assert (
        AuditEvent.objects.filter(action="evaluation.read", summary__detail__channel="command").count() == 1
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--org", "riverside", "--from", "2026-13-01", "--to", "2026-09-30"],
            "--from must be a date written as",
        ),
        (
            ["--org", "riverside", "--from", "2026-09-30", "--to", "2026-04-01"],
            "must end on or after the day it starts",
        ),
        (
            ["--org", "nowhere", "--from", "2026-04-01", "--to", "2026-09-30"],
            "No organisation with the slug 'nowhere'",
        ),
    ],
)
def test_the_command_refuses_bad_arguments_saying_why(adopted, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("evaluation", "report", *arguments)
    assert not AuditEvent.objects.filter(action="evaluation.read").exists()


def test_a_period_that_is_not_one_of_the_six_months_is_refused_on_the_page(adopted, analyst, signed_in):
    response = signed_in(analyst).get(_page_url(adopted, period=9))
    assert response.status_code == 400
    assert "Choose one of the six-month periods since the framework was adopted" in response.content.decode()


@pytest.mark.parametrize("role", ["equality_analyst", "org_admin", "board_member", "responsible_officer"])
def test_the_roles_that_read_published_statistics_see_their_own_organisation(adopted, role, signed_in):
    client = signed_in(member(adopted, role))
    assert client.get(_page_url(adopted)).status_code == 200
    assert client.get(reverse("evaluation:report")).status_code == 302  # straight to their one organisation


@pytest.mark.parametrize("role", ["case_manager", "auditor", "hr_adviser"])
def test_other_roles_find_nothing(adopted, role, signed_in):
    client = signed_in(member(adopted, role))
    for url in (
        _page_url(adopted),
        reverse("evaluation:organisation_file", kwargs={"slug": adopted.slug, "fmt": "pdf"}),
        reverse("evaluation:report"),
    ):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "role",
    [
        "equality_analyst",
        "org_admin",
        "board_member",
        "responsible_officer",
        "case_manager",
        "auditor",
        "hr_adviser",
    ],
)
def test_the_header_offers_the_evaluation_exactly_to_those_it_opens_for(adopted, role, rf, signed_in):
    user = member(adopted, role)
    request = rf.get("/")
    request.user = user
    offered = [item["href"] for item in navigation(request) if item["text"] == "Evaluation"]
    opens = signed_in(user).get(reverse("evaluation:report")).status_code != 404
    assert bool(offered) == opens
    assert offered in ([], [reverse("evaluation:report")])


def test_another_organisations_analyst_finds_nothing(adopted, other_organisation, signed_in):
    client = signed_in(member(other_organisation, "equality_analyst"))
    assert client.get(_page_url(adopted)).status_code == 404
    assert client.get(reverse("evaluation:adoption", kwargs={"slug": adopted.slug})).status_code == 404


def test_the_administrator_records_the_adoption_date(organisation, signed_in):
    admin = member(organisation, "org_admin")
    client = signed_in(admin)
    url = reverse("evaluation:adoption", kwargs={"slug": organisation.slug})
    refused = client.post(
        url, {"framework_adopted_on_0": "31", "framework_adopted_on_1": "2", "framework_adopted_on_2": "2026"}
    )
    assert refused.status_code == 400
    organisation.refresh_from_db()
    assert organisation.framework_adopted_on is None
    response = client.post(
        url, {"framework_adopted_on_0": "1", "framework_adopted_on_1": "4", "framework_adopted_on_2": "2026"}
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.framework_adopted_on == ADOPTED
    event = AuditEvent.objects.get(action="evaluation.adoption_date_set")
    assert event.summary["after"] == {"framework_adopted_on": "2026-04-01"}


def test_an_analyst_cannot_set_the_adoption_date(adopted, analyst, signed_in):
    url = reverse("evaluation:adoption", kwargs={"slug": adopted.slug})
    assert signed_in(analyst).get(url).status_code == 404


def test_formats_offered_are_the_ones_made():
    assert set(exports.CONTENT_TYPES) == set(exports.FORMATS)


def test_without_an_adoption_date_the_page_says_what_is_needed(organisation, signed_in):
    page = signed_in(member(organisation, "org_admin")).get(_page_url(organisation)).content.decode()
    assert "No date is recorded yet" in page
    assert reverse("evaluation:adoption", kwargs={"slug": organisation.slug}) in page


def test_someone_in_two_organisations_chooses_one(adopted, analyst, other_organisation, signed_in):
    from faircase.accounts.models import Membership

    Membership.objects.create(user=analyst, organisation=other_organisation, role="board_member")
    page = signed_in(analyst).get(reverse("evaluation:report")).content.decode()
    for organisation in (adopted, other_organisation):
        assert reverse("evaluation:organisation", kwargs={"slug": organisation.slug}) in page


def test_the_page_reads_in_welsh_for_someone_who_chose_welsh(adopted, analyst, signed_in):
    analyst.language = "cy"
    analyst.save(update_fields=["language"])
    response = signed_in(analyst).get(_page_url(adopted))
    html = response.content.decode()
    page = html_text(response.content)
    assert 'lang="cy"' in html
    assert "Gwerthusiad o'r fframwaith" in page
    assert "Anghymesuredd cyn ac ar ôl mabwysiadu" in page
    assert "Ar ôl mabwysiadu" in page
    for english in (
        "Evaluation of the framework",
        "Disproportionality before and after adoption",
        "After adoption",
    ):
        assert english not in page


def test_the_evaluation_app_has_welsh_for_every_message():
    assert "evaluation" not in catalogues.missing()
