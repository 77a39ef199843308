"""Loading the demo takes a few seconds, so tests that only read it share one load per module, rolled back
at the end of the module. Each test still runs in its own savepoint inside it."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction


@contextmanager
def rolled_back(django_db_blocker: Any, load: Callable[[], Any]) -> Iterator[Any]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
