"""The title of every page, in one pattern: what the page is, then the case it is about (when it is about one),
then the service, between en dashes: "Add a concern - Case FC-00001 - faircase". With several tabs open, or a
screen reader reading the title first, the case is named before the service (WCAG 2.2 2.4.2)."""

from django.utils.translation import gettext as _

SERVICE = "faircase"
SEPARATOR = " \u2013 "  # an en dash between spaces, as NHS.UK services write titles


def document_title(title: str, *, case_reference: str = "", error: bool = False) -> str:
    parts = [title] if title else []
    if case_reference and case_reference not in title:
        parts.append(_("Case %(reference)s") % {"reference": case_reference})
    parts.append(SERVICE)
    title = SEPARATOR.join(parts)
    return _("Error: %(title)s") % {"title": title} if error else title
