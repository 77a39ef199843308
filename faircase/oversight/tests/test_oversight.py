"""The oversight page on a hand-worked example, who may see it, and each figure against the page it links to.

Riverside, on Wednesday 10 March 2027 (London):

  A  opened 1 Feb 2027 (37 days: under 3 months); its commencement review done.
  B  opened 1 Jun 2026 (282 days: 6 to 12 months); a formal exclusion from 1 Feb 2027, its first period to
     28 Feb (four weeks, the first day counted) not reviewed: 38 days excluded, the review due 28 February is
     overdue and still the next one due. Bea, a board member, is named on it as the designated board member,
     so she may open it (and no other case).
  C  opened 1 Mar 2027 (9 days: under 3 months). Xavier, another board member, is kept away from it (a conflict
     of interest).

  Every case is at "Concern received", managed by Nora. Reviews needed: 3 at commencement (1 done), 1 at the
  restriction review point (not done). Trends: 1 case opened April to June 2026, 2 January to March 2027, and one
  exclusion begun January to March 2027; nothing closed.
"""

import datetime as dt
import itertools
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from faircase.accounts.models import Membership
from faircase.accounts.tests.factories import OrganisationFactory, member
from faircase.cases import selectors as case_selectors
from faircase.cases import services as case_services
from faircase.cases.tests.factories import PractitionerFactory, open_case
from faircase.core import catalogues
from faircase.core.formatting import nhs_date
from faircase.core.models import AuditEvent
from faircase.core.navigation import navigation
from faircase.equality import presenters_report, reports
from faircase.equality.tests.report_helpers import baselines, historic
from faircase.framework import services as framework_services
from faircase.oversight import presenters, services
from faircase.oversight.rules import AGE_BANDS, age_band
from faircase.practitioners.models import PractitionerAccount
from faircase.process import clock, returns
from faircase.process import presenters_deadline_lists as deadline_lists
from faircase.process import services as process_services
from faircase.records.tests.factories import answer_all

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2027, 3, 10)
D = dt.date


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _page(client, user, slug="riverside"):
    client.force_login(user)
    return client.get(reverse("oversight:organisation", kwargs={"org_slug": slug}))


def _opened(day):
    return dt.datetime(day.year, day.month, day.day, 9, tzinfo=LONDON)


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2027, 3, 10, 12, tzinfo=LONDON), tick=False):
        yield TODAY


@pytest.fixture
def world(organisation, today):
    nora = member(organisation, "case_manager", username="nora", full_name="Nora Fictional")
    bea = member(organisation, "board_member", username="bea", full_name="Bea Fictional")
    xavier = member(organisation, "board_member", username="xavier", full_name="Xavier Fictional")
    cases = {
        key: open_case(
            organisation=organisation,
            by=nora,
            case_manager=nora,
            reference=f"RFT-{key}",
            opened_at=_opened(opened),
            practitioner=PractitionerFactory(organisation=organisation, full_name=f"Dr Imaginary {key}"),
        )
        for key, opened in (("A", D(2027, 2, 1)), ("B", D(2026, 6, 1)), ("C", D(2027, 3, 1)))
    }
    answer_all(
        framework_services.start_review(case=cases["A"], review_point="commencement", by=nora), by=nora
    )
    case_services.name_person(case=cases["B"], user=bea, role="board_member", by=nora)
    case_services.exclude_for_conflict(
        case=cases["C"], user=xavier, reason="Trained the practitioner", by=nora
    )
    advice = process_services.record_advice_contact(
        case=cases["B"],
        contacted_on=D(2027, 2, 1),
        adviser="A. Adviser",
        question="Exclude?",
        advice="Yes.",
        by=nora,
    )
    process_services.record_restriction(
        case=cases["B"],
        kind="formal_exclusion",
        started_on=D(2027, 2, 1),
        terms="Off duty.",
        reasons="Protect patients.",
        advice_contact=advice,
        by=nora,
    )
    return {"nora": nora, "bea": bea, "xavier": xavier, **cases}


# ---- rules ------------------------------------------------------------------------------------------------------


def test_age_bands_follow_on_from_each_other_without_a_gap():
    assert [age_band(days).label for days in (0, 90, 91, 182, 183, 365, 366, 5000)] == [
        "Under 3 months",
        "Under 3 months",
        "3 to 6 months",
        "3 to 6 months",
        "6 to 12 months",
        "6 to 12 months",
        "Over 12 months",
        "Over 12 months",
    ]
    assert AGE_BANDS[-1].up_to_days is None


def test_the_clocks_quarters_run_back_two_years_from_the_one_today_is_in():
    quarters = clock.quarters_ending(D(2027, 3, 10), 8)
    assert quarters[0] == (D(2025, 4, 1), D(2025, 6, 30))
    assert quarters[-1] == (D(2027, 1, 1), D(2027, 3, 31))
    assert all(clock.day_after(a[1]) == b[0] for a, b in itertools.pairwise(quarters))
    assert clock.quarters_ending(D(2027, 12, 31), 1) == [(D(2027, 10, 1), D(2027, 12, 31))]


# ---- the hand-worked figures -------------------------------------------------------------------------------------


def test_the_case_manager_sees_the_hand_worked_figures(world, organisation, today, monkeypatch):
    figures = services.read_oversight(organisation=organisation, by=world["nora"], today=today)

    [stage] = figures.stages
    assert stage.name == "Concern received"
    assert stage.by_band == {
        "Under 3 months": 2,
        "3 to 6 months": 0,
        "6 to 12 months": 1,
        "Over 12 months": 0,
    }

    [exclusion] = figures.in_force
    assert (exclusion.reference, exclusion.kind, exclusion.first_day) == (
        "RFT-B",
        "Formal exclusion",
        D(2027, 2, 1),
    )
    assert (exclusion.days_counted, exclusion.next_review_due) == (38, D(2027, 2, 28))

    adherence = {a.review_point: (a.required, a.done) for a in figures.adherence}
    assert adherence == {"commencement": (3, 1), "restriction": (1, 0)}
    assert presenters.share_text(1, 3) == "1 of 3 (33.3%)"
    # The cases missing a review, by reference; past the first few, how many more.
    monkeypatch.setattr(presenters, "MISSING_LISTED", 1)
    commencement, restriction = presenters.missing_reviews(figures)
    assert (commencement["count"], commencement["more"]) == ("2 reviews", "and 1 other case")
    assert "RFT-B" in commencement["cases"] and "RFT-C" not in commencement["cases"]
    assert (restriction["count"], restriction["more"]) == ("1 review", "")

    by_quarter = {q.first: (q.opened, q.closed, q.exclusions_started) for q in figures.quarters}
    assert len(by_quarter) == 8
    assert by_quarter[D(2026, 4, 1)] == (1, 0, 0)
    assert by_quarter[D(2027, 1, 1)] == (2, 0, 1)
    assert sum(sum(v) for v in by_quarter.values()) == 4
    chart = presenters.trend_chart(figures)
    assert "cases opened: 3; cases closed: 0; exclusions begun: 1" in chart.description
    assert len({line.end[1] for line in chart.lines}) == 3  # no label drawn over another

    assert [o.owner for o in figures.overdue_owners] == ["Nora Fictional"]
    assert figures.overdue_owners[0].overdue == len(figures.overdue_rows) >= 1
    assert any(row.reference == "RFT-B" and row.due_on == D(2027, 2, 28) for row in figures.overdue_rows)
    assert figures.reads_equality is False and figures.equality is None


def test_each_figure_is_the_one_on_the_page_it_links_to(world, organisation, today, client):
    nora = world["nora"]
    figures = services.read_oversight(organisation=organisation, by=nora, today=today)
    page = _page(client, nora)
    html = page.content.decode()

    # Open cases at a stage: the filtered case list, which shows the same cases.
    [stage] = figures.stages
    href = presenters.case_list_url(organisation, stage=stage.code)
    assert href.replace("&", "&amp;") in html
    listed = case_selectors.case_list(nora, organisation=organisation, stage=stage.code)
    assert listed.count() == stage.total == 3
    listing = client.get(href).content.decode()
    assert all(f"RFT-{key}" in listing for key in "ABC")

    # Exclusions in force: the monthly return's episode, from the same clock.
    document = returns.build_return(organisation=organisation, month=returns.Month(2027, 3), by=nora)
    [row] = document.rows
    [in_force] = figures.in_force
    assert (row.reference, row.episode_start, row.days_excluded, row.next_review_due) == (
        in_force.reference,
        in_force.first_day,
        in_force.days_counted,
        in_force.next_review_due,
    )
    assert reverse("process:restriction_return", kwargs={"org_slug": "riverside"}) in html

    # Overdue work: the deadlines overview's overdue deadlines.
    overview = deadline_lists.organisation_overview(nora, organisation, today=today)
    assert overview.overdue == len(figures.overdue_rows) == sum(o.overdue for o in figures.overdue_owners)
    assert reverse("process:deadlines_overview", kwargs={"slug": "riverside"}) in html
    overview_page = client.get(reverse("process:deadlines_overview", kwargs={"slug": "riverside"}))
    assert all(r.reference in _text(overview_page) for r in figures.overdue_rows)

    # The open cases are the deadlines overview's too.
    assert overview.open_cases == sum(s.total for s in figures.stages)

    # Cases opened in a quarter: the case list of the cases opened on those days, which shows as many.
    busy = [q for q in figures.quarters if q.opened]
    assert busy
    for quarter in busy:
        href = presenters.trend_href(figures, quarter, "opened")
        assert href.replace("&", "&amp;") in html
        listing = client.get(href).content.decode()
        assert (
            f"{quarter.opened} case" in listing and f"Cases opened from {nhs_date(quarter.first)}" in listing
        )
        listed = case_selectors.case_list(
            nora, organisation=organisation, opened=(quarter.first, quarter.last)
        )
        assert listed.count() == quarter.opened


def test_a_conflicted_board_member_never_counts_the_case_they_are_kept_from(
    world, organisation, today, client
):
    full = services.read_oversight(organisation=organisation, by=world["nora"], today=today)
    kept = services.read_oversight(organisation=organisation, by=world["xavier"], today=today)

    # Every figure leaves case C out, and nothing else: none can be set against another to find it.
    assert kept.stages[0].by_band == {**full.stages[0].by_band, "Under 3 months": 1}
    assert kept.in_force == full.in_force  # C has no restriction
    assert {a.review_point: (a.required, a.done) for a in kept.adherence} == {
        "commencement": (2, 1),
        "restriction": (1, 0),
    }
    assert [q.opened for q in kept.quarters][-1] == 1
    assert world["C"].pk not in kept.references
    c_deadlines = [r for r in full.overdue_rows if r.case_id == world["C"].pk]
    assert len(kept.overdue_rows) == len(full.overdue_rows) - len(c_deadlines)
    assert "RFT-C" not in _text(_page(client, world["xavier"]))


def test_a_responsible_officer_never_counts_a_case_about_themselves(world, organisation, today, client):
    officer = member(organisation, "responsible_officer", full_name="Dr Imaginary B")
    PractitionerAccount.objects.create(user=officer, practitioner=world["B"].practitioner)
    own = services.read_oversight(organisation=organisation, by=officer, today=today)
    assert sum(s.total for s in own.stages) == 2
    assert own.in_force == []  # B's exclusion is about them
    assert world["B"].pk not in own.references
    assert "RFT-B" not in _text(_page(client, officer))


def test_a_board_member_gets_links_only_to_the_cases_they_may_open(world, client):
    page = _page(client, world["bea"])
    html = page.content.decode()
    text = _text(page)
    assert page.status_code == 200
    # Counts and references, as the deadlines overview and the monthly return show them to her.
    assert "3 open cases" in text and "RFT-C" in text
    case_links = set(re.findall(r'href="/cases/([0-9a-f-]{36})/"', html))
    assert case_links == {str(world["B"].pk)}  # in force, and missing reviews
    assert "/cases/?org=" not in html  # no filtered list: it would show her fewer cases than the count
    for case_id in case_links:
        assert client.get(reverse("cases:detail", kwargs={"case_id": case_id})).status_code == 200
    for key in "AC":
        assert client.get(reverse("cases:detail", kwargs={"case_id": world[key].pk})).status_code == 404


# ---- who may see it ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("case_manager", 200),
        ("responsible_officer", 200),
        ("board_member", 200),
        ("auditor", 200),
        ("equality_analyst", 404),
        ("org_admin", 404),
        ("hr_adviser", 404),
        ("case_investigator", 404),
    ],
)
def test_those_who_oversee_the_organisation_see_the_page_and_nobody_else(organisation, client, role, status):
    person = member(organisation, role)
    assert _page(client, person).status_code == status
    client.force_login(person)
    index = client.get(reverse("oversight:index"))
    assert index.status_code == (302 if status == 200 else 404)


def test_another_organisation_and_a_practitioner_get_404(organisation, other_organisation, client):
    outsider = member(other_organisation, "board_member")
    assert _page(client, outsider).status_code == 404
    practitioner = member(OrganisationFactory(), "case_investigator")
    PractitionerAccount.objects.create(
        user=practitioner, practitioner=PractitionerFactory(organisation=organisation)
    )
    assert _page(client, practitioner).status_code == 404
    client.logout()
    assert client.get(reverse("oversight:organisation", kwargs={"org_slug": "riverside"})).status_code == 302


def test_someone_who_oversees_two_organisations_chooses_one(organisation, other_organisation, client):
    person = member(organisation, "responsible_officer")
    Membership.objects.create(user=person, organisation=other_organisation, role="auditor")
    client.force_login(person)
    text = _text(client.get(reverse("oversight:index")))
    assert "Riverside Fictional NHS Trust" in text and "Hillside Fictional Health Board" in text
    assert _page(client, person, slug="hillside").status_code == 200


def test_reading_the_page_is_audited(organisation, client):
    reader = member(organisation, "responsible_officer")
    _page(client, reader)
    event = AuditEvent.objects.filter(action="oversight.viewed").get()
    assert (event.actor_id, event.object_id) == (reader.pk, "riverside")


def test_the_navigation_offers_oversight_and_survey_results_to_those_who_may_see_them(organisation, rf):
    def items(role):
        request = rf.get("/")
        request.user = member(organisation, role)
        return [item["text"] for item in navigation(request)]

    board = items("board_member")
    assert "Oversight" in board and "Survey results" in board
    auditor = items("auditor")
    assert "Oversight" in auditor and "Survey results" not in auditor
    analyst = items("equality_analyst")
    assert "Oversight" not in analyst and "Survey results" in analyst


# ---- the published equality figures ------------------------------------------------------------------------------


def test_the_equality_figures_are_the_published_reports_never_the_small_numbers(organisation, client):
    # White 17 of 2,430 and black 9 of 750 entered formal investigation; mixed 3 of 40: a small number.
    baselines(
        organisation, {"white": 2430, "mixed": 40, "asian": 600, "black": 750, "other": 30, "not_stated": 150}
    )
    historic(organisation, 17, ethnicity="white", formal_investigation=True)
    historic(organisation, 9, ethnicity="black", formal_investigation=True)
    historic(organisation, 3, ethnicity="mixed", formal_investigation=True)
    board = member(organisation, "board_member")
    analyst = member(organisation, "equality_analyst")  # sees small numbers in the equality area, not here
    page = _page(client, board)
    published = reports.build_report(
        organisations=[organisation], period="2025-26", publish=True, **services.EQUALITY_CHOICES
    )
    figures = services.read_oversight(organisation=organisation, by=board, today=timezone.localdate())
    table = presenters.equality_table(figures)
    expected = [presenters_report.row_view(g) for g in published.groups]
    assert [[c["text"] for c in row[:4]] for row in table.rows[:-1]] == [
        [v.label, v.headcount, v.entrants, v.rate] for v in expected
    ]
    mixed = next(v for v in expected if v.group == "mixed")
    assert mixed.suppressed and mixed.entrants != "3"
    text = _text(page)
    assert "Mixed" in text and " 3 " not in text.split("Equality figures")[1].split("Trends")[0]

    # The link opens the published report, with the same figures.
    href = presenters.equality_url(figures)
    assert href.replace("&", "&amp;") in page.content.decode()
    report_page = client.get(href)
    assert report_page.status_code == 200
    white = next(v for v in expected if v.group == "white")
    assert white.entrants in _text(report_page)
    assert _page(client, analyst).status_code == 404  # the analyst does not oversee cases


# ---- in Welsh ---------------------------------------------------------------------------------------------------


def test_the_page_reads_in_welsh_for_someone_who_chose_welsh(world, client):
    nora = world["nora"]
    nora.language = "cy"
    nora.save(update_fields=["language"])
    page = _page(client, nora)
    html = page.content.decode()
    text = _text(page)
    assert 'lang="cy"' in html
    assert "<h1>Trosolwg</h1>" in html
    assert "Achosion agored yn ôl cam ac oed" in text
    assert "3 achos agored." in text
    assert "Llai na 3 mis" in text
    assert "10 Mawrth 2027" in text  # the date in Welsh
    assert "Ion\u2013Maw 2027" in text  # the quarters with Welsh months, an en dash between
    for english in (
        "Open cases by stage and age",
        "Framework adherence",
        "Under 3 months",
        "Jan to Mar 2027",
    ):
        assert english not in text


def test_the_oversight_app_has_welsh_for_every_message():
    assert "oversight" not in catalogues.missing()
