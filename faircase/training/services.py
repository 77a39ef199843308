"""Writes for the training space (ADR 25): each one transaction, with its audit event written in it.

The audit trail records that a step was answered and by whom, never the answers themselves: a learner's answers
in a session are anonymous to the facilitator and the group, and the trail must not give them back.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from faircase.accounts.models import Organisation, User
from faircase.accounts.selectors import roles_in
from faircase.core import audit
from faircase.training.models import Attempt, StageAnswer, TrainingSession
from faircase.training.rules import FACILITATES_TRAINING
from faircase.training.selectors import answers_of, discussion_started, next_stage
from faircase.training.studies import Study, study_for

# Letters and digits that cannot be misread for each other when a code is read out to a room.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def _is_staff_of(user: User, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation))


@transaction.atomic
def start_study(*, organisation: Organisation, study: Study, by: User) -> Attempt:
    """The learner's own attempt at a study, started now or carried on where they left it."""
    if not _is_staff_of(by, organisation):
        raise ValidationError("Only the organisation's staff can take its training")
    attempt, created = Attempt.objects.get_or_create(
        organisation=organisation, user=by, study_key=study.key, session=None
    )
    if created:
        audit.record(
            by=by,
            action="training.started",
            obj=attempt,
            organisation=organisation,
            detail={"study": study.key},
        )
    return attempt


@transaction.atomic
def answer_stage(
    *, attempt: Attempt, study: Study, stage_key: str, considerations: dict[str, str], decision: str, by: User
) -> StageAnswer:
    """Record a learner's answers at the next stage; the last stage completes the study (audited for the
    organisation's training record). A stage is answered once, before its authors' view is shown."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.user_id != by.pk:
        raise ValidationError("Only the learner can answer their own steps")
    if attempt.session is not None and not attempt.session.is_open:
        raise ValidationError("The session has closed: its steps can no longer be answered")
    expected = next_stage(study, attempt)
    if expected is None or expected.key != stage_key:
        raise ValidationError("This step has been answered already, or an earlier step is still to do")
    errors = {}
    for code in expected.considerations:
        if considerations.get(code) not in StageAnswer.Answer.values:
            errors[f"consideration_{code}"] = f"Answer {code}: yes, no or unknown"
    if expected.option(decision) is None:
        errors["decision"] = "Choose the decision you would make"
    if errors:
        raise ValidationError(errors)
    answer = StageAnswer.objects.create(
        attempt=attempt,
        stage_key=stage_key,
        considerations={code: considerations[code] for code in expected.considerations},
        decision=decision,
    )
    audit.record(
        by=by,
        action="training.stage_answered",
        obj=answer,
        organisation=attempt.organisation,
        detail={"study": study.key, "stage": stage_key, "session": attempt.session_id},
    )
    if len(answers_of(attempt)) == len(study.stages):
        attempt.completed_at = timezone.now()
        attempt.save(update_fields=["completed_at"])
        audit.record(
            by=by,
            action="training.completed",
            obj=attempt,
            organisation=attempt.organisation,
            detail={"study": study.key, "session": attempt.session_id},
        )
    return answer


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not TrainingSession.objects.filter(join_code=code).exists():
            return code


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


@transaction.atomic
def create_session(*, organisation: Organisation, study: Study, title: str, by: User) -> TrainingSession:
    if not roles_in(by, organisation) & FACILITATES_TRAINING:
        raise ValidationError("Only case managers and administrators can run a training session")
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Enter a name for the session"})
    session = TrainingSession.objects.create(
        organisation=organisation, study_key=study.key, title=title, facilitator=by, join_code=_new_code()
    )
    audit.record(
        by=by,
        action="training.session_created",
        obj=session,
        organisation=organisation,
        after={"study": study.key, "title": title},
    )
    return session


@transaction.atomic
def join_session(*, organisation: Organisation, code: str, by: User) -> Attempt:
    """Join the organisation's open session with this code, or carry on in it if already joined."""
    if not _is_staff_of(by, organisation):
        raise ValidationError("Only the organisation's staff can join its sessions")
    session = TrainingSession.objects.filter(
        organisation=organisation, join_code=normalise_code(code)
    ).first()
    if session is None:
        raise ValidationError(
            {"code": "No session of your organisation has that code: check it with the facilitator"}
        )
    if session.facilitator_id == by.pk:
        raise ValidationError(
            {"code": "You run this session: open it from your training page to see the answers"}
        )
    existing = Attempt.objects.filter(session=session, user=by).first()
    if existing is not None:
        return existing
    if not session.is_open:
        raise ValidationError({"code": "That session has closed: ask the facilitator about the next one"})
    study = study_for(organisation.slug, session.study_key)
    if study is None or discussion_started(session, study):
        # A newcomer's answers would change counts already shown, and the change would give their answers away.
        raise ValidationError(
            {
                "code": "That session's answers are already being discussed, so no one new can join it: ask the "
                "facilitator about the next one"
            }
        )
    attempt = Attempt.objects.create(
        organisation=organisation, user=by, study_key=session.study_key, session=session
    )
    audit.record(
        by=by,
        action="training.session_joined",
        obj=attempt,
        organisation=organisation,
        detail={"session": session.pk, "study": session.study_key},
    )
    return attempt


@transaction.atomic
def close_session(*, session: TrainingSession, by: User) -> TrainingSession:
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.facilitator_id != by.pk:
        raise ValidationError("Only the facilitator can close the session")
    if not session.is_open:
        raise ValidationError("The session has closed already")
    session.closed_at = timezone.now()
    session.save(update_fields=["closed_at"])
    audit.record(by=by, action="training.session_closed", obj=session, organisation=session.organisation)
    return session
