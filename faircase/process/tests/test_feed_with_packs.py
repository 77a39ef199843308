"""The calendar feed on deadlines computed from the shipped national policy packs."""

import time_machine
from django.urls import reverse

from faircase.cases.tests.factories import open_case
from faircase.process import feeds
from faircase.process.tests.test_feed_calendar import parse_events
from faircase.process.tests.test_lists_with_packs import NOW, report_shared


@time_machine.travel(NOW, tick=False)
def test_the_feed_carries_the_pack_deadline_with_its_source_and_status(organisation, case_manager, client):
    case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-9")
    key_date = report_shared(case, case_manager)
    _feed, token = feeds.create_feed(by=case_manager)
    response = client.get(reverse("process:deadlines_feed", kwargs={"token": token}))
    assert response.status_code == 200
    (event,) = parse_events(response.content.decode())
    assert event["SUMMARY"] == "RFT-9: Practitioner's comments on the report"
    assert event["DTSTART;VALUE=DATE"] == "20260316"
    assert event["UID"] == f"{case.pk}:practitioner_comments:kd{key_date.pk}@faircase"
    assert "To be confirmed" in event["DESCRIPTION"] and "MHPS Part I" in event["DESCRIPTION"]
