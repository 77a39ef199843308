"""Rules of the codebase, checked rather than hoped for."""

import ast
from pathlib import Path

import faircase
from faircase.access.scopes import SCOPED_ENTRY_POINTS

PACKAGE = Path(faircase.__file__).parent
VIEW_MODULES = [
    p
    for p in PACKAGE.rglob("*.py")
    if p.name.startswith("views") or (p.parent.name == "api" and p.name == "api.py")
]


def _direct_manager_uses(path: Path) -> list[str]:
    """`Model.objects` in a view, unless it goes straight into a scope of the access kernel."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    scoped = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in SCOPED_ENTRY_POINTS
    }
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager"}
            and id(node) not in scoped
        ):
            found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_there_are_views_to_check():
    assert len(VIEW_MODULES) >= 3


def test_views_read_case_data_only_through_scoped_selectors():
    offenders = [use for path in VIEW_MODULES for use in _direct_manager_uses(path)]
    assert offenders == [], f"Views must read through selectors scoped to the user: {offenders}"


def test_views_write_only_through_services():
    offenders = []
    for path in VIEW_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"save", "delete", "create", "update", "bulk_create"}
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == [], f"Views must write through services: {offenders}"


# ---- one writer of CSV and XLSX ------------------------------------------------------------------------------

TABULAR = PACKAGE / "core" / "tabular.py"
PRODUCT_MODULES = [p for p in PACKAGE.rglob("*.py") if "tests" not in p.relative_to(PACKAGE).parts]


def _table_writers(source: str, where: str) -> list[str]:
    """Each place `source` writes CSV or XLSX itself: csv.writer or csv.DictWriter, or openpyxl's Workbook,
    however it is imported."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "csv":
                names = [a.name for a in node.names if a.name in {"writer", "DictWriter"}]
            elif node.module.split(".")[0] == "openpyxl":
                names = [a.name for a in node.names if a.name == "Workbook"]
        elif isinstance(node, ast.Attribute):
            if node.attr in {"writer", "DictWriter"} and isinstance(node.value, ast.Name):
                names = [node.attr] if node.value.id == "csv" else []
            elif node.attr == "Workbook":
                names = [node.attr]
        found += [f"{where}:{node.lineno} ({name})" for name in names]
    return found


def test_the_check_finds_each_way_of_writing_a_table():
    writes = """
import csv, openpyxl
from csv import DictWriter
from openpyxl import Workbook
from openpyxl.workbook import Workbook as Book
csv.writer(buffer)
openpyxl.Workbook()
"""
    assert len(_table_writers(writes, "example.py")) == 5
    reads = "import csv, openpyxl\ncsv.reader(text)\nopenpyxl.load_workbook(file)\nfrom csv import reader\n"
    assert _table_writers(reads, "example.py") == []


def test_only_the_tabular_module_writes_csv_or_xlsx():
    offenders = [
        found
        for path in PRODUCT_MODULES
        if path != TABULAR
        for found in _table_writers(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    ]
    assert offenders == [], (
        "Write CSV and XLSX through faircase.core.tabular, which neutralises cells a spreadsheet would run as "
        f"formulas: {offenders}"
    )
