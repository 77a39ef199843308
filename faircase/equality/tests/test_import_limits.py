"""Damaged and hostile import files are refused as unreadable, with a message saying what to do, and a
spreadsheet is read within limits: the workbook's declared sizes and compression are checked before any part of
it is unpacked, and its rows, columns, values and parts are checked as it is streamed, before openpyxl builds
anything from them. No test measures memory or time: each shows that a limit is applied, and where, instead."""

import datetime as dt
import io
import os
import zipfile

import openpyxl
import pytest

from faircase.equality.importers import CASE_COLUMNS, CaseChecker, ImportFileError, Problems, Table
from faircase.equality.tests import hostile_files as hostile

CASE_HEADER = ",".join(CASE_COLUMNS)
GOOD_CASE = ",".join(hostile.GOOD_ROW)
UNREADABLE = r"^The file could not be read: "
TODAY = dt.date(2026, 11, 27)


def read_cases(content: bytes) -> list:
    problems = Problems()
    table = Table(io.BytesIO(content), columns=CASE_COLUMNS)
    checker = CaseChecker(today=TODAY)
    rows = [row for line, values in table.rows(problems) if (row := checker.check(line, values, problems))]
    assert not problems, [str(p) for p in problems.in_order()]
    return rows


def refusal(content: bytes) -> str:
    with pytest.raises(ImportFileError, match=UNREADABLE) as refused:
        read_cases(content)
    return str(refused.value)


def refusal_before_unpacking(content: bytes, part: str = "") -> str:
    """The refusal, which must come from what the zip declares alone: no part of it (or, given `part`, not
    that part) is unpacked."""
    open_part = zipfile.ZipFile.open

    def refuse_to_unpack(archive, name, mode="r", *args, **kwargs):
        name = getattr(name, "filename", name)
        if mode == "r" and (not part or name == part):
            raise AssertionError(f"{name} was unpacked before the refusal")
        return open_part(archive, name, mode, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile.ZipFile, "open", refuse_to_unpack)
        return refusal(content)


@pytest.fixture
def openpyxl_not_reached(monkeypatch):
    """Fail the test if openpyxl opens the workbook: the refusal must come from the streamed check first."""

    def refuse_to_load(*args, **kwargs):
        raise AssertionError("openpyxl opened the workbook before the refusal")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse_to_load)


# ---- damaged and hostile workbooks -------------------------------------------------------------------------


def test_a_real_workbook_is_still_read():
    assert [row.reference for row in read_cases(hostile.workbook())] == ["HX-1"]


def test_a_workbook_whose_sheet_is_cut_short_is_refused_as_damaged():
    message = refusal(hostile.cut_short())
    assert "the workbook is damaged" in message
    assert "save it again" in message


@pytest.mark.parametrize("name", [hostile.SHEET, hostile.SHARED_STRINGS])
def test_a_billion_laughs_part_is_refused_without_expanding_it(name, openpyxl_not_reached):
    message = refusal(hostile.billion_laughs(name))
    assert f"its part {name} declares XML entities" in message


def test_a_cell_that_expands_to_256_mb_is_refused_from_its_compression_before_it_is_unpacked():
    content = hostile.cell_of_256_mb()
    assert len(content) < 1024 * 1024  # the whole workbook is smaller than 1 MB
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.getinfo(hostile.SHEET).file_size > 256 * 1024 * 1024
    message = refusal_before_unpacking(content)
    assert f"its part {hostile.SHEET} is compressed" in message
    assert "more than the 100-fold" in message


def test_a_long_value_that_hardly_compresses_is_refused_as_it_is_streamed(openpyxl_not_reached):
    message = refusal(hostile.one_cell_of(40_000, compressible=False))
    assert "row 2, column A has a value of more than 32,767 characters" in message


def test_a_long_shared_string_is_refused_before_openpyxl_loads_the_strings(openpyxl_not_reached):
    message = refusal(hostile.one_cell_of(40_000, compressible=False, name=hostile.SHARED_STRINGS))
    assert "a value of more than 32,767 characters" in message


def test_a_styles_part_of_sixty_thousand_formats_is_refused_from_its_compression(openpyxl_not_reached):
    message = refusal_before_unpacking(hostile.styles_with(60_000), hostile.STYLES)
    assert f"its part {hostile.STYLES} is compressed" in message


def test_a_styles_part_with_more_elements_than_the_limit_is_refused_before_they_become_objects(
    settings, openpyxl_not_reached
):
    settings.FAIRCASE_XLSX_MAX_PART_ELEMENTS = 1_000  # the theme, the largest part of a new workbook, has 200
    message = refusal(hostile.styles_with(1_000))
    assert f"its part {hostile.STYLES} has more than 1,000 elements" in message


def test_a_tag_longer_than_any_value_is_refused_before_the_parser_holds_it(openpyxl_not_reached):
    # An attribute of 2 MB that hardly compresses: the XML parser would have to hold the whole tag at once.
    noise = os.urandom(1_000_000).hex().encode()
    row = b'<row r="2"><c r="A2" t="inlineStr" note="' + noise + b'"><is><t>HX-1</t></is></c></row>'
    content = hostile.with_part(
        hostile.workbook(), hostile.SHEET, hostile.sheet_with_rows([hostile.header_row(), row])
    )
    message = refusal(content)
    assert (
        f"its part {hostile.SHEET} has a stretch of more than 331,766 bytes without a tag ending" in message
    )


@pytest.mark.parametrize(
    "cell",
    [b'<c r="A2" t="n"><v>not a number</v></c>', b'<c r="A2" t="s"><v>99</v></c>'],
    ids=["a number that is not one", "a shared string that is not there"],
)
def test_a_value_openpyxl_cannot_read_is_refused_as_damaged(cell):
    row = b'<row r="2">' + cell + b"</row>"
    content = hostile.with_part(
        hostile.workbook(), hostile.SHEET, hostile.sheet_with_rows([hostile.header_row(), row])
    )
    assert "the workbook is damaged: row 2 of its first sheet cannot be read" in refusal(content)


def test_a_part_that_needs_a_password_is_refused_before_it_is_opened():
    content = hostile.marked_as_needing_a_password(hostile.workbook(), hostile.SHEET)
    message = refusal_before_unpacking(content, hostile.SHEET)
    assert "the workbook is protected with a password. Remove the password in Excel" in message


def test_elements_nested_deeper_than_any_workbook_are_refused(openpyxl_not_reached):
    nested = b"<extLst>" * 100 + b"</extLst>" * 100
    content = hostile.with_part(
        hostile.workbook(),
        hostile.SHEET,
        hostile.sheet_with_rows([hostile.header_row(), b"</sheetData>" + nested + b"<sheetData>"]),
    )
    assert f"its part {hostile.SHEET} nests its elements more than 64 deep" in refusal(content)


def test_a_sheet_also_named_in_another_role_is_held_to_the_limits_of_a_part_read_whole(settings):
    # openpyxl streams a sheet but reads other parts whole, so a sheet that the workbook also names as
    # something else is counted element by element, as a part read whole is.
    settings.FAIRCASE_XLSX_MAX_PART_ELEMENTS = 1_000
    sheet = hostile.workbook(
        [list(CASE_COLUMNS), *hostile.good_rows(100)]
    )  # thousands of elements in its rows
    assert len(read_cases(sheet)) == 100
    passed_off = hostile.with_relationship(sheet, "chartsheet", "worksheets/sheet1.xml")
    assert f"its part {hostile.SHEET} has more than 1,000 elements" in refusal(passed_off)


def test_a_workbook_larger_than_the_limit_is_refused_before_it_is_opened(settings):
    settings.FAIRCASE_XLSX_MAX_FILE_BYTES = 4096
    message = refusal_before_unpacking(hostile.workbook())
    assert "it is larger than 4 KB, the most a workbook may be" in message
    assert "save it as CSV UTF-8" in message


def test_a_part_declared_larger_than_the_limit_is_refused_from_its_declared_size(settings):
    settings.FAIRCASE_XLSX_MAX_PART_BYTES = (
        16 * 1024
    )  # the theme, the largest part of a new workbook, has 10 KB
    content = hostile.styles_with(1_000)
    assert len(hostile.part(content, hostile.STYLES)) > 16 * 1024
    message = refusal_before_unpacking(content, hostile.STYLES)
    assert f"its part {hostile.STYLES} would unpack to" in message


def test_a_workbook_declared_to_unpack_to_more_than_the_limit_is_refused(settings):
    settings.FAIRCASE_XLSX_MAX_UNCOMPRESSED_BYTES = 8192
    message = refusal_before_unpacking(hostile.workbook([list(CASE_COLUMNS), *[hostile.GOOD_ROW] * 100]))
    assert "it would unpack to more than 8 KB" in message


def test_a_workbook_of_more_parts_than_the_limit_is_refused(settings):
    settings.FAIRCASE_XLSX_MAX_PARTS = 5
    assert "the workbook has 9 parts, more than the 5" in refusal_before_unpacking(hostile.workbook())


# ---- rows, columns and values, in a workbook and in a CSV file -----------------------------------------------


def test_more_rows_than_the_limit_are_refused_in_a_workbook(settings):
    settings.FAIRCASE_IMPORT_MAX_ROWS = 5
    read_cases(hostile.workbook([list(CASE_COLUMNS), *hostile.good_rows(4)]))
    message = refusal(hostile.workbook([list(CASE_COLUMNS), *hostile.good_rows(5)]))
    assert "it has more than 5 rows" in message


def test_a_row_numbered_far_down_the_sheet_counts_as_that_many_rows(openpyxl_not_reached):
    far = b'<row r="900000"><c r="A900000" t="inlineStr"><is><t>HX-9</t></is></c></row>'
    content = hostile.with_part(
        hostile.workbook(), hostile.SHEET, hostile.sheet_with_rows([hostile.header_row(), far])
    )
    assert "it has more than 200,000 rows" in refusal(content)


def test_more_rows_than_the_limit_are_refused_in_a_csv_file(settings):
    settings.FAIRCASE_IMPORT_MAX_ROWS = 5
    four = [",".join(row) for row in hostile.good_rows(4)]
    read_cases("\n\n".join([CASE_HEADER, *four]).encode())  # blank lines are not counted
    five = [",".join(row) for row in hostile.good_rows(5)]
    message = refusal("\n".join([CASE_HEADER, *five]).encode())
    assert "it has more than 5 rows" in message


def test_a_value_beyond_the_column_limit_is_refused_in_a_workbook(openpyxl_not_reached):
    far = b'<row r="2"><c r="BA2" t="inlineStr"><is><t>x</t></is></c></row>'
    content = hostile.with_part(
        hostile.workbook(), hostile.SHEET, hostile.sheet_with_rows([hostile.header_row(), far])
    )
    assert "row 2 has a value in column BA, beyond the 50 columns" in refusal(content)


def test_a_value_beyond_the_column_limit_is_refused_in_a_csv_file():
    message = refusal(f"{CASE_HEADER}\n{GOOD_CASE}{',' * 60}x\n".encode())
    assert "line 2 has a value in column 73, beyond the 50 columns" in message


def test_a_long_value_is_refused_in_a_csv_file():
    message = refusal(f'{CASE_HEADER}\n"{"x" * 40_000}",{GOOD_CASE.split(",", 1)[1]}\n'.encode())
    assert "line 2 has a value of more than 32,767 characters" in message


def test_a_csv_line_longer_than_any_allowed_row_is_refused_before_it_is_split(settings):
    settings.FAIRCASE_IMPORT_MAX_COLUMNS = 2
    settings.FAIRCASE_IMPORT_MAX_CELL_CHARS = 10
    message = refusal(b"," * 1000 + b"\n")
    assert "line 1 is longer than 26 characters" in message
