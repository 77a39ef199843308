"""The Jinja2 environment: NHS.UK frontend macros, Django's url/static helpers and faircase's filters."""

from typing import Any

import jinja2
from django.conf import settings
from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse

from faircase.core import formatting
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
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do"]
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), **options)  # noqa: S701 (autoescape set above)
    env.globals.update(
        {
            "url": url,
            "static": static,
            "navigation": navigation,
            "document_title": document_title,
            "get_messages": messages.get_messages,
            "settings_demo_mode": lambda: settings.DEMO_MODE,
            "session_timeout": session_timeout,
        }
    )
    env.filters.update(formatting.FILTERS)
    return env
