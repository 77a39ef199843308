"""Reading the oversight page: the figures, and an audit event of who read them (the page lists case
references, as the monthly exclusions return does). The equality figures are always the published ones, small
numbers suppressed as the published report suppresses them, whoever reads the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from faircase.accounts.models import Organisation, User
from faircase.cases.choices import Profession
from faircase.core import audit
from faircase.equality import reports as equality_reports
from faircase.equality import selectors_report as equality_selectors
from faircase.equality.choices import Dimension, Stage
from faircase.process.presenters_deadline_lists import DeadlineRow

from . import selectors

# The published report shown: the one the equality area offers first (its form's initial choices).
EQUALITY_CHOICES = {
    "profession": Profession.DOCTOR.value,
    "dimension": Dimension.ETHNICITY.value,
    "stage": Stage.FORMAL_INVESTIGATION.value,
}


@dataclass(frozen=True)
class OversightFigures:
    organisation: Organisation
    today: dt.date
    sees_every_case: bool
    openable: frozenset[Any]
    references: dict[Any, str]
    stages: list[selectors.StageAges]
    in_force: list[selectors.InForce]
    overdue_rows: list[DeadlineRow]
    overdue_owners: list[selectors.OwnerOverdue]
    adherence: list[selectors.Adherence]
    quarters: list[selectors.Quarter]
    equality: equality_reports.Report | None
    reads_equality: bool


def published_equality(
    *, organisation: Organisation, by: User
) -> tuple[bool, equality_reports.Report | None]:
    """Whether the reader may read the organisation's published equality statistics, and the published report
    for the latest year a workforce baseline is held (None when none is). Never the unpublished counts."""
    if not equality_selectors.report_organisations_for(by).filter(pk=organisation.pk).exists():
        return False, None
    periods = equality_selectors.periods_held([organisation])
    if not periods:
        return True, None
    report = equality_reports.report_for(
        by=by,
        organisations=[organisation],
        period=periods[-1],
        publish=True,
        channel="oversight",
        profession=EQUALITY_CHOICES["profession"],
        dimension=EQUALITY_CHOICES["dimension"],
        stage=EQUALITY_CHOICES["stage"],
    )
    return True, report


@transaction.atomic
def read_oversight(*, organisation: Organisation, by: User, today: dt.date) -> OversightFigures:
    """Every figure of the oversight page for the reader (who oversees the organisation: the view checked), with
    the audit event of the read."""
    overdue_rows, owners = selectors.overdue_by_owner(by, organisation, today=today)
    reads_equality, equality = published_equality(organisation=organisation, by=by)
    figures = OversightFigures(
        organisation=organisation,
        today=today,
        sees_every_case=selectors.sees_every_case(by, organisation),
        openable=frozenset(selectors.openable_case_ids(by, organisation)),
        references=dict(selectors.overseen_cases(by, organisation).values_list("id", "reference")),
        stages=selectors.open_cases_by_stage_and_age(by, organisation, today=today),
        in_force=selectors.restrictions_in_force(by, organisation, today=today),
        overdue_rows=overdue_rows,
        overdue_owners=owners,
        adherence=selectors.framework_adherence(by, organisation, today=today),
        quarters=selectors.trends(by, organisation, today=today),
        equality=equality,
        reads_equality=reads_equality,
    )
    audit.record(
        by=by,
        action="oversight.viewed",
        object_type="oversight.page",
        object_id=organisation.slug,
        organisation=organisation,
        detail={
            "as_of": today.isoformat(),
            "open_cases": sum(s.total for s in figures.stages),
            "in_force": len(figures.in_force),
            "overdue": len(figures.overdue_rows),
        },
    )
    return figures
