"""Closed cases with a known history, for the consistency lens.

The case is opened through the real service; its history (stage moves, restrictions, a referral, the closure)
is written as rows, because the lens only reads them and walking every case through every review would make
the tests slow without testing anything more here.
"""

import datetime as dt
from itertools import pairwise

from django.utils import timezone

from faircase.cases.models import Case, StageMove
from faircase.cases.tests.factories import PractitionerFactory, concern_fields, open_case
from faircase.process.models import RegulatorReferral, Restriction

_day = iter(range(1, 10**6))


def closed_case(
    *,
    organisation,
    by,
    category="clinical",
    severity="moderate",
    profession="doctor",
    setting="secondary",
    formal=False,
    restrictions=(),
    referral=False,
    outcome="no_further_action",
    extra_concerns=(),
    practitioner=None,
    closed=True,
    **practitioner_fields,
):
    """A case of `organisation` whose (first) concern has `category` and `severity`, handled as told."""
    if practitioner is None:
        regulator = {"doctor": "gmc", "dentist": "gdc", "pharmacist": "gphc"}.get(profession, "gmc")
        practitioner = PractitionerFactory(
            organisation=organisation,
            profession=profession,
            regulator=regulator,
            setting=setting,
            **practitioner_fields,
        )
    case = open_case(
        organisation=organisation,
        practitioner=practitioner,
        by=by,
        concern=concern_fields(category=category, severity=severity),
    )
    for fields in extra_concerns:
        case.concerns.create(recorded_by=by, **concern_fields(**fields))
    path = ["concern_received", "initial_assessment"]
    path += ["formal_investigation", "determination"] if formal else ["informal_resolution"]
    if closed:
        path.append("closed")
    for source, target in pairwise(path):
        StageMove.objects.create(
            case=case,
            from_stage=source,
            to_stage=target,
            decision="Decided",
            reasons="For the test",
            moved_by=by,
        )
    for kind in restrictions:
        Restriction.objects.create(
            case=case,
            kind=kind,
            started_on=dt.date(2025, 1, 6),
            terms="Terms",
            reasons="Reasons",
            recorded_by=by,
        )
    if referral:
        RegulatorReferral.objects.create(
            case=case,
            regulator="gmc",
            referred_on=dt.date(2025, 2, 3),
            reasons="Reasons",
            systemic_factors="Considered",
            induction="Considered",
            impartial_check="Checked",
            recorded_by=by,
        )
    update = {"stage": path[-1]}
    if closed:
        update.update(outcome=outcome, closed_at=timezone.now() - dt.timedelta(days=next(_day)))
    Case.objects.filter(pk=case.pk).update(**update)
    case.refresh_from_db()
    return case
