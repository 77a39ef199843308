"""Reads for the training space, each scoped to the person asking: what they may not see is a 404 (ADR 11, 25).

Training rows are not case data and never hold any, so they are read here rather than through the case access
kernel; the same rule applies: an organisation is reached only through the person's own membership of it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from faircase.accounts.models import Organisation, User, Viewer
from faircase.accounts.selectors import organisations_for, organisations_with_role, roles_in
from faircase.training.models import Attempt, StageAnswer, TrainingSession
from faircase.training.rules import FACILITATES_TRAINING, MINIMUM_GROUP, READS_TRAINING_RECORD
from faircase.training.studies import Stage, Study, studies_for, study_for

NOT_AVAILABLE = "Not available"


def training_organisations(user: Viewer) -> QuerySet[Organisation]:
    return organisations_for(user)


def organisation_for(user: Viewer, slug: str) -> Organisation:
    """The organisation, if the person is one of its staff; 404 otherwise (the same whether it exists or not)."""
    organisation = training_organisations(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404(NOT_AVAILABLE)
    return organisation


def may_facilitate(user: Viewer, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation) & FACILITATES_TRAINING)


def may_read_record(user: Viewer, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation) & READS_TRAINING_RECORD)


def record_organisation_for(user: Viewer, slug: str) -> Organisation:
    organisation = organisations_with_role(user, READS_TRAINING_RECORD).filter(slug=slug).first()
    if organisation is None:
        raise Http404(NOT_AVAILABLE)
    return organisation


def study_in(organisation: Organisation, key: str) -> Study:
    study = study_for(organisation.slug, key)
    if study is None:
        raise Http404("No such study")
    return study


def stage_in(study: Study, key: str) -> Stage:
    stage = study.stage(key)
    if stage is None:
        raise Http404("No such stage")
    return stage


def own_attempt(user: User, organisation: Organisation, study: Study) -> Attempt | None:
    return Attempt.objects.filter(
        organisation=organisation, user=user, study_key=study.key, session__isnull=True
    ).first()


def own_attempts(user: User, organisation: Organisation) -> dict[str, Attempt]:
    rows = Attempt.objects.filter(organisation=organisation, user=user, session__isnull=True)
    return {attempt.study_key: attempt for attempt in rows}


def answers_of(attempt: Attempt | None) -> dict[str, StageAnswer]:
    if attempt is None:
        return {}
    return {answer.stage_key: answer for answer in attempt.answers.all()}


def next_stage(study: Study, attempt: Attempt | None) -> Stage | None:
    """The first stage the learner has not answered: stages are answered in order."""
    answered = answers_of(attempt)
    return next((stage for stage in study.stages if stage.key not in answered), None)


def session_for(user: User, organisation: Organisation, session_id: int) -> TrainingSession:
    """A session of the organisation its facilitator runs or the person has joined; 404 for anyone else."""
    session = (
        TrainingSession.objects.filter(organisation=organisation, pk=session_id)
        .select_related("facilitator")
        .first()
    )
    if session is None or not (session.facilitator_id == user.pk or session_attempt(user, session)):
        raise Http404(NOT_AVAILABLE)
    return session


def session_attempt(user: User, session: TrainingSession) -> Attempt | None:
    return Attempt.objects.filter(session=session, user=user).first()


def sessions_facilitated(user: User, organisation: Organisation) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(organisation=organisation, facilitator=user)


def sessions_joined(user: User, organisation: Organisation) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(organisation=organisation, attempts__user=user).distinct()


# ---- the group's answers, for the facilitator only, without names -------------------------------------------


@dataclass(frozen=True)
class ConsiderationCounts:
    code: str
    yes: int
    no: int
    unknown: int


@dataclass(frozen=True)
class StageCounts:
    stage: Stage
    answered: int
    joined: int
    considerations: tuple[ConsiderationCounts, ...]
    decisions: tuple[tuple[str, int], ...]  # (option label, how many chose it)

    @property
    def shown(self) -> bool:
        return bool(self.considerations)


def may_show(answered: int, joined: int, *, closed: bool) -> bool:
    """Whether a step's counts may be shown: enough answers, and no more to come (everyone who joined has answered,
    or the session has closed). Once shown, the counts can no longer change: no one new may join
    (services.join_session) and each learner answers a step once, so no two views can be subtracted."""
    return answered >= MINIMUM_GROUP and (closed or answered >= joined)


def group_answers(session: TrainingSession, study: Study) -> list[StageCounts]:
    """Each stage's answers in the session counted, never listed: no row says who answered. A stage whose counts
    may not be shown yet (may_show) gives only how many have answered."""
    rows = StageAnswer.objects.filter(attempt__session=session).values_list(
        "stage_key", "considerations", "decision"
    )
    by_stage: dict[str, list[tuple[dict[str, str], str]]] = {}
    for stage_key, considerations, decision in rows:
        by_stage.setdefault(stage_key, []).append((considerations, decision))
    joined = learners_in(session)
    found = []
    for stage in study.stages:
        answers = by_stage.get(stage.key, [])
        if not may_show(len(answers), joined, closed=not session.is_open):
            found.append(StageCounts(stage, len(answers), joined, (), ()))
            continue
        counts = []
        for code in stage.considerations:
            tally = Counter(given.get(code, "") for given, _decision in answers)
            counts.append(ConsiderationCounts(code, tally["yes"], tally["no"], tally["unknown"]))
        chosen = Counter(decision for _given, decision in answers)
        decisions = tuple((option.label, chosen[option.key]) for option in stage.options)
        found.append(StageCounts(stage, len(answers), joined, tuple(counts), decisions))
    return found


def discussion_started(session: TrainingSession, study: Study) -> bool:
    """Some step's counts are shown: from then on the group is fixed."""
    return any(counts.shown for counts in group_answers(session, study))


def learners_in(session: TrainingSession) -> int:
    return session.attempts.count()


# ---- the organisation's training record ------------------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    name: str
    study_title: str
    completed_at: dt.datetime | None
    in_session: bool


def training_record(organisation: Organisation) -> list[Completion]:
    """Who completed which study and when, newest first, for the organisation's administrators."""
    titles = {study.key: study.title for study in studies_for(organisation.slug)}
    rows = (
        Attempt.objects.filter(organisation=organisation, completed_at__isnull=False)
        .select_related("user")
        .order_by("-completed_at")
    )
    return [
        Completion(
            name=attempt.user.full_name or attempt.user.username,
            study_title=titles.get(attempt.study_key, attempt.study_key),
            completed_at=attempt.completed_at,
            in_session=attempt.session_id is not None,
        )
        for attempt in rows
    ]
