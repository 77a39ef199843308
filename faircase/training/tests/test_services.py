"""Progress, completion, sessions and anonymity in the training space."""

import pytest
from django.core.exceptions import ValidationError

from faircase.accounts.tests.factories import OrganisationFactory, member
from faircase.core.models import AuditEvent
from faircase.training import selectors, services
from faircase.training.models import Attempt
from faircase.training.rules import MINIMUM_GROUP
from faircase.training.tests.factories import a_study, answers_for, completed, session_with_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(organisation):
    return member(organisation, "case_investigator", username="learner", full_name="Lena Learner")


@pytest.fixture
def facilitator(organisation):
    return member(organisation, "case_manager", username="facilitator", full_name="Faye Facilitator")


def test_progress_is_saved_step_by_step_and_the_last_step_completes_the_study(organisation, learner):
    study = a_study()
    attempt = services.start_study(organisation=organisation, study=study, by=learner)
    first, second = study.stages[0], study.stages[1]
    services.answer_stage(attempt=attempt, study=study, stage_key=first.key, by=learner, **answers_for(first))

    again = services.start_study(organisation=organisation, study=study, by=learner)
    assert again.pk == attempt.pk
    assert selectors.next_stage(study, again) == second
    assert again.completed_at is None

    services.answer_stage(
        attempt=attempt, study=study, stage_key=second.key, by=learner, **answers_for(second)
    )
    attempt.refresh_from_db()
    assert attempt.completed_at is not None
    actions = list(AuditEvent.objects.filter(organisation=organisation).values_list("action", flat=True))
    assert actions == [
        "training.started",
        "training.stage_answered",
        "training.stage_answered",
        "training.completed",
    ]


def test_the_audit_trail_says_a_step_was_answered_but_never_the_answers(organisation, learner):
    completed(organisation, learner)
    for event in AuditEvent.objects.filter(action="training.stage_answered"):
        assert "considerations" not in str(event.summary) and "decision" not in str(event.summary)


def test_steps_are_answered_in_order_and_once(organisation, learner):
    study = a_study()
    attempt = services.start_study(organisation=organisation, study=study, by=learner)
    first, second = study.stages
    with pytest.raises(ValidationError):
        services.answer_stage(
            attempt=attempt, study=study, stage_key=second.key, by=learner, **answers_for(second)
        )
    services.answer_stage(attempt=attempt, study=study, stage_key=first.key, by=learner, **answers_for(first))
    with pytest.raises(ValidationError):
        services.answer_stage(
            attempt=attempt, study=study, stage_key=first.key, by=learner, **answers_for(first)
        )


def test_an_unanswered_consideration_or_an_unknown_decision_is_refused_and_changes_nothing(
    organisation, learner
):
    study = a_study()
    attempt = services.start_study(organisation=organisation, study=study, by=learner)
    first = study.stages[0]
    given = answers_for(first)
    given["considerations"].pop(first.considerations[0])
    with pytest.raises(ValidationError) as refused:
        services.answer_stage(
            attempt=attempt, study=study, stage_key=first.key, by=learner, **{**given, "decision": "made-up"}
        )
    assert set(refused.value.message_dict) == {f"consideration_{first.considerations[0]}", "decision"}
    assert not attempt.answers.exists()


def test_only_the_learner_answers_their_own_steps(organisation, learner, facilitator):
    study = a_study()
    attempt = services.start_study(organisation=organisation, study=study, by=learner)
    with pytest.raises(ValidationError):
        services.answer_stage(
            attempt=attempt,
            study=study,
            stage_key=study.stages[0].key,
            by=facilitator,
            **answers_for(study.stages[0]),
        )


def test_only_case_managers_and_administrators_run_sessions(organisation, learner, facilitator):
    with pytest.raises(ValidationError):
        services.create_session(organisation=organisation, study=a_study(), title="Mine", by=learner)
    admin = member(organisation, "org_admin", username="admin")
    assert services.create_session(
        organisation=organisation, study=a_study(), title="Ours", by=admin
    ).join_code


def test_learners_join_with_the_code_in_any_case_and_spacing_once(organisation, learner, facilitator):
    session = services.create_session(
        organisation=organisation, study=a_study(), title="Induction", by=facilitator
    )
    typed = " ".join(session.join_code.lower())
    attempt = services.join_session(organisation=organisation, code=typed, by=learner)
    assert attempt.session == session and attempt.study_key == session.study_key
    assert (
        services.join_session(organisation=organisation, code=session.join_code, by=learner).pk == attempt.pk
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [("NOPE99", "No session of your organisation has that code"), ("", "No session of your organisation")],
)
def test_a_wrong_code_is_refused_with_a_specific_message(organisation, learner, code, message):
    with pytest.raises(ValidationError) as refused:
        services.join_session(organisation=organisation, code=code, by=learner)
    assert message in refused.value.message_dict["code"][0]
    assert not Attempt.objects.exists()


def test_another_organisations_code_finds_nothing(organisation, facilitator):
    session = services.create_session(
        organisation=organisation, study=a_study(), title="Induction", by=facilitator
    )
    elsewhere = OrganisationFactory(slug="elsewhere")
    outsider = member(elsewhere, "case_manager", username="outsider")
    with pytest.raises(ValidationError):
        services.join_session(organisation=elsewhere, code=session.join_code, by=outsider)
    with pytest.raises(ValidationError):
        services.join_session(organisation=organisation, code=session.join_code, by=outsider)


def test_a_closed_session_takes_no_one_new_and_no_more_answers(organisation, learner, facilitator):
    study = a_study()
    session = services.create_session(
        organisation=organisation, study=study, title="Induction", by=facilitator
    )
    attempt = services.join_session(organisation=organisation, code=session.join_code, by=learner)
    with pytest.raises(ValidationError):
        services.close_session(session=session, by=learner)
    services.close_session(session=session, by=facilitator)
    late = member(organisation, "hr_adviser", username="late")
    with pytest.raises(ValidationError) as refused:
        services.join_session(organisation=organisation, code=session.join_code, by=late)
    assert "closed" in refused.value.message_dict["code"][0]
    with pytest.raises(ValidationError):
        services.answer_stage(
            attempt=attempt,
            study=study,
            stage_key=study.stages[0].key,
            by=learner,
            **answers_for(study.stages[0]),
        )


def test_the_facilitator_sees_counts_only_once_the_group_is_big_enough(organisation, facilitator):
    learners = [member(organisation, "case_investigator", username=f"l{n}") for n in range(MINIMUM_GROUP)]
    study = a_study()
    few = session_with_answers(organisation, facilitator, learners[: MINIMUM_GROUP - 1], study)
    hidden = selectors.group_answers(few, study)[0]
    assert hidden.answered == MINIMUM_GROUP - 1 and not hidden.shown and hidden.considerations == ()

    enough = session_with_answers(organisation, facilitator, learners, study)
    shown = selectors.group_answers(enough, study)[0]
    assert shown.shown
    code = study.stages[0].considerations[0]
    row = next(row for row in shown.considerations if row.code == code)
    assert (row.yes, row.no, row.unknown) == (MINIMUM_GROUP - 1, 1, 0)
    assert sum(count for _label, count in shown.decisions) == MINIMUM_GROUP


def test_counts_wait_for_everyone_who_joined_or_for_the_session_to_close(organisation, facilitator):
    learners = [member(organisation, "case_investigator", username=f"l{n}") for n in range(MINIMUM_GROUP + 1)]
    study = a_study()
    first = study.stages[0]
    session = services.create_session(
        organisation=organisation, study=study, title="Induction", by=facilitator
    )
    attempts = [
        services.join_session(organisation=organisation, code=session.join_code, by=p) for p in learners
    ]
    for learner, attempt in zip(learners[:MINIMUM_GROUP], attempts, strict=False):
        services.answer_stage(
            attempt=attempt, study=study, stage_key=first.key, by=learner, **answers_for(first)
        )
    waiting = selectors.group_answers(session, study)[0]
    assert (waiting.answered, waiting.joined, waiting.shown) == (MINIMUM_GROUP, MINIMUM_GROUP + 1, False)
    services.close_session(session=session, by=facilitator)
    session.refresh_from_db()
    assert selectors.group_answers(session, study)[0].shown


def test_no_one_new_joins_once_counts_are_shown_so_a_late_answer_cannot_be_subtracted(
    organisation, facilitator
):
    learners = [member(organisation, "case_investigator", username=f"l{n}") for n in range(MINIMUM_GROUP)]
    session = session_with_answers(organisation, facilitator, learners)
    before = selectors.group_answers(session, a_study())[0]
    assert before.shown
    late = member(organisation, "case_investigator", username="late")
    with pytest.raises(ValidationError) as refused:
        services.join_session(organisation=organisation, code=session.join_code, by=late)
    assert "already being discussed" in refused.value.message_dict["code"][0]
    assert selectors.group_answers(session, a_study())[0] == before


def test_the_group_counts_carry_no_names(organisation, facilitator):
    learners = [
        member(organisation, "case_investigator", username=f"l{n}", full_name=f"Named Learner {n}")
        for n in range(4)
    ]
    session = session_with_answers(organisation, facilitator, learners)
    counts = selectors.group_answers(session, a_study())
    assert "Named Learner" not in repr(counts) and "l0" not in repr(counts)


def test_the_training_record_lists_who_completed_which_study_and_when(organisation, learner):
    completed(organisation, learner)
    [row] = selectors.training_record(organisation)
    assert (row.name, row.study_title, row.in_session) == ("Lena Learner", a_study().title, False)
    assert row.completed_at is not None
