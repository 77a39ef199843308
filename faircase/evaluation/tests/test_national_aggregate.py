"""The national aggregate from exports, without a database: it is the sum of its parts, small numbers stay
unknown, and the ratio and funnel figures use only published counts."""

import json
import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from faircase.evaluation import national
from faircase.evaluation.national import Summed
from faircase.evaluation.national_synthetic import synthetic_export

YEARS = [["2024-25"], ["2025-26"], ["2024-25", "2025-26"]]


def _parse(data: dict, name: str = "export.json") -> national.Export:
    return national.parse_export(json.dumps(data), name=name)


def _exports(seed: int, count: int) -> list[national.Export]:
    rng = random.Random(seed)
    return [
        _parse(synthetic_export(rng, number=n, years=rng.choice(YEARS), size=rng.choice([8, 40, 400])))
        for n in range(count)
    ]


def _summed_cells(values) -> Summed:
    return sum((Summed.of(v) for v in values), Summed())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=hs.integers(0, 10**6), count=hs.integers(1, 6))
def test_the_aggregate_is_the_sum_of_its_parts(seed, count):
    exports = _exports(seed, count)
    whole = national.aggregate(exports)
    parts = [national.aggregate([e]) for e in exports]
    # Every measure: the national numerator and denominator (known and left out) add up over organisations,
    # pooled and by year.
    for m in whole.measures:
        own = [next(pm for pm in p.measures if pm.key == m.key) for p in parts]
        assert m.numerator == sum((o.numerator for o in own), Summed())
        assert m.denominator == sum((o.denominator for o in own), Summed())
        for year, by_year in m.by_year.items():
            in_year = [o.by_year[year] for o in own if year in o.by_year]
            assert by_year.numerator == sum((o.numerator for o in in_year), Summed())
    # Every table: each group's entrants and headcount are the sum of the organisations' published cells, and
    # each cell left out is counted, never guessed.
    for t in whole.tables:
        cells = [
            y
            for e in exports
            for y in e.disproportionality
            if (y.profession, y.dimension) == (t.profession, t.dimension)
            and t.year in (national.ALL_YEARS, y.year)
        ]
        assert t.entrants == _summed_cells(y.stages[t.stage].total for y in cells)
        for line in t.groups:
            assert line.entrants == _summed_cells(y.stages[t.stage].groups[line.group] for y in cells)
            held = [
                y.headcount.groups[line.group]
                for y in cells
                if y.headcount and line.group in y.headcount.groups
            ]
            assert line.headcount == _summed_cells(held)
            assert (
                line.entrants_compared <= line.entrants.known
                and line.headcount_compared <= line.headcount.known
            )
    # The funnel's centre is its points' entrants over their headcount.
    for f in whole.funnels:
        if f.points:
            assert f.overall_rate == Fraction(
                sum(p.entrants for p in f.points), sum(p.headcount for p in f.points)
            )


def test_a_total_with_small_numbers_left_out_says_at_least_and_how_many():
    assert Summed.of(None) + Summed.of(12) + Summed.of(None) == Summed(known=12, left_out=2)
    assert national.national_as_json(national.aggregate([]))["measures"] == []
    assert national._summed(Summed(12, 2)) == {"known": 12, "not_published": 2, "at_least": True}


def _table(year="2025-26", *, white=(10, 100), black=(6, 50), mixed=(None, 40), total=(30, 190)):
    """A doctors' ethnicity table: (entrants at every stage, headcount) per group; None: not published."""
    groups = {
        "white": white,
        "black": black,
        "mixed": mixed,
        "asian": (0, 0),
        "other": (0, 0),
        "not_stated": (0, 0),
    }
    return {
        "year": year,
        "profession": "doctor",
        "dimension": "ethnicity",
        "headcount": {"groups": {g: h for g, (_, h) in groups.items()}, "total": total[1]},
        "stages": {
            s: {"groups": {g: e for g, (e, _) in groups.items()}, "total": total[0]} for s in national.STAGES
        },
    }


def _export(ods="ZA001", years=("2025-26",), tables=None, measures=None):
    start, end = f"{years[0][:4]}-04-01", f"{int(years[-1][:4]) + 1}-03-31"
    return {
        "schema_version": 1,
        "kind": national.KIND,
        "organisation": {
            "ods_code": ods,
            "name": f"Trust {ods}",
            "nation": "england",
            "framework_adopted_on": None,
        },
        "period": {"from": start, "to": end, "years": list(years)},
        "small_numbers": national.SUPPRESSED_TEXT,
        "disproportionality": tables if tables is not None else [_table(y) for y in years],
        "measures": measures or [],
    }


def test_the_relative_likelihood_uses_only_organisations_whose_four_counts_are_published():
    one = _export("ZA001", tables=[_table(white=(10, 100), black=(6, 50))])
    two = _export(
        "ZA002", tables=[_table(white=(20, 400), black=(None, 50), total=(30, 490))]
    )  # black entrants left out
    result = national.aggregate([_parse(one), _parse(two)])
    table = result.table("doctor", "ethnicity", "any_concern")
    assert table is not None
    black = next(g for g in table.groups if g.group == "black")
    assert black.entrants == Summed(6, 1) and black.headcount == Summed(100, 0)
    assert black.compared == 1  # only ZA001: (6 / 50) / (10 / 100)
    assert black.comparison.relative_likelihood == Fraction(6, 5)
    white = next(g for g in table.groups if g.group == "white")
    assert white.entrants == Summed(30, 0) and white.comparison.flag == "reference"


def test_the_funnel_leaves_out_an_organisation_whose_total_is_not_published():
    shown = _export("ZA001", tables=[_table(total=(30, 190))])
    hidden = _export("ZA002", tables=[_table(total=(None, 190))])
    funnel = national.aggregate([_parse(shown), _parse(hidden)]).funnels[0]
    assert [p.ods_code for p in funnel.points] == ["ZA001"] and funnel.left_out == ["Trust ZA002"]
    assert funnel.overall_rate == Fraction(30, 190)


def test_measures_add_up_and_their_value_uses_only_both_published():
    one = _export(
        "ZA001",
        measures=[
            {"year": "2025-26", "counts": {"m": {"kind": "share", "numerator": 10, "denominator": 40}}}
        ],
    )
    two = _export(
        "ZA002",
        measures=[
            {"year": "2025-26", "counts": {"m": {"kind": "share", "numerator": None, "denominator": 30}}}
        ],
    )
    (m,) = national.aggregate([_parse(one), _parse(two)]).measures
    assert m.numerator == Summed(10, 1) and m.denominator == Summed(70, 0)
    assert m.value == Fraction(10, 40) and m.counted == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(schema_version=2), "schema version 2; this faircase reads version 1"),
        (lambda d: d.update(kind="something else"), "is not a faircase national export"),
        (lambda d: d["organisation"].update(ods_code="a b"), "at organisation.ods_code"),
        (lambda d: d["organisation"].update(email="someone@example.org"), "at organisation.email"),
        (lambda d: d["period"].update(to="2026-03-30"), "start on 1 April and end on 31 March"),
        (lambda d: d["disproportionality"][0].update(dimension="height"), "'height' is not a dimension"),
        (lambda d: d["disproportionality"][0]["stages"].pop("sanction"), "the stages must be exactly"),
        (lambda d: d["disproportionality"][0]["stages"]["sanction"]["groups"].update(white="3"), "white"),
        (lambda d: d["disproportionality"].append(d["disproportionality"][0]), "is given twice"),
        (
            lambda d: d["disproportionality"][0]["stages"]["exclusion"].update(total=12),
            "more than the total of 12",
        ),
        (lambda d: d["disproportionality"][0]["headcount"]["groups"].update(mixed=0), "not the total of 190"),
        (lambda d: d["disproportionality"][0].update(year="2023-24"), "outside the period"),
    ],
)
def test_a_malformed_export_is_refused_with_the_file_and_the_place(change, message):
    data = _export()
    change(data)
    with pytest.raises(national.NationalError) as refused:
        _parse(data, name="trust.json")
    assert str(refused.value).startswith("trust.json ") and message in str(refused.value)


@pytest.mark.parametrize(
    ("first", "second", "refused"),
    [
        (("2025-26",), ("2025-26",), True),  # the same organisation and year twice
        (("2024-25", "2025-26"), ("2025-26",), True),  # overlapping periods
        (("2024-25",), ("2025-26",), False),  # one after the other
    ],
)
def test_one_organisation_s_years_are_counted_once(tmp_path, first, second, refused):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(_export("ZA001", years=first)))
    b.write_text(json.dumps(_export("ZA001", years=second)))
    if not refused:
        assert len(national.read_exports([a, b])) == 2
        return
    with pytest.raises(national.NationalError, match=r"a\.json and b\.json are both exports of Trust ZA001"):
        national.read_exports([a, b])
