"""The case page is made of sections that the apps register: the case page imports none of them.

Each app registers its sections when Django starts (its AppConfig.ready), naming the heading, the partial that
renders the body and a function that gives the partial its values for this user, or None where the section is not
shown to them. The page renders every section's heading itself, with the section's key as its id, so the contents
list at the top of the page is built from what is registered and cannot point at a heading that is not there.

Order is a number, not the order apps happen to load: the framework first (it is the spine of the case), then
what must be acted on, then the practitioner's side, then the record of the case.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.template.loader import get_template
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from faircase.cases.models import Case

SectionContext = Callable[[Any, Any, dt.date], Mapping[str, Any] | None]

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class CaseSection:
    key: str  # the heading's id and the contents list's anchor
    title: str | Promise  # lazy, so it is read in the language of the page that shows it
    template: str  # renders the body, without the heading
    order: int
    context: SectionContext


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    body: SafeString


_SECTIONS: dict[str, CaseSection] = {}


def register(section: CaseSection) -> None:
    """Add a section to the case page. A key registered twice is a programming error, not a replacement."""
    if not KEY_PATTERN.match(section.key):
        raise ValueError(f"A case page section's key is a lower-case id, not {section.key!r}")
    existing = _SECTIONS.get(section.key)
    if existing is not None and existing != section:
        raise ValueError(f"Two case page sections have the key {section.key!r}")
    _SECTIONS[section.key] = section


def registered() -> tuple[CaseSection, ...]:
    return tuple(sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)))


def render_sections(
    request: Any, case: Case, page: Mapping[str, Any], today: dt.date
) -> list[RenderedSection]:
    """Each section this user may see, its body rendered with the page's values and its own. Sections that share
    a context function share one call of it."""
    rendered = []
    computed: dict[SectionContext, Mapping[str, Any] | None] = {}
    for section in registered():
        if section.context not in computed:
            computed[section.context] = section.context(case, request.user, today)
        values = computed[section.context]
        if values is None:
            continue
        body = get_template(section.template).render({**page, **values}, request)
        rendered.append(RenderedSection(section.key, str(section.title), mark_safe(body)))
    return rendered
