"""The case list and the case page use a number of queries that does not grow with the data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from faircase.cases.tests.factories import open_case
from faircase.framework.tests.test_reviews import complete_review


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_case_list_does_not_grow_with_the_number_of_cases(organisation, case_manager, signed_in):
    client = signed_in(case_manager)
    url = reverse("cases:list")
    for _ in range(3):
        open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    few = _queries(client, url)
    assert few > 3, "the capture must see the page's queries"
    for _ in range(30):
        open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    assert _queries(client, url) == few


def test_the_case_page_does_not_grow_with_reviews_and_follow_ups(case, case_manager, signed_in):
    client = signed_in(case_manager)
    url = reverse("cases:detail", kwargs={"case_id": case.pk})
    complete_review(case, case_manager, overrides={"UI4": "unknown"})
    one = _queries(client, url)
    assert one > 3, "the capture must see the page's queries"
    for point in ("ad_hoc", "ad_hoc", "ad_hoc"):
        complete_review(case, case_manager, point=point, overrides={"WS3": "no", "EP2": "unknown"})
    assert _queries(client, url) == one
