"""CSV and XLSX files from outside, read within limits (settings FAIRCASE_IMPORT_* and FAIRCASE_XLSX_*).

A CSV file streams through the csv module: its lines are bounded before they are split, and its rows, columns
and values are counted. A workbook is checked before openpyxl opens it (`check_workbook`), and openpyxl then
streams its first sheet. Every refusal is an UnreadableFile, whose message says what to do.
"""

from __future__ import annotations

import os
import xml.sax
import xml.sax.handler
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import defusedxml.sax
import openpyxl
from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.xml.constants import (
    ARC_CONTENT_TYPES,
    ARC_CORE,
    ARC_CUSTOM,
    ARC_STYLE,
    ARC_THEME,
    ARC_WORKBOOK,
    SHARED_STRINGS,
    XLSM,
    XLSX,
    XLTM,
    XLTX,
)
from openpyxl.xml.functions import fromstring

from faircase.core.readers import UnreadableFile, setting, size_text

EXCEL_MAX_COLUMNS = 16_384  # column XFD: no real row has more cells
ELEMENTS_PER_ROW = 4 * EXCEL_MAX_COLUMNS  # a full row: each cell with its value and a text or two
ELEMENTS_PER_VALUE = 1_000  # in one cell or shared string: rich text has a few runs of a few elements each
XML_MAX_DEPTH = 64  # a workbook's parts nest about 10 deep; openpyxl builds some of them recursively
RATIO_CHECKED_ABOVE = 1024 * 1024  # tiny parts compress oddly and cannot be bombs
READ_CHUNK = 64 * 1024

_RESAVE = gettext_lazy(
    "Open it in Excel and save it again as an Excel workbook (.xlsx), or save it as CSV UTF-8, and use that file"
)
_SPLIT = gettext_lazy("Split it into smaller files, or save it as CSV UTF-8 and use that file")
_RIGHT_FILE = gettext_lazy("Check it is the right file, with only the columns asked for")


@dataclass(frozen=True)
class SheetLimits:
    """How much of a CSV file or workbook is read before it is refused (settings FAIRCASE_IMPORT_* and
    FAIRCASE_XLSX_*). The rows, columns and value length apply to both formats; the rest to workbooks."""

    rows: int
    columns: int
    cell_chars: int
    xlsx_bytes: int
    xlsx_parts: int
    uncompressed_bytes: int
    part_bytes: int
    part_elements: int
    compression_ratio: int

    @classmethod
    def from_settings(cls) -> SheetLimits:
        return cls(
            rows=setting("FAIRCASE_IMPORT_MAX_ROWS"),
            columns=setting("FAIRCASE_IMPORT_MAX_COLUMNS"),
            cell_chars=setting("FAIRCASE_IMPORT_MAX_CELL_CHARS"),
            xlsx_bytes=setting("FAIRCASE_XLSX_MAX_FILE_BYTES"),
            xlsx_parts=setting("FAIRCASE_XLSX_MAX_PARTS"),
            uncompressed_bytes=setting("FAIRCASE_XLSX_MAX_UNCOMPRESSED_BYTES"),
            part_bytes=setting("FAIRCASE_XLSX_MAX_PART_BYTES"),
            part_elements=setting("FAIRCASE_XLSX_MAX_PART_ELEMENTS"),
            compression_ratio=setting("FAIRCASE_XLSX_MAX_COMPRESSION_RATIO"),
        )

    @property
    def line_chars(self) -> int:
        """The longest CSV line a file within the other limits can have: every value quoted, with its comma."""
        return self.columns * (self.cell_chars + 3)

    @property
    def token_bytes(self) -> int:
        """The longest stretch of a workbook part without a '>': a value of `cell_chars` characters, each
        written as long as XML allows (a character reference such as &#x10FFFF; is ten bytes), or a tag."""
        return self.cell_chars * 10 + 4096


class NotAWorkbook(UnreadableFile):
    """The file starts like a zip but is not one."""


# ---- CSV: bounded lines, values checked ----


def csv_lines(text: IO[str], limits: SheetLimits) -> Iterator[str]:
    """The lines of a CSV file for csv.reader, refusing a line longer than any row within the limits could be
    before it is split into values (a line of a million commas would be a million empty values)."""
    limit = limits.line_chars
    number = 0
    while line := text.readline(limit + 1):
        number += 1
        if len(line) > limit and line[-1] not in "\r\n":
            raise UnreadableFile(
                _("line %(line)s is longer than %(limit)s characters")
                % {"line": number, "limit": f"{limit:,}"},
                _RIGHT_FILE,
            )
        yield line


def check_csv_row(line: int, cells: list[str], limits: SheetLimits) -> None:
    for column, cell in enumerate(cells, start=1):
        if len(cell) > limits.cell_chars:
            raise _value_too_long(
                _("line %(line)s has a value of more than %(limit)s characters")
                % {"line": line, "limit": f"{limits.cell_chars:,}"}
            )
        if column > limits.columns and cell.strip():
            raise _beyond_columns(
                _(
                    "line %(line)s has a value in column %(column)s, beyond the %(limit)s columns a file may have"
                )
                % {"line": line, "column": column, "limit": limits.columns}
            )


def too_many_rows(limits: SheetLimits) -> UnreadableFile:
    return UnreadableFile(_("it has more than %(count)s rows") % {"count": f"{limits.rows:,}"}, _SPLIT)


# Each place a refusal names (a line, a row and column, a part) is written as a whole clause, not glued from
# fragments, so that each language can order its words.


def _value_too_long(reason: str) -> UnreadableFile:
    return UnreadableFile(reason, _("Check it is the right file: no value in it needs to be that long"))


def _beyond_columns(reason: str) -> UnreadableFile:
    return UnreadableFile(reason, _RIGHT_FILE)


# ---- XLSX: the workbook checked, then streamed by openpyxl ----


def xlsx_rows(file: IO[bytes], limits: SheetLimits) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows of the workbook's first sheet as openpyxl reads their values, numbered from 1. The workbook is
    checked first (`check_workbook`), so openpyxl only ever opens one that stays within the limits; anything
    openpyxl still cannot read is refused as damaged rather than let through as a crash."""
    check_workbook(file, limits)
    file.seek(0)
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged part
        raise UnreadableFile(_("the workbook is damaged: its parts do not fit together"), _RESAVE) from error
    try:
        if not workbook.worksheets:
            raise UnreadableFile(_("the workbook has no sheets"), _("Put the rows on its first sheet"))
        rows = workbook.worksheets[0].iter_rows(values_only=True, max_row=limits.rows, max_col=limits.columns)
        number = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as error:
                raise UnreadableFile(
                    _("the workbook is damaged: row %(row)s of its first sheet cannot be read")
                    % {"row": number + 1},
                    _RESAVE,
                ) from error
            number += 1
            yield number, values
    finally:
        workbook.close()


def check_workbook(file: IO[bytes], limits: SheetLimits) -> None:
    """Refuse a workbook that would take more memory or time to open than the limits allow, before openpyxl
    expands any of it.

    First the zip's own account of itself, unpacking nothing: the file's size, how many parts, what each part
    and all of them would unpack to, and how tightly each is compressed (a bomb is compressed a thousand-fold;
    a real sheet about ten-fold). Then each part is unpacked as a stream and read by a SAX parser (defusedxml,
    which refuses entities and DTDs) that keeps nothing, checking what openpyxl would have to build: parts it
    reads whole (styles, shared strings, the workbook...) must be small and have few elements; the sheets it
    streams may be large but have at most so many rows, columns per row and characters per value."""
    size = file.seek(0, os.SEEK_END)
    file.seek(0)
    if size > limits.xlsx_bytes:
        raise UnreadableFile(
            _("it is larger than %(size)s, the most a workbook may be")
            % {"size": size_text(limits.xlsx_bytes)},
            _("Split it into smaller workbooks, or save it as CSV UTF-8 and use that file"),
        )
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise NotAWorkbook(_("it is not an Excel workbook (.xlsx)"), _RESAVE) from error
    with archive:
        parts = archive.infolist()
        _check_declared_sizes(parts, limits)
        by_name = {part.filename: part for part in parts}
        structure = [name for name in by_name if name == ARC_CONTENT_TYPES or name.endswith(".rels")]
        for name in structure:
            _check_part(archive, by_name[name], limits, streamed=False)
        sheets = _streamed_sheets(archive, structure)
        for name, part in by_name.items():
            if name not in structure:
                _check_part(archive, part, limits, streamed=name in sheets)
    file.seek(0)


def _check_declared_sizes(parts: list[zipfile.ZipInfo], limits: SheetLimits) -> None:
    if len(parts) > limits.xlsx_parts:
        raise UnreadableFile(
            _("the workbook has %(count)s parts, more than the %(limit)s a workbook needs")
            % {"count": f"{len(parts):,}", "limit": f"{limits.xlsx_parts:,}"},
            _RESAVE,
        )
    for part in parts:
        if part.file_size > RATIO_CHECKED_ABOVE:
            ratio = part.file_size / max(part.compress_size, 1)
            if ratio > limits.compression_ratio:
                raise UnreadableFile(
                    _(
                        "its part %(part)s is compressed %(ratio)s-fold, more than the %(limit)s-fold of any real workbook"
                    )
                    % {"part": part.filename, "ratio": f"{ratio:,.0f}", "limit": limits.compression_ratio},
                    _RESAVE,
                )
    if sum(part.file_size for part in parts) > limits.uncompressed_bytes:
        raise UnreadableFile(
            _("it would unpack to more than %(size)s") % {"size": size_text(limits.uncompressed_bytes)},
            _SPLIT,
        )


def _streamed_sheets(archive: zipfile.ZipFile, structure: list[str]) -> set[str]:
    """The parts openpyxl will stream as worksheets, found as openpyxl finds them (the workbook's relationships
    of the worksheet type), less any part it might also read whole in another role: those keep the strict
    limits of a part read whole, so a large sheet cannot be passed off as, say, the styles."""
    try:
        manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
        relationships = {
            name: get_dependents(archive, name) for name in structure if name != ARC_CONTENT_TYPES
        }
    except Exception as error:  # a missing or malformed list of parts, in any of the ways openpyxl reports
        raise UnreadableFile(
            _("the workbook is damaged: its list of parts cannot be read"), _RESAVE
        ) from error
    workbook_types = (XLTM, XLTX, XLSM, XLSX)  # in the order openpyxl looks for them
    workbook = next(
        (found.PartName.lstrip("/") for t in workbook_types if (found := manifest.find(t))), ARC_WORKBOOK
    )
    read_whole = {ARC_CONTENT_TYPES, ARC_WORKBOOK, ARC_STYLE, ARC_CORE, ARC_CUSTOM, ARC_THEME}
    read_whole |= {
        override.PartName.lstrip("/")
        for override in manifest.Override
        if override.ContentType in {*workbook_types, SHARED_STRINGS}
    }
    sheets: set[str] = set()
    for rels_name, rels in relationships.items():
        for relationship in rels:
            if relationship.TargetMode == "External":
                continue
            is_sheet = rels_name == get_rels_path(workbook) and relationship.Type.endswith("/worksheet")
            (sheets if is_sheet else read_whole).add(relationship.target)
    return {name for name in sheets if not name.endswith(".rels")} - read_whole


_XML_STARTS = (
    b"\xfe\xff",  # UTF-16 and UTF-32 byte order marks, and XML's other encodings of '<' (XML 1.0, appendix F)
    b"\xff\xfe",
    b"\x00\x00\xfe\xff",
    b"\x00\x00\x00<",
    b"\x00<",
    b"Lo\xa7\x94",  # '<?xm' in EBCDIC
)


def _looks_like_xml(head: bytes) -> bool:
    after_bom = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    return after_bom.startswith(b"<") or head.startswith(_XML_STARTS)


def _check_part(
    archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: SheetLimits, *, streamed: bool
) -> None:
    name = part.filename
    if not streamed and part.file_size > limits.part_bytes:
        raise UnreadableFile(
            _("its part %(part)s would unpack to %(size)s, more than the %(limit)s allowed")
            % {"part": name, "size": size_text(part.file_size), "limit": size_text(limits.part_bytes)},
            _SPLIT,
        )
    if part.flag_bits & 0x1:  # the zip's mark of a part that needs a password
        raise UnreadableFile(
            _("the workbook is protected with a password"),
            _("Remove the password in Excel, save it and try again"),
        )
    try:
        with archive.open(part) as stream:
            head = stream.read(64)
            if not _looks_like_xml(head):
                if streamed:
                    raise UnreadableFile(
                        _("the workbook is damaged: its sheet %(part)s is not XML") % {"part": name}, _RESAVE
                    )
                return  # a picture or printer settings: openpyxl keeps the bytes, if it reads them at all
            parser = defusedxml.sax.make_parser()
            parser.forbid_dtd = True
            parser.setFeature(xml.sax.handler.feature_namespaces, True)
            parser.setContentHandler(_PartCheck(name, limits, streamed=streamed))
            parser.parse(_Tokens(head, stream, name, limits.token_bytes))
    except DefusedXmlException as error:
        raise UnreadableFile(
            _("its part %(part)s declares XML entities or a document type, which a workbook never does")
            % {"part": name},
            _RESAVE,
        ) from error
    except xml.sax.SAXParseException as error:
        raise UnreadableFile(
            _("the workbook is damaged: its part %(part)s is cut short or is not valid XML (line %(line)s)")
            % {"part": name, "line": error.getLineNumber()},
            _RESAVE,
        ) from error
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as error:
        raise UnreadableFile(
            _("the workbook is damaged: its part %(part)s cannot be unpacked") % {"part": name}, _RESAVE
        ) from error


class _Tokens:
    """A part as it is unpacked, for the SAX parser, refusing a stretch of more than `limit` bytes without a
    '>'. Real parts never have one (their longest stretches are values, bounded by the limit on characters),
    but the parser has to hold a whole tag, attribute or comment at once, however long: this keeps that, and
    so the parser's own memory, bounded."""

    def __init__(self, head: bytes, stream: IO[bytes], name: str, limit: int):
        self._pending = head
        self._stream = stream
        self._name = name
        self._limit = limit
        self._run = 0

    def close(self) -> None:
        """The parser closes its source when done; the part's stream is closed by whoever opened it."""

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""
        # A chunk no longer than the limit cannot hide a whole over-long stretch between two of its '>'.
        chunk = self._pending or self._stream.read(min(READ_CHUNK if size < 0 else size, self._limit))
        self._pending = b""
        first = chunk.find(b">")
        if first < 0:
            self._run += len(chunk)
        else:
            self._run += first
            if self._run <= self._limit:
                self._run = len(chunk) - chunk.rfind(b">") - 1
        if self._run > self._limit:
            raise UnreadableFile(
                _("its part %(part)s has a stretch of more than %(limit)s bytes without a tag ending")
                % {"part": self._name, "limit": f"{self._limit:,}"},
                _RESAVE,
            )
        return chunk


class _PartCheck(xml.sax.handler.ContentHandler):
    """Counts, as the parser streams a part, what openpyxl would build from it, and refuses the part as soon
    as a count passes its limit. Keeps no text and no elements.

    In a sheet that openpyxl streams (`streamed`), each row is built and let go: rows, the cells of a row, the
    elements of a row and the characters and columns of a value are limited, and elements outside rows (merged
    cells, validations...) as for a part read whole. In a part read whole, every element counts, except the
    shared strings, which count as values."""

    def __init__(self, name: str, limits: SheetLimits, *, streamed: bool):
        super().__init__()
        self.name = name
        self.limits = limits
        self.streamed = streamed
        self.root = ""
        self.depth = 0
        self.elements = 0  # outside rows and values
        self.row = 0
        self.row_depth = 0  # the depth of the row open, 0 when none is
        self.row_elements = 0
        self.row_cells = 0
        self.column = 0
        self.value_depth = 0  # the depth of the cell or shared string open, 0 when none is
        self.value_elements = 0
        self.value_chars = 0
        self.text_chars = 0  # of the text between two tags, outside values

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: Any) -> None:
        local = name[1]
        self.depth += 1
        self.text_chars = 0
        if self.depth > XML_MAX_DEPTH:
            raise self._refusal(
                _("its part %(part)s nests its elements more than %(depth)s deep")
                % {"part": self.name, "depth": XML_MAX_DEPTH}
            )
        if not self.root:
            self.root = local
            if self.streamed and local != "worksheet":
                raise UnreadableFile(
                    _("the workbook is damaged: its sheet %(part)s is not a sheet") % {"part": self.name},
                    _RESAVE,
                )
        if self.row_depth:
            self.row_elements += 1
            if self.row_elements > ELEMENTS_PER_ROW:
                raise self._refusal(
                    _("row %(row)s has more than %(limit)s elements")
                    % {"row": self.row, "limit": f"{ELEMENTS_PER_ROW:,}"}
                )
        if self.value_depth:
            self.value_elements += 1
            if self.value_elements > ELEMENTS_PER_VALUE:
                raise self._refusal(
                    _("its part %(part)s has a value of more than %(limit)s elements")
                    % {"part": self.name, "limit": f"{ELEMENTS_PER_VALUE:,}"}
                )
        elif self.streamed and local == "row" and not self.row_depth:
            self._start_row(attrs.get((None, "r"), ""))
        elif self.row_depth and local == "c":
            self._start_cell(attrs.get((None, "r"), ""))
        elif self.root == "sst" and local == "si":
            self._start_value()
        elif not self.row_depth:
            self.elements += 1
            if self.elements > self.limits.part_elements:
                raise self._refusal(
                    _("its part %(part)s has more than %(limit)s elements")
                    % {"part": self.name, "limit": f"{self.limits.part_elements:,}"}
                )

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        if self.depth == self.value_depth:
            self.value_depth = 0
        elif self.depth == self.row_depth:
            self.row_depth = 0
        self.depth -= 1
        self.text_chars = 0

    def characters(self, content: str) -> None:
        if self.value_depth:
            self.value_chars += len(content)
            if self.value_chars > self.limits.cell_chars:
                limit = f"{self.limits.cell_chars:,}"
                if self.row_depth:
                    raise _value_too_long(
                        _("row %(row)s, column %(column)s has a value of more than %(limit)s characters")
                        % {"row": self.row, "column": get_column_letter(self.column), "limit": limit}
                    )
                raise _value_too_long(
                    _("its part %(part)s has a value of more than %(limit)s characters")
                    % {"part": self.name, "limit": limit}
                )
            if self.row_depth and self.column > self.limits.columns and content.strip():
                raise _beyond_columns(
                    _(
                        "row %(row)s has a value in column %(column)s, beyond the %(limit)s columns a file may have"
                    )
                    % {
                        "row": self.row,
                        "column": get_column_letter(self.column),
                        "limit": self.limits.columns,
                    }
                )
        else:
            self.text_chars += len(content)
            if self.text_chars > self.limits.cell_chars:
                raise self._refusal(
                    _("its part %(part)s has a text of more than %(limit)s characters")
                    % {"part": self.name, "limit": f"{self.limits.cell_chars:,}"}
                )

    def _start_row(self, reference: str) -> None:
        # openpyxl numbers a row by its r attribute, filling in the rows skipped, so a row numbered far down
        # costs as many rows as its number.
        self.row = int(reference) if reference.isdigit() and len(reference) <= 7 else self.row + 1
        if self.row > self.limits.rows:
            raise too_many_rows(self.limits)
        self.row_depth = self.depth
        self.row_elements = 0
        self.row_cells = 0
        self.column = 0

    def _start_cell(self, reference: str) -> None:
        self.row_cells += 1
        if self.row_cells > EXCEL_MAX_COLUMNS:
            raise self._refusal(
                _("row %(row)s has more than %(limit)s cells")
                % {"row": self.row, "limit": f"{EXCEL_MAX_COLUMNS:,}"}
            )
        letters = reference.rstrip("0123456789")
        try:
            self.column = column_index_from_string(letters) if letters else self.column + 1
        except ValueError:
            raise UnreadableFile(
                _("the workbook is damaged: row %(row)s names a cell that cannot exist (%(cell)s)")
                % {"row": self.row, "cell": reference[:20]},
                _RESAVE,
            ) from None
        self._start_value()

    def _start_value(self) -> None:
        self.value_depth = self.depth
        self.value_elements = 0
        self.value_chars = 0

    @staticmethod
    def _refusal(reason: str) -> UnreadableFile:
        return UnreadableFile(reason, _RESAVE)
