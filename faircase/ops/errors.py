"""Error reports to Sentry (or a Sentry-compatible service), off unless FAIRCASE_SENTRY_DSN is set (ADR 28).

A report says where the code failed, never what a person typed: no request body, cookies, headers or query
string, no local variables, no exception messages, no breadcrumbs, and a user only by id."""

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from sentry_sdk._types import DataCollectionUserOptions, Event, Hint

WITHHELD = "(withheld)"
_KEPT_REQUEST_KEYS = ("method", "url")
PRIVATE_DATA_COLLECTION: "DataCollectionUserOptions" = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "off"}},
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "graphql": {"document": False, "variables": False},
    "gen_ai": {"inputs": False, "outputs": False},
    "database_query_data": False,
    "queues": False,
    "stack_frame_variables": False,
}


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's before_send and before_send_transaction: strip everything that could hold case content."""
    request = event.get("request")
    if isinstance(request, dict):
        kept = {key: request[key] for key in _KEPT_REQUEST_KEYS if key in request}
        if "url" in kept:
            kept["url"] = str(kept["url"]).split("?")[0]
        event["request"] = kept
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values") or []:
        if exception.get("value"):
            exception["value"] = WITHHELD
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for key in ("breadcrumbs", "extra"):
        event.pop(key, None)
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        logentry.pop("params", None)
    return event


def _before_send(event: "Event", hint: "Hint") -> "Event":
    return cast("Event", scrub_event(cast(dict[str, Any], event), hint))


def start_error_reporting(*, dsn: str, environment: str, traces_sample_rate: float, **options: Any) -> None:
    """Initialise sentry-sdk with faircase's privacy settings. `options` are for tests (a transport)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        # Collect nothing about people or what they sent (data_collection supersedes send_default_pii=False);
        # scrub_event then removes what integrations add regardless.
        data_collection=PRIVATE_DATA_COLLECTION,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate,
        before_send=_before_send,
        before_send_transaction=_before_send,
        integrations=options.pop("integrations", [DjangoIntegration()]),
        **options,
    )
