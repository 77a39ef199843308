"""The Welsh messages files (ADR 41): complete, safe to format, really Welsh, and honest about what no fluent
speaker has checked."""

import re

import pytest
from babel.messages.catalog import Catalog

from faircase.core import catalogues

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{\w*\}")
# Names kept in English on purpose in Welsh text (docs/welsh-glossary.md), and Latin both languages use.
KEPT_NAMES = {
    "Ad hoc",
    "faircase",
    "NHS Resolution",
    "Practitioner Performance Advice",
    "GMC",
    "GDC",
    "GPhC",
    "PDF",
    "Word",
}


def files() -> list[tuple[str, Catalog]]:
    return [
        (app.name, catalogues.read(catalogues.po_path(app)))
        for app in catalogues.app_dirs()
        if catalogues.po_path(app).exists()
    ]


def messages() -> list[tuple[str, object]]:
    return [(app, m) for app, catalogue in files() for m in catalogue if m.id]


def test_every_message_the_interface_asks_for_has_welsh():
    gaps = catalogues.missing()
    report = "\n".join(f"{app}: {len(lines)}\n  " + "\n  ".join(lines[:20]) for app, lines in gaps.items())
    assert not gaps, f"Messages without Welsh (run `python -m faircase.core.catalogues missing`):\n{report}"


def test_the_check_finds_a_message_without_welsh(tmp_path, monkeypatch):
    app = tmp_path / "someapp"
    (app / "jinja2").mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "jinja2" / "page.jinja").write_text('<p>{{ _("A sentence nobody translated") }}</p>')
    monkeypatch.setattr(catalogues, "PACKAGE", tmp_path)
    assert catalogues.missing() == {
        "someapp": ["someapp/jinja2/page.jinja:1: 'A sentence nobody translated'"]
    }


@pytest.mark.parametrize(("app", "catalogue"), files(), ids=[app for app, _c in files()])
def test_each_file_is_welsh_with_welsh_plurals(app, catalogue):
    assert str(catalogue.locale) == "cy"
    assert catalogue.num_plurals == 6, catalogue.plural_forms


def test_each_translation_keeps_the_values_of_its_english():
    broken = []
    for app, message in messages():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(set(PLACEHOLDER.findall(ids[-1])))
        for string in strings:
            if string and sorted(set(PLACEHOLDER.findall(string))) != wanted:
                broken.append(f"{app}: {ids[0]!r} -> {string!r}")
    assert not broken, "Translations whose values differ from the English:\n" + "\n".join(broken)


def test_no_translation_is_the_english_again():
    same = []
    for app, message in messages():
        english = message.id if isinstance(message.id, str) else message.id[0]
        welsh = message.string if isinstance(message.string, str) else message.string[0]
        words = re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", english))
        if welsh == english and len(words) >= 2 and english not in KEPT_NAMES:
            same.append(f"{app}: {english!r}")
    assert not same, "Welsh that is the English unchanged:\n" + "\n".join(same)


def test_every_welsh_message_is_marked_unchecked_or_says_who_checked_it():
    """A fluent speaker who confirms a translation removes `#, unchecked` and adds the comment `# checked by <who> <date>`,
    so the file shows what has been reviewed and what is still to be."""
    unmarked = []
    for app, message in messages():
        translated = message.string if isinstance(message.string, str) else all(message.string)
        checked = any(c.startswith("checked by ") for c in message.user_comments)
        if translated and catalogues.UNCHECKED not in message.flags and not checked:
            unmarked.append(f"{app}: {message.id!r}")
    assert not unmarked, "Welsh neither marked unchecked nor checked:\n" + "\n".join(unmarked)
    assert list(catalogues.unchecked()), "the review list is empty although no fluent speaker has checked any"


def test_the_glossary_gives_each_term_a_status():
    glossary = (catalogues.PACKAGE.parent / "docs" / "welsh-glossary.md").read_text()
    rows = [line for line in glossary.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) > 50
    assert all(line.rstrip(" |").endswith(("unchecked", "checked")) for line in rows), rows


def test_each_english_message_has_one_welsh_across_the_apps():
    # Django merges every app's file into one catalogue, so of two translations of one message only the first
    # app's shows everywhere: the other would be a translation nobody sees (and "6 blwyddyn" beside "6 blynedd").
    # Where the Welsh must differ (a word's gender or number), give the message a context with pgettext.
    found: dict[tuple[object, object], dict[str, str]] = {}
    for app, message in messages():
        found.setdefault((message.id, message.context), {})[app] = str(message.string)
    differing = {key: apps for key, apps in found.items() if len(set(apps.values())) > 1}
    assert not differing, "One English message, two Welsh:\n" + "\n".join(
        f"{key[0]!r}: {apps}" for key, apps in differing.items()
    )
