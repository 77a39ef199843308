"""The training space in the demo: the national studies are there for every organisation already (they are data
files); this adds one facilitated session at Riverside with a few learners' answers, and one study completed
alone, so a demo user sees a session's answers side by side and a training record. Loaded once; a second load
finds the session and adds nothing."""

from __future__ import annotations

from faircase.accounts.models import Organisation, User
from faircase.training import services
from faircase.training.models import TrainingSession
from faircase.training.studies import study_for

ORGANISATION = "riverside"
STUDY = "night-registrar-mhps"
SESSION_TITLE = "Case managers' induction: the framework in practice"
FACILITATOR = "riverside-case-manager"
# Each learner's answers: per stage, the answer to every consideration save the ones listed, and the decision.
LEARNERS = {
    "riverside-case-manager-2": [
        ("yes", {"UI4": "unknown"}, "being-fair-first"),
        ("yes", {}, "informal-plan"),
    ],
    "riverside-case-investigator": [
        ("no", {"UI1": "yes"}, "formal-investigation"),
        ("yes", {}, "informal-plan"),
    ],
    "riverside-case-investigator-2": [
        ("unknown", {"WS1": "no"}, "being-fair-first"),
        ("no", {}, "no-further-action"),
    ],
    "riverside-hr-adviser": [("yes", {"UI5": "no"}, "exclude-now")],
}
COMPLETED_ALONE = ("riverside-board-member", "locum-upsw")


def load_training_demo() -> TrainingSession | None:
    organisation = Organisation.objects.filter(slug=ORGANISATION).first()
    study = study_for(ORGANISATION, STUDY)
    if organisation is None or study is None:
        return None
    found = TrainingSession.objects.filter(organisation=organisation, title=SESSION_TITLE).first()
    if found is not None:
        return found
    people = {
        user.username: user
        for user in User.objects.filter(username__in=[FACILITATOR, *LEARNERS, COMPLETED_ALONE[0]])
    }
    if len(people) != len(LEARNERS) + 2:
        return None  # a partial demo without these people
    session = services.create_session(
        organisation=organisation, study=study, title=SESSION_TITLE, by=people[FACILITATOR]
    )
    # The group joins first, as a room does, then answers.
    attempts = {
        username: services.join_session(
            organisation=organisation, code=session.join_code, by=people[username]
        )
        for username in LEARNERS
    }
    for username, steps in LEARNERS.items():
        for stage, (answer, exceptions, decision) in zip(study.stages, steps, strict=False):
            services.answer_stage(
                attempt=attempts[username],
                study=study,
                stage_key=stage.key,
                considerations={code: exceptions.get(code, answer) for code in stage.considerations},
                decision=decision,
                by=people[username],
            )
    alone_user, alone_key = COMPLETED_ALONE
    alone = study_for(ORGANISATION, alone_key)
    if alone is not None:
        attempt = services.start_study(organisation=organisation, study=alone, by=people[alone_user])
        for stage in alone.stages:
            services.answer_stage(
                attempt=attempt,
                study=alone,
                stage_key=stage.key,
                considerations={code: "unknown" for code in stage.considerations},
                decision=stage.would_choose,
                by=people[alone_user],
            )
    return session
