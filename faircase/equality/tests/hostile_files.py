"""Damaged and hostile workbooks, built in the test that uses them (no binary fixtures are committed).

Each starts from a small real workbook of historic cases and replaces one of its parts. Large parts are written
to the zip in chunks, so building a part that expands to 256 MB takes little memory."""

import base64
import functools
import io
import os
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook

from faircase.equality.importers import CASE_COLUMNS

SHEET = "xl/worksheets/sheet1.xml"
STYLES = "xl/styles.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
GOOD_ROW = ["HX-1", "P-1", "doctor", "2025-06-02", "white", "uk", "female", "40_49"] + ["no"] * 5


def good_rows(count: int) -> list[list[str]]:
    """`count` good cases, each with its own reference."""
    return [[f"HX-{n}", *GOOD_ROW[1:]] for n in range(1, count + 1)]


def workbook(rows: list[list] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows if rows is not None else [list(CASE_COLUMNS), GOOD_ROW]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def part(xlsx: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return archive.read(name)


def with_part(xlsx: bytes, name: str, content: bytes | Iterable[bytes]) -> bytes:
    """The workbook with part `name` replaced (or added), deflated as Excel does."""
    return with_parts(xlsx, {name: content})


def with_parts(xlsx: bytes, parts: dict[str, bytes | Iterable[bytes]]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in parts.items():
            with target.open(name, "w", force_zip64=True) as stream:
                for chunk in [content] if isinstance(content, bytes) else content:
                    stream.write(chunk)
    return out.getvalue()


def with_shared_strings(strings: Iterable[bytes]) -> bytes:
    """A workbook whose reference in row 2 is the first shared string, the part being `strings` (the XML of
    the shared strings part, in chunks), declared so that openpyxl reads it when it opens the workbook."""
    good = workbook()
    types = part(good, "[Content_Types].xml").decode()
    declared = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sharedStrings+xml"/></Types>',
    )
    row = b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return with_parts(
        good,
        {
            "[Content_Types].xml": declared.encode(),
            SHEET: b"".join(sheet_with_rows([header_row(), row])),
            SHARED_STRINGS: strings,
        },
    )


def sheet_with_rows(rows_xml: Iterable[bytes]) -> Iterable[bytes]:
    yield f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    yield from rows_xml
    yield b"</sheetData></worksheet>"


def header_row() -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for i, name in enumerate(CASE_COLUMNS)
    )
    return f'<row r="1">{cells}</row>'.encode()


def cut_short() -> bytes:
    """A workbook whose sheet ends part-way through (a download or a copy that stopped)."""
    good = workbook([list(CASE_COLUMNS), *[GOOD_ROW] * 20])
    sheet = part(good, SHEET)
    return with_part(good, SHEET, sheet[: len(sheet) * 2 // 3])


def billion_laughs(name: str = SHEET) -> bytes:
    """A part whose one entity expands to a billion copies of 'lol' (ten entities, each ten of the last)."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    if name == SHARED_STRINGS:
        body = f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    else:
        body = (
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c>'
            "</row></sheetData></worksheet>"
        )
    root = "sst" if name == SHARED_STRINGS else "worksheet"
    content = f'<?xml version="1.0"?><!DOCTYPE {root} [{entities}]>{body}'.encode()
    if name == SHARED_STRINGS:
        return with_shared_strings([content])
    return with_part(workbook(), name, content)


def one_cell_of(size: int, *, compressible: bool = True, name: str = SHEET) -> bytes:
    """A workbook whose one value (the reference of row 2) is `size` characters long: a run of one letter,
    which deflate shrinks a thousand-fold, or random letters and digits, which it hardly shrinks at all."""

    def text() -> Iterable[bytes]:
        chunk = 1 << 20
        for start in range(0, size, chunk):
            length = min(chunk, size - start)
            if compressible:
                yield b"A" * length
            else:
                yield base64.b64encode(os.urandom(length))[:length].replace(b"+", b"x").replace(b"/", b"y")

    if name == SHARED_STRINGS:
        start = f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
        return with_shared_strings([start, *text(), b"</t></si></sst>"])

    def rows() -> Iterable[bytes]:
        yield header_row()
        yield b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        yield from text()
        yield b"</t></is></c></row>"

    return with_part(workbook(), SHEET, sheet_with_rows(rows()))


@functools.cache
def cell_of_256_mb() -> bytes:
    """The workbook that took a server from 520 MB to 771 MB: one value that unpacks to 256 MB (a few seconds
    to deflate, so built once for every test that uses it; it is smaller than 1 MB)."""
    return one_cell_of(256 * 1024 * 1024)


def marked_as_needing_a_password(xlsx: bytes, name: str) -> bytes:
    """The workbook with part `name` marked in the zip's directory as encrypted (Python's zipfile cannot
    write an encrypted part, so the mark is set by hand: bit 0 of the flags, 8 bytes into the entry)."""
    data = bytearray(xlsx)
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:
        length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        if data[entry + 46 : entry + 46 + length] == name.encode():
            data[entry + 8] |= 0x1
            return bytes(data)
        entry = data.find(b"PK\x01\x02", entry + 46)
    raise ValueError(f"{name} is not in the workbook")


def with_relationship(xlsx: bytes, kind: str, target: str) -> bytes:
    """The workbook with one more relationship from the workbook part, of `kind`, to `target`."""
    rels = "xl/_rels/workbook.xml.rels"
    relationship = (
        f'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" '
        f'Target="{target}" Id="rIdExtra"/></Relationships>'
    )
    return with_part(xlsx, rels, part(xlsx, rels).decode().replace("</Relationships>", relationship).encode())


def styles_with(count: int) -> bytes:
    """A workbook whose styles part lists `count` cell formats: each becomes an object when it is opened."""
    good = workbook()
    styles = part(good, STYLES).decode()
    formats = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * count
    start = styles.index("<cellXfs")
    end = styles.index(">", start) + 1
    return with_part(good, STYLES, (styles[:end] + formats + styles[end:]).encode())
