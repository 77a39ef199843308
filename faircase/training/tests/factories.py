"""Training rows built through the services, so every test's data is audited as the product's is."""

from typing import Any

from faircase.accounts.models import Organisation, User
from faircase.training import services
from faircase.training.models import Attempt, TrainingSession
from faircase.training.studies import Stage, Study, study_for

STUDY_KEY = "night-registrar-mhps"


def a_study(key: str = STUDY_KEY) -> Study:
    study = study_for("riverside", key)
    assert study is not None
    return study


def answers_for(stage: Stage, answer: str = "yes", decision: str | None = None) -> dict[str, Any]:
    return {
        "considerations": {code: answer for code in stage.considerations},
        "decision": decision or stage.would_choose,
    }


def completed(organisation: Organisation, user: User, study: Study | None = None) -> Attempt:
    study = study or a_study()
    attempt = services.start_study(organisation=organisation, study=study, by=user)
    for stage in study.stages:
        services.answer_stage(
            attempt=attempt, study=study, stage_key=stage.key, by=user, **answers_for(stage)
        )
    attempt.refresh_from_db()
    return attempt


def session_with_answers(
    organisation: Organisation, facilitator: User, learners: list[User], study: Study | None = None
) -> TrainingSession:
    """A session whose learners have all joined and each answered its first step, the first learner differently."""
    study = study or a_study()
    session = services.create_session(
        organisation=organisation, study=study, title="Induction", by=facilitator
    )
    first = study.stages[0]
    # Everyone joins first, as a room does: once a step's counts are shown no one new may join.
    attempts = [
        services.join_session(organisation=organisation, code=session.join_code, by=person)
        for person in learners
    ]
    for index, (learner, attempt) in enumerate(zip(learners, attempts, strict=True)):
        answer = "no" if index == 0 else "yes"
        services.answer_stage(
            attempt=attempt, study=study, stage_key=first.key, by=learner, **answers_for(first, answer)
        )
    return session
