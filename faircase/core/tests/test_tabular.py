"""The one writer of CSV and XLSX: text a spreadsheet would run as a formula is neutralised with a leading
single quote, as OWASP recommends; numbers, and text that is only a number, are written as they are. Each
file is read back with the csv module or openpyxl."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from faircase.core.tabular import CsvWriter, XlsxWriter, safe_cell

HOSTILE = {
    "equals": "=1+1",
    "plus": "+SUM(A1:A9)",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1,1)",
    "tab": "\t=1+1",
    "carriage return": "\r=1+1",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_text_that_starts_a_formula_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Consultant", "", "a=b", "'quoted already", " =1+1", "RFT-A"])
def test_other_text_is_written_as_it_is(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize("value", [-5, -1.5, 0, Decimal("-2.50"), None, True, dt.date(2027, 2, 1)])
def test_numbers_and_other_values_are_left_alone(value):
    assert safe_cell(value) is value


@pytest.mark.parametrize("text", ["-5", "-0.012", "+3", "-.5", "-1e5"])
def test_text_that_is_only_a_number_is_a_number_not_a_formula(text):
    assert safe_cell(text) == text


def test_the_csv_reads_back_with_every_hostile_value_neutralised_and_numbers_unchanged():
    writer = CsvWriter()
    writer.writerow(["Name", "Count"])
    writer.writerows([[text, -3] for text in HOSTILE.values()])
    rows = list(csv.reader(io.StringIO(writer.content().decode("utf-8"), newline="")))
    assert rows[0] == ["Name", "Count"]
    assert [row[0] for row in rows[1:]] == ["'" + text for text in HOSTILE.values()]
    assert {row[1] for row in rows[1:]} == {"-3"}


def test_the_csv_has_a_byte_order_mark_only_when_asked():
    writer = CsvWriter()
    writer.writerow(["Caf\u00e9"])
    assert writer.content() == "Caf\u00e9\r\n".encode()
    assert writer.content(bom=True) == "\ufeffCaf\u00e9\r\n".encode()


def test_the_xlsx_reads_back_with_hostile_text_as_text_and_numbers_as_numbers():
    book = XlsxWriter(title="Test")
    sheet = book.sheet("Figures")
    sheet.append(["Name", "Count", "Rate"], bold=True)
    for text in HOSTILE.values():
        sheet.append([text, -3, -0.25])
    sheet.column_width("A", 30)

    read = load_workbook(io.BytesIO(book.content()))
    figures = read["Figures"]
    assert figures["A1"].font.bold and not figures["A2"].font.bold
    assert figures.column_dimensions["A"].width == 30
    for row, text in enumerate(HOSTILE.values(), start=2):
        name, count, rate = figures.cell(row, 1), figures.cell(row, 2), figures.cell(row, 3)
        assert (name.value, name.data_type) == ("'" + text, "s")  # text, never a formula ("f")
        assert (count.value, count.data_type, rate.value) == (-3, "n", -0.25)
    assert read.properties.title == "Test" and read.properties.creator == "faircase"


def test_a_control_character_that_a_workbook_cannot_hold_is_left_out_rather_than_failing_the_export():
    book = XlsxWriter()
    book.sheet("Names").append(["Dr Imaginary\x0b Person"])
    assert load_workbook(io.BytesIO(book.content()))["Names"]["A1"].value == "Dr Imaginary Person"


def test_an_empty_row_leaves_a_blank_line_and_a_heading_under_it_is_the_one_in_bold():
    book = XlsxWriter()
    sheet = book.sheet("Groups")
    sheet.append(["Published"], bold=True)
    sheet.append([])
    sheet.append(["Group", "Headcount"], bold=True)
    sheet.append(["White", 2430])
    groups = load_workbook(io.BytesIO(book.content()))["Groups"]
    assert [c.value for c in groups[3]] == ["Group", "Headcount"]
    assert [c.font.bold for c in groups[3]] == [True, True]
    assert groups["A2"].value is None and not groups["A4"].font.bold
