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
