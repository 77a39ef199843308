"""CSV and XLSX out: every table the product writes goes through here.

Whoever opens an export may open it in a spreadsheet, which runs a cell beginning with =, +, -, @, a tab or a
carriage return as a formula: a practitioner's grade or an organisation's name could then fetch a web page or
run a command on the reader's computer. As OWASP recommends, such a text cell is written with a single quote
in front, so it reads as the text it is. Numbers (and text that is only a number, such as -2.5) are written
as they are. An architecture test keeps every other module from writing CSV or XLSX itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | float | Decimal | dt.date | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Cell) -> Cell:
    """The value as a spreadsheet should show it: text that would start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class CsvWriter:
    """Rows of cells to CSV (commas, quotes where needed, CRLF line ends), each cell made safe."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def writerow(self, row: Iterable[Cell]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Cell]]) -> None:
        for row in rows:
            self.writerow(row)

    def content(self, *, bom: bool = False) -> bytes:
        """UTF-8, with a byte order mark when `bom` (which Excel needs to read accented letters rightly)."""
        return self._buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


class XlsxWriter:
    """A workbook of sheets of cells, each cell made safe. Text stays text and numbers stay numbers."""

    def __init__(self, *, title: str = "", creator: str = "faircase") -> None:
        self._book = Workbook()
        self._book.remove(self._book.active)
        self._book.properties.title = title
        self._book.properties.creator = creator

    def sheet(self, title: str) -> XlsxSheet:
        return XlsxSheet(self._book.create_sheet(title))

    def content(self) -> bytes:
        buffer = io.BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()


class XlsxSheet:
    def __init__(self, worksheet: Worksheet) -> None:
        self._sheet = worksheet

    def append(self, row: Iterable[Cell], *, bold: bool = False) -> None:
        """The row under the last one (an empty row leaves a blank line); `bold` for a heading."""
        cells = [_xlsx_cell(cell) for cell in row]
        self._sheet.append(cells)
        if bold and cells:
            for cell in self._sheet[self._sheet.max_row]:
                cell.font = Font(bold=True)

    def column_width(self, column: str, width: float) -> None:
        self._sheet.column_dimensions[column].width = width


def _xlsx_cell(value: Cell) -> Cell:
    value = safe_cell(value)
    if isinstance(value, str):
        # Control characters other than tab and line ends cannot be stored in a workbook (openpyxl refuses
        # them, failing the whole export); they are invisible, so they are left out.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value
