"""The monthly exclusions return, for the board and NHS Resolution: every exclusion or suspension episode of an
organisation live at any time in a month, and the share of reviews done when due.

Definitions (pinned by faircase/process/tests/test_returns_*.py):

- An episode is a Restriction of a kind in EXCLUSION_KINDS that started on or before the month's last day and
  had not ended before its first day.
- "So far" means up to the month's last day, or the episode's end date if it ended earlier (the as-of day).
- Periods so far: periods that started on or before the as-of day.
- Reviews due so far: periods whose last day (the review due date) is on or before the as-of day, plus any
  period reviewed on or before the month end before it fell due (an early review still counts as one done).
- Reviews done on time: of those, the ones reviewed on or before the period's last day.
- Length in days so far: from the start to the as-of day, both days included.
- Reviews due in the month: periods whose last day falls in the month and on or before the as-of day (a period
  cut short by the episode ending is not due). Done when due: of those, reviewed on or before that day.
  NHS Resolution's target is that 90% are done when due.

The return names no practitioner: case references, profession and grade only.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from faircase.core import audit, tabular
from faircase.core.formatting import nhs_datetime
from faircase.process import selectors
from faircase.records.renderers.html import css_string

TARGET = Decimal("0.90")
FORMATS = ("csv", "pdf")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
PRINT_TEMPLATE = "process/restrictions/return_print.jinja"
PDF_VARIANT = "pdf/ua-1"

COLUMNS = [
    "Case reference",
    "Kind",
    "Profession",
    "Grade",
    "Start date",
    "End date",
    "Periods so far",
    "Reviews due so far",
    "Reviews done on time",
    "Length in days so far",
]


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
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.first:%B %Y}"


def parse_month(value: str) -> Month:
    match = MONTH_PATTERN.match((value or "").strip())
    if not match:
        raise ReturnError(f"Give the month as YYYY-MM, for example 2026-11, not '{value}'.")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or year < 1900:
        raise ReturnError(f"'{value}' is not a real month: give it as YYYY-MM, for example 2026-11.")
    return Month(year, month)


@dataclass
class EpisodeRow:
    reference: str
    kind: str
    profession: str
    grade: str
    started_on: dt.date
    ended_on: dt.date | None
    periods_so_far: int
    reviews_due_so_far: int
    reviews_on_time: int
    length_days: int

    def cells(self) -> list[str]:
        return [
            self.reference,
            self.kind,
            self.profession,
            self.grade,
            self.started_on.isoformat(),
            self.ended_on.isoformat() if self.ended_on else "",
            str(self.periods_so_far),
            str(self.reviews_due_so_far),
            str(self.reviews_on_time),
            str(self.length_days),
        ]


@dataclass
class ExclusionsReturn:
    organisation: Any
    month: Month
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
            return "No reviews fell due"
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
            return "Not applicable: no reviews fell due this month"
        return "Met" if met else "Not met"

    @property
    def title(self) -> str:
        return f"Monthly exclusions return, {self.month.label}"

    def summary_rows(self) -> list[tuple[str, str]]:
        return [
            ("Organisation", f"{self.organisation.name} ({self.organisation.ods_code})"),
            ("Month", self.month.label),
            ("Episodes live in the month", str(len(self.rows))),
            ("Reviews due in the month", str(self.due_in_month)),
            ("Reviews done when due", str(self.done_when_due_in_month)),
            ("Share of reviews done when due", self.share_text),
            ("NHS Resolution target of 90%", self.target_text),
            ("Generated", f"{nhs_datetime(self.generated_at)} by {self.generated_by}"),
        ]


def build_return(
    *, organisation: Any, month: Month, by: Any, generated_at: dt.datetime | None = None
) -> ExclusionsReturn:
    """The return as the person (or command) asking may see it: only the cases they oversee."""
    reader = audit.as_actor(by)
    result = ExclusionsReturn(
        organisation=organisation,
        month=month,
        generated_by=reader.name,
        generated_at=generated_at or timezone.now(),
    )
    for episode in selectors.episodes_live_between(organisation, reader, month.first, month.last):
        as_of = min(month.last, episode.ended_on) if episode.ended_on else month.last
        periods = list(episode.periods.all())
        due = [p for p in periods if p.ends_on <= as_of or (p.reviewed_on and p.reviewed_on <= month.last)]
        practitioner = episode.case.practitioner
        result.rows.append(
            EpisodeRow(
                reference=episode.case.reference,
                kind=episode.get_kind_display(),
                profession=practitioner.get_profession_display(),
                grade=practitioner.grade,
                started_on=episode.started_on,
                ended_on=episode.ended_on if episode.ended_on and episode.ended_on <= month.last else None,
                periods_so_far=sum(1 for p in periods if p.starts_on <= as_of),
                reviews_due_so_far=len(due),
                reviews_on_time=sum(1 for p in due if p.reviewed_on and p.reviewed_on <= p.ends_on),
                length_days=(as_of - episode.started_on).days + 1,
            )
        )
        for period in periods:
            if month.first <= period.ends_on <= as_of:
                result.due_in_month += 1
                if period.reviewed_on and period.reviewed_on <= period.ends_on:
                    result.done_when_due_in_month += 1
    return result


def render_csv(document: ExclusionsReturn) -> bytes:
    writer = tabular.CsvWriter()
    writer.writerow(COLUMNS)
    for row in document.rows:
        writer.writerow(row.cells())
    writer.writerow([])
    for key, value in document.summary_rows():
        writer.writerow([key, value])
    return writer.content()


def render_html(document: ExclusionsReturn) -> str:
    return render_to_string(
        PRINT_TEMPLATE,
        {
            "document": document,
            "columns": COLUMNS,
            "generated": f"{nhs_datetime(document.generated_at)} by {document.generated_by}",
            "running_header": css_string(
                f"{document.organisation.name}: exclusions return {document.month.key}"
            ),
            "running_footer": css_string(
                f"Generated {nhs_datetime(document.generated_at)} by {document.generated_by}"
            ),
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
            "format": fmt,
            "episodes": len(document.rows),
            "reviews_due_in_month": document.due_in_month,
            "reviews_done_when_due": document.done_when_due_in_month,
        },
    )


@transaction.atomic
def read_return(*, organisation: Any, month: Month, by: Any) -> ExclusionsReturn:
    """The return for the web page, with an audit event of who read it."""
    document = build_return(organisation=organisation, month=month, by=by)
    _audit(document, by=by, action="exclusions_return.viewed", fmt="web")
    return document


@transaction.atomic
def generate_return(*, organisation: Any, month: Month, fmt: str, by: Any) -> GeneratedReturn:
    """The return as a file, with an audit event of who produced it (it lists case references)."""
    if fmt not in FORMATS:
        raise ReturnError(f"Unknown format '{fmt}'. Choose one of: {', '.join(FORMATS)}.")
    actor = audit.as_actor(by)
    document = build_return(organisation=organisation, month=month, by=actor)
    if fmt == "csv":
        content, content_type = render_csv(document), "text/csv; charset=utf-8"
    else:
        content, content_type = render_pdf(document), "application/pdf"
    _audit(document, by=actor, action="exclusions_return.generated", fmt=fmt)
    return GeneratedReturn(
        document=document,
        content=content,
        content_type=content_type,
        filename=f"exclusions-return-{organisation.slug}-{month.key}.{fmt}",
    )
