"""What a file is, from its content: the types allowed, and the look-alikes refused."""

import io
import zipfile

import pytest

from faircase.documents import sniffing
from faircase.documents.tests import files

EXPECTED = {
    "statement.pdf": "pdf",
    "terms.docx": "docx",
    "minutes.doc": "doc",
    "photo.png": "png",
    "scan.jpg": "jpeg",
    "scan.jpeg": "jpeg",
    "email.eml": "eml",
    "outlook.msg": "msg",
}


def _sniff(tmp_path, content: bytes):
    path = tmp_path / "file"
    path.write_bytes(content)
    return sniffing.sniff(path)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_allowed_type_is_known_by_its_content(tmp_path, name):
    found = _sniff(tmp_path, files.ALLOWED[name]())
    assert found is not None and found.key == EXPECTED[name]
    assert sniffing.name_fits(name, found)


def _excel_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


@pytest.mark.parametrize(
    "make",
    [
        files.windows_executable,
        files.linux_executable,
        files.plain_zip,
        files.executable_with_email_headers,
        _excel_workbook,
        lambda: files.compound_file({"Workbook": b"\0" * 16}),  # an Excel 97-2003 workbook
        lambda: files.EICAR,
        lambda: b"#!/bin/sh\necho hello\n",
        lambda: b"<html><body>From: a@example.org\nSubject: x\n\n</body></html>",
        lambda: b"Just some notes\nFrom: nobody\n",
        lambda: files.docx()[:200],  # a Word document cut short
        lambda: bytes(range(256)) * 8,
    ],
)
def test_anything_else_is_not_an_allowed_type(tmp_path, make):
    assert _sniff(tmp_path, make()) is None


def test_an_email_must_start_with_its_headers(tmp_path):
    assert _sniff(tmp_path, files.eml()).key == "eml"
    assert _sniff(tmp_path, b"Dear colleague,\n" + files.eml()) is None


def test_a_jpeg_may_be_named_jpg_or_jpeg_but_not_png():
    jpeg = sniffing.FILE_TYPES["jpeg"]
    assert sniffing.name_fits("Scan.JPG", jpeg) and sniffing.name_fits("scan.jpeg", jpeg)
    assert not sniffing.name_fits("scan.png", jpeg) and not sniffing.name_fits("scan", jpeg)


def test_the_file_chooser_offers_the_allowed_endings():
    assert sniffing.ACCEPT == ".pdf,.docx,.doc,.png,.jpg,.jpeg,.eml,.msg"
