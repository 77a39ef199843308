"""A file refused by the readers (faircase.core.readers and spreadsheets) is refused in the language in use, in
whole sentences; in English, word for word as before."""

import io

import pytest
from django.utils import translation

from faircase.core import spreadsheets
from faircase.core.readers import UnreadableFile, compose_yaml, size_text

LIMITS = spreadsheets.SheetLimits(
    rows=3,
    columns=2,
    cell_chars=10,
    xlsx_bytes=1024,
    xlsx_parts=10,
    uncompressed_bytes=4096,
    part_bytes=1024,
    part_elements=100,
    compression_ratio=100,
)


def _refusal(read) -> str:
    with pytest.raises(UnreadableFile) as refused:
        read()
    return str(refused.value)


def _csv_row_too_long():
    spreadsheets.check_csv_row(4, ["x" * 11], LIMITS)


def _not_a_workbook():
    spreadsheets.check_workbook(io.BytesIO(b"not a zip at all"), LIMITS)


def _yaml_complex_key():
    compose_yaml("? [a, b]\n: value\n")


def test_a_refused_file_reads_as_before_in_english():
    with translation.override("en"):
        assert _refusal(_csv_row_too_long) == (
            "The file could not be read: line 4 has a value of more than 10 characters. "
            "Check it is the right file: no value in it needs to be that long"
        )
        assert _refusal(_not_a_workbook).startswith(
            "The file could not be read: it is not an Excel workbook (.xlsx). Open it in Excel"
        )
        assert _refusal(_yaml_complex_key) == (
            "The file could not be read: line 1 has a list or a set of fields where the name of a field should be. "
            "Write each field as its name, a colon and its value, for example 'title: Our framework'"
        )
        assert size_text(512) == "512 bytes"


def test_a_refused_file_is_refused_in_welsh_for_a_welsh_reader():
    with translation.override("cy"):
        assert _refusal(_csv_row_too_long) == (
            "Nid oedd modd darllen y ffeil: mae gan linell 4 werth o fwy na 10 nod. "
            "Gwiriwch mai hon yw'r ffeil gywir: nid oes angen i unrhyw werth ynddi fod mor hir â hynny"
        )
        assert _refusal(_not_a_workbook).startswith(
            "Nid oedd modd darllen y ffeil: nid yw'n llyfr gwaith Excel (.xlsx). Agorwch hi yn Excel"
        )
        assert _refusal(_yaml_complex_key).startswith("Nid oedd modd darllen y ffeil: mae gan linell 1 restr")
        assert size_text(512) == "512 beit"
