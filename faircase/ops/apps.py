from typing import Any

from django.apps import AppConfig
from django.core.signals import request_finished


def _forget_request_id(**kwargs: Any) -> None:
    from faircase.ops.logs import NO_REQUEST, request_id

    request_id.set(NO_REQUEST)


class OpsConfig(AppConfig):
    name = "faircase.ops"
    label = "ops"
    verbose_name = "Running faircase: serving, health checks, logs and error reports"

    def ready(self) -> None:
        # A worker thread serves one request after another: what it logs between them belongs to none.
        request_finished.connect(_forget_request_id, dispatch_uid="faircase.ops.forget_request_id")
