"""Every row that belongs to a case, found by walking the model graph rather than from a list a new model could
slip past: the rows that point at the case, the rows that point at those, and so on (hidden relations included),
then deleted leaves first in one transaction.

The audit trail is the one thing kept: its events name the case by key with no database constraint (ADR 31).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from graphlib import CycleError, TopologicalSorter
from typing import Any

from django.db import models

from faircase.core.models import AuditEvent

# Never walked into, never deleted: the trail that must outlive the case.
KEPT: frozenset[type[models.Model]] = frozenset({AuditEvent})

type Rows = dict[type[models.Model], set[Any]]


def _pointing_at(model: type[models.Model]) -> Iterable[models.ForeignObjectRel]:
    """The relations by which other rows point at rows of `model`, hidden ones (related_name="+") included."""
    for field in model._meta.get_fields(include_hidden=True):
        if not (field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)):
            continue
        related = field.related_model
        if related is None:
            continue
        # Many-to-many link tables go with their rows; Django removes them itself.
        if related in KEPT or related._meta.auto_created:
            continue
        yield field  # type: ignore[misc]


def rows_belonging_to(model: type[models.Model], keys: Iterable[Any]) -> Rows:
    """The rows that hang from the given rows of `model`, by model, the given rows included."""
    found: Rows = defaultdict(set)
    found[model] |= set(keys)
    queue: list[tuple[type[models.Model], set[Any]]] = [(model, set(keys))]
    while queue:
        parent, parent_keys = queue.pop()
        for relation in _pointing_at(parent):
            child = relation.related_model
            keys_found = set(
                child._base_manager.filter(**{f"{relation.field.name}__in": parent_keys}).values_list(
                    "pk", flat=True
                )
            )
            new = keys_found - found.get(child, set())
            if new:
                found[child] |= new
                queue.append((child, new))
    return {model: keys for model, keys in found.items() if keys}


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def _orders(graph: dict[type[models.Model], set[type[models.Model]]]) -> bool:
    try:
        TopologicalSorter(graph).prepare()
    except CycleError:
        return False
    return True


def _plan(rows: Rows) -> tuple[list[type[models.Model]], list[models.ForeignKey[Any, Any]]]:
    """An order that deletes every row before a row it points at, and the links that must be emptied first to
    make one: a link that cannot be empty always orders; one that may be empty orders too unless it closes a
    circle (a review correcting another of its kind, a follow-up and the answer that opened it), and only then is
    it emptied. Emptying a link that did not need it could break a rule of its row (a tribunal bundle has a case)."""
    graph: dict[type[models.Model], set[type[models.Model]]] = {model: set() for model in rows}
    may_empty: list[models.ForeignKey[Any, Any]] = []
    for model in rows:
        for field in _foreign_keys(model):
            target = field.related_model
            if target not in rows:
                continue
            if target is model or field.null:
                may_empty.append(field)
            else:
                # `target` waits for `model`: the rows pointing at it go first.
                graph[target].add(model)
    if not _orders(graph):
        raise RuntimeError("Rows of a case point at each other in a circle that cannot be broken")
    to_empty = []
    for field in may_empty:
        target, model = field.related_model, field.model
        if target is not model and _orders({**graph, target: graph[target] | {model}}):
            graph[target].add(model)
        else:
            to_empty.append(field)
    return list(TopologicalSorter(graph).static_order()), to_empty


def deletion_order(rows: Rows) -> list[type[models.Model]]:
    """Models in an order that deletes every row before a row it points at (once the links in circles are empty)."""
    return _plan(rows)[0]


def delete_rows(rows: Rows) -> dict[str, int]:
    """Delete the rows, inside the caller's transaction: the links that close a circle are emptied first, then
    each model's rows go leaves first. Returns how many rows of each model went."""
    order, to_empty = _plan(rows)
    for field in to_empty:
        field.model._base_manager.filter(pk__in=rows[field.model]).exclude(**{field.attname: None}).update(
            **{field.attname: None}
        )
    deleted: dict[str, int] = defaultdict(int)
    for model in order:
        _, by_model = model._base_manager.filter(pk__in=rows[model]).delete()
        for label, count in by_model.items():
            deleted[label] += count
    return {label: count for label, count in sorted(deleted.items()) if count}
