"""What the progress page of a record file says (ADR 39), and the JSON its script polls: both from `progress`, so
the page without script and the page with it say the same thing."""

import datetime as dt
from dataclasses import asdict, dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from faircase.core.formatting import nhs_datetime
from faircase.records.models import RecordFile

# A request still waiting or being made after this long has lost its worker (stopped, restarted): it is shown as
# failed, and can be asked for again.
STALLED_AFTER = dt.timedelta(minutes=15)


# What the status JSON holds: the keys static/records/record-file.js reads, for record files and bundles alike.
STATUS_KEYS = (
    "status",
    "status_text",
    "message",
    "finished",
    "ready",
    "failed",
    "download_url",
    "about_file",
)


@dataclass(frozen=True, kw_only=True)
class WorkerProgress:
    """Where a file the task worker makes has got to, as its progress page and status JSON say it: record files
    and bundles alike (each adds what its own page shows)."""

    title: str
    status: str
    status_text: str
    message: str
    finished: bool
    ready: bool
    failed: bool
    page_url: str
    status_url: str
    ask_again_url: str
    download_url: str = ""
    about_file: str = ""

    def as_json(self) -> dict[str, object]:
        return {key: value for key, value in asdict(self).items() if key in STATUS_KEYS}


@dataclass(frozen=True, kw_only=True)
class Progress(WorkerProgress):
    reference: str
    record_url: str
    case_url: str
    record_hash: str
    expires: str


# Why a file could not be made, as kept on its row (in English, services.FAILED_MESSAGE and NO_LONGER_VISIBLE), in
# the reader's language.
FAILURES = {
    "The PDF could not be made. Try again. If it fails again, tell your faircase administrator.": gettext_lazy(
        "The PDF could not be made. Try again. If it fails again, tell your faircase administrator."
    ),
    "The PDF was not made: the person who asked for it may no longer see this case.": gettext_lazy(
        "The PDF was not made: the person who asked for it may no longer see this case."
    ),
}


def stalled(*, requested_at: dt.datetime, finished: bool, now: dt.datetime) -> bool:
    """Whether a request of the task worker has waited too long: the one rule for record files and bundles."""
    return not finished and requested_at < now - STALLED_AFTER


def _stalled(record_file: RecordFile, now: dt.datetime) -> bool:
    return stalled(requested_at=record_file.requested_at, finished=record_file.is_finished, now=now)


def progress(record_file: RecordFile, *, reference: str, now: dt.datetime | None = None) -> Progress:
    from faircase.records.services import FAILED_MESSAGE, language_choice

    now = now or timezone.now()
    ids = {"case_id": record_file.case_id, "file_id": record_file.pk}
    status = "failed" if _stalled(record_file, now) else record_file.status
    ready = (
        status == RecordFile.Status.READY
        and record_file.expires_at is not None
        and record_file.expires_at > now
    )
    expired = status == RecordFile.Status.READY and not ready
    messages = {
        RecordFile.Status.QUEUED: _("Your request is waiting to start. A long record can take a minute."),
        RecordFile.Status.MAKING: _("The PDF is being made. A long record can take a minute."),
        RecordFile.Status.READY: _("The PDF is ready to download."),
        # Kept in English on the row (services.FAILED_MESSAGE): said here in the reader's language.
        RecordFile.Status.FAILED: str(
            FAILURES.get(record_file.failure or FAILED_MESSAGE, record_file.failure)
        ),
    }
    message = (
        _("This PDF has been deleted: ask for it again.") if expired else messages[RecordFile.Status(status)]
    )
    status_text = _("Deleted") if expired else str(RecordFile.Status(status).label)
    about = ""
    if ready:
        pages = record_file.page_count or 0
        about = ngettext("PDF, %(num)d page, %(size)s", "PDF, %(num)d pages, %(size)s", pages) % {
            "num": pages,
            "size": _size(record_file.size or 0),
        }
    return Progress(
        title=_("The record as a PDF"),
        reference=reference,
        status="expired" if expired else status,
        status_text=status_text,
        message=message,
        finished=status in (RecordFile.Status.READY, RecordFile.Status.FAILED),
        ready=ready,
        failed=status == RecordFile.Status.FAILED or expired,
        page_url=reverse("records:file", kwargs=ids),
        status_url=reverse("records:file_status", kwargs=ids),
        download_url=reverse("records:file_download", kwargs=ids) if ready else "",
        # Asking again asks for the same languages.
        ask_again_url=reverse("records:record_pdf", kwargs={"case_id": record_file.case_id})
        + "?"
        + urlencode({"language": language_choice(record_file.languages.split(","))}),
        record_url=reverse("records:record", kwargs={"case_id": record_file.case_id}),
        case_url=reverse("cases:detail", kwargs={"case_id": record_file.case_id}),
        about_file=about,
        record_hash=record_file.record_hash if ready else "",
        expires=nhs_datetime(record_file.expires_at) if ready else "",
    )


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
