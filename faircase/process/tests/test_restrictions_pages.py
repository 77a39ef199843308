"""The case page's restrictions section and the record pages, with time under control."""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.framework import services as framework_services
from faircase.process import services
from faircase.process.models import AdviceContact, Restriction
from faircase.process.presenters_restrictions import case_restrictions_context
from faircase.records.tests.factories import answer_all

LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=12):
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=LONDON), tick=False)


def _date(prefix, value):
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


def _formal(case, by, started_on=dt.date(2027, 1, 4), criminal=False):
    contact = services.record_advice_contact(
        case=case,
        contacted_on=started_on,
        adviser="A. Adviser",
        question="Exclude?",
        advice="Yes, for 4 weeks.",
        by=by,
    )
    return services.record_restriction(
        case=case,
        kind="formal_exclusion",
        started_on=started_on,
        terms="No clinical duties.",
        reasons="Risk to patients.",
        by=by,
        advice_contact=contact,
        criminal_investigation=criminal,
    )


def _renew(restriction, by, on):
    period = restriction.periods.order_by("-number").first()
    review = answer_all(
        framework_services.start_review(case=restriction.case, review_point="restriction", by=by), by=by
    )
    return services.review_period(
        period=period, reviewed_on=on, outcome="Still needed.", continues=True, review=review, by=by
    )


def _section(case, user, today):
    """The three case page sections that share the restrictions presenter: restrictions, advice, referrals."""
    context = case_restrictions_context(case, user, today)
    partials = ("_case_restrictions", "_case_advice", "_case_referrals")
    return context, "".join(
        render_to_string(f"process/{p}.jinja", {"restrictions": context}) for p in partials
    )


@pytest.mark.django_db
def test_an_unreviewed_period_past_its_end_warns_of_the_right_to_return(case, case_manager):
    with at(2027, 1, 10):
        _formal(case, case_manager)
    context, html = _section(case, case_manager, dt.date(2027, 1, 31))
    assert context["live"][0].overdue == ""
    assert "right to return" not in html
    assert "31 January 2027" in html  # the review due date
    context, html = _section(case, case_manager, dt.date(2027, 2, 1))
    line = context["live"][0]
    assert "right to return to work" in line.overdue
    assert "nhsuk-card--warning" in html and "has a right to return to work" in html
    assert "Review overdue" in html


@pytest.mark.django_db
def test_the_third_period_shows_advice_and_the_report_to_the_chief_executive_from_the_pack(
    case, case_manager
):
    with at(2027, 1, 10):
        restriction = _formal(case, case_manager)
    with at(2027, 1, 30):
        _renew(restriction, case_manager, dt.date(2027, 1, 30))
    context, html = _section(case, case_manager, dt.date(2027, 2, 5))
    assert not [d for d in context["live"][0].dates if "three periods" in d.title]
    assert "chief executive" not in html
    with at(2027, 2, 27):
        _renew(restriction, case_manager, dt.date(2027, 2, 27))
    context, html = _section(case, case_manager, dt.date(2027, 3, 2))
    line = context["live"][0]
    assert line.current.number == 3
    dates = {d.title: d.due_on for d in line.dates}
    # Period 3 runs from 1 to 28 March: Advice is due before the exclusion goes beyond it.
    assert dates[
        "Contact Practitioner Performance Advice before the exclusion goes beyond three periods (12 weeks)"
    ] == ("28 March 2027")
    assert dates["Report to the chief executive and board at the third review"] == "28 March 2027"
    assert "Report to the chief executive and board at the third review" in html


@pytest.mark.django_db
def test_the_six_month_mark_is_shown_and_warned_once_passed(case, case_manager):
    with at(2027, 1, 10):
        _formal(case, case_manager)
    context, html = _section(case, case_manager, dt.date(2027, 7, 3))
    line = context["live"][0]
    assert [d.due_on for d in line.dates if d.title == "Six months of exclusion"] == ["3 July 2027"]
    assert not line.warnings
    assert "Six months of exclusion" in html and "has passed six months" not in html
    context, html = _section(case, case_manager, dt.date(2027, 7, 4))
    assert "Six months of exclusion" in [w.title for w in context["live"][0].warnings]
    assert "has passed six months" in html


@pytest.mark.django_db
def test_during_a_criminal_investigation_the_panel_shows_the_six_monthly_review_not_the_warning(
    case, case_manager
):
    with at(2027, 1, 10):
        _formal(case, case_manager, criminal=True)
    context, html = _section(case, case_manager, dt.date(2027, 8, 1))
    line = context["live"][0]
    assert "Six months of exclusion" not in [w.title for w in line.warnings]
    assert "has passed six months" not in html
    assert [d.due_on for d in line.dates if d.title.startswith("Six months of exclusion during")] == [
        "3 January 2028"
    ]
    assert "still reviewed at least every six months" in html


@pytest.mark.django_db
def test_the_section_lists_decisions_advice_actions_referrals_and_past_restrictions(case, case_manager):
    with at(2027, 1, 10):
        restriction = services.record_restriction(
            case=case,
            kind="restriction",
            started_on=dt.date(2027, 1, 4),
            terms="Supervised prescribing.",
            reasons="Errors.",
            by=case_manager,
        )
        services.end_restriction(
            restriction=restriction,
            ended_on=dt.date(2027, 1, 9),
            end_reason="Audit showed safe prescribing.",
            by=case_manager,
        )
        services.record_decision_not_to_exclude(
            case=case,
            decided_on=dt.date(2027, 1, 3),
            considered="formal_exclusion",
            reasons="Restrictions suffice.",
            by=case_manager,
        )
        contact = services.record_advice_contact(
            case=case,
            contacted_on=dt.date(2027, 1, 2),
            adviser="A. Adviser",
            question="Exclude?",
            advice="Restrict instead.",
            by=case_manager,
        )
        services.add_advice_action(
            advice=contact,
            action="Send the supervision plan to Advice.",
            owner=case_manager,
            due_on=dt.date(2027, 1, 8),
            by=case_manager,
        )
    context, html = _section(case, case_manager, dt.date(2027, 1, 10))
    assert context["live"] == [] and len(context["past"]) == 1
    assert "Audit showed safe prescribing." in html
    assert "Restrictions suffice." in html
    assert "Send the supervision plan to Advice." in html and "Overdue" in html
    assert "No referral to a regulator is recorded." in html


# ---- pages ----


@pytest.mark.django_db
def test_a_case_manager_records_a_formal_exclusion_and_reviews_it_through_the_pages(
    case, case_manager, signed_in
):
    client = signed_in(case_manager)
    kwargs = {"case_id": case.pk}
    with at(2027, 1, 10):
        client.force_login(case_manager)
        page = client.get(
            reverse("process:restriction_new_kind", kwargs={**kwargs, "kind": "formal_exclusion"})
        )
        assert "Advice must be consulted before formal exclusion" in page.content.decode()
        refused = client.post(
            reverse("process:restriction_new_kind", kwargs={**kwargs, "kind": "formal_exclusion"}),
            {
                **_date("started_on", dt.date(2027, 1, 4)),
                "terms": "No clinical duties.",
                "reasons": "Risk.",
                "criminal_investigation": "no",
                "advice_contact": "none",
            },
        )
        assert refused.status_code == 200
        assert "Advice must be consulted before formal exclusion: choose" in refused.content.decode()
        assert not Restriction.objects.exists()
        client.post(
            reverse("process:restriction_advice_new", kwargs=kwargs),
            {
                **_date("contacted_on", dt.date(2027, 1, 4)),
                "adviser": "A. Adviser",
                "question": "Exclude?",
                "advice": "Yes.",
            },
        )
        contact = AdviceContact.objects.get()
        saved = client.post(
            reverse("process:restriction_new_kind", kwargs={**kwargs, "kind": "formal_exclusion"}),
            {
                **_date("started_on", dt.date(2027, 1, 4)),
                "terms": "No clinical duties.",
                "reasons": "Risk.",
                "criminal_investigation": "no",
                "advice_contact": str(contact.pk),
            },
        )
        assert saved.status_code == 302
    restriction = Restriction.objects.get()
    review_url = reverse(
        "process:restriction_review", kwargs={**kwargs, "restriction_id": restriction.pk, "number": 1}
    )
    with at(2027, 1, 29):
        client.force_login(case_manager)
        page = client.get(review_url)
        assert "Take a framework review" in page.content.decode()
        review = answer_all(
            framework_services.start_review(case=case, review_point="restriction", by=case_manager),
            by=case_manager,
        )
        done = client.post(
            review_url,
            {
                **_date("reviewed_on", dt.date(2027, 1, 29)),
                "review": str(review.pk),
                "outcome": "Reasons still stand.",
                "continues": "yes",
            },
        )
        assert done.status_code == 302, done.content.decode()[:2000]
        assert restriction.periods.count() == 2
        detail = client.get(
            reverse("process:restriction_detail", kwargs={**kwargs, "restriction_id": restriction.pk})
        )
        assert "Reviewed on time" in detail.content.decode()


@pytest.mark.django_db
def test_a_referral_form_shows_the_refusal_beside_the_unanswered_question(case, case_manager, signed_in):
    client = signed_in(case_manager)
    response = client.post(
        reverse("process:restriction_referral_new", kwargs={"case_id": case.pk}),
        {
            "regulator": "gmc",
            **_date("referred_on", dt.date(2026, 11, 20)),
            "reasons": "Errors.",
            "systemic_factors": "Rota reviewed.",
            "induction": "Completed.",
            "impartial_check": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Answer the fairness question: who checked the decision impartially" in html
    assert "nhsuk-error-summary" in html


def _case_urls(case, restriction, contact, action):
    kwargs = {"case_id": case.pk}
    return [
        reverse("process:restriction_new", kwargs=kwargs),
        reverse("process:restriction_new_kind", kwargs={**kwargs, "kind": "formal_exclusion"}),
        reverse("process:restriction_detail", kwargs={**kwargs, "restriction_id": restriction.pk}),
        reverse(
            "process:restriction_review", kwargs={**kwargs, "restriction_id": restriction.pk, "number": 1}
        ),
        reverse("process:restriction_end", kwargs={**kwargs, "restriction_id": restriction.pk}),
        reverse("process:restriction_decision_new", kwargs=kwargs),
        reverse("process:restriction_advice_new", kwargs=kwargs),
        reverse("process:restriction_advice_action_new", kwargs={**kwargs, "advice_id": contact.pk}),
        reverse("process:restriction_advice_action_close", kwargs={**kwargs, "action_id": action.pk}),
        reverse("process:restriction_referral_new", kwargs=kwargs),
    ]


@pytest.fixture
def records(case, case_manager):
    with at(2027, 1, 10):
        restriction = _formal(case, case_manager)
        contact = AdviceContact.objects.get()
        action = services.add_advice_action(
            advice=contact,
            action="Follow up.",
            owner=case_manager,
            due_on=dt.date(2027, 2, 1),
            by=case_manager,
        )
    return restriction, contact, action


@pytest.mark.django_db
def test_every_page_is_404_for_someone_of_another_organisation(case, records, other_organisation, signed_in):
    outsider = member(other_organisation, "case_manager", username="outsider")
    client = signed_in(outsider)
    urls = _case_urls(case, *records)
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in urls[1:2] + urls[3:]:  # the pages that take a form
        assert client.post(url, {}).status_code == 404, url


@pytest.mark.django_db
def test_change_pages_are_404_for_someone_who_can_only_see_the_case(case, records, organisation, signed_in):
    auditor = member(organisation, "auditor", username="auditor")
    client = signed_in(auditor)
    urls = _case_urls(case, *records)
    detail = urls.pop(2)
    assert client.get(detail).status_code == 200
    for url in urls:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_a_record_of_another_case_is_404_under_this_case(
    case, records, organisation, case_manager, signed_in
):
    from faircase.cases.tests.factories import open_case

    other = open_case(organisation=organisation, by=case_manager)
    restriction = records[0]
    client = signed_in(case_manager)
    url = reverse(
        "process:restriction_detail", kwargs={"case_id": other.pk, "restriction_id": restriction.pk}
    )
    assert client.get(url).status_code == 404
    missing = reverse(
        "process:restriction_detail", kwargs={"case_id": case.pk, "restriction_id": uuid.uuid4()}
    )
    assert client.get(missing).status_code == 404
    assert (
        client.get(
            reverse("process:restriction_new_kind", kwargs={"case_id": case.pk, "kind": "banishment"})
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_every_page_opens_for_the_case_manager(case, records, case_manager, signed_in):
    with at(2027, 1, 12):
        client = signed_in(case_manager)
        for url in _case_urls(case, *records):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "<h1>" in response.content.decode(), url


@pytest.mark.django_db
def test_the_case_pages_restrictions_and_deadlines_take_the_same_queries_however_many_periods(
    case, case_manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from faircase.process.presenters_deadlines import case_deadlines_context

    def queries(today):
        with CaptureQueriesContext(connection) as captured:
            case_restrictions_context(case, case_manager, today)
            case_deadlines_context(case, case_manager, today)
        return len(captured.captured_queries)

    with at(2027, 1, 4):
        restriction = _formal(case, case_manager)
    one = queries(dt.date(2027, 1, 5))
    for day in (dt.date(2027, 1, 30), dt.date(2027, 2, 27), dt.date(2027, 3, 27)):
        with at(day.year, day.month, day.day):
            _renew(restriction, case_manager, day)
    with at(2027, 3, 28):
        services.record_restriction(
            case=case,
            kind="restriction",
            started_on=dt.date(2027, 3, 28),
            terms="x",
            reasons="y",
            by=case_manager,
        )
    assert queries(dt.date(2027, 3, 29)) == one
