"""Structured logs (ADR 28): a request id on every record, JSON lines in production, and no case content.

Log records name things by kind and key only (the rule models follow, faircase/core/models.py). Two things
could still carry what a person typed: an exception's message (Django's "django.request" logs every 500 with
its traceback) and the request object Django attaches to its records (its repr holds the query string). The
handler filter below keeps the exception's type and frames and drops both.

Nothing here imports Django's models: the settings import this module to build LOGGING."""

import contextvars
import logging
import traceback
from typing import Any

# The id of the request being handled, for every record logged while handling it ("-" outside a request).
NO_REQUEST = "-"
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("faircase_request_id", default=NO_REQUEST)

WITHHELD = "(message withheld: it may hold what someone typed)"


def withheld_traceback(exc_info: tuple[Any, Any, Any]) -> str:
    """The traceback's frames and the exception's type, without its message (nor its causes' messages)."""
    exc_type, _, tb = exc_info
    frames = "".join(traceback.format_tb(tb))
    return f"Traceback (most recent call last):\n{frames}{exc_type.__module__}.{exc_type.__qualname__}: {WITHHELD}"


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record a handler emits."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class WithholdUserInputFilter(logging.Filter):
    """Keeps exception messages and Django's request object out of what a handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = withheld_traceback(record.exc_info)
            record.exc_info = None
        # django.request and django.security attach the request (and a server log the socket) as extra fields.
        for attribute in ("request", "server_time"):
            if hasattr(record, attribute):
                delattr(record, attribute)
        return True


JSON_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
READABLE_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(*, json_lines: bool, level: str = "INFO") -> dict[str, Any]:
    """LOGGING for the settings: to standard error (readable) or standard output (one JSON object a line).

    faircase's own loggers log at `level`; everything else (Django, gunicorn, libraries) at WARNING."""
    formatter: dict[str, Any] = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": JSON_FORMAT,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
        if json_lines
        else {"format": READABLE_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "faircase.ops.logs.RequestIdFilter"},
            "withhold_user_input": {"()": "faircase.ops.logs.WithholdUserInputFilter"},
        },
        "formatters": {"faircase": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout" if json_lines else "ext://sys.stderr",
                "formatter": "faircase",
                "filters": ["request_id", "withhold_user_input"],
            }
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {"faircase": {"level": level}},
    }
