"""Which closed cases are comparable, and what is counted about them."""

import ast
import datetime as dt
import random
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.choices import ConcernCategory
from faircase.cases.choices import Severity as ConcernSeverity
from faircase.cases.tests.factories import concern_fields
from faircase.consistency import selectors
from faircase.consistency.selectors import Profile
from faircase.consistency.tests.factories import closed_case

APP = Path(__file__).resolve().parents[1]


def _total(case):
    """Counted as the case manager who opened the case, who oversees the organisation's cases."""
    return selectors.comparison_for(case, case.opened_by).total


def test_comparable_cases_share_the_main_concern_profession_and_setting(organisation, case_manager, case):
    # `case` is about a secondary-care doctor, main concern clinical / moderate.
    for _ in range(3):
        closed_case(organisation=organisation, by=case_manager)
    closed_case(organisation=organisation, by=case_manager, category="conduct")
    closed_case(organisation=organisation, by=case_manager, severity="high")
    closed_case(organisation=organisation, by=case_manager, setting="primary")
    closed_case(organisation=organisation, by=case_manager, profession="dentist")
    assert _total(case) == 3


def test_open_cases_other_organisations_and_the_case_itself_are_not_counted(
    organisation, other_organisation, case_manager, case
):
    closed_case(organisation=organisation, by=case_manager)
    closed_case(organisation=organisation, by=case_manager, closed=False)
    elsewhere = member(other_organisation, "case_manager", username="cm-elsewhere")
    closed_case(organisation=other_organisation, by=elsewhere)
    assert _total(case) == 1
    closed_itself = closed_case(organisation=organisation, by=case_manager)
    assert _total(closed_itself) == 1, "a closed case is not compared with itself"


def test_the_main_concern_is_the_most_severe_then_the_earliest(organisation, case_manager):
    # A case whose first concern is clinical / low but which has a later high conduct concern is a conduct case.
    mixed = closed_case(
        organisation=organisation,
        by=case_manager,
        category="clinical",
        severity="low",
        extra_concerns=[
            {"category": "conduct", "severity": "high", "raised_on": dt.date(2025, 4, 1)},
            {"category": "probity", "severity": "high", "raised_on": dt.date(2025, 5, 1)},
        ],
    )
    main = selectors.main_concern(mixed.concerns.all())
    assert (main.category, main.severity) == ("conduct", "high")

    conduct = closed_case(organisation=organisation, by=case_manager, category="conduct", severity="high")
    clinical_low = closed_case(
        organisation=organisation, by=case_manager, category="clinical", severity="low"
    )
    assert _total(conduct) == 1, "the mixed case counts as a conduct / high case"
    assert _total(clinical_low) == 0, "and not as a clinical / low one"


def test_two_equally_severe_concerns_on_the_same_day_take_the_first_recorded(organisation, case_manager):
    same_day = dt.date(2025, 3, 3)
    twin = closed_case(
        organisation=organisation,
        by=case_manager,
        category="health",
        severity="high",
        extra_concerns=[{"category": "probity", "severity": "high", "raised_on": same_day}],
    )
    assert selectors.main_concern(twin.concerns.all()).category == "health"
    health = closed_case(organisation=organisation, by=case_manager, category="health", severity="high")
    assert _total(health) == 1


def test_selection_ignores_protected_characteristics_and_place_of_qualification(
    organisation, case_manager, case
):
    record = apps.get_model("equality", "EqualityRecord")
    people = [
        {"qualification_region": "uk", "ethnicity": "A", "sex": "female", "age_band": "40_49"},
        {"qualification_region": "rest_of_world", "ethnicity": "H", "sex": "male", "age_band": "65_plus"},
        {"qualification_region": "eea", "ethnicity": "N", "sex": "male", "age_band": "under_30"},
    ]
    for person in people:
        other = closed_case(
            organisation=organisation,
            by=case_manager,
            qualification_region=person.pop("qualification_region"),
        )
        record.objects.create(practitioner=other.practitioner, updated_by=case_manager, **person)
    assert _total(case) == 3
    # The case's own practitioner's background changes nothing either.
    record.objects.create(practitioner=case.practitioner, updated_by=case_manager, ethnicity="M", sex="male")
    case.practitioner.qualification_region = "rest_of_world"
    case.practitioner.save()
    assert _total(case) == 3


def test_the_comparison_never_touches_equality_data_or_place_of_qualification(
    organisation, case_manager, case
):
    closed_case(organisation=organisation, by=case_manager)
    user = member(organisation, "case_manager", username="reader")
    with CaptureQueriesContext(connection) as ctx:
        profile = selectors.profile_of(case)
        selectors.comparison_for(case, case_manager, profile)
        selectors.visible_comparable_cases(case, profile, user)
        selectors.handling_so_far(case)
    sql = " ".join(q["sql"].lower() for q in ctx.captured_queries)
    assert "practitioner" in sql, "the capture must see the queries"
    for word in ("equality", "qualification", "pmq", "ethnic"):
        assert word not in sql


def test_the_app_never_imports_equality_or_reads_place_of_qualification():
    offenders = []
    for path in APP.rglob("*.py"):
        if "tests" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("faircase.equality"):
                offenders.append(f"{path.name}: imports {node.module}")
            if isinstance(node, ast.Import) and any(
                a.name.startswith("faircase.equality") for a in node.names
            ):
                offenders.append(f"{path.name}: imports faircase.equality")
        for word in ("qualification_region", "qualification_country", "pmq"):
            if word in source:
                offenders.append(f"{path.name}: mentions {word}")
    assert offenders == []


def test_how_comparable_cases_were_handled_is_counted(organisation, case_manager, case):
    closed_case(organisation=organisation, by=case_manager, outcome="no_further_action")
    closed_case(
        organisation=organisation,
        by=case_manager,
        formal=True,
        restrictions=["restriction"],
        outcome="warning",
    )
    closed_case(
        organisation=organisation,
        by=case_manager,
        formal=True,
        restrictions=["restriction", "formal_exclusion"],
        referral=True,
        outcome="dismissal",
    )
    closed_case(organisation=organisation, by=case_manager, outcome="referred_to_regulator")
    comparison = selectors.comparison_for(case, case_manager)
    assert comparison.total == 4
    assert comparison.route.count("formal_investigation") == 2
    assert comparison.route.count("no_formal_investigation") == 2
    assert [comparison.restriction.count(c) for c in ("none", "restriction", "exclusion")] == [2, 1, 1]
    assert comparison.referral.count("referred") == 2, "a recorded referral, or an outcome of referral"
    assert comparison.outcome.count("warning") == 1
    assert comparison.outcome.count("dismissal") == 1
    shares = {row.step.code: row.share for row in comparison.route.rows()}
    assert shares == {"no_formal_investigation": "50%", "formal_investigation": "50%"}


@pytest.mark.parametrize(("closed", "weak"), [(0, True), (4, True), (5, False)])
def test_fewer_than_five_comparable_cases_make_a_weak_comparison(
    organisation, case_manager, case, closed, weak
):
    for _ in range(closed):
        closed_case(organisation=organisation, by=case_manager)
    comparison = selectors.comparison_for(case, case_manager)
    assert comparison.total == closed
    assert comparison.weak is weak


def test_the_counts_take_one_query_however_many_cases_there_are(organisation, case_manager, case):
    profile = selectors.profile_of(case)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            selectors.comparison_for(case, case_manager, profile)
        return len(ctx.captured_queries)

    closed_case(organisation=organisation, by=case_manager)
    assert queries() == 1
    for outcome in ("warning", "dismissal", "remediation", "other"):
        closed_case(
            organisation=organisation,
            by=case_manager,
            formal=True,
            referral=True,
            outcome=outcome,
            restrictions=["formal_exclusion"],
        )
    assert queries() == 1


def test_references_are_listed_only_for_comparable_cases_the_user_may_see(organisation, case_manager, case):
    seen = closed_case(organisation=organisation, by=case_manager)
    unseen = closed_case(organisation=organisation, by=case_manager)
    investigator = member(organisation, "case_investigator", username="ci")
    case_services.name_person(case=case, user=investigator, role="case_investigator", by=case_manager)
    case_services.name_person(case=seen, user=investigator, role="case_investigator", by=case_manager)
    profile = selectors.profile_of(case)
    assert [r["reference"] for r in selectors.visible_comparable_cases(case, profile, investigator)] == [
        seen.reference
    ]
    assert selectors.comparison_for(case, case_manager).total == 2, (
        "the counts still cover every comparable case"
    )

    ro = member(organisation, "responsible_officer", username="ro")
    case_services.exclude_for_conflict(case=unseen, user=ro, reason="Trained together", by=case_manager)
    assert [r["reference"] for r in selectors.visible_comparable_cases(case, profile, ro)] == [seen.reference]


def test_a_case_without_concerns_has_nothing_to_compare(organisation, case_manager, case):
    case.concerns.all().delete()
    assert selectors.profile_of(case) is None
    assert selectors.comparison_for(case, case_manager) is None


def test_the_profile_is_the_main_concern_and_the_practitioner(case):
    case.concerns.create(recorded_by=case.opened_by, **concern_fields(category="probity", severity="high"))
    profile = selectors.profile_of(case)
    assert (profile.category, profile.severity, profile.profession, profile.setting) == (
        "probity",
        "high",
        "doctor",
        "secondary",
    )


def test_the_database_picks_the_same_main_concern_as_the_rule_in_python(organisation, case_manager):
    rnd = random.Random(20250301)
    cases = []
    for _ in range(30):
        extra = [
            {
                "category": rnd.choice(ConcernCategory.values),
                "severity": rnd.choice(ConcernSeverity.values),
                "raised_on": dt.date(2025, 3, rnd.randint(2, 6)),
            }
            for _ in range(rnd.randint(0, 3))
        ]
        cases.append(
            closed_case(
                organisation=organisation,
                by=case_manager,
                category=rnd.choice(ConcernCategory.values),
                severity=rnd.choice(ConcernSeverity.values),
                extra_concerns=extra,
            )
        )
    mains = [selectors.main_concern(c.concerns.all()) for c in cases]
    subject = closed_case(organisation=organisation, by=case_manager, closed=False)
    for category in ConcernCategory.values:
        for severity in ConcernSeverity.values:
            profile = Profile(category=category, severity=severity, profession="doctor", setting="secondary")
            expected = sum(1 for m in mains if (m.category, m.severity) == (category, severity))
            assert selectors.comparison_for(subject, case_manager, profile).total == expected, (
                category,
                severity,
            )
