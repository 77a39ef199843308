"""The monthly exclusions return, for the board and NHS Resolution: every exclusion or suspension episode of an
organisation in force on any day of a month, and the share of reviews done by their due date, as things stood
on an "as of" day. Every figure comes from the one clock (faircase.process.clock); pinned by
faircase/process/tests/test_returns_*.py.

The month and the day it is counted to
    A month that has not begun is refused. The as-of day defaults to today for the current month and to the
    month's last day for a past month; one given must fall within the month and not after today.

An episode
    Immediate exclusion, formal exclusion (with its further periods) and Performers List suspension, each part
    starting on or the day after the one before ended: one episode, whatever its legal basis on each day
    (ADR 15). One row per episode in force on any day from the month's first day to the as-of day.

The columns, in this order (the CSV's first columns; profession and grade follow)
    reference        the case reference
    kind             the part in force on the as-of day (or the last part, once ended)
    episode_start    the first day of the whole episode
    start            the first day of that part
    end              the episode's last day, blank while it continues on the as-of day
    days_excluded    calendar days from episode_start up to and including the earlier of end and the as-of day
    reviews_due      reviews whose due date (a period's last day) is on or before the as-of day; a period cut
                     short, its part ended on or before its due date without a review, has no review due
    reviews_on_time  of those, the ones recorded on or before their due date
    next_review_due  the earliest review not yet recorded; blank once the episode has ended

The summary
    Reviews due in the month: reviews due (as above) whose due date falls from the month's first day to the
    as-of day; done by their due date: of those, the ones on time. NHS Resolution's target is that 90% are
    done when due.

Who must send it
    Monthly returns to the board, with a copy to NHS Resolution, are required of NHS trusts (MHPS Part II,
    paragraph 38) and encouraged for foundation trusts.

The return names no practitioner: case references, profession and grade only.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.dates import format_date
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from weasyprint import HTML

from faircase.core import audit, languages, tabular
from faircase.core.formatting import nhs_date, nhs_datetime
from faircase.process import clock, selectors
from faircase.records.renderers.html import css_string

TARGET = Decimal("0.90")
FORMATS = ("csv", "pdf")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
PRINT_TEMPLATE = "process/restrictions/return_print.jinja"
PDF_VARIANT = "pdf/ua-1"
WHO_MUST_SEND = gettext_lazy(
    "Monthly returns of exclusions to the board, with a copy to NHS Resolution, are required of NHS trusts "
    "(MHPS Part II, paragraph 38) and encouraged for NHS foundation trusts."
)
# The CSV is a data return, read by NHS Resolution's programs as well as by people: its column names (COLUMNS), its
# kinds and its summary's keys are the keys those programs match, so it is always English, whatever the language of
# the page that asked. The PDF is for people (the board): it is in the reader's language, as the page is (ADR 41).
CSV_LANGUAGE = languages.ENGLISH

# The CSV's columns, in order, and how the web page and the PDF head them (in the reader's language).
COLUMNS = [
    "reference",
    "kind",
    "episode_start",
    "start",
    "end",
    "days_excluded",
    "reviews_due",
    "reviews_on_time",
    "next_review_due",
    "profession",
    "grade",
]
HEADINGS = {
    "reference": gettext_lazy("Case reference"),
    "kind": gettext_lazy("Kind on the as-of day"),
    "episode_start": gettext_lazy("Episode started"),
    "start": gettext_lazy("This part started"),
    "end": gettext_lazy("Episode ended"),
    "days_excluded": gettext_lazy("Days excluded"),
    "reviews_due": gettext_lazy("Reviews due"),
    "reviews_on_time": gettext_lazy("Reviews on time"),
    "next_review_due": gettext_lazy("Next review due"),
    "profession": gettext_lazy("Profession"),
    "grade": gettext_lazy("Grade"),
}
DATE_COLUMNS = frozenset({"episode_start", "start", "end", "next_review_due"})


class ReturnError(ValueError):
    pass


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return clock.month_last_day(self.year, self.month)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """ "December 2026"; in Welsh "Rhagfyr 2026" (Babel's Welsh month names, as the dates are)."""
        if languages.active() == languages.WELSH:
            return format_date(self.first, "LLLL y", locale="cy")
        return f"{self.first:%B %Y}"

    def holds(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


def parse_month(value: str) -> Month:
    match = MONTH_PATTERN.match((value or "").strip())
    if not match:
        raise ReturnError(
            _("Give the month as YYYY-MM, for example 2026-11, not '%(value)s'.") % {"value": value}
        )
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or year < 1900:
        raise ReturnError(
            _("'%(value)s' is not a real month: give it as YYYY-MM, for example 2026-11.") % {"value": value}
        )
    return Month(year, month)


def parse_date(value: str) -> dt.date:
    match = DATE_PATTERN.match((value or "").strip())
    try:
        if not match:
            raise ValueError
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ReturnError(
            _("Give the as-of date as YYYY-MM-DD, for example 2026-12-01, not '%(value)s'.")
            % {"value": value}
        ) from None


def as_of_for(month: Month, as_of: dt.date | None, *, today: dt.date) -> dt.date:
    """The day the return is counted to: checked when given; else today for the current month and the last day
    for a past month. A month not yet begun is refused."""
    if month.first > today:
        raise ReturnError(
            _("%(month)s has not begun: a return can only be made for this month or an earlier one.")
            % {"month": month.label}
        )
    if as_of is None:
        return today if month.holds(today) else month.last
    if not month.holds(as_of):
        raise ReturnError(
            _("The as-of date must fall within %(month)s (%(first)s to %(last)s).")
            % {"month": month.label, "first": nhs_date(month.first), "last": nhs_date(month.last)}
        )
    if as_of > today:
        raise ReturnError(_("The as-of date cannot be after today (%(today)s).") % {"today": nhs_date(today)})
    return as_of


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


@dataclass
class EpisodeRow:
    reference: str
    kind: str
    episode_start: dt.date
    start: dt.date
    end: dt.date | None
    days_excluded: int
    reviews_due: int
    reviews_on_time: int
    next_review_due: dt.date | None
    profession: str
    grade: str

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in COLUMNS}

    def cells(self) -> list[str]:
        """The CSV's cells, dates as YYYY-MM-DD, in the order of COLUMNS."""
        return [_iso(value) if name in DATE_COLUMNS else str(value) for name, value in self.values().items()]

    def display_cells(self) -> list[str]:
        """The web page's and the PDF's cells: the same figures, dates as people read them."""
        cells = []
        for name, value in self.values().items():
            if name == "end":
                cells.append(nhs_date(value, empty=_("Continues")))
            elif name == "next_review_due":
                cells.append(nhs_date(value, empty=_("None: ended")))
            elif name in DATE_COLUMNS:
                cells.append(nhs_date(value))
            else:
                cells.append(str(value) if value != "" else _("Not recorded"))
        return cells


@dataclass
class ExclusionsReturn:
    organisation: Any
    month: Month
    as_of: dt.date
    generated_at: dt.datetime
    generated_by: str
    rows: list[EpisodeRow] = field(default_factory=list)
    due_in_month: int = 0
    done_when_due_in_month: int = 0

    @property
    def share(self) -> Decimal | None:
        if not self.due_in_month:
            return None
        return Decimal(self.done_when_due_in_month) / Decimal(self.due_in_month)

    @property
    def share_text(self) -> str:
        share = self.share
        if share is None:
            return _("No reviews fell due")
        percent = (share * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return f"{percent.normalize():f}%"

    @property
    def target_met(self) -> bool | None:
        share = self.share
        return None if share is None else share >= TARGET

    @property
    def target_text(self) -> str:
        met = self.target_met
        if met is None:
            return _("Not applicable: no reviews fell due in the month up to the as-of date")
        return _("Met") if met else _("Not met")

    @property
    def title(self) -> str:
        return _("Monthly exclusions return, %(month)s") % {"month": self.month.label}

    @property
    def headings(self) -> list[str]:
        return [str(HEADINGS[name]) for name in COLUMNS]

    @property
    def generated(self) -> str:
        """When and by whom: "3 December 2026 at 2pm by Rhodri Tal (rhodri)"."""
        return _("%(when)s by %(who)s") % {"when": nhs_datetime(self.generated_at), "who": self.generated_by}

    def summary_rows(self) -> list[tuple[str, str]]:
        return [
            (_("Organisation"), f"{self.organisation.name} ({self.organisation.ods_code})"),
            (_("Month"), self.month.label),
            (_("As of"), nhs_date(self.as_of)),
            (_("Episodes in force in the month"), str(len(self.rows))),
            (_("Reviews due in the month"), str(self.due_in_month)),
            (_("Reviews done when due"), str(self.done_when_due_in_month)),
            (_("Share of reviews done when due"), self.share_text),
            (_("NHS Resolution target of 90%"), self.target_text),
            (_("Generated"), self.generated),
        ]


def build_return(
    *,
    organisation: Any,
    month: Month,
    by: Any,
    as_of: dt.date | None = None,
    generated_at: dt.datetime | None = None,
) -> ExclusionsReturn:
    """The return as the person (or command) asking may see it: only the cases they oversee."""
    reader = audit.as_actor(by)
    as_of = as_of_for(month, as_of, today=timezone.localdate())
    result = ExclusionsReturn(
        organisation=organisation,
        month=month,
        as_of=as_of,
        generated_by=reader.name,
        generated_at=generated_at or timezone.now(),
    )
    restrictions = list(selectors.exclusion_parts_for_return(organisation, reader, month.first, as_of))
    cases = {r.case_id: r.case for r in restrictions}
    for episode in clock.episodes_of(clock.parts_of(restrictions)):
        if not episode.in_force_between(month.first, as_of):
            continue
        case = cases[episode.case_id]
        part = episode.part_at(as_of)
        reviews = episode.reviews(as_of)
        result.rows.append(
            EpisodeRow(
                reference=case.reference,
                kind=part.kind_label,
                episode_start=episode.first_day,
                start=part.started_on,
                end=episode.ended_by(as_of),
                days_excluded=episode.days_counted(as_of),
                reviews_due=sum(1 for r in reviews if r.due),
                reviews_on_time=sum(1 for r in reviews if r.on_time),
                next_review_due=episode.next_review_due(as_of),
                profession=case.practitioner.get_profession_display(),
                grade=case.practitioner.grade,
            )
        )
        for review in reviews:
            if review.due and month.first <= review.due_on:
                result.due_in_month += 1
                result.done_when_due_in_month += int(review.on_time)
    result.rows.sort(key=lambda row: (row.episode_start, row.reference))
    return result


def render_csv(document: ExclusionsReturn) -> bytes:
    with translation.override(CSV_LANGUAGE):
        return _render_csv(document)


def _render_csv(document: ExclusionsReturn) -> bytes:
    writer = tabular.CsvWriter()
    writer.writerow(COLUMNS)
    for row in document.rows:
        writer.writerow(row.cells())
    writer.writerow([])
    for key, value in document.summary_rows():
        writer.writerow([key, value])
    return writer.content()


def render_html(document: ExclusionsReturn) -> str:
    """The PDF's HTML, in the reader's language (the document's words are in the language it was built in)."""
    return render_to_string(
        PRINT_TEMPLATE,
        {
            "document": document,
            "who_must_send": str(WHO_MUST_SEND),
            "generated": document.generated,
            "html_lang": languages.html_lang(),
            "running_header": css_string(
                _("%(organisation)s: exclusions return %(month)s")
                % {"organisation": document.organisation.name, "month": document.month.key}
            ),
            "running_footer": css_string(_("Generated %(when)s") % {"when": document.generated}),
            "marking": css_string(_("Official sensitive")),
            "page_before": css_string(pgettext("Page 2 of 6", "Page ")),
            "page_of": css_string(pgettext("Page 2 of 6", " of ")),
        },
    )


def render_pdf(document: ExclusionsReturn) -> bytes:
    html = " ".join(render_html(document).split())
    return HTML(string=html, base_url=None).write_pdf(pdf_variant=PDF_VARIANT)


@dataclass(frozen=True)
class GeneratedReturn:
    document: ExclusionsReturn
    content: bytes
    content_type: str
    filename: str


def _audit(document: ExclusionsReturn, *, by: Any, action: str, fmt: str) -> None:
    """The return lists case references: who read or produced it is in the audit trail."""
    audit.record(
        by=by,
        action=action,
        object_type="process.exclusionsreturn",
        object_id=f"{document.organisation.slug}:{document.month.key}",
        organisation=document.organisation,
        detail={
            "month": document.month.key,
            "as_of": document.as_of.isoformat(),
            "format": fmt,
            "episodes": len(document.rows),
            "reviews_due_in_month": document.due_in_month,
            "reviews_done_when_due": document.done_when_due_in_month,
        },
    )


@transaction.atomic
def read_return(
    *, organisation: Any, month: Month, by: Any, as_of: dt.date | None = None
) -> ExclusionsReturn:
    """The return for the web page, with an audit event of who read it."""
    document = build_return(organisation=organisation, month=month, by=by, as_of=as_of)
    _audit(document, by=by, action="exclusions_return.viewed", fmt="web")
    return document


@transaction.atomic
def generate_return(
    *, organisation: Any, month: Month, fmt: str, by: Any, as_of: dt.date | None = None
) -> GeneratedReturn:
    """The return as a file, with an audit event of who produced it (it lists case references)."""
    if fmt not in FORMATS:
        raise ReturnError(
            _("Unknown format '%(format)s'. Choose one of: %(formats)s.")
            % {"format": fmt, "formats": ", ".join(FORMATS)}
        )
    actor = audit.as_actor(by)
    if fmt == "csv":
        # Built in English too: its rows' kinds are words, and the CSV's words are its fixed keys (CSV_LANGUAGE).
        with translation.override(CSV_LANGUAGE):
            document = build_return(organisation=organisation, month=month, by=actor, as_of=as_of)
            content, content_type = render_csv(document), "text/csv; charset=utf-8"
    else:
        document = build_return(organisation=organisation, month=month, by=actor, as_of=as_of)
        content, content_type = render_pdf(document), "application/pdf"
    _audit(document, by=actor, action="exclusions_return.generated", fmt=fmt)
    return GeneratedReturn(
        document=document,
        content=content,
        content_type=content_type,
        filename=f"exclusions-return-{organisation.slug}-{month.key}-as-of-{document.as_of.isoformat()}.{fmt}",
    )
