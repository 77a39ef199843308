"""The demo's equality data, read from faircase/data/demo/equality.yaml: workforce baselines and historic cases
for the demo organisations (made with the synthetic data generator, one synthetic import batch each), and the
equality data of each demo case's practitioner (recorded through the equality app's own service).

Loading is idempotent: an organisation that already has a synthetic batch, or a practitioner who already has
an equality record, is left alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from faircase.accounts.models import Organisation
from faircase.accounts.roles import Role
from faircase.cases.choices import Profession
from faircase.cases.models import Case
from faircase.core.formatting import pluralise
from faircase.demo.data import DATA_DIR, DemoData, DemoDataError, _int, _load, _mapping
from faircase.demo.synthetic import (
    GENERATOR_VERSION,
    MAX_PERIODS,
    _rng,
    last_complete_period,
    organisation_shares,
    periods_up_to,
    workforce,
    write_synthetic_data,
)
from faircase.equality.choices import AgeBand, Disability, EthnicCategory, Pmq, Sex
from faircase.equality.models import EqualityRecord, ImportBatch

EQUALITY_FILE = "equality.yaml"
ANSWERS = {
    "ethnicity": EthnicCategory.values,
    "sex": Sex.values,
    "age_band": AgeBand.values,
    "disability": Disability.values,
    "pmq": Pmq.values,
}


@dataclass(frozen=True)
class WorkforceSpec:
    profession: str
    headcount: int
    growth: float
    concerns_per_100: float


@dataclass(frozen=True)
class DemoEquality:
    seed: int
    periods: int
    workforce: dict[str, tuple[WorkforceSpec, ...]]
    practitioners: dict[str, dict[str, str]]  # case reference -> answers

    def fingerprint(self, organisation: str, periods: tuple[str, ...]) -> str:
        payload = {
            "demo": organisation,
            "seed": self.seed,
            "periods": periods,
            "workforce": [spec.__dict__ for spec in self.workforce[organisation]],
            "generator": GENERATOR_VERSION,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


@cache
def demo_equality() -> DemoEquality:
    from faircase.demo.data import demo_data

    return read_demo_equality(DATA_DIR, demo_data())


def read_demo_equality(directory: Path, data: DemoData) -> DemoEquality:
    doc = _load(directory / EQUALITY_FILE)
    where = EQUALITY_FILE
    slugs = [o.slug for o in data.organisations]
    workforce_specs: dict[str, tuple[WorkforceSpec, ...]] = {}
    for slug, professions in _mapping(doc.get("workforce"), f"{where}, workforce").items():
        if slug not in slugs:
            raise DemoDataError(
                f"{where}, workforce: '{slug}' is not a demo organisation ({', '.join(slugs)})"
            )
        specs = []
        for profession, values in _mapping(professions, f"{where}, workforce, {slug}").items():
            here = f"{where}, workforce, {slug}, {profession}"
            if profession not in Profession.values:
                raise DemoDataError(f"{here}: not a profession ({', '.join(Profession.values)})")
            values = _mapping(values, here)
            unknown = sorted(set(values) - {"headcount", "growth", "concerns_per_100"})
            if unknown:
                raise DemoDataError(
                    f"{here}: {pluralise(len(unknown), 'unknown field')}: {', '.join(unknown)}"
                )
            growth = values.get("growth", 0)
            rate = values.get("concerns_per_100")
            if not isinstance(growth, int | float) or not -0.5 < growth < 0.5:
                raise DemoDataError(f"{here}: 'growth' must be a number between -0.5 and 0.5")
            if not isinstance(rate, int | float) or not 0 <= rate <= 50:
                raise DemoDataError(f"{here}: 'concerns_per_100' must be a number from 0 to 50")
            specs.append(
                WorkforceSpec(
                    profession=profession,
                    headcount=_int(values.get("headcount"), f"{here}, headcount", minimum=1),
                    growth=float(growth),
                    concerns_per_100=float(rate),
                )
            )
        workforce_specs[slug] = tuple(specs)
    stories = {story.reference: story for story in data.all_stories}
    practitioners = {}
    for reference, answers in _mapping(doc.get("practitioners") or {}, f"{where}, practitioners").items():
        here = f"{where}, practitioners, {reference}"
        if reference not in stories:
            raise DemoDataError(f"{here}: no demo case has this reference")
        answers = _mapping(answers, here)
        # YAML reads a bare yes / no as true / false: take them as the words they were meant to be.
        answers = {
            k: {True: "yes", False: "no"}.get(v, v) if isinstance(v, bool) else v for k, v in answers.items()
        }
        if set(answers) != set(ANSWERS):
            raise DemoDataError(f"{here}: give exactly {', '.join(ANSWERS)}")
        for name, allowed in ANSWERS.items():
            if answers[name] not in allowed:
                raise DemoDataError(
                    f"{here}: '{name}' must be one of {', '.join(allowed)} (not {answers[name]!r})"
                )
        practitioners[str(reference)] = {name: str(answers[name]) for name in ANSWERS}
    periods = _int(doc.get("periods"), f"{where}, periods", minimum=1)
    if periods > MAX_PERIODS:
        raise DemoDataError(f"{where}, periods: at most {MAX_PERIODS}")
    return DemoEquality(
        seed=_int(doc.get("seed"), f"{where}, seed"),
        periods=periods,
        workforce=workforce_specs,
        practitioners=practitioners,
    )


@dataclass
class EqualityLoad:
    baselines_created: int = 0
    historic_cases_created: int = 0
    equality_records_created: int = 0


def load_demo_equality(*, data: DemoData, equality: DemoEquality, today: dt.date) -> EqualityLoad:
    """Load what is missing of the demo's equality data. Runs inside the demo loader's transaction, after the
    case stories (whose practitioners it gives equality data)."""
    from faircase.demo.services import _user
    from faircase.equality.services_data import record_equality_data

    done = EqualityLoad()
    periods = periods_up_to(last_complete_period(today), equality.periods)
    analysts = {}
    for organisation_spec in data.organisations:
        analyst = next(
            (p for p in organisation_spec.people if p.role == Role.EQUALITY_ANALYST and not p.also_in), None
        )
        if analyst is None:
            raise DemoDataError(
                f"{organisation_spec.slug} has no equality analyst of its own to load its data"
            )
        analysts[organisation_spec.slug] = _user(analyst.username)
    for slug, specs in equality.workforce.items():
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None or slug not in analysts:
            continue  # demo data without that organisation (a test's own data)
        if ImportBatch.objects.filter(organisation=organisation, kind=ImportBatch.Kind.SYNTHETIC).exists():
            continue
        shares = organisation_shares(_rng(equality.seed, "demo", slug))
        cells = workforce(
            periods=periods,
            latest_headcount={spec.profession: spec.headcount for spec in specs},
            growth={spec.profession: spec.growth for spec in specs},
            shares=shares,
        )
        rates = {spec.profession: spec.concerns_per_100 / 100 for spec in specs}
        for cell in cells:
            cell.cases = round(cell.headcount * rates[cell.profession])
        baselines, cases = write_synthetic_data(
            organisation=organisation,
            cells=cells,
            seed=equality.seed,
            stream=f"demo-{slug}",
            filename=f"demo history (synthetic): {periods[0]} to {periods[-1]}",
            fingerprint=equality.fingerprint(slug, periods),
            by=analysts[slug],
            imported_by=analysts[slug],
        )
        done.baselines_created += baselines
        done.historic_cases_created += cases
    stories = {story.reference: story for story in data.all_stories}
    for reference, answers in equality.practitioners.items():
        story = stories.get(reference)
        if story is None:
            continue
        case = (
            Case.objects.for_system("demo")
            .select_related("practitioner")
            .filter(organisation__slug=story.organisation, reference=reference)
            .first()
        )
        if case is None or EqualityRecord.objects.filter(practitioner=case.practitioner).exists():
            continue
        record_equality_data(
            practitioner=case.practitioner,
            source=EqualityRecord.Source.SELF_REPORTED,
            by=analysts[story.organisation],
            **answers,
        )
        done.equality_records_created += 1
    return done


def describe_load(done: EqualityLoad) -> list[str]:
    parts = []
    if done.historic_cases_created:
        parts.append(f"{done.historic_cases_created:,} historic cases (synthetic)")
    if done.equality_records_created:
        parts.append(f"{done.equality_records_created} practitioners' equality data")
    return parts
