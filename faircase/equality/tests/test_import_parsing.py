"""Reading and checking import files, without the database: the header, the file itself (CSV or XLSX, BOM,
blank lines, empty, not a spreadsheet) and every value of every row, reported by line and column."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from faircase.equality.importers import (
    CASE_COLUMNS,
    WORKFORCE_COLUMNS,
    CaseChecker,
    ImportFileError,
    Problems,
    Table,
    WorkforceChecker,
    parse_date,
)

TODAY = dt.date(2026, 11, 27)
WORKFORCE_HEADER = ",".join(WORKFORCE_COLUMNS)
CASE_HEADER = ",".join(CASE_COLUMNS)
GOOD_CASE = "HX-1,P-0001,doctor,2025-06-02,asian,rest_of_world,male,65_plus,no,yes,no,no,yes"


def csv_file(text: str, *, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


def xlsx_file(rows: list[list]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def read(file, columns, checker):
    problems = Problems()
    table = Table(file, columns=columns)
    rows = [row for line, values in table.rows(problems) if (row := checker.check(line, values, problems))]
    return rows, problems


def read_cases(file):
    return read(file, CASE_COLUMNS, CaseChecker(today=TODAY))


def read_workforce(file):
    return read(file, WORKFORCE_COLUMNS, WorkforceChecker())


def messages(problems):
    return [str(p) for p in problems.in_order()]


# ---- the header --------------------------------------------------------------------------------------------


def test_a_missing_column_is_named():
    header = CASE_HEADER.replace(",sanction", "")
    with pytest.raises(ImportFileError, match=r"In this file, missing: sanction\."):
        Table(csv_file(f"{header}\n"), columns=CASE_COLUMNS)


def test_an_extra_column_is_named():
    with pytest.raises(ImportFileError, match=r"not expected: name"):
        Table(csv_file(f"{CASE_HEADER},name\n{GOOD_CASE},Dr A\n"), columns=CASE_COLUMNS)


def test_misordered_columns_are_reported_as_the_wrong_order_with_the_expected_header():
    header = "profession,period,dimension,group,headcount"
    with pytest.raises(ImportFileError) as error:
        Table(csv_file(f"{header}\n2025-26,doctor,sex,male,3\n"), columns=WORKFORCE_COLUMNS)
    message = str(error.value)
    assert "must be exactly: period,profession,dimension,group,headcount" in message
    assert "the columns are in the wrong order (found profession,period,dimension,group,headcount)" in message


def test_a_repeated_column_is_named():
    with pytest.raises(ImportFileError, match=r"repeated: group"):
        Table(csv_file("period,profession,dimension,group,group\n"), columns=WORKFORCE_COLUMNS)


def test_capitalised_column_names_are_refused_with_advice():
    with pytest.raises(ImportFileError, match="Write the column names in lower case"):
        Table(csv_file(WORKFORCE_HEADER.title() + "\n2025-26,doctor,sex,male,3\n"), columns=WORKFORCE_COLUMNS)


def test_a_file_separated_by_semicolons_is_refused_with_advice():
    with pytest.raises(ImportFileError, match="separated by semicolons: save the file as CSV, with commas"):
        Table(csv_file(WORKFORCE_HEADER.replace(",", ";") + "\n"), columns=WORKFORCE_COLUMNS)


# ---- the file --------------------------------------------------------------------------------------------


def test_a_byte_order_mark_and_blank_lines_are_accepted_and_lines_are_counted_as_in_the_file():
    text = f"\ufeff\n{WORKFORCE_HEADER}\n\n2025-26,doctor,sex,male,3\n,,,,\n\n2025-26,doctor,sex,female,x\n"
    rows, problems = read_workforce(csv_file(text))
    assert [(r.line, r.group, r.headcount) for r in rows] == [(4, "male", 3)]
    assert messages(problems) == ["Line 7, column headcount: 'x' is not a whole number, 0 or more"]


def test_windows_line_endings_and_spaces_around_values_are_accepted():
    text = f"{WORKFORCE_HEADER}\r\n 2025-26 , Doctor ,sex, Male ,3\r\n"
    rows, problems = read_workforce(csv_file(text))
    assert not problems
    assert rows[0].profession == "doctor" and rows[0].group == "male"


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
def test_an_empty_file_is_refused(content):
    with pytest.raises(ImportFileError, match="The file is empty"):
        Table(io.BytesIO(content), columns=WORKFORCE_COLUMNS)


def test_a_header_with_no_rows_is_refused():
    table = Table(csv_file(f"{WORKFORCE_HEADER}\n\n"), columns=WORKFORCE_COLUMNS)
    with pytest.raises(ImportFileError, match=r"has a header row but no rows under it \(line 1\)"):
        list(table.rows(Problems()))


def test_a_file_that_is_not_a_spreadsheet_is_refused():
    with pytest.raises(ImportFileError, match="not a CSV file or an Excel workbook"):
        Table(io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), columns=WORKFORCE_COLUMNS)


def test_a_zip_that_is_not_a_workbook_is_refused():
    with pytest.raises(ImportFileError, match="not a CSV file or an Excel workbook"):
        Table(io.BytesIO(b"PK\x03\x04" + b"\x00" * 100), columns=WORKFORCE_COLUMNS)


def test_an_old_excel_file_is_refused_with_advice():
    with pytest.raises(ImportFileError, match=r"old Excel workbook \(\.xls\)"):
        Table(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100), columns=WORKFORCE_COLUMNS)


def test_a_csv_not_saved_as_utf8_is_refused_with_advice():
    with pytest.raises(ImportFileError, match="not saved as UTF-8"):
        Table(csv_file(f"{CASE_HEADER}\nHX-£1,P-1\n", encoding="latin-1"), columns=CASE_COLUMNS)


def test_a_row_with_the_wrong_number_of_values_is_reported_by_line():
    rows, problems = read_workforce(csv_file(f"{WORKFORCE_HEADER}\n2025-26,doctor,sex,male\n"))
    assert rows == []
    assert messages(problems) == [
        "Line 2: has 4 values where 5 are expected (period,profession,dimension,group,headcount)"
    ]


def test_an_xlsx_workbook_is_read_with_dates_numbers_and_blank_rows():
    file = xlsx_file(
        [
            list(CASE_COLUMNS),
            [
                "HX-1",
                "P-0001",
                "doctor",
                dt.datetime(2025, 6, 2),
                "asian",
                "uk",
                "male",
                "30_39",
                "no",
                "yes",
                "no",
                "no",
                "no",
            ],
            [None] * 13,
            [
                "HX-2",
                "P-0002",
                "dentist",
                "14/02/2024",
                "white",
                "eea",
                "female",
                "40_49",
                "yes",
                "no",
                "no",
                "no",
                "no",
            ],
            [
                "HX-3",
                "P-0003",
                "dentist",
                "2024-02-30",
                "white",
                "eea",
                "female",
                "40_49",
                "yes",
                "no",
                "no",
                "no",
                "maybe",
            ],
        ]
    )
    table = Table(file, columns=CASE_COLUMNS)
    assert table.format == "xlsx"
    problems = Problems()
    checker = CaseChecker(today=TODAY)
    rows = [row for line, values in table.rows(problems) if (row := checker.check(line, values, problems))]
    assert [(r.line, r.reference, r.date_raised, r.period) for r in rows] == [
        (2, "HX-1", dt.date(2025, 6, 2), "2025-26"),
        (4, "HX-2", dt.date(2024, 2, 14), "2023-24"),
    ]
    assert messages(problems) == [
        "Line 5, column date_raised: '2024-02-30' is not a date: write it as YYYY-MM-DD (or DD/MM/YYYY)",
        "Line 5, column regulator_referral: 'maybe' is not one of yes, no",
    ]


def test_an_xlsx_headcount_stored_as_a_number_is_a_whole_number():
    file = xlsx_file(
        [
            list(WORKFORCE_COLUMNS),
            ["2025-26", "doctor", "sex", "male", 12.0],
            ["2025-26", "doctor", "sex", "female", 2.5],
        ]
    )
    rows, problems = read_workforce(file)
    assert [r.headcount for r in rows] == [12]
    assert messages(problems) == ["Line 3, column headcount: '2.5' is not a whole number, 0 or more"]


# ---- workforce rows ----------------------------------------------------------------------------------------


def test_every_bad_workforce_value_is_reported_by_line_and_column():
    text = "\n".join(
        [
            WORKFORCE_HEADER,
            "2025-26,doctor,ethnicity,white,120",
            "2025-27,doctor,ethnicity,asian,40",
            "2025-26,nurse,sex,male,3",
            "2025-26,doctor,gender,male,3",
            "2025-26,doctor,ethnicity,male,3",
            "2025-26,doctor,age_band,70_plus,-1",
            "2025-26,doctor,ethnicity,white,7",
            ",doctor,sex,,",
        ]
    )
    rows, problems = read_workforce(csv_file(text))
    assert [r.line for r in rows] == [2]
    assert messages(problems) == [
        "Line 3, column period: '2025-27' is not a financial year such as 2025-26",
        "Line 4, column profession: 'nurse' is not one of doctor, dentist, pharmacist, other",
        "Line 5, column dimension: 'gender' is not one of ethnicity, pmq, sex, age_band, disability",
        "Line 6, column group: 'male' is not one of white, mixed, asian, black, other, not_stated",
        "Line 7, column group: '70_plus' is not one of under_30, 30_39, 40_49, 50_59, 60_64, 65_plus, not_known",
        "Line 7, column headcount: '-1' is not a whole number, 0 or more",
        "Line 8, column group: repeats line 2: 2025-26, doctor, ethnicity, white can appear once",
        "Line 9, column period: is blank: enter a financial year such as 2025-26",
        "Line 9, column group: is blank: enter one of female, male, not_known",
        "Line 9, column headcount: is blank: enter a whole number, 0 or more",
    ]
    assert (problems.total, problems.rows) == (10, 7)


def test_a_headcount_of_zero_is_accepted():
    rows, problems = read_workforce(csv_file(f"{WORKFORCE_HEADER}\n2025-26,dentist,disability,yes,0\n"))
    assert not problems and rows[0].headcount == 0


# ---- historic case rows ----------------------------------------------------------------------------------


def test_a_good_case_row_becomes_analysis_groups_and_stages():
    rows, problems = read_cases(csv_file(f"{CASE_HEADER}\n{GOOD_CASE}\n"))
    assert not problems
    row = rows[0]
    assert (row.reference, row.practitioner_key, row.period) == ("HX-1", "P-0001", "2025-26")
    assert (row.ethnicity, row.pmq, row.sex, row.age_band, row.disability) == (
        "asian",
        "rest_of_world",
        "male",
        "65_plus",
        "no",
    )
    assert (row.formal_investigation, row.exclusion, row.sanction, row.regulator_referral) == (
        True,
        False,
        False,
        True,
    )


def test_every_bad_case_value_is_reported_by_line_and_column():
    text = "\n".join(
        [
            CASE_HEADER,
            GOOD_CASE,
            GOOD_CASE,  # the same reference again
            "HX-3,Dr Ada Imaginary,doctor,2026-11-28,Asian,europe,man,65+,unknown,y,no,no,no",
            ",,,,,,,,,,,,",
            "HX-5,,vet,2025-13-01,white,uk,female,40_49,no,no,no,no,no",
            "HX-6,P-6,doctor,1989-12-31,not_stated,not_known,not_known,not_known,not_known,no,no,no,no",
        ]
    )
    rows, problems = read_cases(csv_file(text))
    assert [r.line for r in rows] == [2]
    assert messages(problems) == [
        "Line 3, column reference: 'HX-1' repeats line 2",
        "Line 4, column practitioner_key: has spaces: use a pseudonymous key such as P-0042, never a name",
        "Line 4, column date_raised: 2026-11-28 is in the future",
        "Line 4, column pmq: 'europe' is not one of uk, eea, rest_of_world, not_known",
        "Line 4, column sex: 'man' is not one of female, male, not_known",
        "Line 4, column age_band: '65+' is not one of under_30, 30_39, 40_49, 50_59, 60_64, 65_plus, not_known",
        "Line 4, column disability: 'unknown' is not one of yes, no, not_known",
        "Line 4, column formal_investigation: 'y' is not one of yes, no",
        "Line 6, column practitioner_key: is blank: give each practitioner a pseudonymous key",
        "Line 6, column profession: 'vet' is not one of doctor, dentist, pharmacist, other",
        "Line 6, column date_raised: '2025-13-01' is not a date: write it as YYYY-MM-DD (or DD/MM/YYYY)",
        "Line 7, column date_raised: 1989-12-31 is before 1990: check the year",
    ]


def test_the_problems_kept_to_show_are_capped_but_all_are_counted():
    lines = [CASE_HEADER] + [
        f"HX-{n},P-{n},doctor,2025-06-02,white,uk,female,40_49,no,no,no,no,perhaps" for n in range(30)
    ]
    problems = Problems(limit=10)
    table = Table(csv_file("\n".join(lines)), columns=CASE_COLUMNS)
    checker = CaseChecker(today=TODAY)
    for line, values in table.rows(problems):
        checker.check(line, values, problems)
    assert len(problems.listed) == 10
    assert (problems.total, problems.rows, problems.unlisted) == (30, 30, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-06-02", dt.date(2025, 6, 2)),
        ("02/06/2025", dt.date(2025, 6, 2)),
        ("2/6/2025", dt.date(2025, 6, 2)),
        ("2025-02-29", None),
        ("06/13/2025", None),
        ("2025/06/02", None),
        ("2 June 2025", None),
        ("", None),
    ],
)
def test_dates_are_iso_or_day_month_year(text, expected):
    assert parse_date(text) == expected


def test_a_csv_with_a_broken_quote_is_refused_naming_the_line():
    text = f'{WORKFORCE_HEADER}\n2025-26,doctor,sex,male,3\n2025-26,"doctor"x,sex,female,4\n'
    table = Table(csv_file(text), columns=WORKFORCE_COLUMNS)
    with pytest.raises(ImportFileError, match="Line 3 cannot be read as CSV"):
        list(table.rows(Problems()))


def test_a_quoted_value_with_a_comma_is_one_value():
    text = f'{CASE_HEADER}\n"HX-1, part A",P-1,doctor,2025-06-02,white,uk,female,40_49,no,no,no,no,no\n'
    rows, problems = read_cases(csv_file(text))
    assert not problems and rows[0].reference == "HX-1, part A"
