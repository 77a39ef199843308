"""The Jinja2 environment: NHS.UK frontend macros, Django's url/static helpers and faircase's filters."""

from typing import Any

import jinja2
from django.conf import settings
from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from markupsafe import Markup

from faircase.core import carrying, formatting, languages
from faircase.core.navigation import navigation
from faircase.core.page_titles import document_title


def url(viewname: str, *args: Any, **kwargs: Any) -> str:
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


def session_timeout() -> dict[str, Any]:
    """For layouts/_session_timeout.jinja: the idle timeout and the warning's lead, from settings."""
    warning = min(settings.SESSION_TIMEOUT_WARNING_SECONDS, settings.SESSION_COOKIE_AGE)
    return {
        "seconds": settings.SESSION_COOKIE_AGE,
        "warning": warning,
        "warning_words": formatting.duration_words(warning),
    }


def indent(s: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    """Jinja's `indent` with the same output, done on plain text and marked safe once when it came in safe. The
    NHS.UK macros indent every nested component's HTML; Jinja's own filter escapes each line's join of safe
    strings one by one, a tenth of the case page's rendering (ADR 38)."""
    indention = width if isinstance(width, str) else " " * width
    text = f"{s}\n"  # as Jinja's: the trailing newline makes splitlines keep a final empty line
    if blank:
        indented = ("\n" + indention).join(text.splitlines())
    else:
        first_line, *rest = text.splitlines()
        indented = first_line
        if rest:
            indented += "\n" + "\n".join(indention + line if line else line for line in rest)
    if first:
        indented = indention + indented
    # Safe in, safe out: only spaces or the given indentation were added, as Jinja marks them.
    return Markup(indented) if isinstance(s, Markup) else indented  # noqa: S704


def environment(**options: Any) -> jinja2.Environment:
    app_loader = options.pop("loader", None)
    loaders = [loader for loader in [app_loader] if loader is not None]
    if not loaders:
        loaders.append(jinja2.FileSystemLoader([]))
    loaders += [
        jinja2.PackageLoader("nhsuk_frontend_jinja", package_path="templates"),
        # template-with-imports.jinja extends "template.jinja" by its bare name.
        jinja2.PackageLoader("nhsuk_frontend_jinja", package_path="templates/nhsuk"),
    ]
    options["undefined"] = jinja2.ChainableUndefined
    options.setdefault("autoescape", True)
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do", "jinja2.ext.i18n"]
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), **options)  # noqa: S701 (autoescape set above)
    # Django's catalogues, in the request's language (ADR 41). New-style: `_("Hello %(name)s", name=x)` formats
    # after translating and escapes the values, so a translation never has to spell out Jinja's own syntax.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translation.gettext,
        translation.ngettext,
        newstyle=True,
        pgettext=translation.pgettext,
        npgettext=translation.npgettext,
    )
    env.globals.update(
        {
            "url": url,
            "static": static,
            "navigation": navigation,
            "document_title": document_title,
            "get_messages": messages.get_messages,
            "settings_demo_mode": lambda: settings.DEMO_MODE,
            "session_timeout": session_timeout,
            "html_lang": languages.html_lang,
            "other_language": languages.other_language,
            # A form's unsent answers, carried across the language switch (faircase.core.carrying).
            "carried_form": carrying.take,
            "get_language": translation.get_language,
        }
    )
    env.filters.update(formatting.FILTERS)
    env.filters["indent"] = indent
    env.filters["reading_order"] = languages.reading_order
    return env
