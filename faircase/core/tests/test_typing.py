"""The modules `make lint` type-checks take typed domain objects: a service or selector that takes `case: Any`
would let mypy wave through a review where a case belongs. mypy checks the rest; this keeps the door shut."""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# Parameters that always name one of the domain's objects, whatever the module.
DOMAIN_PARAMETERS = {
    "case",
    "organisation",
    "practitioner",
    "review",
    "restriction",
    "by",
    "user",
    "document",
}


def _checked_modules() -> list[Path]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    paths: list[Path] = []
    for entry in config["files"]:
        found = sorted(ROOT.glob(entry)) if "*" in entry else [ROOT / entry]
        for path in found:
            paths += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return [p for p in paths if "/tests/" not in str(p) and "/migrations/" not in str(p)]


def _any_typed(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        arguments = node.args
        for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            annotation = argument.annotation
            if (
                argument.arg in DOMAIN_PARAMETERS
                and isinstance(annotation, ast.Name)
                and annotation.id == "Any"
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}({argument.arg}: Any)")
    return found


def test_the_type_checked_services_and_selectors_take_no_domain_object_as_any():
    modules = _checked_modules()
    assert any(p.name == "services.py" and p.parent.name == "cases" for p in modules)

    assert [line for path in modules for line in _any_typed(path)] == []


def test_the_guard_sees_an_any_typed_case(tmp_path, monkeypatch):
    module = tmp_path / "services.py"
    module.write_text("from typing import Any\n\ndef close(*, case: Any, by: 'User') -> None: ...\n")
    monkeypatch.setattr("faircase.core.tests.test_typing.ROOT", tmp_path)

    assert _any_typed(module) == ["services.py:3 close(case: Any)"]
