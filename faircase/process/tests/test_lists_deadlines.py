"""Your deadlines, the organisation overview and the failed reminders page.

Most tests feed the pages from a fake deadline source (FakeDeadlines) so each due date is exactly what the test
says; test_lists_real.py runs the same pages on the deadlines computed from the shipped policy packs.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from faircase.accounts.tests.factories import OrganisationFactory, member
from faircase.cases import services as case_services
from faircase.cases.tests.factories import open_case
from faircase.process import clock
from faircase.process import presenters_deadline_lists as lists
from faircase.process.models import Reminder

TODAY = dt.date(2026, 3, 2)  # a Monday
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class FakeRule:
    key: str
    title: str
    reminder_days: tuple[int, ...] = ()
    source: str = "MHPS Part II, paragraph 9"
    status: str = "verified"


@dataclass(frozen=True)
class FakeDeadline:
    key: str
    case_id: Any
    rule: FakeRule
    title: str
    due_on: dt.date
    starts_on: dt.date
    status: str
    met_on: dt.date | None
    verified: bool
    source: str
    detail: str = ""
    restriction_id: Any = None
    period_number: int | None = None


@dataclass
class FakeDeadlines:
    """Stands in for faircase.process.clock.deadlines_for_cases: one query, whatever the number of cases."""

    by_case: dict[Any, list[tuple[FakeRule, dt.date, bool, bool]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    calls: int = 0

    def add(self, case, title, due_on, *, verified=True, done=False, reminder_days=(), key=None):
        rule = FakeRule(
            key=key or title.lower().replace(" ", "_"),
            title=title,
            reminder_days=tuple(reminder_days),
            status="verified" if verified else "to_confirm",
        )
        self.by_case[case.pk].append((rule, due_on, verified, done))

    def __call__(self, cases, *, today):
        self.calls += 1
        found = []
        for case_id in cases.values_list("id", flat=True):
            for rule, due_on, verified, done in self.by_case.get(case_id, []):
                if done:
                    status = "done"
                elif due_on < today:
                    status = "overdue"
                elif due_on <= today + dt.timedelta(days=7):
                    status = "due"
                else:
                    status = "upcoming"
                found.append(
                    FakeDeadline(
                        key=f"{case_id}:{rule.key}:{due_on.isoformat()}",
                        case_id=case_id,
                        rule=rule,
                        title=rule.title,
                        due_on=due_on,
                        starts_on=due_on - dt.timedelta(days=28),
                        status=status,
                        met_on=due_on if done else None,
                        verified=verified,
                        source=rule.source,
                    )
                )
        return found


def install_fake_deadlines(monkeypatch) -> FakeDeadlines:
    fake = FakeDeadlines()
    monkeypatch.setattr(clock, "deadlines_for_cases", fake)
    return fake


@pytest.fixture
def fake_deadlines(monkeypatch):
    return install_fake_deadlines(monkeypatch)


@pytest.fixture
def at_today():
    with time_machine.travel(NOW, tick=False):
        yield


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Wording ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "words"),
    [
        (TODAY, "Due today"),
        (TODAY + dt.timedelta(days=1), "Due tomorrow, 1 day left"),
        (TODAY + dt.timedelta(days=5), "5 days left"),
        (TODAY - dt.timedelta(days=1), "1 day overdue"),
        (TODAY - dt.timedelta(days=12), "12 days overdue"),
    ],
)
def test_days_left_and_overdue_are_said_in_words(due, words):
    assert lists.days_in_words(due, today=TODAY) == words


# --- Your deadlines -------------------------------------------------------------------------------------------


def test_your_deadlines_lists_overdue_and_next_seven_days_soonest_first(
    organisation, case_manager, signed_in, fake_deadlines, at_today
):
    first = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-001"
    )
    second = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-002"
    )
    fake_deadlines.add(first, "Review of formal exclusion", TODAY + dt.timedelta(days=3))
    fake_deadlines.add(second, "Comments on the report", TODAY - dt.timedelta(days=4))
    fake_deadlines.add(second, "Notice of hearing", TODAY + dt.timedelta(days=7), verified=False)
    fake_deadlines.add(first, "Appeal hearing", TODAY + dt.timedelta(days=8))  # beyond the week
    fake_deadlines.add(first, "Investigation report", TODAY - dt.timedelta(days=2), done=True)

    rows = lists.your_deadlines(case_manager, today=TODAY)
    assert [(r.reference, r.title, r.when) for r in rows] == [
        ("RFT-002", "Comments on the report", "4 days overdue"),
        ("RFT-001", "Review of formal exclusion", "3 days left"),
        ("RFT-002", "Notice of hearing", "7 days left"),
    ]
    html = _page(signed_in(case_manager), reverse("process:deadlines_yours"))
    assert (
        html.index("Comments on the report")
        < html.index("Review of formal exclusion")
        < html.index("Notice of hearing")
    )
    assert "Appeal hearing" not in html
    assert "Investigation report" not in html
    assert "4 days overdue" in html and "To be confirmed" in html
    assert f'href="{reverse("cases:detail", kwargs={"case_id": second.pk})}"' in html
    assert "9 March 2026" in html


def test_only_the_notice_deadline_carries_the_to_be_confirmed_tag(
    organisation, case_manager, fake_deadlines, at_today
):
    case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    fake_deadlines.add(case, "Verified one", TODAY + dt.timedelta(days=1))
    fake_deadlines.add(case, "Unverified one", TODAY + dt.timedelta(days=2), verified=False)
    tags = {r.title: [t["text"] for t in r.tags] for r in lists.your_deadlines(case_manager, today=TODAY)}
    assert tags == {"Verified one": ["Due soon"], "Unverified one": ["Due soon", "To be confirmed"]}


def test_by_default_only_cases_you_are_named_on_and_the_toggle_shows_all_you_can_see(
    organisation, case_manager, signed_in, fake_deadlines, at_today
):
    colleague = member(organisation, "case_manager", username="cm2", full_name="Colm Colleague")
    mine = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, reference="MINE-1"
    )
    theirs = open_case(organisation=organisation, by=colleague, case_manager=colleague, reference="THEIRS-1")
    fake_deadlines.add(mine, "My deadline", TODAY + dt.timedelta(days=2))
    fake_deadlines.add(theirs, "Their deadline", TODAY + dt.timedelta(days=2))
    client = signed_in(case_manager)

    named = _page(client, reverse("process:deadlines_yours"))
    assert "My deadline" in named and "Their deadline" not in named
    assert "?cases=all" in named
    everything = _page(client, reverse("process:deadlines_yours") + "?cases=all")
    assert "My deadline" in everything and "Their deadline" in everything


def test_all_cases_never_shows_other_organisations_conflicts_or_closed_cases(
    organisation, case_manager, fake_deadlines, at_today
):
    other = OrganisationFactory(slug="elsewhere")
    outsider = member(other, "case_manager", username="out")
    colleague = member(organisation, "case_manager", username="cm2")
    foreign = open_case(organisation=other, by=outsider, case_manager=outsider, reference="FOREIGN")
    conflicted = open_case(
        organisation=organisation, by=colleague, case_manager=colleague, reference="CONFLICT"
    )
    case_services.exclude_for_conflict(
        case=conflicted, user=case_manager, reason="Is a relative", by=colleague
    )
    visible = open_case(organisation=organisation, by=colleague, case_manager=colleague, reference="VISIBLE")
    fake_deadlines.add(foreign, "Foreign deadline", TODAY)
    fake_deadlines.add(conflicted, "Conflicted deadline", TODAY)
    fake_deadlines.add(visible, "Visible deadline", TODAY)
    closed = open_case(organisation=organisation, by=colleague, case_manager=colleague, reference="CLOSED")
    closed.closed_at = timezone.now()
    closed.save(update_fields=["closed_at"])
    fake_deadlines.add(closed, "Closed deadline", TODAY)

    rows = lists.your_deadlines(case_manager, today=TODAY, everything=True)
    assert [r.reference for r in rows] == ["VISIBLE"]


def test_someone_named_on_no_case_sees_an_empty_list(organisation, signed_in, fake_deadlines, at_today):
    investigator = member(organisation, "case_investigator", username="inv")
    html = _page(signed_in(investigator), reverse("process:deadlines_yours"))
    assert "Nothing is overdue or due in the next 7 days." in html


def test_the_list_needs_a_sign_in(client):
    response = client.get(reverse("process:deadlines_yours"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_your_deadlines_uses_the_same_number_of_queries_for_3_or_30_cases(
    organisation, case_manager, signed_in, fake_deadlines, at_today
):
    client = signed_in(case_manager)
    url = reverse("process:deadlines_yours") + "?cases=all"

    def more_cases(n):
        for _ in range(n):
            case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
            fake_deadlines.add(case, "Review", TODAY + dt.timedelta(days=1))
            fake_deadlines.add(case, "Report", TODAY - dt.timedelta(days=1), verified=False)

    more_cases(3)
    few = _queries(client, url)
    more_cases(27)
    assert _queries(client, url) == few


# --- Organisation overview ------------------------------------------------------------------------------------


def test_overview_counts_deadlines_and_open_cases_by_stage(
    organisation, case_manager, signed_in, fake_deadlines, at_today
):
    one = open_case(organisation=organisation, by=case_manager, case_manager=case_manager, reference="ONE")
    two = open_case(organisation=organisation, by=case_manager, case_manager=case_manager, reference="TWO")
    fake_deadlines.add(one, "Overdue thing", TODAY - dt.timedelta(days=3))
    fake_deadlines.add(one, "This week thing", TODAY + dt.timedelta(days=6))
    fake_deadlines.add(two, "Another this week", TODAY)
    fake_deadlines.add(two, "Later thing", TODAY + dt.timedelta(days=30), verified=False)
    fake_deadlines.add(two, "Done thing", TODAY - dt.timedelta(days=30), done=True)

    overview = lists.organisation_overview(case_manager, organisation, today=TODAY)
    assert (overview.overdue, overview.due_this_week, overview.upcoming, overview.open_cases) == (1, 2, 1, 2)
    assert overview.to_confirm == 1
    assert overview.stages == [(one.stage_name, 2)]
    assert [r.title for r in overview.overdue_rows] == ["Overdue thing"]

    html = _page(
        signed_in(case_manager), reverse("process:deadlines_overview", kwargs={"slug": organisation.slug})
    )
    assert "Overdue thing" in html and "This week thing" not in html
    assert one.stage_name in html


@pytest.mark.parametrize("role", ["case_manager", "responsible_officer", "board_member", "auditor"])
def test_overview_is_open_to_oversight_roles(organisation, signed_in, fake_deadlines, at_today, role):
    person = member(organisation, role, username=f"p-{role}")
    assert (
        signed_in(person)
        .get(reverse("process:deadlines_overview", kwargs={"slug": organisation.slug}))
        .status_code
        == 200
    )


@pytest.mark.parametrize("role", ["case_investigator", "hr_adviser", "equality_analyst", "org_admin"])
def test_overview_is_404_for_other_roles(organisation, signed_in, role):
    person = member(organisation, role, username=f"p-{role}")
    response = signed_in(person).get(
        reverse("process:deadlines_overview", kwargs={"slug": organisation.slug})
    )
    assert response.status_code == 404


def test_overview_of_another_organisation_is_404(organisation, case_manager, signed_in):
    other = OrganisationFactory(slug="elsewhere")
    client = signed_in(case_manager)
    assert client.get(reverse("process:deadlines_overview", kwargs={"slug": other.slug})).status_code == 404
    assert (
        client.get(reverse("process:deadlines_overview", kwargs={"slug": "no-such-org"})).status_code == 404
    )


def test_board_member_sees_every_overdue_deadline_but_links_only_cases_they_can_open(
    organisation, case_manager, signed_in, fake_deadlines, at_today
):
    board = member(organisation, "board_member", username="board")
    overseen = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, reference="OVERSEEN"
    )
    case_services.name_person(case=overseen, user=board, role="board_member", by=case_manager)
    other = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, reference="OTHER"
    )
    fake_deadlines.add(overseen, "Overseen review", TODAY - dt.timedelta(days=1))
    fake_deadlines.add(other, "Other review", TODAY - dt.timedelta(days=2))

    rows = {
        r.reference: r for r in lists.organisation_overview(board, organisation, today=TODAY).overdue_rows
    }
    assert rows["OVERSEEN"].case_url == reverse("cases:detail", kwargs={"case_id": overseen.pk})
    assert rows["OTHER"].case_url == ""


def test_overview_leaves_out_cases_the_user_is_excluded_from(
    organisation, case_manager, fake_deadlines, at_today
):
    colleague = member(organisation, "case_manager", username="cm2")
    conflicted = open_case(organisation=organisation, by=colleague, case_manager=colleague)
    case_services.exclude_for_conflict(
        case=conflicted, user=case_manager, reason="Close friend", by=colleague
    )
    fake_deadlines.add(conflicted, "Hidden review", TODAY - dt.timedelta(days=1))
    overview = lists.organisation_overview(case_manager, organisation, today=TODAY)
    assert (overview.overdue, overview.open_cases, overview.overdue_rows) == (0, 0, [])


def test_overview_uses_the_same_number_of_queries_for_3_or_30_cases(
    organisation, case_manager, signed_in, fake_deadlines, at_today
):
    client = signed_in(case_manager)
    url = reverse("process:deadlines_overview", kwargs={"slug": organisation.slug})

    def more_cases(n):
        for _ in range(n):
            case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
            fake_deadlines.add(case, "Review", TODAY - dt.timedelta(days=1))

    more_cases(3)
    few = _queries(client, url)
    more_cases(27)
    assert _queries(client, url) == few


# --- Failed reminders page ----------------------------------------------------------------------------------


def _failed(case, recipient, *, attempts, title="Review of formal exclusion"):
    return Reminder.objects.create(
        case=case,
        deadline_key=f"{case.pk}:review:{attempts}",
        title=title,
        due_on=TODAY,
        kind="before",
        lead_days=1,
        recipient=recipient,
        status=Reminder.Status.FAILED,
        attempts=attempts,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )


def test_case_managers_see_failed_reminders_of_their_organisations(
    organisation, case, case_manager, signed_in
):
    other = OrganisationFactory(slug="elsewhere")
    outsider = member(other, "case_manager", username="out")
    foreign = open_case(organisation=other, by=outsider, case_manager=outsider, reference="FOREIGN")
    _failed(case, case_manager, attempts=2)
    _failed(foreign, outsider, attempts=5, title="Foreign review")
    Reminder.objects.create(
        case=case,
        deadline_key="sent-one",
        title="Sent reminder",
        due_on=TODAY,
        kind="before",
        lead_days=7,
        recipient=case_manager,
        status=Reminder.Status.SENT,
        attempts=1,
    )

    html = _page(signed_in(case_manager), reverse("process:deadlines_failed_reminders"))
    assert case.reference in html and "Review of formal exclusion" in html
    assert "Connection unexpectedly closed" in html and "Will retry" in html
    assert "Foreign review" not in html and "Sent reminder" not in html

    outsider_html = _page(signed_in(outsider), reverse("process:deadlines_failed_reminders"))
    assert "Foreign review" in outsider_html and "Gave up" in outsider_html


@pytest.mark.parametrize("role", ["responsible_officer", "case_investigator", "board_member", "auditor"])
def test_failed_reminders_page_is_404_for_anyone_but_case_managers(organisation, signed_in, role):
    person = member(organisation, role, username=f"p-{role}")
    assert signed_in(person).get(reverse("process:deadlines_failed_reminders")).status_code == 404
