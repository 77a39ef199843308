"""A request id for every request, and one log line when it is answered (ADR 28)."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from faircase.ops.logs import request_id

logger = logging.getLogger("faircase.request")

RESPONSE_HEADER = "X-Request-ID"
# An id taken from a proxy is used only when it looks like one, so a header cannot write into the logs.
_SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
UNMATCHED_ROUTE = "(no route)"


def incoming_request_id(request: HttpRequest) -> str:
    """The proxy's id when settings name the header the trusted proxy sets (FAIRCASE_REQUEST_ID_HEADER) and it
    looks like an id; otherwise a new one."""
    header = settings.FAIRCASE_REQUEST_ID_HEADER
    offered = request.headers.get(header, "") if header else ""
    return offered if _SAFE_ID.fullmatch(offered) else uuid.uuid4().hex


def route_name(request: HttpRequest) -> str:
    """The URL pattern's name ("cases:case_detail"), never the path, which can hold a search or a name."""
    match = getattr(request, "resolver_match", None)
    return (match.view_name or match.route) if match else UNMATCHED_ROUTE


class RequestIdMiddleware:
    """First in MIDDLEWARE, so every record logged while a request is handled (and the HTTPS redirect) has its id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Set here and forgotten when the response is closed (apps.py): Django logs a 4xx or 5xx answer after
        # the middleware has returned it, and that record needs the id too.
        request_id.set(incoming_request_id(request))
        started = time.perf_counter()
        response = self.get_response(request)
        response[RESPONSE_HEADER] = request_id.get()
        self._log(request, response.status_code, started)
        return response

    def _log(self, request: HttpRequest, status: int, started: float) -> None:
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        route = route_name(request)
        logger.info(
            "%s %s %s %sms",
            request.method,
            route,
            status,
            duration_ms,
            extra={
                "method": request.method,
                "route": route,
                "status": status,
                "duration_ms": duration_ms,
                "user_id": user_id,
            },
        )
