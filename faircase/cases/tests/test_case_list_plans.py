"""The case list's queries are read in the index's order (ADR 37), asked of each database's planner.

The statements are those the list page really sends (captured), so the test follows the page: on main before
ADR 37 the one list query (organisation OR named case) sorted every visible case (SQLite: "USE TEMP B-TREE FOR
ORDER BY"; PostgreSQL: a Sort node) and this test failed. Now each organisation's part is read by
case_list_newest_first (or its stage twin) with no sort, and the named-case part through CaseMember's index,
sorting only the cases the person is named on. PostgreSQL plans for the data it has; with a few rows a sequential
scan and a sort are cheapest, so the test turns sequential scans off for its transaction (SET LOCAL) to ask what
it would do when they are not.
"""

import json
import re

import pytest
from django.db import connection
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.benchmarks.floor import Statement, capture
from faircase.cases.models import Case, CaseMember
from faircase.cases.tests.factories import open_case

LIST_INDEXES = ("case_list_newest_first", "case_list_stage_newest_first")


@pytest.fixture
def investigator(organisation, case_manager):
    cases = [open_case(organisation=organisation, by=case_manager) for _ in range(4)]
    person = member(organisation, "case_investigator", username="investigator")
    for case in cases[:2]:
        CaseMember.objects.create(case=case, user=person, role="case_investigator")
    return person


def _list_statements(client, query: dict[str, str]) -> list[Statement]:
    response, statements = capture(lambda: client.get(reverse("cases:list"), query))
    assert response.status_code == 200
    return [
        s
        for s in statements
        if s.sql.lstrip().upper().startswith("SELECT")
        and 'FROM "cases_case"' in s.sql
        and "ORDER BY" in s.sql
        and "LIMIT" in s.sql
    ]


def _named_part(statement: Statement) -> bool:
    return '"cases_casemember"' in statement.sql


def _sqlite_plan(statement: Statement) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + statement.sql, statement.params)
        return [row[-1] for row in cursor.fetchall()]


def _postgresql_plan(statement: Statement) -> list[dict]:
    """Every node of the plan, flattened."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement.sql, statement.params)
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    nodes, waiting = [], [plan[0]["Plan"]]
    while waiting:
        node = waiting.pop()
        nodes.append(node)
        waiting += node.get("Plans", [])
    return nodes


QUERIES = [{}, {"stage": "concern_received"}, {"q": "FC-"}]


@pytest.mark.parametrize("query", QUERIES)
def test_sqlite_reads_the_organisations_cases_by_the_index_in_its_order(query, case, case_manager, signed_in):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner; PostgreSQL's is asked below")
    statements = _list_statements(signed_in(case_manager), query)
    by_organisation = [s for s in statements if not _named_part(s)]
    assert by_organisation, "the list reads the organisation's cases as a part of their own"
    for statement in by_organisation:
        plan = " / ".join(_sqlite_plan(statement))
        assert any(index in plan for index in LIST_INDEXES), plan
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
        assert "SCAN cases_case" not in plan.replace("USING INDEX", ""), plan


def test_sqlite_reads_named_cases_through_case_members(investigator, signed_in):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner; PostgreSQL's is asked below")
    statements = [s for s in _list_statements(signed_in(investigator), {}) if _named_part(s)]
    assert statements
    for statement in statements:
        plan = " / ".join(_sqlite_plan(statement))
        assert re.search(r"SEARCH \w+ USING (COVERING )?INDEX cases_casem", plan), plan
        assert "SEARCH cases_case USING INDEX sqlite_autoindex_cases_case_1 (id=?)" in plan, plan


@pytest.mark.parametrize("query", QUERIES)
def test_postgresql_reads_the_organisations_cases_by_the_index_in_its_order(
    query, case, case_manager, signed_in
):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner; SQLite's is asked above")
    statements = _list_statements(signed_in(case_manager), query)
    by_organisation = [s for s in statements if not _named_part(s)]
    assert by_organisation, "the list reads the organisation's cases as a part of their own"
    for statement in by_organisation:
        nodes = _postgresql_plan(statement)
        on_cases = [n for n in nodes if n.get("Relation Name") == "cases_case"]
        assert any(n.get("Index Name") in LIST_INDEXES for n in on_cases), nodes
        assert not any(n["Node Type"] == "Sort" for n in nodes), nodes


def _a_caseload_around(person_cases: list[Case], others: int, colleague) -> None:
    """`others` more cases of the organisation, each with a case manager named on it, and fresh statistics.

    With four cases the planner's choice between walking the list index and probing each case's members, or
    reading the person's own CaseMember rows, turned on how bloated earlier tests had left each index (CI once
    walked the cases and probed one_person_per_case_role). A caseload in which the person is named on few cases
    asks the question the list meets in use."""
    model = person_cases[0]
    clones = Case.objects.bulk_create(
        Case(
            organisation=model.organisation,
            reference=f"FC-BULK-{n:05d}",
            practitioner=model.practitioner,
            policy=model.policy,
            workflow=model.workflow,
            pack_version=model.pack_version,
            stage=model.stage,
            opened_by=model.opened_by,
        )
        for n in range(others)
    )
    CaseMember.objects.bulk_create(CaseMember(case=c, user=colleague, role="case_manager") for c in clones)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")
        cursor.execute("ANALYZE cases_casemember")


def test_postgresql_reads_named_cases_through_case_members(investigator, case_manager, signed_in):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner; SQLite's is asked above")
    named = [m.case for m in CaseMember.objects.filter(user=investigator)]
    _a_caseload_around(named, 400, case_manager)
    statements = [s for s in _list_statements(signed_in(investigator), {}) if _named_part(s)]
    assert statements
    for statement in statements:
        nodes = _postgresql_plan(statement)
        # An index scan, or a bitmap built from the index, of the person's CaseMember rows.
        assert any(n.get("Index Name", "").startswith("cases_casem") for n in nodes), nodes
        assert not any(n.get("Relation Name") == "cases_case" and n["Node Type"] == "Seq Scan" for n in nodes)
