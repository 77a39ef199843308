"""Which language a person reads faircase in (ADR 41), and how a page names it.

One rule, in order: the language a signed-in person chose (kept on their account); else their organisation's
default; else, for someone not signed in, the language they chose on this browser (a cookie) or the first of
their browser's Accept-Language that faircase speaks; else English.
"""

import unicodedata
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

ENGLISH, WELSH = "en", "cy"
SPOKEN = (ENGLISH, WELSH)
# <html lang>: British English, as NHS.UK pages say; Welsh has one written standard.
HTML_LANG = {ENGLISH: "en-GB", WELSH: "cy"}


def organisation_of(user: Any) -> Any:
    """The organisation whose default applies to a signed-in person: the first, by name, where they hold a role
    (the header's own read, kept on the user for the request, so the rule costs staff no query of its own),
    else that of their first linked practitioner record (a practitioner's own account holds no role)."""
    from faircase.accounts.selectors import organisations_and_roles

    mine = organisations_and_roles(user)
    if mine:
        return mine[0][0]
    link = user.practitioner_links.select_related("practitioner__organisation").order_by("id").first()
    return link.practitioner.organisation if link else None


def for_signed_in(user: Any) -> str:
    if user.language in SPOKEN:
        return user.language
    organisation = organisation_of(user)
    if organisation is not None and organisation.default_language in SPOKEN:
        return organisation.default_language
    return ENGLISH


def speaking_to(user: Any) -> translation.override:
    """Write to a person in the language they read faircase in (an email, an item on their "Your work"), whoever's
    request or command is running: `with languages.speaking_to(user): subject = _("...")`."""
    return translation.override(for_signed_in(user))


def for_request(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return for_signed_in(user)
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in SPOKEN:
        return chosen
    # Django's parser of Accept-Language, limited to the languages in settings.LANGUAGES.
    asked = translation.get_language_from_request(request)
    return asked if asked in SPOKEN else ENGLISH


def html_lang(code: str | None = None) -> str:
    """The lang attribute for a page (or a passage) in the language `code`, by default the active one."""
    code = (code or translation.get_language() or ENGLISH).split("-")[0]
    return HTML_LANG.get(code, HTML_LANG[ENGLISH])


def other_language() -> str:
    """The language the switch on every page offers: the one not in use."""
    return ENGLISH if (translation.get_language() or ENGLISH).startswith(WELSH) else WELSH


def active() -> str:
    """The language in use now: "en" or "cy"."""
    return WELSH if (translation.get_language() or ENGLISH).startswith(WELSH) else ENGLISH


def localised(item: Any, field: str, language: str | None = None) -> str:
    """Data that people read, in the language in use (or `language`): `item.<field>_cy` (an attribute or a
    dict's key) when Welsh is in use and it has Welsh, else `item.<field>`, the English. One rule for every kind
    of data, so a consideration, a support entry or a letter block cannot fall back differently."""
    language = language or active()

    def read(name: str) -> str:
        value = item.get(name, "") if isinstance(item, dict) else getattr(item, name, "")
        return value or ""

    if language == WELSH:
        welsh = read(f"{field}_cy")
        if welsh:
            return welsh
    return read(field)


def for_practitioner(practitioner: Any, organisation: Any = None) -> str:
    """The language a practitioner deals with their organisation in: the record's choice, else their own
    account's, else the organisation's default. `organisation`: theirs, when the caller has it already (a case's),
    to save reading it again."""
    if practitioner.language in SPOKEN:
        return practitioner.language
    account = getattr(practitioner, "account", None)  # a reverse one-to-one: None when there is no account
    if account is not None and account.user.language in SPOKEN:
        return account.user.language
    default = (organisation or practitioner.organisation).default_language
    return default if default in SPOKEN else ENGLISH


def for_documents(practitioner: Any, organisation: Any = None) -> list[str]:
    """The languages of a practitioner's letters and record, in the order they appear: Welsh and English side
    by side, Welsh first, where the organisation produces bilingual material; else the one chosen."""
    organisation = organisation or practitioner.organisation
    if organisation.document_languages == "bilingual":
        return [WELSH, ENGLISH]
    return [for_practitioner(practitioner, organisation)]


def for_case_documents(case: Any) -> list[str]:
    """for_documents of the case's practitioner, with the case's organisation (theirs), read once already."""
    return for_documents(case.practitioner, case.organisation)


WELSH_ALPHABET = [
    "a",
    "b",
    "c",
    "ch",
    "d",
    "dd",
    "e",
    "f",
    "ff",
    "g",
    "ng",
    "h",
    "i",
    "j",
    "k",
    "l",
    "ll",
    "m",
    "n",
    "o",
    "p",
    "ph",
    "q",
    "r",
    "rh",
    "s",
    "t",
    "th",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
]
_WELSH_RANK = {letter: rank for rank, letter in enumerate(WELSH_ALPHABET)}
_DIGRAPHS = tuple(letter for letter in WELSH_ALPHABET if len(letter) == 2)
# Letters rank after every space, digit and mark of punctuation, as in English order.
_LETTER_BASE = 0x110000


def _welsh_letters(text: str) -> list[int]:
    """The text's letters as ranks in the Welsh alphabet, accents set aside (â, ŵ, ŷ sort with a, w, y).

    "ng" is always taken as the one letter ng. It is ambiguous in Welsh: "angen" has the letter ng, but
    "Bangor" and "dangos" have n then g, and only a dictionary can tell them apart. Taking it always as one letter
    is what most Welsh dictionaries' headwords do, and is wrong only for such words among themselves."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))
    ranks, i = [], 0
    while i < len(plain):
        pair = plain[i : i + 2]
        if pair in _DIGRAPHS:
            ranks.append(_LETTER_BASE + _WELSH_RANK[pair])
            i += 2
            continue
        char = plain[i]
        ranks.append(_LETTER_BASE + _WELSH_RANK[char] if char in _WELSH_RANK else ord(char))
        i += 1
    return ranks


def sort_key(text: str, language: str | None = None) -> tuple[Any, ...]:
    """A key that puts words or names in the order a reader of the language expects: by the Welsh alphabet when
    Welsh is in use, case-insensitively otherwise. `sorted(names, key=languages.sort_key)`."""
    text = str(text or "")
    if (language or active()) == WELSH:
        return (_welsh_letters(text), text.casefold(), text)
    return (text.casefold(), text)


def in_reading_order(items: Any, text: Any = str) -> list[Any]:
    """A list in the order a Welsh reader expects (by sort_key) when Welsh is in use; else as given, in the order the
    database or the caller chose. `text` gives what an item is sorted by (its shown name)."""
    items = list(items)
    if active() != WELSH:
        return items
    return sorted(items, key=lambda item: sort_key(text(item), WELSH))


def reading_order(items: Any, attribute: str) -> list[Any]:
    """The Jinja filter of in_reading_order: `people|reading_order("display_name")`."""
    return in_reading_order(
        items, lambda item: item[attribute] if isinstance(item, dict) else getattr(item, attribute)
    )
