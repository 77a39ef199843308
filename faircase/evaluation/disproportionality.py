"""Disproportionality before and after adoption: the equality report's own published figures (faircase.equality
.reports: its counts, its small-number rule, its relative likelihood and interval), for the financial year that
holds the end of the period and the one that holds the end of the period before adoption, stage by stage.

Nothing is worked out here: each row is a group's row of a published equality report (ethnicity, the usual
reference group), so it is exactly what that report shows."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from faircase.accounts.models import Organisation
from faircase.equality import reports
from faircase.equality.choices import STAGES_IN_ORDER, Dimension, period_for
from faircase.equality.statistics import Flag

DIMENSION = Dimension.ETHNICITY
# Rows with nothing to compare (the reference group itself, and answers not stated) are left out.
NOT_SHOWN = frozenset({Flag.REFERENCE, Flag.NOT_COMPARED})


@dataclass(frozen=True)
class Row:
    stage: str
    stage_label: str
    profession: str
    group: str
    group_label: str
    after: reports.GroupRow
    before: reports.GroupRow | None


@dataclass(frozen=True)
class Disproportionality:
    period: str  # the financial year of the period's end
    before_period: str | None  # the financial year of the end of the period before adoption
    rows: list[Row]


def _professions(organisation: Organisation) -> list[str]:
    from faircase.cases.models import Case

    cases = Case.objects.for_system("statistics").filter(organisation=organisation)
    return sorted(set(cases.values_list("practitioner__profession", flat=True)))


def _published(
    organisation: Organisation, period: str, profession: str, stage: str
) -> dict[str, reports.GroupRow]:
    report = reports.build_report(
        organisations=[organisation],
        period=period,
        profession=profession,
        dimension=DIMENSION,
        stage=stage,
        publish=True,
    )
    return {row.group: row for row in report.groups}


def disproportionality(
    organisation: Organisation, end: dt.date, before_end: dt.date | None
) -> Disproportionality:
    period = period_for(end)
    before_period = period_for(before_end) if before_end is not None else None
    rows: list[Row] = []
    for profession in _professions(organisation):
        for stage in STAGES_IN_ORDER:
            after = _published(organisation, period, profession, stage)
            before = _published(organisation, before_period, profession, stage) if before_period else {}
            rows.extend(
                Row(
                    stage=str(stage),
                    stage_label=str(stage.label),
                    profession=profession,
                    group=group,
                    group_label=row.label,
                    after=row,
                    before=before.get(group),
                )
                for group, row in after.items()
                if row.flag not in NOT_SHOWN
            )
    return Disproportionality(period=period, before_period=before_period, rows=rows)


def _number(value: Any, places: int) -> float | None:
    return None if value is None else round(float(value), places)


def row_json(row: reports.GroupRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "headcount": row.headcount,
        "entrants": row.entrants,
        "relative_likelihood": _number(row.relative_likelihood, 4),
        "ci_low": _number(row.ci_low, 4),
        "ci_high": _number(row.ci_high, 4),
        "flag": str(row.flag),
        "suppressed": row.suppressed,
    }


def as_json(result: Disproportionality) -> dict[str, Any]:
    return {
        "period": result.period,
        "before_period": result.before_period,
        "dimension": str(DIMENSION),
        "rows": [
            {
                "stage": r.stage,
                "profession": r.profession,
                "group": r.group,
                "after": row_json(r.after),
                "before": row_json(r.before),
            }
            for r in result.rows
        ],
    }
