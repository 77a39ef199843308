"""The monthly exclusions return, on a hand-worked example, as CSV (read back with csv), as PDF (read back with
pypdf), as a web page for the organisation, and from `faircase returns exclusions`.

The example, in an English organisation, for February 2027 (28 days), as of 28 February:

  A  doctor, formal exclusion from 4 Jan: period 1 (4-31 Jan) reviewed 28 Jan; period 2 (1-28 Feb) reviewed
     26 Feb; period 3 (1-28 Mar). 56 days, 2 reviews due, 2 on time, next review due 28 March.
  B  dentist, formal exclusion from 18 Jan: period 1 (18 Jan-14 Feb) reviewed late on 17 Feb; period 2
     (17 Feb-16 Mar). 42 days, 1 review due, 0 on time, next 16 March.
  G  doctor, immediate exclusion 1 Feb (period to 14 Feb), ended at its review on 10 Feb: 10 days; the review
     (due 14 February) was done early, so it is due and on time; no next review.
  C  doctor, immediate exclusion from 20 Feb (period to 5 Mar): 9 days, nothing due yet, next 5 March.
  Not in it: D (immediate exclusion ended 10 Jan), E (a restriction on practice, not an exclusion), F (another
  organisation's exclusion).
  Reviews due in February: A's period 2 (on time), B's period 1 (late), G's period 1 (on time): 2 of 3, 66.7%,
  target not met.
  January, as of 31 January: A's period 1 is the only review due (done): 100%, target met. D ended on 10 January,
  before its review fell due (18 January): no review is due for it.
"""

import csv
import datetime as dt
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import PractitionerFactory, open_case
from faircase.core.models import AuditEvent
from faircase.framework import services as framework_services
from faircase.process import returns, services
from faircase.records.tests.factories import answer_all

LONDON = ZoneInfo("Europe/London")
D = dt.date


def at(year, month, day, hour=12):
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=LONDON), tick=False)


def _review(case, by, on, *, continues=True, end_reason=""):
    restriction = case.restrictions.get(ended_on__isnull=True)
    period = restriction.periods.order_by("-number").first()
    review = answer_all(framework_services.start_review(case=case, review_point="restriction", by=by), by=by)
    services.review_period(
        period=period,
        reviewed_on=on,
        outcome="Reviewed.",
        continues=continues,
        end_reason=end_reason,
        review=review,
        by=by,
    )


def _exclude(case, by, kind, started_on, **extra):
    if kind == "formal_exclusion" and "advice_not_consulted_reason" not in extra:
        extra["advice_contact"] = services.record_advice_contact(
            case=case,
            contacted_on=started_on,
            adviser="A. Adviser",
            question="Exclude?",
            advice="Yes.",
            by=by,
        )
    return services.record_restriction(
        case=case,
        kind=kind,
        started_on=started_on,
        terms="Off duty.",
        reasons="Protect patients.",
        by=by,
        **extra,
    )


@pytest.fixture
def example(organisation, case_manager, other_organisation):
    doctor = {"organisation": organisation, "grade": "Consultant"}
    cases = {
        key: open_case(
            organisation=organisation,
            by=case_manager,
            reference=f"RFT-{key}",
            practitioner=PractitionerFactory(**doctor, full_name=f"Dr Imaginary {key}"),
        )
        for key in "ACDEG"
    }
    dentist = PractitionerFactory(
        organisation=organisation,
        profession="dentist",
        regulator="gdc",
        registration_number="81234",
        grade="Foundation dentist",
        full_name="Dr Imaginary Dentist",
    )
    cases["B"] = open_case(
        organisation=organisation, by=case_manager, reference="RFT-B", practitioner=dentist
    )
    other_manager = member(other_organisation, "case_manager", username="hillside-cm")
    other_case = open_case(organisation=other_organisation, by=other_manager, reference="HFB-F")

    with at(2027, 1, 5):
        _exclude(cases["A"], case_manager, "formal_exclusion", D(2027, 1, 4))
        _exclude(cases["D"], case_manager, "immediate_exclusion", D(2027, 1, 5))
    with at(2027, 1, 10):
        services.end_restriction(
            restriction=cases["D"].restrictions.get(),
            ended_on=D(2027, 1, 10),
            end_reason="Allegation withdrawn.",
            by=case_manager,
        )
    with at(2027, 1, 18):
        _exclude(cases["B"], case_manager, "formal_exclusion", D(2027, 1, 18))
        _exclude(cases["E"], case_manager, "restriction", D(2027, 1, 18))
    with at(2027, 1, 28):
        _review(cases["A"], case_manager, D(2027, 1, 28))
    with at(2027, 2, 1):
        _exclude(cases["G"], case_manager, "immediate_exclusion", D(2027, 2, 1))
        _exclude(
            other_case, other_manager, "formal_exclusion", D(2027, 2, 1), advice_not_consulted_reason="n/a"
        )
    with at(2027, 2, 10):
        _review(cases["G"], case_manager, D(2027, 2, 10), continues=False, end_reason="Concern resolved.")
    with at(2027, 2, 17):
        _review(cases["B"], case_manager, D(2027, 2, 17))
    with at(2027, 2, 20):
        _exclude(cases["C"], case_manager, "immediate_exclusion", D(2027, 2, 20))
    with at(2027, 2, 26):
        _review(cases["A"], case_manager, D(2027, 2, 26))
    return cases


EXPECTED_FEBRUARY = [
    [
        "RFT-A",
        "Formal exclusion",
        "2027-01-04",
        "2027-01-04",
        "",
        "56",
        "2",
        "2",
        "2027-03-28",
        "Doctor",
        "Consultant",
    ],
    [
        "RFT-B",
        "Formal exclusion",
        "2027-01-18",
        "2027-01-18",
        "",
        "42",
        "1",
        "0",
        "2027-03-16",
        "Dentist",
        "Foundation dentist",
    ],
    [
        "RFT-G",
        "Immediate exclusion",
        "2027-02-01",
        "2027-02-01",
        "2027-02-10",
        "10",
        "1",
        "1",
        "",
        "Doctor",
        "Consultant",
    ],
    [
        "RFT-C",
        "Immediate exclusion",
        "2027-02-20",
        "2027-02-20",
        "",
        "9",
        "0",
        "0",
        "2027-03-05",
        "Doctor",
        "Consultant",
    ],
]


@pytest.mark.django_db
def test_the_february_return_matches_the_hand_worked_example(example, organisation):
    with at(2027, 3, 5):
        document = returns.build_return(
            organisation=organisation, month=returns.parse_month("2027-02"), by="test"
        )
    assert document.as_of == D(2027, 2, 28)
    assert [row.cells() for row in document.rows] == EXPECTED_FEBRUARY
    assert (document.due_in_month, document.done_when_due_in_month) == (3, 2)
    assert document.share_text == "66.7%"
    assert document.target_met is False and document.target_text == "Not met"


@pytest.mark.django_db
def test_the_january_return_meets_the_target(example, organisation):
    with at(2027, 3, 5):
        document = returns.build_return(
            organisation=organisation, month=returns.parse_month("2027-01"), by="test"
        )
    assert [row.reference for row in document.rows] == ["RFT-A", "RFT-D", "RFT-B"]
    d_row = document.rows[1]
    assert (d_row.end, d_row.reviews_due, d_row.days_excluded, d_row.next_review_due) == (
        D(2027, 1, 10),
        0,
        6,
        None,
    )
    a_row = document.rows[0]
    assert (a_row.days_excluded, a_row.reviews_due, a_row.reviews_on_time, a_row.next_review_due) == (
        28,
        1,
        1,
        D(2027, 2, 28),
    )
    assert (document.due_in_month, document.done_when_due_in_month) == (1, 1)
    assert document.share_text == "100%" and document.target_text == "Met"


@pytest.mark.django_db
def test_a_month_with_no_reviews_due_says_so(organisation):
    with at(2027, 3, 5):
        document = returns.build_return(
            organisation=organisation, month=returns.parse_month("2027-02"), by="test"
        )
    assert document.rows == [] and document.target_met is None
    assert document.share_text == "No reviews fell due"


@pytest.mark.django_db
def test_the_csv_reads_back_with_the_same_numbers_and_no_names(example, organisation):
    with at(2027, 3, 5):
        generated = returns.generate_return(
            organisation=organisation, month=returns.parse_month("2027-02"), fmt="csv", by="test runner"
        )
    text = generated.content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == returns.COLUMNS
    assert rows[1:5] == EXPECTED_FEBRUARY
    assert rows[5] == []
    summary = dict(row for row in rows[6:])
    assert summary["As of"] == "28 February 2027"
    assert summary["Reviews due in the month"] == "3"
    assert summary["Reviews done when due"] == "2"
    assert summary["Share of reviews done when due"] == "66.7%"
    assert summary["NHS Resolution target of 90%"] == "Not met"
    assert "Dr Imaginary" not in text
    assert generated.filename == "exclusions-return-riverside-2027-02-as-of-2027-02-28.csv"
    event = AuditEvent.objects.get(action="exclusions_return.generated")
    assert event.organisation == organisation and event.summary["detail"]["episodes"] == 4


@pytest.mark.django_db
def test_the_pdf_reads_back_with_the_same_numbers_and_no_names(example, organisation):
    with at(2027, 3, 5):
        generated = returns.generate_return(
            organisation=organisation, month=returns.parse_month("2027-02"), fmt="pdf", by="test runner"
        )
    reader = PdfReader(io.BytesIO(generated.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Monthly exclusions return, February 2027" in text
    assert organisation.name in text
    for row in EXPECTED_FEBRUARY:
        assert row[0] in text
    assert "RFT-D" not in text and "RFT-E" not in text and "HFB-F" not in text
    assert "66.7%" in text and "Not met" in text
    assert "required of NHS trusts" in text
    assert "Generated 5 March 2027 at 12pm by test runner" in text
    assert "Dr Imaginary" not in text


@pytest.mark.django_db
def test_for_a_welsh_reader_the_pdf_is_welsh_with_the_same_numbers_and_the_csv_stays_english(
    example, organisation
):
    """The PDF is for the board: in the reader's language (ADR 41), the figures those of the English PDF. The CSV
    is a data return that NHS Resolution's programs read: its column names, kinds and summary keys stay English."""
    month = returns.parse_month("2027-02")
    with at(2027, 3, 5):
        english = returns.generate_return(organisation=organisation, month=month, fmt="pdf", by="test runner")
        with translation.override("cy"):
            welsh = returns.generate_return(
                organisation=organisation, month=month, fmt="pdf", by="test runner"
            )
            csv_file = returns.generate_return(
                organisation=organisation, month=month, fmt="csv", by="test runner"
            )

    def text_of(content):
        reader = PdfReader(io.BytesIO(content))
        return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)

    text = text_of(welsh.content)
    assert "Ffurflen fisol gwaharddiadau, Chwefror 2027" in text
    for welsh_words in (
        "Crynodeb",
        "Cyfeirnod achos",
        "Gwaharddiad ffurfiol",
        "Heb ei fodloni",
        "Cyfnodau di-dor o waharddiad ac ataliad dros dro",
        "Cynhyrchwyd",
        "Tudalen 1 o",
        "Swyddogol sensitif",
    ):
        assert welsh_words in text
    for english_words in (
        "Monthly exclusions return",
        "Summary",
        "Case reference",
        "Formal exclusion",
        "Not met",
        "Exclusion and suspension episodes",
        "Generated",
        "Page 1 of",
        "Official sensitive",
        "required of NHS trusts",
        "as of",
    ):
        assert english_words not in text

    def numbers(content):
        """The numbers of the body, without the running header and footer (the Welsh runs to two pages)."""
        furniture = rf"{re.escape(organisation.name)}: (exclusions return|ffurflen gwaharddiadau) 2027-02 .*?"
        furniture += r"(Page|Tudalen) \d+ (of|o) \d+"
        return re.findall(r"\d+(?:\.\d+)?%?", re.sub(furniture, " ", text_of(content)))

    assert numbers(welsh.content) == numbers(english.content)
    # The table, row by row: its dates' days and years, and its counts.
    assert " ".join(numbers(welsh.content)[-36:]) == (
        "4 2027 4 2027 56 2 2 28 2027 18 2027 18 2027 42 1 0 16 2027 1 2027 1 2027 10 2027 10 1 1 "
        "20 2027 20 2027 9 0 0 5 2027"
    )
    for row in EXPECTED_FEBRUARY:
        assert row[0] in text
    assert "66.7%" in text and "Dr Imaginary" not in text

    rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8"))))
    assert rows[0] == returns.COLUMNS
    assert rows[1:5] == EXPECTED_FEBRUARY
    summary = dict(row for row in rows[6:])
    assert summary["As of"] == "28 February 2027" and summary["NHS Resolution target of 90%"] == "Not met"


# ---- the web page ----


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["case_manager", "responsible_officer", "board_member", "auditor"])
def test_the_return_page_is_for_the_organisations_oversight_roles(organisation, signed_in, role, example):
    user = member(organisation, role, username=f"return-{role}")
    with at(2027, 3, 5):
        client = signed_in(user)
        url = reverse("process:restriction_return", kwargs={"org_slug": organisation.slug})
        page = client.get(url, {"month": "2027-02"})
        assert page.status_code == 200
        html = page.content.decode()
        assert "RFT-B" in html and "Not met" in html and "Dr Imaginary" not in html
        download = client.get(
            reverse(
                "process:restriction_return_file",
                kwargs={"org_slug": organisation.slug, "month": "2027-02", "fmt": "csv"},
            )
        )
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        'attachment; filename="exclusions-return-riverside-2027-02-as-of-2027-02-28.csv"'
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["hr_adviser", "case_investigator", "equality_analyst", "org_admin"])
def test_other_roles_get_404_for_the_return(organisation, signed_in, role):
    client = signed_in(member(organisation, role, username=f"no-return-{role}"))
    assert (
        client.get(reverse("process:restriction_return", kwargs={"org_slug": organisation.slug})).status_code
        == 404
    )


@pytest.mark.django_db
def test_another_organisations_user_gets_404_for_the_return_and_its_files(
    organisation, other_organisation, signed_in
):
    client = signed_in(member(other_organisation, "board_member", username="hillside-board"))
    urls = [reverse("process:restriction_return", kwargs={"org_slug": organisation.slug})] + [
        reverse(
            "process:restriction_return_file",
            kwargs={"org_slug": organisation.slug, "month": "2027-02", "fmt": fmt},
        )
        for fmt in ("csv", "pdf")
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(action="exclusions_return.generated").exists()


@pytest.mark.django_db
def test_a_bad_month_on_the_page_is_explained(organisation, case_manager, signed_in):
    client = signed_in(case_manager)
    page = client.get(
        reverse("process:restriction_return", kwargs={"org_slug": organisation.slug}), {"month": "2027-13"}
    )
    assert page.status_code == 400
    assert "is not a real month" in page.content.decode()
    bad_file = reverse(
        "process:restriction_return_file",
        kwargs={"org_slug": organisation.slug, "month": "2027-02", "fmt": "xlsx"},
    )
    assert client.get(bad_file).status_code == 404


# ---- the command ----


@pytest.mark.django_db
def test_the_command_writes_the_csv(example, organisation, tmp_path):
    out = tmp_path / "return.csv"
    stdout = io.StringIO()
    with at(2027, 3, 5):
        call_command(
            "returns",
            "exclusions",
            "--org",
            "riverside",
            "--month",
            "2027-02",
            "--format",
            "csv",
            "--out",
            str(out),
            stdout=stdout,
        )
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert rows[1:5] == EXPECTED_FEBRUARY
    assert "4 episodes" in stdout.getvalue() and "Not met" in stdout.getvalue()
    assert AuditEvent.objects.get(action="exclusions_return.generated").actor_label == (
        "faircase returns (command line)"
    )


@pytest.mark.django_db
def test_the_command_writes_the_pdf(organisation, tmp_path):
    out = tmp_path / "return.pdf"
    with at(2027, 3, 5):
        call_command(
            "returns",
            "exclusions",
            "--org",
            "riverside",
            "--month",
            "2027-02",
            "--format",
            "pdf",
            "--out",
            str(out),
            stdout=io.StringIO(),
        )
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--org", "nowhere", "--month", "2027-02", "--format", "csv"],
            "No organisation with the short name",
        ),
        (["--org", "riverside", "--month", "2027-2", "--format", "csv"], "Give the month as YYYY-MM"),
        (["--org", "riverside", "--month", "2027-13", "--format", "csv"], "is not a real month"),
        (["--org", "riverside", "--month", "2027-02", "--format", "xlsx"], "Unknown format 'xlsx'"),
        (["--org", "riverside", "--month", "2027-04", "--format", "csv"], "April 2027 has not begun"),
        (
            ["--org", "riverside", "--month", "2027-02", "--as-of", "2027-03-01", "--format", "csv"],
            "The as-of date must fall within February 2027",
        ),
        (
            ["--org", "riverside", "--month", "2027-03", "--as-of", "2027-03-06", "--format", "csv"],
            "The as-of date cannot be after today (5 March 2027)",
        ),
        (
            ["--org", "riverside", "--month", "2027-02", "--as-of", "28/02/2027", "--format", "csv"],
            "Give the as-of date as YYYY-MM-DD",
        ),
    ],
)
def test_the_command_refuses_bad_input_and_writes_nothing(organisation, tmp_path, args, message):
    out = tmp_path / "return.out"
    with at(2027, 3, 5), pytest.raises(CommandError) as refused:
        call_command("returns", "exclusions", *args, "--out", str(out), stdout=io.StringIO())
    assert message in str(refused.value) and "Nothing was written" in str(refused.value)
    assert not out.exists()
    assert list(Path(tmp_path).iterdir()) == []
    assert not AuditEvent.objects.filter(action="exclusions_return.generated").exists()


@pytest.mark.django_db
def test_on_the_command_line_a_bad_month_exits_non_zero(organisation, tmp_path, capsys):
    from faircase.__main__ import main

    out = tmp_path / "return.csv"
    with pytest.raises(SystemExit) as exit_:
        main(
            [
                "faircase",
                "returns",
                "exclusions",
                "--org",
                "riverside",
                "--month",
                "Feb 2027",
                "--format",
                "csv",
                "--out",
                str(out),
            ]
        )
    assert exit_.value.code == 1
    assert "Give the month as YYYY-MM" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.django_db
def test_the_as_of_date_defaults_to_today_in_the_current_month_and_the_last_day_for_a_past_one(
    example, organisation, tmp_path
):
    stdout = io.StringIO()
    with at(2027, 2, 20):
        call_command(
            "returns",
            "exclusions",
            "--org",
            "riverside",
            "--month",
            "2027-02",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "now.csv"),
            stdout=stdout,
        )
        past = returns.build_return(
            organisation=organisation, month=returns.parse_month("2027-01"), by="test"
        )
    assert "as of 2027-02-20" in stdout.getvalue()
    rows = list(csv.reader((tmp_path / "now.csv").read_text(encoding="utf-8").splitlines()))
    by_reference = {
        row[0]: dict(zip(rows[0], row, strict=False)) for row in rows[1:] if row and row[0].startswith("RFT")
    }
    # On 20 February: B's period 1 (due 14 February) was reviewed late on the 17th; period 2 is due 16 March.
    assert by_reference["RFT-B"]["days_excluded"] == "34"
    assert by_reference["RFT-B"]["next_review_due"] == "2027-03-16"
    # A's period 2 review falls due on 28 February, after the as-of date: not counted yet.
    assert (by_reference["RFT-A"]["reviews_due"], by_reference["RFT-A"]["next_review_due"]) == (
        "1",
        "2027-02-28",
    )
    assert past.as_of == D(2027, 1, 31)


@pytest.mark.django_db
def test_the_page_counts_to_the_as_of_date_chosen_and_the_files_follow_it(
    example, organisation, case_manager, signed_in
):
    url = reverse("process:restriction_return", kwargs={"org_slug": organisation.slug})
    with at(2027, 3, 5):
        client = signed_in(case_manager)
        page = client.get(url, {"month": "2027-02", "as_of_0": "10", "as_of_1": "2", "as_of_2": "2027"})
        html = page.content.decode()
        csv_link = (
            reverse(
                "process:restriction_return_file",
                kwargs={"org_slug": organisation.slug, "month": "2027-02", "fmt": "csv"},
            )
            + "?as_of=2027-02-10"
        )
        download = client.get(csv_link)
        wrong = client.get(url, {"month": "2027-02", "as_of_0": "1", "as_of_1": "3", "as_of_2": "2027"})
    assert page.status_code == 200 and "10 February 2027" in html
    assert "required of NHS trusts" in html and "encouraged for NHS foundation trusts" in html
    assert csv_link.replace("&", "&amp;") in html or csv_link in html
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8"))))
    values = {
        row[0]: dict(zip(rows[0], row, strict=False)) for row in rows[1:] if row and row[0].startswith("RFT")
    }
    assert "RFT-C" not in values  # C's exclusion began on 20 February
    assert values["RFT-G"]["end"] == "2027-02-10" and values["RFT-G"]["reviews_due"] == "0"
    assert wrong.status_code == 400 and "must fall within February 2027" in wrong.content.decode()


@pytest.mark.django_db
def test_the_return_takes_the_same_number_of_queries_for_one_episode_or_many(organisation, case_manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_episode(n):
        case = open_case(organisation=organisation, by=case_manager, reference=f"RFT-Q{n}")
        with at(2027, 1, 4):
            _exclude(case, case_manager, "immediate_exclusion", D(2027, 1, 4))
        with at(2027, 1, 8):
            _exclude(case, case_manager, "formal_exclusion", D(2027, 1, 8))

    def queries():
        with at(2027, 3, 5), CaptureQueriesContext(connection) as captured:
            document = returns.build_return(
                organisation=organisation, month=returns.parse_month("2027-02"), by="test"
            )
        return len(captured.captured_queries), len(document.rows)

    add_episode(0)
    one, rows = queries()
    for n in range(1, 5):
        add_episode(n)
    many, more_rows = queries()
    assert (rows, more_rows) == (1, 5)
    assert many == one
