"""Loading the demo takes the better part of a minute, so tests that only read it share one load (the session's
`demo_loaded`, faircase/conftest.py), rolled back after the last of them. Each test still runs in its own
savepoint inside it."""

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
