"""The Welsh messages files (ADR 41): found in the code, kept per app, compiled for Django, checked for gaps.

Each app keeps the messages of its own Python and templates in `faircase/<app>/locale/cy/LC_MESSAGES/django.po`;
Django reads every installed app's locale directory, so the files split the work without splitting the catalogue.
Babel finds the messages (its Python extractor and Jinja2's) and compiles them, so no GNU gettext is needed.

A translation that no fluent speaker has checked carries the flag `unchecked` (`#, unchecked` above its msgid):
compiled and shown like any other, and listed by `faircase i18n unchecked` for an organisation to have reviewed.

    python -m faircase.core.catalogues extract [APP ...]   # add new messages to each app's file, keep the rest
    python -m faircase.core.catalogues compile              # .po to .mo where the .po is newer
    python -m faircase.core.catalogues missing              # messages with no Welsh, by file; exit 1 if any
    python -m faircase.core.catalogues unchecked            # Welsh awaiting a fluent speaker's check
"""

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parent.parent
WELSH = "cy"
UNCHECKED = "unchecked"

KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
    # faircase.core.formatting.counted("day", "days"): a noun pair that pluralise() looks up.
    "counted": (1, 2),
}
METHODS = [
    ("**/tests/**", "ignore"),
    ("**/migrations/**", "ignore"),
    ("**/benchmarks/**", "ignore"),
    ("**.py", "python"),
    ("**.jinja", "jinja2"),
]
OPTIONS = {"**.jinja": {"extensions": "jinja2.ext.do,jinja2.ext.i18n", "newstyle_gettext": "true"}}


@dataclass(frozen=True)
class Found:
    msgid: str | tuple[str, str]
    context: str | None
    where: str


def app_dirs() -> list[Path]:
    return sorted(p for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def po_path(app: Path, language: str = WELSH) -> Path:
    return app / "locale" / language / "LC_MESSAGES" / "django.po"


def found_in(app: Path) -> Iterator[Found]:
    """Every message the app's code and templates ask to be translated."""
    for filename, lineno, message, _comments, context in extract_from_dir(
        app, METHODS, options_map=OPTIONS, keywords=KEYWORDS, strip_comment_tags=True
    ):
        if message and (message if isinstance(message, str) else message[0]):
            yield Found(message, context, f"{app.name}/{filename}:{lineno}")


def read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=WELSH)


def extract(apps: list[str] | None = None) -> dict[str, int]:
    """Adds each app's new messages to its file (empty Welsh), keeping every translation already there."""
    added = {}
    for app in app_dirs():
        if apps and app.name not in apps:
            continue
        template = Catalog(locale=WELSH)
        for found in found_in(app):
            template.add(found.msgid, locations=[(found.where, 0)], context=found.context)
        path = po_path(app)
        if not len(template) and not path.exists():
            continue
        if path.exists():
            catalogue = read(path)
            before = {m.id for m in catalogue if m.id}
            catalogue.update(template, no_fuzzy_matching=True)
            catalogue.obsolete.clear()
        else:
            catalogue = Catalog(
                locale=WELSH,
                domain="django",
                project="faircase",
                version="",
                copyright_holder="the faircase authors",
                msgid_bugs_address="",
                last_translator="faircase (machine-assisted; see docs/welsh-glossary.md)",
                language_team="Welsh <cy@li.org>",
                fuzzy=False,
            )
            catalogue.update(template, no_fuzzy_matching=True)
            before = set()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalogue, width=116, omit_header=False, sort_output=False)
        added[app.name] = len({m.id for m in catalogue if m.id} - before)
    return added


def compile_all(force: bool = False) -> int:
    """Writes each app's .mo beside its .po when the .po is newer; returns how many were written."""
    written = 0
    for app in app_dirs():
        po = po_path(app)
        if not po.exists():
            continue
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        catalogue = read(po)
        with mo.open("wb") as f:
            write_mo(f, catalogue, use_fuzzy=False)
        written += 1
    return written


def missing() -> dict[str, list[str]]:
    """For each app, the messages its code asks for that its Welsh file does not translate."""
    gaps: dict[str, list[str]] = {}
    for app in app_dirs():
        po = po_path(app)
        catalogue = read(po) if po.exists() else Catalog(locale=WELSH)
        for found in found_in(app):
            key = found.msgid if isinstance(found.msgid, str) else found.msgid[0]
            message = catalogue.get(key, context=found.context)
            strings = message.string if message else None
            translated = all(strings) if isinstance(strings, tuple | list) else bool(strings)
            if message is None or not translated or message.fuzzy:
                gaps.setdefault(app.name, []).append(f"{found.where}: {key!r}")
    return gaps


def unchecked() -> Iterator[tuple[str, str, str]]:
    """(app, English, Welsh) of every translation flagged as awaiting a fluent speaker's check."""
    for app in app_dirs():
        po = po_path(app)
        if not po.exists():
            continue
        for message in read(po):
            if message.id and UNCHECKED in message.flags:
                english = message.id if isinstance(message.id, str) else message.id[0]
                welsh = message.string if isinstance(message.string, str) else message.string[0]
                yield app.name, english, welsh


def main(argv: list[str]) -> int:
    command, *rest = argv or ["compile"]
    if command == "extract":
        for app, count in extract(rest or None).items():
            print(f"{app}: {count} new")
        return 0
    if command == "compile":
        print(f"compiled {compile_all(force='--force' in rest)} Welsh messages files")
        return 0
    if command == "missing":
        gaps = missing()
        for app, lines in gaps.items():
            print(f"== {app}: {len(lines)} without Welsh ==")
            print("\n".join(lines))
        return 1 if gaps else 0
    if command == "unchecked":
        rows = list(unchecked())
        for app, english, welsh in rows:
            print(f"{app}\t{english}\t{welsh}")
        print(f"{len(rows)} Welsh messages await a fluent speaker's check", file=sys.stderr)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
