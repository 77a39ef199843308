"""Reading and checking import files: workforce baselines and historic cases.

Nothing here touches the database. A file is read as a stream (CSV, or the first sheet of an XLSX workbook),
its header row is checked against the exact columns, and each row is checked on its own; the services in
`faircase.equality.services_import` decide what to do with the rows and the problems.

Two kinds of fault:
- `ImportFileError`: the file as a whole cannot be used (not CSV or XLSX, empty, the wrong header). One message.
- `Problem`: one value in one row is wrong, named by line and column. Every one is collected (the first
  `MAX_LISTED_PROBLEMS` are kept to show; all are counted) and the file is refused whole.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from faircase.cases.choices import Profession
from faircase.core import spreadsheets
from faircase.core.formatting import counted, pluralise
from faircase.core.readers import UnreadableFile

from .choices import GROUPS, Dimension, period_bounds, period_for

WORKFORCE_COLUMNS = ("period", "profession", "dimension", "group", "headcount")
CASE_COLUMNS = (
    "reference",
    "practitioner_key",
    "profession",
    "date_raised",
    "ethnicity",
    "pmq",
    "sex",
    "age_band",
    "disability",
    "formal_investigation",
    "exclusion",
    "sanction",
    "regulator_referral",
)
STAGE_COLUMNS = ("formal_investigation", "exclusion", "sanction", "regulator_referral")
DIMENSION_COLUMNS = tuple(d.value for d in Dimension)
# The allowed answers, worked out once (a TextChoices' .values is rebuilt on every call).
PROFESSIONS = tuple(Profession.values)
GROUP_VALUES = {d.value: tuple(GROUPS[d].values) for d in Dimension}
YES_NO = ("yes", "no")

MAX_LISTED_PROBLEMS = 1000
MAX_HEADCOUNT = 1_000_000
EARLIEST_DATE = dt.date(1990, 1, 1)
REFERENCE_MAX = 40
KEY_MAX = 64

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) and other old Office files
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_WHOLE = re.compile(r"\d+")


class ImportFileError(Exception):
    """The file as a whole cannot be imported. The message says why, in words for the person importing."""


class UnreadableImportFile(ImportFileError):
    """The file is damaged, hostile or beyond the limits of what is read (faircase.core.spreadsheets). Its
    message is whole: 'The file could not be read: ...' and what to do."""


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    column: str  # "" when the problem is with the row as a whole
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Line %(line)s, column %(column)s: %(problem)s") % {
                "line": self.line,
                "column": self.column,
                "problem": self.message,
            }
        return _("Line %(line)s: %(problem)s") % {"line": self.line, "problem": self.message}


@dataclass
class Problems:
    """Every problem found in a file: the first `limit` kept to show, all of them counted."""

    limit: int = MAX_LISTED_PROBLEMS
    listed: list[Problem] = field(default_factory=list)
    total: int = 0
    rows: int = 0  # how many rows have at least one problem
    _lines: set[int] = field(default_factory=set)

    def add(self, line: int, column: str, message: str) -> None:
        self.total += 1
        if line not in self._lines:
            self._lines.add(line)
            self.rows += 1
        if len(self.listed) < self.limit:
            self.listed.append(Problem(line, column, message))

    def __bool__(self) -> bool:
        return self.total > 0

    def in_order(self) -> list[Problem]:
        return sorted(self.listed, key=lambda p: (p.line, _column_order(p.column)))

    @property
    def unlisted(self) -> int:
        return self.total - len(self.listed)

    def summary(self) -> str:
        return _("%(problems)s in %(rows)s") % {
            "problems": pluralise(self.total, counted("problem", "problems")),
            "rows": pluralise(self.rows, counted("row", "rows")),
        }


def _column_order(column: str) -> int:
    for columns in (CASE_COLUMNS, WORKFORCE_COLUMNS):
        if column in columns:
            return columns.index(column) + 1
    return 0


# ---- the file ----------------------------------------------------------------------------------------------


def file_sha256(file: IO[bytes]) -> str:
    """The SHA-256 of the whole file, read in chunks; the file is left at its start."""
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


class Table:
    """An import file whose header row has been checked. `table.rows(problems)` gives, for each row after the
    header, its line (or spreadsheet row) number and a dict of column -> text. Blank rows are skipped; a row
    with the wrong number of values is reported in `problems` and not given."""

    def __init__(self, file: IO[bytes], *, columns: tuple[str, ...]):
        self.columns = columns
        file.seek(0)
        head = file.read(4096)
        file.seek(0)
        if not head:
            raise ImportFileError(_("The file is empty."))
        self.format = _detect_format(head)
        limits = spreadsheets.SheetLimits.from_settings()
        rows = _xlsx_rows(file, limits) if self.format == "xlsx" else _csv_rows(file, limits)
        self._cells = _refused_as_import_errors(rows)
        self.header_line = 0
        try:
            for line, cells in self._cells:
                if not _is_blank(cells):
                    self.header_line = line
                    check_header(_trim(cells), columns, line=line)
                    break
            else:
                raise ImportFileError(_("The file is empty."))
        except ImportFileError:
            self._cells.close()
            raise

    def rows(self, problems: Problems) -> Iterator[tuple[int, dict[str, str]]]:
        width = len(self.columns)
        data_rows = 0
        for line, cells in self._cells:
            if _is_blank(cells):
                continue
            data_rows += 1
            cells = [c.strip() for c in cells]
            if len(cells) > width and _is_blank(cells[width:]):
                cells = cells[:width]
            if len(cells) != width:
                problems.add(
                    line,
                    "",
                    _("has %(values)s where %(width)s are expected (%(columns)s)")
                    % {
                        "values": pluralise(len(cells), counted("value", "values")),
                        "width": width,
                        "columns": ",".join(self.columns),
                    },
                )
                continue
            yield line, dict(zip(self.columns, cells, strict=True))
        if data_rows == 0:
            raise ImportFileError(
                _("The file has a header row but no rows under it (line %(line)s).")
                % {"line": self.header_line}
            )


def _detect_format(head: bytes) -> str:
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith(_OLE):
        raise ImportFileError(
            _(
                "The file is an old Excel workbook (.xls): save it as an Excel workbook (.xlsx) or as CSV UTF-8 and "
                "try again."
            )
        )
    if b"\x00" in head:
        raise ImportFileError(_not_a_table())
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        raise ImportFileError(_not_utf8()) from None
    return "csv"


def _not_utf8() -> str:  # said in the language in use when it is said
    return _(
        "The file is not saved as UTF-8 text: in Excel choose 'CSV UTF-8 (Comma delimited)' when you save it, or "
        "upload the workbook (.xlsx) itself."
    )


def _not_a_table() -> str:
    return _("The file is not a CSV file or an Excel workbook (.xlsx).")


def _csv_rows(file: IO[bytes], limits: spreadsheets.SheetLimits) -> Iterator[tuple[int, list[str]]]:
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    reader = csv.reader(spreadsheets.csv_lines(text, limits), strict=True)
    rows = 0
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            spreadsheets.check_csv_row(start, cells, limits)
            if not _is_blank(cells):
                rows += 1
                if rows > limits.rows:
                    raise spreadsheets.too_many_rows(limits)
            yield start, cells
    except UnicodeDecodeError:
        raise ImportFileError(
            _("%(not_utf8)s (The first bytes that are not UTF-8 are after line %(line)s.)")
            % {"not_utf8": _not_utf8(), "line": reader.line_num}
        ) from None
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)s cannot be read as CSV: %(error)s.") % {"line": reader.line_num, "error": error}
        ) from None
    finally:
        text.detach()  # leave the caller's file open


def _xlsx_rows(file: IO[bytes], limits: spreadsheets.SheetLimits) -> Iterator[tuple[int, list[str]]]:
    for number, values in spreadsheets.xlsx_rows(file, limits):
        yield number, [_cell_text(v) for v in values]


def _refused_as_import_errors(rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    """The rows, with a file the readers refuse raised as an import error like any other."""
    try:
        yield from rows
    except spreadsheets.NotAWorkbook:
        raise ImportFileError(_not_a_table()) from None
    except UnreadableFile as error:
        raise UnreadableImportFile(str(error)) from error


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_blank(cells: list[str]) -> bool:
    return all(not c.strip() for c in cells)


def _trim(cells: list[str]) -> list[str]:
    """Values with their surrounding spaces taken off, and empty cells at the end of the row dropped (a
    spreadsheet often saves a few)."""
    cells = [c.strip() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def check_header(found: list[str], expected: tuple[str, ...], *, line: int = 1) -> None:
    """Refuse a header that is not exactly `expected`, saying what is missing, extra, repeated or out of order."""
    found = [c.lstrip("\ufeff").strip() for c in found]
    if tuple(found) == expected:
        return
    must = _("The header row (line %(line)s) must be exactly: %(columns)s.") % {
        "line": line,
        "columns": ",".join(expected),
    }
    if len(found) == 1 and (";" in found[0] or "\t" in found[0]):
        if ";" in found[0]:
            separated = _("Its values are separated by semicolons: save the file as CSV, with commas.")
        else:
            separated = _("Its values are separated by tabs: save the file as CSV, with commas.")
        raise ImportFileError(f"{must} {separated}")
    if tuple(c.lower() for c in found) == expected:
        raise ImportFileError(f"{must} {_('Write the column names in lower case.')}")
    missing = [c for c in expected if c not in found]
    extra = [c or _("(a column with no name)") for c in found if c not in expected]
    repeated = sorted({c for c in found if c in expected and found.count(c) > 1})
    parts = []
    if missing:
        parts.append(_("missing: %(columns)s") % {"columns": ", ".join(missing)})
    if extra:
        parts.append(_("not expected: %(columns)s") % {"columns": ", ".join(extra)})
    if repeated:
        parts.append(_("repeated: %(columns)s") % {"columns": ", ".join(repeated)})
    if not parts:
        parts.append(
            _("the columns are in the wrong order (found %(columns)s)") % {"columns": ",".join(found)}
        )
    raise ImportFileError(_("%(must)s In this file, %(parts)s.") % {"must": must, "parts": "; ".join(parts)})


# ---- checking one value ------------------------------------------------------------------------------------


def _choice(problems: Problems, line: int, column: str, value: str, allowed: tuple[str, ...]) -> str | None:
    answer = value.strip().lower()
    if answer in allowed:
        return answer
    if not answer:
        problems.add(line, column, _("is blank: enter one of %(allowed)s") % {"allowed": ", ".join(allowed)})
    else:
        problems.add(
            line,
            column,
            _("'%(value)s' is not one of %(allowed)s") % {"value": value, "allowed": ", ".join(allowed)},
        )
    return None


def _yes_no(problems: Problems, line: int, column: str, value: str) -> bool | None:
    answer = _choice(problems, line, column, value, YES_NO)
    return None if answer is None else answer == "yes"


def parse_date(value: str) -> dt.date | None:
    """YYYY-MM-DD, or DD/MM/YYYY as UK spreadsheets write it. None when it is neither or not a real date."""
    value = value.strip()
    try:
        if _ISO_DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
        if match := _UK_DATE.fullmatch(value):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None


# ---- workforce baselines ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkforceRow:
    line: int
    period: str
    profession: str
    dimension: str
    group: str
    headcount: int

    @property
    def key(self) -> tuple[str, str, str]:
        """What a later file replaces: the headcounts of one period, profession and dimension."""
        return (self.period, self.profession, self.dimension)


class WorkforceChecker:
    """Checks the rows of a workforce baseline file one at a time, remembering the keys already seen."""

    columns = WORKFORCE_COLUMNS

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str, str, str], int] = {}

    def check(self, line: int, values: dict[str, str], problems: Problems) -> WorkforceRow | None:
        before = problems.total
        period = values["period"].strip()
        try:
            period_bounds(period)
        except ValueError:
            if period:
                problems.add(
                    line,
                    "period",
                    _("'%(period)s' is not a financial year such as 2025-26") % {"period": period},
                )
            else:
                problems.add(line, "period", _("is blank: enter a financial year such as 2025-26"))
        profession = _choice(problems, line, "profession", values["profession"], PROFESSIONS)
        dimension = _choice(problems, line, "dimension", values["dimension"], DIMENSION_COLUMNS)
        group = None
        if dimension is not None:
            group = _choice(problems, line, "group", values["group"], GROUP_VALUES[dimension])
        elif not values["group"].strip():
            problems.add(line, "group", _("is blank: enter the group the headcount is for"))
        headcount = _headcount(problems, line, values["headcount"])
        if problems.total > before:
            return None
        key = (period, profession, dimension, group)
        if key in self._seen:
            problems.add(
                line,
                "group",
                _(
                    "repeats line %(line)s: %(period)s, %(profession)s, %(dimension)s, %(group)s can appear once"
                )
                % {
                    "line": self._seen[key],
                    "period": period,
                    "profession": profession,
                    "dimension": dimension,
                    "group": group,
                },
            )
            return None
        self._seen[key] = line
        return WorkforceRow(line, period, profession, dimension, group, headcount)  # type: ignore[arg-type]


def _headcount(problems: Problems, line: int, value: str) -> int:
    text = value.strip()
    if not _WHOLE.fullmatch(text):
        if not text:
            problems.add(line, "headcount", _("is blank: enter a whole number, 0 or more"))
        else:
            problems.add(
                line, "headcount", _("'%(value)s' is not a whole number, 0 or more") % {"value": value}
            )
        return 0
    number = int(text)
    if number > MAX_HEADCOUNT:
        problems.add(
            line,
            "headcount",
            _("%(number)s is more than %(most)s: check the number")
            % {"number": f"{number:,}", "most": f"{MAX_HEADCOUNT:,}"},
        )
    return number


# ---- historic cases --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseRow:
    line: int
    reference: str
    practitioner_key: str
    profession: str
    date_raised: dt.date
    period: str
    ethnicity: str
    pmq: str
    sex: str
    age_band: str
    disability: str
    formal_investigation: bool
    exclusion: bool
    sanction: bool
    regulator_referral: bool


class CaseChecker:
    """Checks the rows of a historic cases file one at a time, remembering the references already seen."""

    columns = CASE_COLUMNS

    def __init__(self, *, today: dt.date) -> None:
        self.today = today
        self._references: dict[str, int] = {}

    def check(self, line: int, values: dict[str, str], problems: Problems) -> CaseRow | None:
        before = problems.total
        reference = self._reference(problems, line, values["reference"])
        key = _practitioner_key(problems, line, values["practitioner_key"])
        profession = _choice(problems, line, "profession", values["profession"], PROFESSIONS)
        raised = self._date(problems, line, values["date_raised"])
        groups = {
            column: _choice(problems, line, column, values[column], GROUP_VALUES[column])
            for column in DIMENSION_COLUMNS
        }
        stages = {column: _yes_no(problems, line, column, values[column]) for column in STAGE_COLUMNS}
        if problems.total > before or raised is None:
            return None
        return CaseRow(
            line=line,
            reference=reference,
            practitioner_key=key,
            profession=profession,  # type: ignore[arg-type]
            date_raised=raised,
            period=period_for(raised),
            **groups,  # type: ignore[arg-type]
            **stages,  # type: ignore[arg-type]
        )

    def _reference(self, problems: Problems, line: int, value: str) -> str:
        reference = value.strip()
        if not reference:
            problems.add(line, "reference", _("is blank: every case needs its reference"))
        elif len(reference) > REFERENCE_MAX:
            problems.add(line, "reference", _("is longer than %(most)s characters") % {"most": REFERENCE_MAX})
        elif reference in self._references:
            problems.add(
                line,
                "reference",
                _("'%(reference)s' repeats line %(line)s")
                % {"reference": reference, "line": self._references[reference]},
            )
        else:
            self._references[reference] = line
        return reference

    def _date(self, problems: Problems, line: int, value: str) -> dt.date | None:
        if not value.strip():
            problems.add(
                line, "date_raised", _("is blank: enter the date the concern was raised, as YYYY-MM-DD")
            )
            return None
        raised = parse_date(value)
        if raised is None:
            problems.add(
                line,
                "date_raised",
                _("'%(value)s' is not a date: write it as YYYY-MM-DD (or DD/MM/YYYY)") % {"value": value},
            )
        elif raised > self.today:
            problems.add(line, "date_raised", _("%(date)s is in the future") % {"date": raised.isoformat()})
        elif raised < EARLIEST_DATE:
            problems.add(
                line,
                "date_raised",
                _("%(date)s is before 1990: check the year") % {"date": raised.isoformat()},
            )
        else:
            return raised
        return None


def _practitioner_key(problems: Problems, line: int, value: str) -> str:
    key = value.strip()
    if not key:
        problems.add(line, "practitioner_key", _("is blank: give each practitioner a pseudonymous key"))
    elif len(key) > KEY_MAX:
        problems.add(line, "practitioner_key", _("is longer than %(most)s characters") % {"most": KEY_MAX})
    elif any(c.isspace() for c in key):
        problems.add(
            line,
            "practitioner_key",
            _("has spaces: use a pseudonymous key such as P-0042, never a name"),
        )
    return key
