"""The access kernel is the only way to read case data outside the services that write it: checked, not hoped."""

import ast
from pathlib import Path

from django.apps import apps

import faircase
from faircase.access.scopes import SCOPED_ENTRY_POINTS, CaseOwnedQuerySet, CaseQuerySet

PACKAGE = Path(faircase.__file__).parent
# Services write (and read what they are about to change, for a case they were handed); models define the
# managers; the kernel is the door itself. Everything else reads through the door.
EXEMPT_PARTS = {"migrations", "tests", "access"}
EXEMPT_NAMES = {"models.py", "admin.py"}
# Inside these calls a queryset is a correlated subquery or a prefetch of an outer, already scoped query.
BOUND_TO_OUTER_QUERY = {"Prefetch", "Exists", "Subquery"}


def case_model_names() -> set[str]:
    return {
        model.__name__
        for model in apps.get_models()
        if isinstance(model._default_manager.get_queryset(), CaseQuerySet | CaseOwnedQuerySet)
    }


def read_modules() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if not (EXEMPT_PARTS & set(path.relative_to(PACKAGE).parts))
        and path.name not in EXEMPT_NAMES
        and not path.name.startswith("services")
    ]


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        func = node.func
        return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return ""


def unscoped_reads(source: str, label: str, names: set[str]) -> list[str]:
    tree = ast.parse(source)
    parents = _parents(tree)
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager", "_base_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in names
        ):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Attribute) and parent.attr in SCOPED_ENTRY_POINTS:
            continue
        ancestor, bound = parent, False
        while ancestor is not None:
            if _call_name(ancestor) in BOUND_TO_OUTER_QUERY:
                bound = True
                break
            ancestor = parents.get(ancestor)
        if not bound:
            found.append(f"{label}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_the_case_models_are_known():
    names = case_model_names()
    assert {"Case", "Review", "FollowUp", "Restriction", "Submission", "Letter", "SecondLook"} <= names
    assert len(names) >= 25


def test_case_data_is_read_only_through_the_access_kernel():
    names = case_model_names()
    offenders = [
        use
        for path in read_modules()
        for use in unscoped_reads(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)), names)
    ]
    assert offenders == [], (
        "Read case data through faircase.access (visible_to, oversight_of, own_cases_of, of_case, for_system): "
        f"{offenders}"
    )


def test_the_check_finds_an_unscoped_read_and_passes_scoped_ones():
    source = (
        "def leak(case):\n"
        "    return Review.objects.filter(case=case)\n"
        "def fine(case, user):\n"
        "    return Review.objects.of_case(case), Case.objects.visible_to(user)\n"
        "def bound(cases):\n"
        "    return cases.annotate(x=Exists(Review.objects.filter(case=OuterRef('pk'))))\n"
    )
    assert unscoped_reads(source, "example.py", {"Review", "Case"}) == ["example.py:2 Review.objects"]


# ---- layers: the policy app sits below cases -------------------------------------------------------------------

# Apps that hold case data, or sit above them. The policy app (packs, workflows, calendars) must import none.
ABOVE_POLICY = (
    "cases",
    "process",
    "practitioners",
    "equality",
    "consistency",
    "second_look",
    "records",
    "api",
    "demo",
)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def test_the_policy_app_imports_no_app_above_it():
    policy = PACKAGE / "policy"
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in policy.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for name in _imports(path)
        if any(name.startswith(f"faircase.{app}") for app in ABOVE_POLICY)
    ]
    assert offenders == [], f"faircase.policy sits below cases: {offenders}"
