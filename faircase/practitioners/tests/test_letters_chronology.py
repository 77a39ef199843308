"""Letters in the case's chronology: sent on the same day, they keep the order they were sent in, and take their
place among that day's other events."""

import datetime as dt

import pytest
import time_machine

from faircase.casefile.services import add_note
from faircase.cases.chronology import chronology_for
from faircase.practitioners.services_comms import send_letter

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 25)


def _at(hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, 25, hour, tzinfo=dt.UTC)


def test_letters_sent_on_one_day_are_in_the_order_they_were_sent_among_that_days_events(case, case_manager):
    # "What the investigation will look at" is sent before "A concern has been raised...", and a note between them
    with time_machine.travel(_at(9), tick=False):
        first = send_letter(case=case, kind="terms_of_reference", fields={}, by=case_manager, today=DAY)
    with time_machine.travel(_at(10), tick=False):
        add_note(case=case, text="Rang the practitioner about the terms of reference.", by=case_manager)
    with time_machine.travel(_at(11), tick=False):
        second = send_letter(case=case, kind="concern_notification", fields={}, by=case_manager, today=DAY)

    titles = [entry.title for entry in chronology_for(case, kinds=["letter", "note"])]

    assert titles.index(f"Letter sent: {first.subject}") < titles.index(f"Letter sent: {second.subject}")
    assert titles.index(f"Letter sent: {first.subject}") < titles.index("Case note by Casey Manager (cm)")
    assert titles.index("Case note by Casey Manager (cm)") < titles.index(f"Letter sent: {second.subject}")
