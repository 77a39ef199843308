"""Loading the demo: fictional organisations, demo logins and case stories, played through faircase's own
services so that every review, follow-up, stage move and audit event is made the way the product makes them.

The loader is idempotent: organisations and accounts are created only when missing, and a case story is
played only when its case does not exist yet, so loading again changes nothing. Everything happens in one
transaction: a load that fails leaves nothing half-made.

Where a person acts in a story, they are the actor. Where nobody does (setting up organisations and
accounts), the actor is the demo loader itself, named in the audit trail. When time-machine is installed the
loader sets the clock to each step's day, so the history reads as it would have happened; without it,
everything is dated now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, get_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from faircase.accounts.models import Membership, Organisation, User
from faircase.accounts.roles import CaseRole, Role
from faircase.casefile import services as casefile_services
from faircase.casefile.models import Note
from faircase.cases import services as case_services
from faircase.cases.models import Case, Practitioner
from faircase.consistency import services as language_services
from faircase.consistency.models import LexiconTerm
from faircase.core import audit
from faircase.demo.data import (
    PRACTITIONER_ROLE,
    Adaptation,
    AnswerSpec,
    DemoData,
    DemoDataError,
    LexiconAddition,
    Person,
    Step,
    Story,
    demo_data,
)
from faircase.demo.documents import pdf
from faircase.demo.equality_data import DemoEquality, EqualityLoad, demo_equality, load_demo_equality
from faircase.demo.evaluation_data import load_demo_evaluation
from faircase.documents import services as document_services
from faircase.documents.models import Document
from faircase.framework import selectors as framework_selectors
from faircase.framework import services as framework_services
from faircase.framework.models import FollowUp, FrameworkVersion, Review
from faircase.framework.principles import ANSWERS_NEEDING_FOLLOW_UP, ReviewPoint
from faircase.policy.workflow import workflow_for
from faircase.practitioners import services_comms, services_portal, services_voice
from faircase.practitioners.models import SharedConcern, Submission
from faircase.proceedings import services as investigation_services
from faircase.proceedings import services_decision as decision_services
from faircase.proceedings.models import Appeal, Hearing, Interview, Investigation
from faircase.process import clock, services_packs
from faircase.process import services as process_services
from faircase.process.models import AdviceContact, Restriction, RestrictionPeriod
from faircase.second_look import services as second_look_services
from faircase.second_look.models import SecondLook
from faircase.training.demo import load_training_demo

try:  # a development dependency: the demo still loads without it, dated today
    import time_machine
except ImportError:  # pragma: no cover - exercised only where dev dependencies are not installed
    time_machine = None

SYSTEM_ACTOR = "faircase demo loader"
# Invitations in the demo go to .invalid addresses: they are kept in memory, never sent.
DEMO_MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
DEMO_EMAIL_DOMAIN = "demo.faircase.invalid"
FIRST_STEP_AT = dt.time(9, 0)
STEP_INTERVAL = dt.timedelta(minutes=15)

DEMO_MODE_REQUIRED = (
    "Demo mode is off (settings.DEMO_MODE is False), so faircase will not create demo logins or demo cases. "
    "Demo logins must never exist outside demo mode. Run the demo with the local settings "
    "(DJANGO_SETTINGS_MODULE=faircase.config.settings.local, the default for the faircase command)."
)


class DemoModeRequired(RuntimeError):
    """The demo was asked for outside demo mode."""

    def __init__(self) -> None:
        super().__init__(DEMO_MODE_REQUIRED)


def require_demo_mode() -> None:
    if not getattr(settings, "DEMO_MODE", False):
        raise DemoModeRequired()


@dataclass
class LoadReport:
    organisations_created: int = 0
    accounts_created: int = 0
    accounts_restored: int = 0
    memberships_created: int = 0
    framework_versions_created: int = 0
    cases_created: list[str] = field(default_factory=list)
    cases_already_loaded: list[str] = field(default_factory=list)
    practitioner_accounts_created: int = 0
    lexicon_terms_created: int = 0
    equality: EqualityLoad = field(default_factory=EqualityLoad)
    evaluation_adoptions: int = 0  # organisations given an adoption date (faircase/demo/evaluation_data.py)

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.organisations_created
            or self.accounts_created
            or self.accounts_restored
            or self.memberships_created
            or self.framework_versions_created
            or self.cases_created
            or self.lexicon_terms_created
            or self.equality.baselines_created
            or self.equality.historic_cases_created
            or self.equality.equality_records_created
            or self.evaluation_adoptions
        )


@dataclass(frozen=True)
class _Event:
    when: dt.datetime
    order: tuple[int, ...]
    run: Callable[[], None]


def load_demo(*, data: DemoData | None = None, equality: DemoEquality | None = None) -> LoadReport:
    """Load the demo (or whatever of it is missing). Refuses outside demo mode."""
    require_demo_mode()
    data = data or demo_data()
    equality = equality or demo_equality()
    today = timezone.localdate()
    report = LoadReport()
    with transaction.atomic():
        framework_services.load_national()
        events: list[_Event] = []
        if Organisation.objects.filter(slug__in=[o.slug for o in data.organisations]).exists():
            # Loaded before: only put back what is missing or changed, dated now.
            _set_up_accounts(data, report)
        else:
            events.append(
                _Event(_moment(today, data.setup_days_ago, 0), (0,), lambda: _set_up_accounts(data, report))
            )
        for index, adaptation in enumerate(data.adaptations):
            events.append(
                _Event(
                    _moment(today, adaptation.days_ago, 0),
                    (1, index),
                    lambda adaptation=adaptation: _adapt_framework(adaptation, report),
                )
            )
        for index, addition in enumerate(data.lexicon_additions):
            events.append(
                _Event(
                    _moment(today, addition.days_ago, 0),
                    (1, len(data.adaptations) + index),
                    lambda addition=addition: _add_lexicon_term(addition, report),
                )
            )
        loaded = set(
            Case.objects.filter(
                organisation__slug__in=[s.organisation for s in data.all_stories]
            ).values_list("organisation__slug", "reference")
        )
        for index, story in enumerate(data.all_stories):
            if (story.organisation, story.reference) in loaded:
                report.cases_already_loaded.append(story.reference)
                continue
            events.extend(_StoryPlayer(story, data, today, report).events(index))
        events.sort(key=lambda event: (event.when, event.order))
        for event in events:
            with _clock(event.when):
                event.run()
        # Workforce baselines, historic cases and the practitioners' equality data (dated now).
        report.equality = load_demo_equality(data=data, equality=equality, today=today)
        # ---- the evaluation (issue 13): adoption dates and survey answers on both sides of them ----
        report.evaluation_adoptions = load_demo_evaluation(today=today)
        # The training space's demo session (faircase.training; kept apart from cases and never counted with them).
        load_training_demo()
    return report


def _moment(today: dt.date, days_ago: int, slot: int) -> dt.datetime:
    day = today - dt.timedelta(days=days_ago)
    start = dt.datetime.combine(day, FIRST_STEP_AT, tzinfo=timezone.get_current_timezone())
    return start + slot * STEP_INTERVAL


@contextmanager
def _clock(when: dt.datetime) -> Iterator[None]:
    if time_machine is None:
        yield
        return
    with time_machine.travel(when, tick=False):
        yield


# ---- organisations and accounts -------------------------------------------------------------------------


def _keep_languages(organisation: Organisation, spec: Any) -> None:
    """A demo loaded before ADR 41 gains its organisations' languages when loaded again."""
    before = {
        "default_language": organisation.default_language,
        "document_languages": organisation.document_languages,
    }
    after = {"default_language": spec.default_language, "document_languages": spec.document_languages}
    if before == after:
        return
    Organisation.objects.filter(pk=organisation.pk).update(**after)
    audit.record(by=SYSTEM_ACTOR, action="organisation.languages_changed", obj=organisation,
                 organisation=organisation, before=before, after=after, detail={"source": "demo"})  # fmt: skip


def _set_up_accounts(data: DemoData, report: LoadReport) -> None:
    for spec in data.organisations:
        organisation = Organisation.objects.filter(slug=spec.slug).first()
        if organisation is None:
            organisation = Organisation.objects.create(
                slug=spec.slug,
                name=spec.name,
                ods_code=spec.ods_code,
                nation=spec.nation,
                kind=spec.kind,
                default_language=spec.default_language,
                document_languages=spec.document_languages,
            )
            audit.record(
                by=SYSTEM_ACTOR,
                action="organisation.created",
                obj=organisation,
                organisation=organisation,
                after={
                    "slug": spec.slug,
                    "name": spec.name,
                    "ods_code": spec.ods_code,
                    "nation": spec.nation,
                    "kind": spec.kind,
                    "default_language": spec.default_language,
                    "document_languages": spec.document_languages,
                },
                detail={"source": "demo"},
            )
            report.organisations_created += 1
        else:
            _keep_languages(organisation, spec)
        for person in spec.people:
            user = _demo_account(person, report)
            membership, created = Membership.objects.get_or_create(
                user=user, organisation=organisation, role=person.role
            )
            if created:
                audit.record(
                    by=SYSTEM_ACTOR,
                    action="membership.added",
                    obj=membership,
                    organisation=organisation,
                    after={"user": user.get_username(), "role": person.role},
                    detail={"source": "demo"},
                )
                report.memberships_created += 1
    # People who hold their role in other demo organisations too (the regional equality analyst).
    for spec in data.organisations:
        for person in spec.people:
            for slug in person.also_in:
                organisation = Organisation.objects.get(slug=slug)
                user = _user(person.username)
                membership, created = Membership.objects.get_or_create(
                    user=user, organisation=organisation, role=person.role
                )
                if created:
                    audit.record(
                        by=SYSTEM_ACTOR,
                        action="membership.added",
                        obj=membership,
                        organisation=organisation,
                        after={"user": user.get_username(), "role": person.role},
                        detail={"source": "demo"},
                    )
                    report.memberships_created += 1


def _demo_account(person: Person, report: LoadReport) -> User:
    user = User.objects.filter(username=person.username).first()
    if user is not None and not user.is_demo:
        raise DemoDataError(
            f"An account named {person.username} already exists and is not a demo account: the demo will not "
            "take it over. Use a fresh database for the demo."
        )
    if user is None:
        user = User(
            username=person.username,
            full_name=person.full_name,
            is_demo=True,
            email=f"{person.username}@{DEMO_EMAIL_DOMAIN}",
        )
        _set_password(user, person.password)
        user.save()
        audit.record(
            by=SYSTEM_ACTOR,
            action="user.created",
            obj=user,
            after={"username": user.username, "full_name": user.full_name, "is_demo": True},
            detail={"source": "demo"},
        )
        report.accounts_created += 1
        return user
    # The password itself is not checked again: checking costs as much as hashing, once Django has re-hashed it
    # at sign-in, and faircase has no page on which a demo user could change it.
    if user.full_name != person.full_name or not user.is_active or not user.has_usable_password():
        # Someone changed a demo login while trying the demo: put it back, so the printed logins work.
        before = {"full_name": user.full_name, "is_active": user.is_active}
        user.full_name = person.full_name
        user.is_active = True
        _set_password(user, person.password)
        user.save()
        audit.record(
            by=SYSTEM_ACTOR,
            action="user.demo_account_restored",
            obj=user,
            before=before,
            after={"full_name": user.full_name, "is_active": True, "password": "reset to the demo password"},
            detail={"source": "demo"},
        )
        report.accounts_restored += 1
    return user


class _DemoArgon2Hasher(Argon2PasswordHasher):
    """Argon2 with light settings, for demo passwords only.

    Demo passwords are printed for anyone to use, so a slow hash protects nothing, while hashing two dozen of
    them with the full settings takes most of a minute on a small machine. The settings are stored in each
    hash, so the ordinary Argon2 hasher checks them, and Django re-hashes with the full settings the first time
    each demo user signs in.
    """

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


def _set_password(user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DemoDataError(
            f"The demo password for {user.username} does not pass the password rules: {' '.join(error.messages)}"
        ) from error
    if isinstance(get_hasher(), Argon2PasswordHasher):
        user.password = _DemoArgon2Hasher().encode(password, _DemoArgon2Hasher().salt())
        user._password = password
    else:
        user.set_password(password)


def _user(username: str) -> User:
    user = User.objects.filter(username=username, is_demo=True).first()
    if user is None:
        raise DemoDataError(f"There is no demo account {username}")
    return user


# ---- the framework --------------------------------------------------------------------------------------


def _adapt_framework(adaptation: Adaptation, report: LoadReport) -> None:
    """Adapt the organisation's framework as its administrator would: draft, change, publish."""
    organisation = Organisation.objects.get(slug=adaptation.organisation)
    if FrameworkVersion.objects.filter(organisation=organisation).exists():
        return
    admin = _user(adaptation.by)
    try:
        draft = framework_services.start_adaptation(organisation=organisation, by=admin)
        considerations = {c.code: c for c in framework_selectors.considerations_in(draft)}
        for code, guidance in adaptation.guidance.items():
            if code not in considerations:
                raise DemoDataError(f"Adaptation of {organisation.slug}: no consideration {code} to annotate")
            # The national Welsh of the consideration is copied with it (start_adaptation); the local guidance
            # is the organisation's own, in both languages.
            framework_services.change_consideration(
                consideration=considerations[code],
                guidance=guidance,
                guidance_cy=adaptation.guidance_cy.get(code, ""),
                by=admin,
            )
        for added in adaptation.add:
            framework_services.add_consideration(
                version=draft,
                principle=added.principle,
                text=added.text,
                code=added.code,
                guidance=added.guidance,
                text_cy=added.text_cy,
                guidance_cy=added.guidance_cy,
                review_points=list(added.review_points),
                by=admin,
            )
        framework_services.publish_draft(
            version=draft, change_note=adaptation.change_note, title=adaptation.title, by=admin
        )
    except ValidationError as error:
        raise DemoDataError(f"Adaptation of {organisation.slug}: {' '.join(error.messages)}") from error
    report.framework_versions_created += 1


# ---- the language check ---------------------------------------------------------------------------------


def _add_lexicon_term(addition: LexiconAddition, report: LoadReport) -> None:
    """An organisation's administrator adds a word or phrase to its language check (once)."""
    organisation = Organisation.objects.get(slug=addition.organisation)
    if LexiconTerm.objects.filter(organisation=organisation, term__iexact=addition.term).exists():
        return
    try:
        language_services.add_term(
            organisation=organisation,
            term=addition.term,
            variants=list(addition.variants),
            why=addition.why,
            suggestion=addition.suggestion,
            by=_user(addition.by),
        )
    except ValidationError as error:
        raise DemoDataError(
            f"Language list of {organisation.slug}, {addition.term}: {' '.join(error.messages)}"
        ) from error
    report.lexicon_terms_created += 1


# ---- case stories ---------------------------------------------------------------------------------------


class _StoryPlayer:
    """Plays one story through the real services, step by step, as the people named would."""

    def __init__(self, story: Story, data: DemoData, today: dt.date, report: LoadReport):
        self.story = story
        self.data = data
        self.today = today
        self.report = report
        self.people = dict(story.people)
        self.case: Case | None = None
        self.practitioner: Practitioner | None = None
        self.advice: AdviceContact | None = None
        self.practitioner_user: User | None = None
        self.notes: dict[str, Note] = {}
        self.documents: dict[str, tuple[Document, str, str]] = {}  # key: the document, its title and text

    def events(self, story_index: int) -> list[_Event]:
        slots: dict[int, int] = {}

        def moment(day: int) -> dt.datetime:
            slot = slots.get(day, 0)
            slots[day] = slot + 1
            return _moment(self.today, day, slot)

        events = [
            _Event(moment(self.story.opened_days_ago), (2, story_index, 0), self._guarded(self.open_case))
        ]
        for number, step in enumerate(self.story.steps, start=1):
            run = getattr(self, f"_{step.kind}")
            events.append(
                _Event(
                    moment(step.day),
                    (2, story_index, number),
                    self._guarded(lambda run=run, step=step: run(step), number, step.kind),
                )
            )
        return events

    def _guarded(self, run: Callable[[], None], number: int = 0, kind: str = "opening") -> Callable[[], None]:
        def guarded() -> None:
            try:
                run()
            except ValidationError as error:
                where = f"{self.story.source}, case {self.story.reference}, " + (
                    f"step {number} ({kind})" if number else "opening"
                )
                raise DemoDataError(f"{where}: {' '.join(error.messages)}") from error

        return guarded

    # -- helpers

    def user(self, who: str) -> User:
        """A role named on the case (case_manager, ...) or a username."""
        if who in CaseRole.values and who not in self.people:
            raise DemoDataError(
                f"{self.story.source}, case {self.story.reference}: nobody is named as {who} on the case yet"
            )
        return _user(self.people.get(who, who))

    def days_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def _practitioner_fields(self, spec: dict[str, Any]) -> dict[str, Any]:
        fields = {k: v for k, v in spec.items() if not k.endswith("_days_ago")}
        if "started_days_ago" in spec:
            fields["started_on"] = self.days_ago(spec["started_days_ago"])
        if "induction_days_ago" in spec:
            fields["induction_on"] = self.days_ago(spec["induction_days_ago"])
        return fields

    # -- the opening

    def open_case(self) -> None:
        story = self.story
        organisation = Organisation.objects.get(slug=story.organisation)
        manager = self.user(CaseRole.CASE_MANAGER)
        fields = self._practitioner_fields(story.practitioner)
        practitioner = Practitioner.objects.filter(
            organisation=organisation,
            regulator=fields["regulator"],
            registration_number=fields["registration_number"],
        ).first()
        if practitioner is None:
            if "email" in fields:
                fields["email"] = f"{fields['email']}@{DEMO_EMAIL_DOMAIN}"
            practitioner = case_services.create_practitioner(organisation=organisation, by=manager, **fields)
        concern = {k: v for k, v in story.concern.items() if not k.endswith("_days_ago")}
        concern["occurred_on"] = self.days_ago(story.concern["occurred_days_ago"])
        concern["raised_on"] = self.days_ago(story.concern["raised_days_ago"])
        self.practitioner = practitioner
        self.case = case_services.open_case(
            organisation=organisation,
            practitioner=practitioner,
            reference=story.reference,
            policy=story.policy,
            concern=concern,
            by=manager,
            patient_safety_incident=story.patient_safety_incident,
            summary=story.summary,
            case_manager=manager,
            opened_at=timezone.now(),
        )
        for role, username in story.people.items():
            if role != CaseRole.CASE_MANAGER:
                case_services.name_person(case=self.case, user=_user(username), role=role, by=manager)
        if story.being_fair_completed:
            case_services.record_being_fair(case=self.case, completed=story.being_fair_completed, by=manager)
        self.report.cases_created.append(story.reference)

    # -- steps (one method per kind in faircase.demo.data.STEP_KINDS)

    def _review(self, step: Step) -> None:
        self._take_review(
            step.values["review"], by=self.user(step.by), given=step.answers, complete=step.values["complete"]
        )

    def _take_review(
        self, review_point: str, *, by: User, given: dict[str, AnswerSpec], complete: bool = True
    ) -> Review:
        review = framework_services.start_review(case=self.case, review_point=review_point, by=by)
        considerations = framework_selectors.considerations_for(review)
        asked = {c.code for c in considerations}
        not_asked = sorted(set(given) - asked)
        if not_asked:
            raise DemoDataError(
                f"{self.story.source}, case {self.story.reference}: the {review.review_point} review does not ask "
                f"{', '.join(not_asked)}"
            )
        answers: dict[int, dict[str, Any]] = {}
        carried = framework_selectors.starting_answers(review)
        open_follow_ups = {f.code: f for f in framework_selectors.open_follow_ups(self.case)}
        for consideration in considerations:
            spec = given.get(consideration.code)
            if spec is None:
                if not complete:
                    continue  # a review saved part-done answers only what the story gives
                # As a reviewer would: confirm what the story does not change (a later review starts from the
                # last answers), unless that was a "no" or "unknown" whose follow-up has since been closed.
                values = self._carried_values(carried.get(consideration.code), open_follow_ups)
                if values is not None:
                    answers[consideration.pk] = values
                    continue
                spec = self.data.default_for(
                    consideration.code, patient_safety_incident=self.story.patient_safety_incident
                )
            answers[consideration.pk] = self._answer_values(spec)
        framework_services.save_answers(review=review, answers=answers, by=by)
        if complete:
            framework_services.complete_review(review=review, by=by)
        return review

    def _answer_values(self, spec: AnswerSpec) -> dict[str, Any]:
        values: dict[str, Any] = {"answer": spec.answer, "note": spec.note}
        if spec.follow_up is not None:
            values["follow_up_action"] = spec.follow_up.action
            values["follow_up_owner"] = self.user(spec.follow_up.owner)
            values["follow_up_due_on"] = timezone.localdate() + dt.timedelta(days=spec.follow_up.due_in_days)
        if spec.close_follow_up:
            values["close_follow_up"] = True
            values["close_reason"] = spec.close_follow_up
        return values

    @staticmethod
    def _carried_values(last: Any, open_follow_ups: dict[str, FollowUp]) -> dict[str, Any] | None:
        """The last answer, confirmed as it stands: a "no" or "unknown" with its open follow-up's plan."""
        if last is None:
            return None
        values: dict[str, Any] = {"answer": last.answer, "note": last.note}
        if last.answer in ANSWERS_NEEDING_FOLLOW_UP:
            follow_up = open_follow_ups.get(last.consideration.code)
            if follow_up is None:
                return None
            values.update(
                follow_up_action=follow_up.action,
                follow_up_owner=follow_up.owner,
                follow_up_due_on=follow_up.due_on,
            )
        return values

    def _close_follow_up(self, step: Step) -> None:
        code = step.values["close_follow_up"]
        framework_services.close_follow_up(
            follow_up=self._open_follow_up(code), outcome=step.values["outcome"], by=self.user(step.by)
        )

    def _where(self) -> str:
        return f"{self.story.source}, case {self.story.reference}"

    def _open_follow_up(self, code: str) -> FollowUp:
        follow_up = FollowUp.objects.filter(case=self.case, status=FollowUp.Status.OPEN, code=code).first()
        if follow_up is None:
            raise DemoDataError(
                f"{self.story.source}, case {self.story.reference}: there is no open follow-up for {code}"
            )
        return follow_up

    def _carry_follow_up(self, step: Step) -> None:
        framework_services.carry_follow_up(
            follow_up=self._open_follow_up(step.values["carry_follow_up"]),
            reason=" ".join(step.values["reason"].split()),
            by=self.user(step.by),
        )

    def _tell(self, step: Step) -> None:
        """The practitioner is told something (the outcome, before a case closes), recorded in the log."""
        services_comms.log_communication(
            case=self.case,
            channel=step.values["channel"],
            to_practitioner=True,
            summary=" ".join(step.values["tell"].split()),
            occurred_at=timezone.now(),
            by=self.user(step.by),
        )

    def _move(self, step: Step) -> None:
        case = self.case
        target = step.values["move"]
        move = workflow_for(case).move(case.stage, target)
        if move is None:
            raise DemoDataError(
                f"{self.story.source}, case {self.story.reference}: the workflow does not allow a move from "
                f"{case.stage} to {target}"
            )
        latest = (
            Review.objects.filter(case=case, status=Review.Status.COMPLETED)
            .order_by("-completed_at", "-id")
            .first()
        )
        if latest is None or latest.review_point != move.review_point:
            raise DemoDataError(
                f"{self.story.source}, case {self.story.reference}: the move to {target} asks for a "
                f"{move.review_point} review first"
            )
        case_services.move_stage(
            case=case,
            to_stage=target,
            decision=step.values["decision"],
            reasons=step.values["reasons"],
            by=self.user(step.by),
            open_follow_ups_reason=step.values.get("open_follow_ups_reason", ""),
            outcome=step.values.get("outcome", ""),
            outcome_note=step.values.get("outcome_note", ""),
        )
        case.refresh_from_db()

    def _advance(self, step: Step) -> None:
        """A closed case's move (closed-*.yaml): the review the move asks for, unless the case has just taken it,
        with every consideration at its default answer; then the move."""
        case = self.case
        target = step.values["advance"]
        move = workflow_for(case).move(case.stage, target)
        if move is None:
            raise DemoDataError(
                f"{self.story.source}, case {self.story.reference}: the workflow does not allow a move from "
                f"{case.stage} to {target}"
            )
        by = self.user(step.by)
        last_move = case.stage_moves.order_by("-moved_at", "-id").first()
        latest = (
            Review.objects.filter(case=case, status=Review.Status.COMPLETED)
            .order_by("-completed_at", "-id")
            .first()
        )
        fresh = latest is not None and (last_move is None or latest.completed_at > last_move.moved_at)
        if not fresh or latest.review_point != move.review_point:
            self._take_review(move.review_point, by=by, given={})
        case_services.move_stage(
            case=case,
            to_stage=target,
            decision=step.values["decision"],
            reasons=step.values["reasons"],
            by=by,
            outcome=step.values.get("outcome", ""),
            outcome_note=step.values.get("outcome_note", ""),
        )
        case.refresh_from_db()

    def _end_restriction(self, step: Step) -> None:
        restriction = Restriction.objects.filter(
            case=self.case, kind=step.values["end_restriction"], ended_on__isnull=True
        ).first()
        if restriction is None:
            raise DemoDataError(
                f"{self.story.source}, case {self.story.reference}: there is no live "
                f"{step.values['end_restriction']} to end"
            )
        process_services.end_restriction(
            restriction=restriction,
            ended_on=self.days_ago(step.day),
            end_reason=step.values["end_reason"],
            by=self.user(step.by),
        )

    def _name(self, step: Step) -> None:
        for role, username in step.values["name"].items():
            case_services.name_person(case=self.case, user=_user(username), role=role, by=self.user(step.by))
            self.people[role] = username

    def _exclude(self, step: Step) -> None:
        username = step.values["exclude"]
        case_services.exclude_for_conflict(
            case=self.case, user=_user(username), reason=step.values["reason"], by=self.user(step.by)
        )
        self.people = {role: name for role, name in self.people.items() if name != username}

    def _update_practitioner(self, step: Step) -> None:
        fields = self._practitioner_fields(step.values["update_practitioner"])
        if fields.get("induction") and fields["induction"] != "yes":
            fields.setdefault("induction_on", None)
        self.practitioner = case_services.update_practitioner(
            practitioner=self.practitioner, by=self.user(step.by), **fields
        )

    # -- restrictions, exclusions and suspensions, Advice and key dates (faircase.process)

    def _advice(self, step: Step) -> None:
        advice = step.values["advice"]
        self.advice = process_services.record_advice_contact(
            case=self.case,
            contacted_on=self.days_ago(step.day),
            adviser=advice["adviser"],
            question=advice["question"],
            advice=advice["advice"],
            by=self.user(step.by),
        )

    def _restrict(self, step: Step) -> None:
        values = step.values
        started_on = self.days_ago(step.day)
        first_end = None
        if "first_period_days" in values:
            first_end = clock.last_day_after_days(started_on, values["first_period_days"])
        advice = None
        if values.get("advice_contacted"):
            if self.advice is None:
                raise DemoDataError(
                    f"{self.story.source}, case {self.story.reference}: no Advice contact is recorded before the "
                    "restriction that says Advice was contacted"
                )
            advice = self.advice
        hearing = {}
        if "oral_hearing_days_ago" in values:
            hearing = {
                "oral_hearing_notice_on": self.days_ago(values["oral_hearing_notice_days_ago"]),
                "oral_hearing_on": self.days_ago(values["oral_hearing_days_ago"]),
            }
        process_services.record_restriction(
            case=self.case,
            kind=values["restrict"],
            started_on=started_on,
            terms=values["terms"],
            reasons=values["reasons"],
            by=self.user(step.by),
            first_period_ends_on=first_end,
            criminal_investigation=bool(values.get("criminal_investigation", False)),
            advice_contact=advice,
            advice_not_consulted_reason=values.get("advice_not_consulted_reason", ""),
            **hearing,
        )

    def _review_restriction(self, step: Step) -> None:
        """Review the current period of the live restriction of that kind, with the case's latest completed
        restriction review not yet used for another period."""
        where = f"{self.story.source}, case {self.story.reference}"
        values = step.values
        restriction = (
            Restriction.objects.filter(
                case=self.case, kind=values["review_restriction"], ended_on__isnull=True
            )
            .order_by("-started_on", "-pk")
            .first()
        )
        if restriction is None:
            raise DemoDataError(f"{where}: there is no live {values['review_restriction']} to review")
        review = (
            Review.objects.filter(
                case=self.case, review_point=ReviewPoint.RESTRICTION, status=Review.Status.COMPLETED
            )
            .exclude(pk__in=RestrictionPeriod.objects.filter(review__isnull=False).values("review"))
            .order_by("-completed_at", "-id")
            .first()
        )
        if review is None:
            raise DemoDataError(f"{where}: review the restriction (a 'restriction' review) before its period")
        period = process_services.current_period(restriction)
        reviewed_on = self.days_ago(step.day)
        next_end = None
        if values["continues"] and "next_period_days" in values:
            next_start = clock.next_period_start(period.ends_on, reviewed_on)
            next_end = clock.last_day_after_days(next_start, values["next_period_days"])
        process_services.review_period(
            period=period,
            reviewed_on=reviewed_on,
            outcome=values["outcome"],
            continues=values["continues"],
            review=review,
            by=self.user(step.by),
            next_end=next_end,
            end_reason=values.get("end_reason", ""),
        )

    def _decide_not_to_exclude(self, step: Step) -> None:
        process_services.record_decision_not_to_exclude(
            case=self.case,
            decided_on=self.days_ago(step.day),
            considered=step.values["decide_not_to_exclude"],
            reasons=step.values["reasons"],
            alternative=step.values.get("alternative", ""),
            by=self.user(step.by),
        )

    def _key_date(self, step: Step) -> None:
        services_packs.record_key_date(
            case=self.case,
            event=step.values["key_date"],
            on=self.days_ago(step.day),
            note=step.values.get("note", ""),
            by=self.user(step.by),
        )

    # -- the practitioner's own view, voice, welfare and letters (faircase.practitioners)

    def _invite_practitioner(self, step: Step) -> None:
        """Invite the practitioner and accept the invitation as they would, with their demo login."""
        login = self.story.practitioner_login
        assert login is not None  # checked when the data is read
        existing = User.objects.filter(username=login.username).first()
        if existing is not None:
            raise DemoDataError(
                f"An account named {login.username} already exists: the demo will not take it over. Use a fresh "
                "database for the demo."
            )
        with override_settings(MAILERS=DEMO_MAILERS):
            _, token = services_portal.invite_practitioner(
                case=self.case, email=f"{login.username}@{DEMO_EMAIL_DOMAIN}", by=self.user(step.by)
            )
        user = services_portal.accept_invitation(
            token=token, username=login.username, password=login.password
        )
        user.is_demo = True
        user.save(update_fields=["is_demo"])
        audit.record(
            by=SYSTEM_ACTOR,
            action="user.marked_demo",
            obj=user,
            before={"is_demo": False},
            after={"is_demo": True},
            detail={"source": "demo"},
        )
        self.practitioner_user = user
        self.report.practitioner_accounts_created += 1

    def _share_concern(self, step: Step) -> None:
        services_portal.share_concern(
            concern=self.case.concerns.order_by("pk").first(),
            text=" ".join(step.values["share_concern"].split()),
            by=self.user(step.by),
            on=self.days_ago(step.day),
        )

    def _welfare_plan(self, step: Step) -> None:
        plan = step.values["welfare_plan"]
        services_voice.set_welfare_plan(
            case=self.case,
            named_contact=self.user(plan["named_contact"]),
            contact_every_days=plan["contact_every_days"],
            agreed_on=self.days_ago(step.day),
            notes=" ".join(plan.get("notes", "").split()),
            by=self.user(step.by),
        )

    def _welfare_contact(self, step: Step) -> None:
        contact = step.values["welfare_contact"]
        services_voice.record_welfare_contact(
            case=self.case,
            contacted_on=self.days_ago(step.day),
            contact_by=self.user(contact["contact_by"]),
            method=contact["method"],
            raised=" ".join(contact.get("raised", "").split()),
            by=self.user(step.by),
        )

    def _submit(self, step: Step) -> None:
        if self.practitioner_user is None:
            raise DemoDataError(
                f"{self.story.source}, case {self.story.reference}: invite the practitioner before they submit"
            )
        services_voice.submit(
            case=self.case,
            kind=step.values["submit"]["kind"],
            text=" ".join(step.values["submit"]["text"].split()),
            by=self.practitioner_user,
        )

    def _submission(self, kind: str) -> Submission:
        submission = (
            Submission.objects.filter(case=self.case, kind=kind).order_by("-submitted_at", "-pk").first()
        )
        if submission is None:
            raise DemoDataError(
                f"{self.story.source}, case {self.story.reference}: the practitioner has not sent a {kind} yet"
            )
        return submission

    def _acknowledge(self, step: Step) -> None:
        services_voice.acknowledge(
            submission=self._submission(step.values["acknowledge"]), by=self.user(step.by)
        )

    def _respond(self, step: Step) -> None:
        services_voice.record_taken_into_account(
            submission=self._submission(step.values["respond"]),
            text=" ".join(step.values["text"].split()),
            by=self.user(step.by),
        )

    def _letter(self, step: Step) -> None:
        letter = step.values["letter"]
        today = self.days_ago(step.day)
        fields: dict[str, Any] = {
            key: letter[key] for key in ("meeting_time", "meeting_place", "outcome") if key in letter
        }
        if "meeting_in_days" in letter:
            fields["meeting_date"] = today + dt.timedelta(days=letter["meeting_in_days"])
        # The demo's letters name every concern already shared, as an author ticking them all would.
        shared = SharedConcern.objects.of_case(self.case).values_list("concern_id", flat=True)
        services_comms.send_letter(
            case=self.case,
            kind=letter["kind"],
            fields=fields,
            by=self.user(step.by),
            today=today,
            concern_ids=list(shared),
        )

    # -- the case file: notes and documents (faircase.casefile, faircase.documents)

    def _add_note(self, step: Step) -> None:
        note = casefile_services.add_note(
            case=self.case, text=" ".join(step.values["add_note"].split()), by=self.user(step.by)
        )
        if "key" in step.values:
            self.notes[step.values["key"]] = note

    def _edit_note(self, step: Step) -> None:
        note = self.notes.get(step.values["edit_note"])
        if note is None:
            raise DemoDataError(f"{self._where()}: no note called {step.values['edit_note']} was written")
        casefile_services.edit_note(
            note=note, text=" ".join(step.values["text"].split()), by=self.user(step.by)
        )

    def _document(self, step: Step) -> None:
        """A document as a person would upload it: a real PDF of the text, checked as any upload is."""
        values = step.values
        key = values["document"]
        if key in self.documents:
            raise DemoDataError(f"{self._where()}: a document called {key} was added already")
        title, text = " ".join(values["title"].split()), values["text"]
        document = document_services.add_document(
            case=self.case,
            file=ContentFile(pdf(title, text), name=values["file"]),
            name=values["file"],
            kind=values["kind"],
            dated=self.days_ago(values.get("dated_days_ago", step.day)),
            marking=values["marking"],
            withheld_reason=" ".join(values.get("withheld_reason", "").split()),
            by=self.user(step.by),
        )
        self.documents[key] = (document, title, text)

    def _known_document(self, key: str) -> Document:
        if key not in self.documents:
            raise DemoDataError(f"{self._where()}: no document called {key} was added")
        return self.documents[key][0]

    def _redact(self, step: Step) -> None:
        """A redacted copy of the document's current version, which it is then disclosed through."""
        document = self._known_document(step.values["redact"])
        _, title, text = self.documents[step.values["redact"]]
        name = document_services.current_version(document).name.removesuffix(".pdf") + "-redacted.pdf"
        document_services.add_redacted_copy(
            document=document,
            file=ContentFile(pdf(f"{title} (redacted copy)", step.values.get("text", text)), name=name),
            name=name,
            reason=" ".join(step.values["reason"].split()),
            by=self.user(step.by),
        )

    # -- the investigation (faircase.proceedings)

    def _investigation(self) -> Investigation:
        investigation = Investigation.objects.of_case(self.case).first()
        if investigation is None:
            raise DemoDataError(f"{self._where()}: no case investigator has been appointed")
        investigation.case = self.case
        return investigation

    def _appoint_investigator(self, step: Step) -> None:
        username = step.values["appoint_investigator"]
        investigation_services.appoint_investigator(
            case=self.case,
            investigator=_user(username),
            appointed_on=self.days_ago(step.day),
            by=self.user(step.by),
        )
        self.people[CaseRole.CASE_INVESTIGATOR] = username

    def _terms_of_reference(self, step: Step) -> None:
        """The terms of reference: the scope, every concern of the case as an allegation, and who is to be
        interviewed."""
        investigation_services.set_terms_of_reference(
            investigation=self._investigation(),
            scope=" ".join(step.values["terms_of_reference"].split()),
            allegation_ids=[c.pk for c in self.case.concerns.order_by("pk")],
            interviewees=" ".join(step.values["interviewees"].split()),
            by=self.user(step.by),
        )

    def _interview(self, step: Step) -> None:
        values = step.values
        minutes = self._known_document(values["minutes"]).pk if "minutes" in values else None
        investigation_services.record_interview(
            investigation=self._investigation(),
            held_on=self.days_ago(step.day),
            interviewee=values["interview"],
            of_practitioner=bool(values.get("of_practitioner", False)),
            attended=" ".join(values["attended"].split()),
            companion=values.get("companion", ""),
            minutes_id=minutes,
            by=self.user(step.by),
        )

    def _interview_comments(self, step: Step) -> None:
        interview = (
            Interview.objects.of_case(self.case).filter(interviewee=step.values["interview_comments"]).first()
        )
        if interview is None:
            raise DemoDataError(
                f"{self._where()}: no interview with {step.values['interview_comments']} is recorded"
            )
        interview.case = self.case
        investigation_services.record_interview_comments(
            interview=interview,
            accuracy_comments=" ".join(step.values["comments"].split()),
            comments_received_on=self.days_ago(step.day),
            by=self.user(step.by),
        )

    def _report_received(self, step: Step) -> None:
        investigation_services.record_report_receipt(
            investigation=self._investigation(),
            report_id=self._known_document(step.values["report_received"]).pk,
            received_on=self.days_ago(step.day),
            by=self.user(step.by),
        )

    def _connect_factual_accuracy(self, step: Step) -> None:
        investigation_services.connect_factual_accuracy(
            investigation=self._investigation(),
            submission_id=self._submission(Submission.Kind.FACTUAL_ACCURACY).pk,
            by=self.user(step.by),
        )

    # -- the decision on the report, the hearing and the appeal (faircase.proceedings)

    def _decide_on_report(self, step: Step) -> None:
        """The case manager's decision, taken with a framework review at the determination review point."""
        by = self.user(step.by)
        review = self._take_review(ReviewPoint.DETERMINATION, by=by, given=step.answers)
        decision_services.record_decision(
            case=self.case,
            option=step.values["decide_on_report"],
            decided_on=self.days_ago(step.day),
            reasons=" ".join(step.values["reasons"].split()),
            review_id=review.pk,
            by=by,
        )

    def _panel(self, usernames: list[str]) -> list[int]:
        return [_user(username).pk for username in usernames]

    def _the_hearing(self) -> Hearing:
        hearing = Hearing.objects.of_case(self.case).first()
        if hearing is None:
            raise DemoDataError(f"{self._where()}: no hearing has been arranged")
        hearing.case = self.case
        return hearing

    def _hearing(self, step: Step) -> None:
        """The hearing arranged, with notice given to the practitioner on the step's day."""
        decision_services.arrange_hearing(
            case=self.case,
            held_on=self.days_ago(step.values["held_days_ago"]),
            panel_ids=self._panel(step.values["panel"]),
            notice_given_on=self.days_ago(step.day),
            companion=step.values.get("companion", ""),
            by=self.user(step.by),
        )

    def _hearing_outcome(self, step: Step) -> None:
        decision_services.record_hearing_outcome(
            hearing=self._the_hearing(),
            outcome=" ".join(step.values["hearing_outcome"].split()),
            reasons=" ".join(step.values["reasons"].split()),
            outcome_on=self.days_ago(step.day),
            by=self.user(step.by),
        )

    def _appeal(self, step: Step) -> None:
        decision_services.lodge_appeal(
            hearing=self._the_hearing(),
            received_on=self.days_ago(step.day),
            panel_ids=self._panel(step.values.get("panel", [])),
            by=self.user(step.by),
        )

    def _appeal_outcome(self, step: Step) -> None:
        appeal = Appeal.objects.of_case(self.case).first()
        if appeal is None:
            raise DemoDataError(f"{self._where()}: no appeal has been lodged")
        appeal.case = self.case
        decision_services.record_appeal_outcome(
            appeal=appeal,
            outcome=step.values["appeal_outcome"],
            reasons=" ".join(step.values["reasons"].split()),
            decided_on=self.days_ago(step.day),
            by=self.user(step.by),
        )

    # -- letters drafted from the library, checked and sent (faircase.practitioners.services_comms)

    def _representative(self, step: Step) -> None:
        services_comms.set_representative(
            case=self.case,
            name=step.values["representative"],
            email=step.values["email"],
            by=self.user(step.by),
        )

    def _write_letter(self, step: Step) -> None:
        """A letter drafted from the library with the case's pack and clock, the author's own paragraph added
        (when the story gives one) and saved, then sent: kept as a PDF, emailed to the practitioner and any
        representative through the demo's in-memory mail."""
        values = step.values
        today = self.days_ago(step.day)
        by = self.user(step.by)
        fields: dict[str, Any] = {
            key: values[key] for key in ("meeting_time", "meeting_place", "outcome") if key in values
        }
        if "meeting_in_days" in values:
            fields["meeting_date"] = today + dt.timedelta(days=values["meeting_in_days"])
        shared = SharedConcern.objects.of_case(self.case).values_list("concern_id", flat=True)
        draft = services_comms.draft_letter(
            case=self.case,
            kind=values["write_letter"],
            fields=fields,
            concern_ids=list(shared),
            by=by,
            today=today,
        )
        subject, body = draft.subject, draft.body
        # A letter that goes in Welsh (ADR 42) carries the library's Welsh as drafted; the author's own words are
        # theirs, as written, in each language's text.
        subject_cy, body_cy = draft.subject_cy, draft.body_cy
        if "add" in values:
            # The author's own words, before the signature: the letter's first paragraph after the greeting.
            words = " ".join(values["add"].split())
            greeting, _, rest = body.partition("\n\n")
            body = f"{greeting}\n\n{words}\n\n{rest}"
            if body_cy:
                greeting, _, rest = body_cy.partition("\n\n")
                body_cy = f"{greeting}\n\n{words}\n\n{rest}"
            draft = services_comms.save_draft(
                draft=draft, subject=subject, body=body, subject_cy=subject_cy, body_cy=body_cy, by=by
            )
        with override_settings(MAILERS=DEMO_MAILERS):
            services_comms.send_draft(
                draft=draft,
                subject=subject,
                body=body,
                subject_cy=subject_cy,
                body_cy=body_cy,
                acknowledged_flags=(),
                by=by,
                today=today,
            )

    # -- a blind second look (faircase.second_look)

    def _second_look(self) -> SecondLook:
        second_look = SecondLook.objects.filter(case=self.case).order_by("-created_at", "-id").first()
        if second_look is None:
            raise DemoDataError(
                f"{self.story.source}, case {self.story.reference}: no blind second look has been asked"
            )
        return second_look

    def _ask_second_look(self, step: Step) -> None:
        """Draft the request (the anonymised summary is built from the case) and send it as drafted."""
        ask = step.values["ask_second_look"]
        by = self.user(step.by)
        with override_settings(MAILERS=DEMO_MAILERS):
            draft = second_look_services.draft_second_look(
                case=self.case,
                decision=ask["decision"],
                proposed_route=ask["proposed_route"],
                reviewer=_user(ask["reviewer"]),
                by=by,
            )
            second_look_services.send_second_look(second_look=draft, by=by)

    def _answer_second_look(self, step: Step) -> None:
        answer = step.values["answer_second_look"]
        reviewer = self.user(step.by)
        second_look = self._second_look()
        second_look_services.record_reviewer_view(second_look=second_look, by=reviewer)
        with override_settings(MAILERS=DEMO_MAILERS):
            second_look_services.answer_second_look(
                second_look=second_look,
                route=answer["route"],
                reasons=" ".join(answer["reasons"].split()),
                by=reviewer,
            )

    def _record_second_look(self, step: Step) -> None:
        record = step.values["record_second_look"]
        second_look_services.record_taken_into_account(
            second_look=self._second_look(),
            route_after=record["route_after"],
            taken_into_account=" ".join(record["taken_into_account"].split()),
            by=self.user(step.by),
        )


# ---- reading back what was loaded -----------------------------------------------------------------------


def demo_accounts(*, data: DemoData | None = None) -> list[Person]:
    """The demo logins that exist in this database, in the order of the data files, with their passwords: the
    organisations' people, then the practitioners' own logins."""
    require_demo_mode()
    data = data or demo_data()
    existing = set(User.objects.filter(is_demo=True, is_active=True).values_list("username", flat=True))
    return [person for person in data.logins if person.username in existing]


def role_label(role: str) -> str:
    """How a demo login's role reads: an organisation role, or the practitioner's own login."""
    if role == PRACTITIONER_ROLE:
        return "Practitioner (their own view)"
    return str(Role(role).label)
