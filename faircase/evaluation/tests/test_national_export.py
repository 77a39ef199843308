"""The national export of one organisation: counts only, the equality report's published tables, no identifiers;
and a measure's numerator and denominator published so that no hidden count can be worked out."""

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from faircase.accounts.tests.factories import UserFactory
from faircase.core.models import AuditEvent
from faircase.equality import reports
from faircase.equality.choices import GROUPS
from faircase.equality.tests.report_helpers import baselines, historic, live_case
from faircase.evaluation import measures, national
from faircase.evaluation.definitions import KINDS, measure_definitions

YEAR = (dt.date(2025, 4, 1), dt.date(2026, 3, 31))


@pytest.fixture
def trust(organisation):
    baselines(organisation, {"white": 600, "black": 90, "mixed": 40, "asian": 300, "not_stated": 20})
    historic(organisation, 17, ethnicity="white", formal_investigation=True)
    historic(organisation, 9, ethnicity="black", formal_investigation=True)
    historic(organisation, 3, ethnicity="mixed", formal_investigation=True)  # a small number
    by = UserFactory()
    case = live_case(
        organisation,
        by,
        equality={"ethnicity": "N"},
        full_name="Dr Imaginary Quillfeather",
        email="quillfeather@example.org",
        registration_number="7654321",
        started_on=dt.date(2019, 9, 17),
    )
    return organisation, case


def _leaves(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, path)
    else:
        yield path, value


def test_the_export_holds_counts_and_the_organisation_s_code_and_nothing_that_names_anyone(trust):
    organisation, case = trust
    organisation.framework_adopted_on = dt.date(2025, 7, 1)
    organisation.save()
    export = national.build_export(organisation=organisation, start=YEAR[0], end=YEAR[1])
    text = national.export_text(export)
    assert export["organisation"] == {
        "ods_code": organisation.ods_code,
        "name": organisation.name,
        "nation": "england",
        "framework_adopted_on": "2025-07-01",
    }
    practitioner = case.practitioner
    for secret in (
        case.reference,
        practitioner.full_name,
        practitioner.email,
        practitioner.registration_number,
    ):
        assert secret and secret not in text
    # Every date is the period's or the adoption date: no date of birth, raising or start date.
    assert set(re.findall(r"\d{4}-\d{2}-\d{2}", text)) == {"2025-04-01", "2026-03-31", "2025-07-01"}
    # Every value is a count (or null: not published), or one of the few words that say what the counts are.
    words = {
        organisation.ods_code, organisation.name, organisation.nation, national.KIND, national.SUPPRESSED_TEXT,
        "2025-04-01", "2026-03-31", "2025-07-01", "2025-26", *national.PROFESSIONS, *national.DIMENSIONS, *KINDS,
    }  # fmt: skip
    for path, value in _leaves(export):
        assert value is None or type(value) is int or value in words, path
    assert organisation.slug not in text.replace(organisation.name, "")


def test_the_export_s_tables_are_the_published_equality_report_s(trust):
    organisation, _ = trust
    export = national.build_export(organisation=organisation, start=YEAR[0], end=YEAR[1])
    (table,) = [
        t
        for t in export["disproportionality"]
        if (t["profession"], t["dimension"]) == ("doctor", "ethnicity")
    ]
    report = reports.build_report(
        organisations=[organisation],
        period="2025-26",
        profession="doctor",
        dimension="ethnicity",
        stage="formal_investigation",
        publish=True,
    )
    cells = table["stages"]["formal_investigation"]
    assert cells["groups"] == {row.group: row.entrants for row in report.groups}
    assert cells["total"] == report.total.entrants
    assert cells["groups"]["mixed"] is None  # 3: left out, and another with it
    assert sum(v is None for v in cells["groups"].values()) >= 2
    # Headcounts: only the groups with a baseline ("other" has none), published as in the report.
    assert set(table["headcount"]["groups"]) == {"white", "black", "mixed", "asian", "not_stated"}
    assert table["headcount"]["total"] == report.total.headcount == 1050
    assert set(table["stages"]) == set(national.STAGES)
    assert set(cells["groups"]) == set(GROUPS["ethnicity"].values)
    # A profession without a baseline has no headcount table.
    (dentists,) = [
        t
        for t in export["disproportionality"]
        if (t["profession"], t["dimension"]) == ("dentist", "ethnicity")
    ]
    assert dentists["headcount"] is None
    # And the file reads back as an export.
    assert national.parse_export(national.export_text(export), name="x.json").organisation.ods_code


def test_an_export_of_two_years_publishes_the_same_figures_for_a_year_as_an_export_of_that_year(trust):
    """So that no two exports of one organisation can be subtracted to give back a hidden count."""
    organisation, _ = trust
    baselines(organisation, {"white": 580, "black": 85, "mixed": 41}, period="2024-25")
    historic(organisation, 12, ethnicity="white", formal_investigation=True, date_raised=dt.date(2024, 6, 3))
    historic(organisation, 2, ethnicity="black", formal_investigation=True, date_raised=dt.date(2024, 6, 3))
    both = national.build_export(organisation=organisation, start=dt.date(2024, 4, 1), end=YEAR[1])
    one = national.build_export(organisation=organisation, start=YEAR[0], end=YEAR[1])
    assert [t for t in both["disproportionality"] if t["year"] == "2025-26"] == one["disproportionality"]
    assert both["measures"][1] == one["measures"][0]
    earlier = next(
        t for t in both["disproportionality"] if (t["year"], t["dimension"]) == ("2024-25", "ethnicity")
    )
    assert earlier["stages"]["formal_investigation"]["groups"]["black"] is None  # 2: left out


def test_the_measures_are_the_evaluation_s_published_figures_for_each_year_and_the_export_is_audited(trust):
    organisation, _ = trust
    export = national.export_for(by=UserFactory(), organisation=organisation, start=YEAR[0], end=YEAR[1])
    (year,) = export["measures"]
    assert year["year"] == "2025-26"
    evaluation = measures.build_evaluation(organisation, *YEAR)
    assert year["counts"] == {
        m.key: {"kind": m.definition.kind, "numerator": m.numerator, "denominator": m.denominator}
        for m in evaluation.measures
    }
    assert set(year["counts"]) == set(measures.COUNTED)
    event = AuditEvent.objects.get(action="evaluation.national_export")
    assert event.object_id == "riverside:2025-04-01:2026-03-31"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (dt.date(2025, 4, 2), dt.date(2026, 3, 31), "whole financial years"),
        (dt.date(2025, 4, 1), dt.date(2026, 1, 31), "--to 2026-03-31"),
        (dt.date(2026, 4, 1), dt.date(2025, 3, 31), "swap them"),
    ],
)
def test_a_period_that_is_not_whole_financial_years_is_refused(start, end, message):
    with pytest.raises(national.NationalError, match=message):
        national.financial_years(start, end)


SHARE = next(d for d in measure_definitions() if d.kind == "share")


def _published(numerator: int, denominator: int) -> tuple[int | None, int | None]:
    """A share measure as the export publishes it: the evaluation's own rule."""
    counts = measures.Counts(numerator, denominator, {"yes": numerator, "no": denominator - numerator})
    figures = measures.publish(SHARE, counts)
    return figures.numerator, figures.denominator


@settings(max_examples=200, deadline=None)
@given(denominator=hs.integers(0, 40), data=hs.data())
def test_no_hidden_count_of_a_measure_can_be_worked_out_from_what_is_published(denominator, data):
    """The reader sees the published pair and knows the rule; every true pair that publishes the same gives a
    different value for each hidden count (and for the remainder), so none is pinned down."""
    numerator = data.draw(hs.integers(0, denominator))
    published = _published(numerator, denominator)
    alike = [
        (n, d) for d in range(0, denominator + 10) for n in range(0, d + 1) if _published(n, d) == published
    ]
    if published[0] is None:
        assert len({n for n, _ in alike}) > 1
        assert len({d - n for n, d in alike}) > 1  # nor those who did not meet it
    if published[1] is None:
        assert len({d for _, d in alike}) > 1
    # What is shown is true, and nothing from 1 to 4 is shown but a zero's complement.
    assert published[0] in (None, numerator) and published[1] in (None, denominator)
    if published[0] is not None and published[1] is not None:
        assert numerator not in range(1, 5) and denominator - numerator not in range(1, 5)
