"""The wheel leaves the tests out (pyproject.toml), so the code it ships must never import them."""

import ast
from pathlib import Path

import faircase

PACKAGE = Path(faircase.__file__).parent


def _is_test_code(path: Path) -> bool:
    relative = path.relative_to(PACKAGE)
    return "tests" in relative.parts or relative.name == "conftest.py"


def _lines_importing_tests(source: str) -> list[int]:
    """The lines of `source` that import a faircase test module (a `tests` package anywhere in the path)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        if any(name.startswith("faircase.") and "tests" in name.split(".") for name in names):
            lines.append(node.lineno)
    return sorted(lines)


def test_the_check_finds_each_way_of_importing_a_test_module():
    source = "\n".join(
        [
            "from faircase.cases.tests.factories import concern_fields",
            "import faircase.tests.system.axe",
            "from faircase.framework import tests",
            "from faircase.cases import services",
            "import faircase.testing_tools",
        ]
    )
    assert _lines_importing_tests(source) == [1, 2, 3]


def test_shipped_code_never_imports_the_tests():
    shipped = [p for p in PACKAGE.rglob("*.py") if not _is_test_code(p)]
    assert len(shipped) > 50, "expected to find the package's modules"
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in shipped
        for line in _lines_importing_tests(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"Shipped code imports test modules, which the wheel leaves out: {offenders}"
