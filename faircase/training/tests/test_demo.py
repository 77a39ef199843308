"""The training part of the demo, built on the demo's Riverside people alone (not the whole demo, which the URL
sweep loads): one session run by the case manager with answers a demo user sees, one study completed alone, and a
second load that adds nothing."""

import pytest

from faircase.accounts.tests.factories import member
from faircase.training import selectors
from faircase.training.demo import COMPLETED_ALONE, FACILITATOR, LEARNERS, load_training_demo
from faircase.training.models import Attempt, TrainingSession
from faircase.training.tests.factories import a_study

pytestmark = pytest.mark.django_db


def test_the_demo_session_has_answers_to_show_and_loads_once(organisation):
    for username in (FACILITATOR, *LEARNERS, COMPLETED_ALONE[0]):
        member(organisation, "case_manager", username=username)
    session = load_training_demo()
    assert session.facilitator.username == FACILITATOR
    first_study = a_study(session.study_key)
    first, second = selectors.group_answers(session, first_study)
    assert first.shown and first.answered == len(LEARNERS)
    # One learner has not answered the second step: its counts wait for them, or for the session to close.
    assert not second.shown and second.answered == len(LEARNERS) - 1
    record = {(row.name, row.study_title, row.in_session) for row in selectors.training_record(organisation)}
    alone = next(row for row in record if not row[2])
    finished_in_session = sum(1 for steps in LEARNERS.values() if len(steps) == len(first_study.stages))
    assert alone[1] == a_study(COMPLETED_ALONE[1]).title and len(record) == finished_in_session + 1

    load_training_demo()
    assert TrainingSession.objects.count() == 1 and Attempt.objects.count() == len(LEARNERS) + 1


def test_a_demo_without_riverside_loads_no_training(db):
    assert load_training_demo() is None
