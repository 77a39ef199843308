"""Reads of one case made once per page (ADR 38).

The case page is built from sections that each app registers (faircase.cases.sections), and several of them read
the same rows: the chronology reads every source the sections show, the deadlines and the restrictions sections
both work out the case's deadlines, three sections read its investigation. A selector marked `@read_once` is
run once while a page is built inside `reads_once_per_page()` and its answer is handed to every caller after
that; outside the block (services, other pages, commands) it runs every time, as before, so nothing written in a
request can be hidden behind an earlier read.

The memo lives in a context variable, so it belongs to the request being served and is dropped with the block.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import QuerySet

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("faircase_page_reads", default=None)


@contextmanager
def reads_once_per_page() -> Iterator[None]:
    """While the block runs, every `@read_once` selector reads its rows once for each case and arguments."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def read_once[**P, R](selector: Callable[P, R]) -> Callable[P, R]:
    """Mark a selector whose first argument is a case: inside `reads_once_per_page()` it runs once per case and
    arguments. A queryset is evaluated at once and the same evaluated queryset is handed out (iterating it again
    reads its cache); a list is copied for each caller, so no caller can change another's."""
    name = f"{selector.__module__}.{selector.__qualname__}"

    @functools.wraps(selector)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _memo.get()
        if memo is None or not args:
            return selector(*args, **kwargs)
        case, rest = args[0], args[1:]
        key = (name, getattr(case, "pk", case), rest, tuple(sorted(kwargs.items())))
        if key not in memo:
            value = selector(*args, **kwargs)
            if isinstance(value, QuerySet):
                value._fetch_all()
            memo[key] = value
        value = memo[key]
        return list(value) if isinstance(value, list) else value  # type: ignore[return-value]

    return wrapper
