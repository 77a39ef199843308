"""Your deadlines and the overview on deadlines computed from the shipped national policy packs."""

import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from faircase.cases.tests.factories import open_case
from faircase.policy.events import ClockEvent
from faircase.process.models import KeyDate

SHARED_ON = dt.date(2026, 3, 2)  # a Monday; 10 working days later (England, no bank holiday) is 16 March
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def report_shared(case, by, on=SHARED_ON):
    return KeyDate.objects.create(case=case, event=ClockEvent.REPORT_SHARED, on=on, recorded_by=by)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@time_machine.travel(NOW, tick=False)
def test_the_practitioners_comments_deadline_shows_with_its_to_be_confirmed_tag(
    organisation, case_manager, signed_in
):
    case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-9")
    report_shared(case, case_manager)
    html = signed_in(case_manager).get(reverse("process:deadlines_yours")).content.decode()
    assert "RFT-9" in html
    assert (
        "Practitioner&#39;s comments on the report" in html or "Practitioner's comments on the report" in html
    )
    assert "16 March 2026" in html and "6 days left" in html
    assert "To be confirmed" in html
    assert "MHPS Part I" in html


@time_machine.travel(NOW, tick=False)
def test_your_deadlines_and_the_overview_do_not_grow_with_the_number_of_cases(
    organisation, case_manager, signed_in
):
    client = signed_in(case_manager)
    urls = [
        reverse("process:deadlines_yours"),
        reverse("process:deadlines_yours") + "?cases=all",
        reverse("process:deadlines_overview", kwargs={"slug": organisation.slug}),
    ]

    def more_cases(n):
        for _ in range(n):
            case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
            report_shared(case, case_manager)
            report_shared(case, case_manager, on=SHARED_ON - dt.timedelta(days=30))  # overdue by now

    more_cases(3)
    few = [_queries(client, url) for url in urls]
    more_cases(27)
    assert [_queries(client, url) for url in urls] == few
