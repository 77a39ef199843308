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


def deletion_order(rows: Rows) -> list[type[models.Model]]:
    """Models in an order that deletes every row before a row it points at (by a link that cannot be emptied)."""
    graph: dict[type[models.Model], set[type[models.Model]]] = {model: set() for model in rows}
    for model in rows:
        for field in _foreign_keys(model):
            target = field.related_model
            if target in rows and target is not model and not field.null:
                # `target` waits for `model`: the rows pointing at it go first.
                graph[target].add(model)
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        raise RuntimeError(
            f"Rows of a case point at each other in a circle that cannot be broken: {error}"
        ) from error


def delete_rows(rows: Rows) -> dict[str, int]:
    """Delete the rows, inside the caller's transaction. Links that may be empty and point inside the set are
    emptied first (a review correcting another, a follow-up and the answer that opened it), then each model's
    rows go leaves first. Returns how many rows of each model went."""
    for model, keys in rows.items():
        for field in _foreign_keys(model):
            if field.null and field.related_model in rows:
                model._base_manager.filter(pk__in=keys).exclude(**{field.attname: None}).update(
                    **{field.attname: None}
                )
    deleted: dict[str, int] = defaultdict(int)
    for model in deletion_order(rows):
        _, by_model = model._base_manager.filter(pk__in=rows[model]).delete()
        for label, count in by_model.items():
            deleted[label] += count
    return {label: count for label, count in sorted(deleted.items()) if count}
