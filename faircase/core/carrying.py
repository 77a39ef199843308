"""A half-filled form carried across the language switch (ADR 41): pressing "Cymraeg" or "English" on a page
with a form must not lose what the person typed.

The switch's script (static/faircase/language-carry.js) copies the page's main form's text fields into the
language POST, each named CARRIED_PREFIX + its field's name; core:language keeps them in the session for the page
it returns to, and the next GET of that page gives them back once (the base layout writes them into a JSON
script element that the script puts back into the fields by name), then forgets them.

In the session, not the browser's storage, for the reasons docs/adr/0022-kept-drafts-on-the-server.md gives; with
the kept drafts' bounds and exclusions (faircase.accounts.kept_drafts): never the CSRF token, passwords, or fields
whose name starts with "_"; at most MOST_FIELDS fields and MOST_CHARACTERS characters, else nothing is kept.
Only one form is carried at a time: the last switch's.
"""

from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest

from faircase.accounts.kept_drafts import MOST_CHARACTERS, MOST_FIELDS, NOT_KEPT

CARRIED_PREFIX = "carried:"
SESSION_KEY = "faircase_carried_form"


def fields_sent(request: HttpRequest) -> dict[str, list[str]]:
    """The carried fields of the language POST, by the form's own names (a checkbox group keeps every value)."""
    fields: dict[str, list[str]] = {}
    for key in request.POST:
        if not key.startswith(CARRIED_PREFIX):
            continue
        name = key.removeprefix(CARRIED_PREFIX)
        if not name or name in NOT_KEPT or name.startswith("_"):
            continue
        if len(fields) >= MOST_FIELDS:
            break
        fields[name] = request.POST.getlist(key)
    if sum(len(value) for values in fields.values() for value in values) > MOST_CHARACTERS:
        return {}
    return fields if any(value.strip() for values in fields.values() for value in values) else {}


def keep(request: HttpRequest, *, back: str) -> bool:
    """Keep the carried fields for the page `back` (a local URL already checked); True if anything was kept."""
    fields = fields_sent(request)
    if not fields:
        request.session.pop(SESSION_KEY, None)
        return False
    request.session[SESSION_KEY] = {"path": urlsplit(back).path, "fields": fields}
    return True


def take(request: HttpRequest) -> dict[str, Any]:
    """On a GET of the page they were carried to, the carried fields, once; else an empty dict."""
    session = getattr(request, "session", None)
    if request.method != "GET" or session is None or SESSION_KEY not in session:
        return {}
    carried = session[SESSION_KEY]
    if not isinstance(carried, dict) or carried.get("path") != request.path:
        return {}
    del session[SESSION_KEY]
    fields = carried.get("fields")
    return fields if isinstance(fields, dict) else {}
