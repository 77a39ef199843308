"""Serving faircase with gunicorn (ADR 27): its options chosen from the command line and the settings."""

import copy
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.files.storage import storages
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

WSGI_APPLICATION = "faircase.config.wsgi:application"
DEFAULT_PORT = 8000
DEFAULT_BIND = "127.0.0.1"
DEFAULT_THREADS = 4
# Pages mostly wait on the database and on PDF rendering: a few processes with threads each. More processes than
# this buys little on one machine and multiplies database connections.
MAX_DEFAULT_WORKERS = 8
# WeasyPrint renders a long case record in well under a minute; a worker silent for longer is stuck.
WORKER_TIMEOUT_SECONDS = 120


def default_workers(cpu_count: int | None) -> int:
    """Two processes a CPU, at least 2 (one can restart while the other serves), at most MAX_DEFAULT_WORKERS."""
    return max(2, min(2 * (cpu_count or 1), MAX_DEFAULT_WORKERS))


def static_files_missing() -> str | None:
    """The manifest that static files are served from, when settings use a manifest storage (production) and it
    has not been written (`collectstatic` not run): every page would fail. None when all is well."""
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return None
    if storage.manifest_storage.exists(storage.manifest_name):
        return None
    return str(Path(settings.STATIC_ROOT) / storage.manifest_name)


def gunicorn_options(*, bind: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    logging = copy.deepcopy(settings.LOGGING)
    logging.setdefault("loggers", {}).update(
        {
            # gunicorn's start, stop and worker messages join faircase's log, in its format.
            "gunicorn.error": {"level": "INFO", "propagate": True},
            # One line a request comes from faircase.ops.middleware (with the request id); not gunicorn's too.
            "gunicorn.access": {"level": "WARNING"},
        }
    )
    return {
        "bind": [f"{bind}:{port}"],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": WORKER_TIMEOUT_SECONDS,
        "graceful_timeout": 30,
        "keepalive": 5,
        # Workers are replaced now and then, so a slow leak cannot grow for ever; the jitter staggers them.
        "max_requests": 2000,
        "max_requests_jitter": 200,
        "accesslog": None,
        "errorlog": "-",
        "logconfig_dict": logging,
        "logger_class": f"{__name__}.FaircaseLogger",
        # Whose X-Forwarded-* headers gunicorn believes: only the proxies the settings name.
        "forwarded_allow_ips": settings.FAIRCASE_FORWARDED_ALLOW_IPS,
        "proc_name": "faircase",
        # No runtime control socket (gunicornc): workers are set here, and a socket in $HOME is one more thing to secure.
        "control_socket_disable": True,
        # A heartbeat file in memory rather than on a (possibly slow, possibly read-only) disk.
        **({"worker_tmp_dir": "/dev/shm"} if os.path.isdir("/dev/shm") else {}),  # noqa: S108
    }


class FaircaseLogger(Logger):
    """gunicorn's logger, writing only through faircase's handlers (JSON in production), not its own as well."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in list(self.error_log.handlers):
            if getattr(handler, "_gunicorn", False):
                self.error_log.removeHandler(handler)
        self.error_log.propagate = True


class FaircaseServer(BaseApplication):
    """gunicorn, configured from a dictionary rather than its own command line or a config file."""

    def __init__(self, options: dict[str, Any]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from faircase.config.wsgi import application

        return application
