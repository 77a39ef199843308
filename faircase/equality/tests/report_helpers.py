"""Helpers for the report tests: baselines and historic cases in bulk, and live cases that reach stages."""

import datetime as dt
import itertools

from faircase.cases.models import Concern, StageMove
from faircase.cases.tests.factories import PractitionerFactory, open_case
from faircase.equality.choices import period_for
from faircase.equality.models import HistoricCase, ImportBatch, WorkforceBaseline
from faircase.equality.tests.factories import EqualityRecordFactory, ImportBatchFactory
from faircase.process.models import RegulatorReferral, Restriction

_keys = itertools.count(1)


def baselines(organisation, headcounts, *, period="2025-26", profession="doctor", dimension="ethnicity"):
    """headcounts: {group: headcount}."""
    batch = ImportBatchFactory(organisation=organisation, kind=ImportBatch.Kind.WORKFORCE)
    WorkforceBaseline.objects.bulk_create(
        WorkforceBaseline(
            organisation=organisation,
            period=period,
            profession=profession,
            dimension=dimension,
            group=group,
            headcount=headcount,
            batch=batch,
        )
        for group, headcount in headcounts.items()
    )


def historic(
    organisation, count, *, date_raised=dt.date(2025, 6, 2), key=None, profession="doctor", **fields
):
    """`count` historic cases, each for a different practitioner unless `key` is given."""
    batch = ImportBatchFactory(organisation=organisation, kind=ImportBatch.Kind.CASES)
    defaults = {
        "ethnicity": "white",
        "pmq": "uk",
        "sex": "female",
        "age_band": "40_49",
        "disability": "no",
        "formal_investigation": False,
        "exclusion": False,
        "sanction": False,
        "regulator_referral": False,
    }
    defaults.update(fields)
    rows = []
    for _ in range(count):
        n = next(_keys)
        rows.append(
            HistoricCase(
                organisation=organisation,
                reference=f"H-{n:06d}",
                practitioner_key=key or f"K-{n:06d}",
                profession=profession,
                date_raised=date_raised,
                period=period_for(date_raised),
                batch=batch,
                **defaults,
            )
        )
    HistoricCase.objects.bulk_create(rows)


def live_case(
    organisation,
    by,
    *,
    raised_on=dt.date(2025, 6, 2),
    equality=None,
    practitioner=None,
    **practitioner_fields,
):
    """A live case through the real service; `equality` the practitioner's EqualityRecord fields (None: none)."""
    practitioner = practitioner or PractitionerFactory(organisation=organisation, **practitioner_fields)
    if equality is not None and not hasattr(practitioner, "equality"):
        EqualityRecordFactory(practitioner=practitioner, updated_by=by, **equality)
    case = open_case(organisation=organisation, practitioner=practitioner, by=by)
    Concern.objects.filter(case=case).update(raised_on=raised_on, occurred_on=raised_on)
    return case


def moved_to(case, stage, by):
    StageMove.objects.create(
        case=case, from_stage=case.stage, to_stage=stage, decision="Moved.", reasons="Test.", moved_by=by
    )


def restricted(case, kind, by, on=dt.date(2025, 7, 1)):
    Restriction.objects.create(
        case=case, kind=kind, started_on=on, terms="Off duty.", reasons="Test.", recorded_by=by
    )


def referred(case, by, on=dt.date(2025, 8, 1)):
    RegulatorReferral.objects.create(
        case=case,
        regulator="gmc",
        referred_on=on,
        reasons="Test.",
        systemic_factors="Considered.",
        induction="Had induction.",
        impartial_check="Checked.",
        recorded_by=by,
    )
