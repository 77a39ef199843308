"""What a load balancer asks: is the process up (liveness), and can it do its work (readiness)?

Each readiness check answers "ok" or raises; the checks read no case data and write nothing."""

import logging
from collections.abc import Callable

from django.db import connection
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("faircase.health")

OK = "ok"
UNREACHABLE = "unreachable"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _task_queue() -> None:
    # The database task backend's own table: readable means a worker can take tasks and the web can queue them.
    list(DBTaskResult.objects.values_list("pk", flat=True)[:1])


# The readiness checks, by the name /readyz reports each under.
READINESS_CHECKS: dict[str, Callable[[], None]] = {"database": _database, "task_queue": _task_queue}


def readiness() -> tuple[bool, dict[str, str]]:
    """Run every check; (all passed, each check's name -> "ok" or "unreachable")."""
    results = {}
    for name, check in READINESS_CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure means not ready; say which kind in the log, never its detail
            logger.warning("readiness check %s failed: %s", name, type(error).__name__)
            results[name] = UNREACHABLE
        else:
            results[name] = OK
    return all(result == OK for result in results.values()), results
