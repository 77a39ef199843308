"""Files for the tests, built here (no binary fixtures in the repository). Every name and text is fictional."""

from __future__ import annotations

import io
import struct
from email.message import EmailMessage

from django.core.files.uploadedfile import SimpleUploadedFile

# ---- the allowed types ------------------------------------------------------------------------------------------


def pdf(text: str = "Statement of a fictional witness", *, padding: int = 0) -> bytes:
    """A small, valid PDF with one page of text (and `padding` bytes of comment to make it larger)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    if padding:
        line = b"% " + b"x" * 1021 + b"\n"  # comments a reader skips
        for _ in range(padding // len(line)):
            out.write(line)
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx(text: str = "Terms of reference for a fictional investigation") -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "JPEG")
    return out.getvalue()


def eml(subject: str = "Rota for the ward round") -> bytes:
    message = EmailMessage()
    message["From"] = "Avery Fictional <avery@example.org>"
    message["To"] = "Casey Manager <casey@example.org>"
    message["Subject"] = subject
    message["Date"] = "Mon, 2 Nov 2026 10:00:00 +0000"
    message.set_content("The rota for November is attached to the ward's shared calendar.")
    return message.as_bytes()


# OLE compound files (Word 97-2003 .doc and Outlook .msg) are told apart by the streams they hold.
_END, _FREE, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (version 3, 512-byte sectors) holding the given streams, each padded to 4 KB so
    no mini stream is needed."""
    names = list(streams)
    datas = [streams[name].ljust(4096, b"\0") for name in names]
    directory_sectors = ((1 + len(names)) * 128 + 511) // 512
    data_sectors = [(len(data) + 511) // 512 for data in datas]
    fat = [_FAT_SECTOR]
    fat += [2 + i if i < directory_sectors - 1 else _END for i in range(directory_sectors)]
    starts, sector = [], 1 + directory_sectors
    for count in data_sectors:
        starts.append(sector)
        fat += [sector + j + 1 if j < count - 1 else _END for j in range(count)]
        sector += count
    fat += [_FREE] * (128 - len(fat))

    def entry(name: str, kind: int, *, child: int = _NO_STREAM, right: int = _NO_STREAM, start: int = _END,
              size: int = 0) -> bytes:  # fmt: skip
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(raw), kind, 1, _NO_STREAM, right, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, child=1)
    for i, (name, data) in enumerate(zip(names, datas, strict=True)):
        right = i + 2 if i + 1 < len(names) else _NO_STREAM
        directory += entry(name, 2, right=right, start=starts[i], size=len(data))
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    return (
        header
        + b"".join(struct.pack("<I", x) for x in fat)
        + directory.ljust(directory_sectors * 512, b"\0")
        + b"".join(data.ljust(count * 512, b"\0") for data, count in zip(datas, data_sectors, strict=True))
    )


def doc() -> bytes:
    return compound_file({"WordDocument": b"\xec\xa5\xc1\x00" + b"Fictional minutes", "1Table": b"\0"})


def msg() -> bytes:
    subject = "Occupational health appointment".encode("utf-16-le")
    return compound_file({"__properties_version1.0": b"\0" * 32, "__substg1.0_0037001F": subject})


# ---- files that must be refused ----------------------------------------------------------------------------------


def windows_executable() -> bytes:
    """The start of a Windows program: an MZ header pointing at a PE header."""
    return b"MZ\x90\x00" + b"\0" * 56 + struct.pack("<I", 64) + b"PE\0\0" + b"\0" * 400


def linux_executable() -> bytes:
    return b"\x7fELF\x02\x01\x01" + b"\0" * 200


def plain_zip() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "Not a Word document")
    return out.getvalue()


def executable_with_email_headers() -> bytes:
    """A program whose first bytes also hold two email headers and a blank line."""
    return windows_executable()[:64] + b"From: a@example.org\nSubject: hello\n\n" + b"\0" * 200


# The EICAR test file: not a virus, a string every scanner is built to report as one.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    """A file as the browser sends it: the content type it claims is never trusted."""
    return SimpleUploadedFile(name, content, content_type=content_type)


ALLOWED = {
    "statement.pdf": pdf,
    "terms.docx": docx,
    "minutes.doc": doc,
    "photo.png": png,
    "scan.jpg": jpeg,
    "scan.jpeg": jpeg,
    "email.eml": eml,
    "outlook.msg": msg,
}
