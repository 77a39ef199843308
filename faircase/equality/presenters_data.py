"""What the equality data and import pages show: plain values for the templates. The practitioner list says
only whether data is recorded, never what it is."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from faircase.cases.choices import Profession
from faircase.core.formatting import counted, nhs_date, nhs_datetime, pluralise

from .choices import Dimension, Stage
from .importers import Problems
from .models import EqualityRecord, ImportBatch
from .services_import import CaseImportResult

PAGE_SIZE = 50


def _profession(value: str) -> str:
    try:
        return Profession(value).label
    except ValueError:
        return value


# ---- practitioners -------------------------------------------------------------------------------------------


def practitioner_rows(practitioners: Iterable[Any]) -> list[dict[str, Any]]:
    rows = []
    for p in practitioners:
        recorded = bool(p.has_equality)
        rows.append(
            {
                "id": p.pk,
                "name": p.full_name,
                "profession": _profession(p.profession),
                "organisation": p.organisation.name,
                "status": {
                    "text": _("Recorded") if recorded else _("Not recorded"),
                    "classes": "nhsuk-tag--green" if recorded else "nhsuk-tag--grey",
                },
                "updated": nhs_date(p.equality_updated_at) if recorded else "",
                "action": _("Change") if recorded else _("Record"),
            }
        )
    return rows


def recorded_summary(counts: dict[str, int]) -> str:
    total, recorded = counts["total"], counts["recorded"]
    if not total:
        return _("No practitioners yet.")
    return _(
        "%(practitioners)s: equality data recorded for %(recorded)s, not recorded for %(not_recorded)s."
    ) % {
        "practitioners": pluralise(total, counted("practitioner", "practitioners")),
        "recorded": f"{recorded:,}",
        "not_recorded": f"{total - recorded:,}",
    }


def record_summary(record: EqualityRecord | None) -> str:
    if record is None:
        return _("No equality data is recorded for this practitioner yet.")
    source = str(record.get_source_display())
    return _("Last changed %(when)s by %(who)s. Source: %(source)s.") % {
        "when": nhs_datetime(record.updated_at),
        "who": record.updated_by.display_name,
        "source": source[:1].lower() + source[1:],
    }


def practitioner_summary_rows(practitioner: Any) -> list[dict[str, Any]]:
    rows = [
        (_("Profession"), _profession(practitioner.profession)),
        (_("Registration"), f"{practitioner.get_regulator_display()} {practitioner.registration_number}"),
        (_("Organisation"), practitioner.organisation.name),
    ]
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


# ---- imports and what is held ----------------------------------------------------------------------------


def batch_rows(batches: Iterable[ImportBatch]) -> list[dict[str, str]]:
    return [
        {
            "imported": nhs_datetime(b.imported_at),
            "organisation": b.organisation.name,
            "kind": b.get_kind_display(),
            "file": b.filename,
            "sha256": b.sha256,
            "rows": f"{b.rows:,}",
            "by": b.imported_by.display_name if b.imported_by else _("Command line"),
        }
        for b in batches
    ]


DIMENSIONS = [
    {"value": d.value, "label": d.label} for d in Dimension
]  # lazy labels: read as the page is shown


def baselines_by_organisation(held: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One table per organisation: a row per period and profession, a column per dimension giving the total
    headcount imported (they should agree), and when it was last imported."""
    organisations: dict[str, dict[str, Any]] = {}
    for item in held:
        org = organisations.setdefault(
            item["organisation__slug"], {"name": item["organisation__name"], "rows": {}}
        )
        row = org["rows"].setdefault(
            (item["period"], item["profession"]),
            {
                "period": item["period"],
                "profession": _profession(item["profession"]),
                "cells": {d.value: _("Not imported") for d in Dimension},
                "totals": set(),
                "imported_at": item["imported_at"],
            },
        )
        row["cells"][item["dimension"]] = _("%(headcount)s in %(groups)s") % {
            "headcount": f"{item['headcount']:,}",
            "groups": pluralise(item["groups"], counted("group", "groups")),
        }
        row["totals"].add(item["headcount"])
        row["imported_at"] = max(row["imported_at"], item["imported_at"])
    tables = []
    for org in organisations.values():
        rows = []
        for row in org["rows"].values():
            rows.append(
                {
                    "period": row["period"],
                    "profession": row["profession"],
                    "cells": [row["cells"][d.value] for d in Dimension],
                    "imported": nhs_date(row["imported_at"]),
                    "totals_differ": len(row["totals"]) > 1,
                }
            )
        tables.append({"name": org["name"], "rows": rows})
    return tables


def historic_by_organisation(held: list[dict[str, Any]]) -> list[dict[str, Any]]:
    organisations: dict[str, dict[str, Any]] = {}
    for item in held:
        org = organisations.setdefault(
            item["organisation__slug"], {"name": item["organisation__name"], "rows": []}
        )
        org["rows"].append(
            {
                "period": item["period"],
                "profession": _profession(item["profession"]),
                "cases": f"{item['cases']:,}",
                "dates": _("%(first)s to %(last)s")
                % {"first": nhs_date(item["first"]), "last": nhs_date(item["last"])},
            }
        )
    return list(organisations.values())


# ---- problems and previews -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemList:
    summary: str
    rows: list[dict[str, str]]
    unlisted: str  # "" when every problem is listed


def problem_list(problems: Problems) -> ProblemList:
    return ProblemList(
        summary=problems.summary(),
        rows=[
            {"line": f"{p.line:,}", "column": p.column or _("(whole row)"), "message": p.message}
            for p in problems.in_order()
        ],
        unlisted=f"{problems.unlisted:,}" if problems.unlisted else "",
    )


STAGE_LABELS = {s.value: s.label for s in Stage}


def case_preview(result: CaseImportResult) -> dict[str, Any]:
    return {
        "summary": _(
            "%(file)s holds %(cases)s for %(organisation)s, with no problems. Nothing has been imported yet: check "
            "the numbers, then import them or cancel."
        )
        % {
            "file": result.filename,
            "cases": pluralise(result.rows, counted("historic case", "historic cases")),
            "organisation": result.organisation.name,
        },
        "totals": [
            {"key": {"text": _("Cases")}, "value": {"text": f"{result.rows:,}"}},
            {
                "key": {"text": _("Practitioners (distinct keys)")},
                "value": {"text": f"{result.practitioners:,}"},
            },
            {
                "key": {"text": _("Professions")},
                "value": {
                    "text": ", ".join(
                        f"{_profession(p)}: {n:,}" for p, n in sorted(result.by_profession.items())
                    )
                },
            },
        ],
        "periods": [{"period": p, "cases": f"{n:,}"} for p, n in sorted(result.by_period.items())],
        "stages": [
            {"stage": STAGE_LABELS[s], "cases": f"{result.by_stage.get(s, 0):,}"}
            for s in ("formal_investigation", "exclusion", "sanction", "regulator_referral")
        ],
        "missing": [
            {"dimension": d.label, "cases": f"{result.missing.get(d.value, 0):,}"} for d in Dimension
        ],
    }
