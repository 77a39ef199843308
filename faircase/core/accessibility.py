"""What the accessibility statement says that changes: the known problems (each with the WCAG 2.2 success
criterion it fails) and the dates. Kept here, as data, so the statement is updated by changing a list, not a page.
Remove a problem when its fix is released; add one when an audit or a user finds it."""

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class KnownIssue:
    problem: str | Promise  # translated when shown
    criteria: tuple[str | Promise, ...]  # WCAG 2.2 success criteria, "2.2.1 Timing Adjustable"


PREPARED = dt.date(2026, 12, 2)
LAST_REVIEWED = dt.date(2026, 12, 2)
TESTED = dt.date(2026, 12, 2)

# Still open after the fixes of issue 12 (the WCAG 2.2 audit of December 2026).
KNOWN_ISSUES = (
    KnownIssue(
        problem=_(
            "Without JavaScript, the advice on wording shown after you save a text box is not yet linked to that "
            "box for screen readers: it is shown just below it."
        ),
        criteria=(_("1.3.1 Info and Relationships"),),
    ),
    KnownIssue(
        problem=_(
            "In the PDF of a case record, a Principle with several tables of answers has one bookmark, not one "
            "for each table; each table has its caption."
        ),
        criteria=(_("2.4.6 Headings and Labels"),),
    ),
)
