"""Synthetic national exports, for `make bench` and the aggregate's property tests: fictional organisations with
random counts, each table left out exactly as a real export leaves it out (faircase.equality.disclosure with the
equality report's order), so the aggregate meets nulls where a real one would."""

import datetime as dt
import random
from collections.abc import Hashable
from typing import Any

from faircase.accounts.models import Nation
from faircase.equality import disclosure, reports
from faircase.equality.choices import GROUPS, Dimension, period_bounds

from . import national
from .definitions import MEAN_DAYS, measure_definitions
from .measures import Counts, publish

MEASURE_KEYS = ("commencement_context_answered", "deadlines_met", "exclusion_days")  # two shares and a mean


def _published(parts: dict[str, int], dimension: str) -> dict[str, Any]:
    table: dict[Hashable, int | None] = {group: count for group, count in parts.items()}
    hidden = disclosure.hide_in_table(table, give_up_first=reports.give_up_first(dimension))
    return {
        "groups": {g: (None if g in hidden else v) for g, v in parts.items()},
        "total": None if disclosure.ALL in hidden else sum(parts.values()),
    }


def _table(rng: random.Random, year: str, profession: str, dimension: str, size: int) -> dict[str, Any]:
    groups = [str(g) for g in GROUPS[Dimension(dimension)].values]
    headcount = {g: rng.randint(0, size) for g in groups}
    stages: dict[str, Any] = {}
    reached = dict(headcount)
    for stage in national.STAGES:
        # Each stage holds some of those who reached the one before (any concern: some of the headcount).
        reached = {
            g: rng.randint(0, max(0, n // (3 if stage == "any_concern" else 2))) for g, n in reached.items()
        }
        stages[stage] = _published(reached, dimension)
    held = {g: n for g, n in headcount.items() if rng.random() > 0.05}  # now and then a group has no baseline
    return {
        "year": year,
        "profession": profession,
        "dimension": dimension,
        "headcount": _published(held, dimension) if held else None,
        "stages": stages,
    }


def synthetic_export(
    rng: random.Random,
    *,
    number: int,
    years: list[str],
    professions: tuple[str, ...] = ("doctor",),
    size: int = 60,
) -> dict[str, Any]:
    """One fictional organisation's export of `years` (consecutive financial years), as JSON-ready data."""
    start, end = period_bounds(years[0])[0], period_bounds(years[-1])[1]
    definitions = {d.key: d for d in measure_definitions()}
    measures = []
    for year in years:
        counts = {}
        for key in MEASURE_KEYS:
            definition = definitions[key]
            denominator = rng.randint(0, size)
            if definition.kind == MEAN_DAYS:  # total days over the episodes
                counted = Counts(
                    rng.randint(denominator, denominator * 120), denominator, {"episodes": denominator}
                )
            else:
                numerator = rng.randint(0, denominator)
                counted = Counts(numerator, denominator, {"yes": numerator, "no": denominator - numerator})
            figures = publish(definition, counted)
            counts[key] = {
                "kind": definition.kind,
                "numerator": figures.numerator,
                "denominator": figures.denominator,
            }
        measures.append({"year": year, "counts": counts})
    adopted = dt.date(2025, rng.randint(4, 12), rng.randint(1, 28)) if rng.random() > 0.2 else None
    return {
        "schema_version": national.SCHEMA_VERSION,
        "kind": national.KIND,
        "organisation": {
            "ods_code": f"Z{number:04d}",
            "name": f"Imaginary Vale Health Organisation {number}",
            "nation": rng.choice(Nation.values),
            "framework_adopted_on": adopted.isoformat() if adopted else None,
        },
        "period": {"from": start.isoformat(), "to": end.isoformat(), "years": list(years)},
        "small_numbers": national.SUPPRESSED_TEXT,
        "disproportionality": [
            _table(rng, year, profession, dimension, rng.randint(1, size))
            for year in years
            for profession in professions
            for dimension in national.DIMENSIONS
        ],
        "measures": measures,
    }
