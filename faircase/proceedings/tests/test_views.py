"""The investigation's pages: each form refused on bad input with nothing changed, and what a case manager sees."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.models import Concern
from faircase.core.models import AuditEvent
from faircase.proceedings.models import Interview, Investigation
from faircase.proceedings.tests.factories import appoint, report_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC), tick=False):
        yield


def _url(name, case, **kwargs):
    return reverse(f"proceedings:{name}", kwargs={"case_id": case.pk, **kwargs})


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _date(prefix, day):
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def test_a_conflicted_person_is_refused_on_the_page_with_the_reason_and_nothing_changes(
    case, case_manager, investigator, signed_in
):
    case_services.exclude_for_conflict(
        case=case, user=investigator, reason="Trained with them", by=case_manager
    )
    events = AuditEvent.objects.count()

    response = signed_in(case_manager).post(
        _url("appoint", case),
        {"investigator": str(investigator.pk), **_date("appointed_on", dt.date(2026, 11, 2))},
    )

    assert response.status_code == 200
    assert "Indira Investigator is excluded from this case for a conflict of interest" in _text(response)
    assert not Investigation.objects.of_case(case).exists() and AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "data",
    [
        {},
        {
            "investigator": "not-a-person",
            "appointed_on_0": "31",
            "appointed_on_1": "2",
            "appointed_on_2": "2026",
        },
        {"investigator": "", "appointed_on_0": "1", "appointed_on_1": "1", "appointed_on_2": "2030"},
    ],
)
def test_bad_appointments_change_nothing(case, case_manager, signed_in, data):
    events = AuditEvent.objects.count()

    response = signed_in(case_manager).post(_url("appoint", case), data)

    assert response.status_code == 200 and "There is a problem" in _text(response)
    assert not Investigation.objects.of_case(case).exists() and AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("terms", {}),
        ("terms", {"scope": "Facts", "allegations": ["999999"], "interviewees": "A ward sister"}),
        ("interview", {}),
        (
            "interview",
            {"interviewee": "A ward sister", "attended": "Indira", **_date("held_on", dt.date(2026, 12, 25))},
        ),
        (
            "interview",
            {
                "interviewee": "A ward sister",
                "attended": "Indira",
                "minutes": "not-a-document",
                **_date("held_on", dt.date(2026, 11, 10)),
            },
        ),
        ("report", {}),
        ("report", {"report": "", **_date("received_on", dt.date(2026, 11, 19))}),
        ("factual_accuracy", {"submission": "1"}),
    ],
)
def test_bad_input_on_the_investigation_s_forms_changes_nothing(
    case, case_manager, investigator, signed_in, name, data
):
    appoint(case, case_manager, investigator)
    before = (AuditEvent.objects.count(), Interview.objects.of_case(case).count())

    response = signed_in(case_manager).post(_url(name, case), data)

    assert response.status_code == 200
    saved = Investigation.objects.of_case(case).get()
    assert (saved.terms_set_at, saved.report_received_on, saved.factual_accuracy) == (None, None, None)
    assert (
        AuditEvent.objects.count() - 1,
        Interview.objects.of_case(case).count(),
    ) <= before  # the page's read


def test_the_investigation_shows_on_its_page_and_the_case_page(case, case_manager, investigator, signed_in):
    investigation = appoint(case, case_manager, investigator)
    concern = Concern.objects.of_case(case).get()
    client = signed_in(case_manager)
    client.post(_url("terms", case), {"scope": "Establish what happened on 1 March", "allegations": [str(concern.pk)],
                                      "interviewees": "A fictional ward sister"})  # fmt: skip
    report = report_document(case, case_manager)
    response = client.post(
        _url("report", case), {"report": str(report.pk), **_date("received_on", dt.date(2026, 11, 19))}
    )
    assert response.status_code == 302

    page = _text(client.get(_url("investigation", case)))
    for text in ("Indira Investigator", "Establish what happened on 1 March", "A fictional ward sister",
                 "30 November 2026", "19 November 2026", "Investigation report.pdf",
                 "sets no time for the case manager"):  # fmt: skip
        assert text in page, text
    case_page = _text(client.get(reverse("cases:detail", kwargs={"case_id": case.pk})))
    assert 'id="investigation"' in case_page and "Indira Investigator" in case_page
    assert Investigation.objects.of_case(case).get().pk == investigation.pk


def test_a_read_only_role_sees_the_investigation_but_no_links_to_change_it(
    case, organisation, case_manager, investigator, signed_in
):
    appoint(case, case_manager, investigator)
    auditor = member(organisation, "auditor", username="aud", full_name="Audrey Auditor")

    page = _text(signed_in(auditor).get(_url("investigation", case)))

    assert "Indira Investigator" in page and "Record an interview" not in page
    assert signed_in(auditor).post(_url("terms", case), {"scope": "x"}).status_code in {403, 404}


def test_the_appointment_page_names_the_separation_only_where_the_policy_requires_it(
    organisation, case, case_manager, signed_in
):
    from faircase.cases.tests.factories import open_case

    performers = open_case(organisation=organisation, by=case_manager, policy="performers_lists")
    client = signed_in(case_manager)

    assert "the case investigator is not the case manager" in _text(client.get(_url("appoint", case)))
    assert "the case investigator is not the case manager" not in _text(
        client.get(_url("appoint", performers))
    )
