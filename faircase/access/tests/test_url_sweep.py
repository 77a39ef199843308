"""Every URL with a case, an organisation or an object in it, walked as the people who must not reach it.

For each pattern the sweep finds a real target in the demo (a case that has the review, restriction, letter...
the pattern names), checks that someone who should reach it does, then asks as:

- a case manager, administrator and equality analyst of another organisation;
- a case manager of the same organisation excluded from the case for a conflict of interest;
- the practitioner the case is about, holding a case manager's role in the organisation;
- the practitioner of another case;
- and, sending every POST, each read-only role that may see the case (auditor, responsible officer, an HR
  adviser not named on it).

Every answer must be 404 (403 for a read-only POST on a case they may see, 405 for a method the page does not
take), and the POSTs must change nothing (no audit event: every change is audited). A new URL pattern fails
here until the sweep knows how to fill it, so a page cannot be added without being swept.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db.models import F
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from faircase.access.guard import has_capability
from faircase.access.policy import CASE_ACTIONS
from faircase.accounts.models import Membership, Organisation, Passkey, User
from faircase.accounts.tests.factories import member
from faircase.bundles.tests import factories as bundle_factories
from faircase.casefile import services as note_services
from faircase.casefile.models import Note
from faircase.cases import services as case_services
from faircase.cases.models import Case, Concern
from faircase.consistency.language import national_terms
from faircase.consistency.models import LexiconTerm
from faircase.core.models import AuditEvent
from faircase.demo.tests.loading import rolled_back
from faircase.documents import services as document_services
from faircase.documents.models import Document, DocumentVersion
from faircase.documents.tests import files as document_files
from faircase.framework import services as framework_services
from faircase.framework.models import Consideration, FollowUp, FrameworkVersion, Review
from faircase.notifications import services as notification_services
from faircase.policy.kinds import RestrictionKind
from faircase.practitioners import services_comms as comms_services
from faircase.practitioners import services_surveys as survey_services
from faircase.practitioners import services_voice as welfare_services
from faircase.practitioners.models import (
    Letter,
    LetterDraft,
    LetterTemplate,
    OccupationalHealthReferral,
    PractitionerAccount,
    Submission,
    SupportEntry,
    SurveyInvitation,
)
from faircase.proceedings import services as investigation_services
from faircase.proceedings import services_decision as decision_services
from faircase.proceedings.models import Interview
from faircase.proceedings.tests.factories import determination_review
from faircase.process import feeds
from faircase.process import services as process_services
from faircase.process.models import AdviceAction, AdviceContact, Restriction
from faircase.records.models import RecordFile
from faircase.records.tests import factories as record_factories
from faircase.second_look.choices import Decision
from faircase.second_look.models import SecondLook
from faircase.second_look.tests.factories import answered, reviewer
from faircase.training.models import TrainingSession
from faircase.training.studies import studies_for

OK_FOR_OUTSIDERS = {404}
OK_FOR_READ_ONLY_POST = {403, 404}
WRONG_METHOD = 405

# Patterns left out of the sweep, each with its reason.
NOT_SWEPT = {
    "api:get_principle": "the five national Principles: the same for everyone, nothing of an organisation",
    "api:refuse_principle": "refuses every change to the fixed Principles, for everyone",
    "admin:": "the Django admin: platform staff only, swept by the admin's own tests",
    "equality:report_file": "no organisation in its path: the report form offers only the organisations the person "
    "may analyse (faircase/equality/tests)",
}
# Capability URLs: whoever holds the secret may use them; the sweep checks that a wrong secret finds nothing.
TOKEN_PATTERNS = {
    "process:deadlines_feed",
    "practitioners:portal_invitation",
    "practitioners:survey_answer",
    "people:set_password",
    "single_sign_on:invitation",
}


# ---- the URL patterns ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str
    kwargs: tuple[str, ...]


def _walk(
    resolver: URLResolver, prefix: str = "", namespace: str = "", outer: tuple[str, ...] = ()
) -> list[Pattern]:
    found = []
    for entry in resolver.url_patterns:
        kwargs = outer + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace
            found += _walk(entry, prefix + str(entry.pattern), inner or namespace, kwargs)
        elif isinstance(entry, URLPattern) and kwargs:
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            found.append(Pattern(name=name, route=prefix + str(entry.pattern), kwargs=kwargs))
    return found


def _swept(pattern: Pattern) -> bool:
    return not any(
        pattern.name == key or pattern.name.startswith(key) for key in NOT_SWEPT if key.endswith(":")
    ) and (pattern.name not in NOT_SWEPT)


ALL_PATTERNS = {p.name: p for p in _walk(get_resolver()) if p.route and not p.route.startswith("admin/")}
SWEPT = sorted(name for name, p in ALL_PATTERNS.items() if _swept(p) and name not in TOKEN_PATTERNS)


# ---- the world: the demo, plus a draft framework, a calendar feed and the people of the sweep --------------------


@pytest.fixture(scope="module")
def world(demo_loaded, django_db_blocker):
    # The shared demo (faircase/conftest.py), with what the sweep adds to it in a savepoint of its own.
    def load() -> dict[str, Any]:
        riverside = Organisation.objects.get(slug="riverside")
        admin = User.objects.get(username="riverside-org-admin")
        framework_services.start_adaptation(organisation=riverside, by=admin)
        manager = User.objects.get(username="riverside-case-manager")
        feed, _token = feeds.create_feed(by=manager)
        LexiconTerm.objects.get_or_create(
            organisation=riverside,
            term="swept term",
            defaults={"why": "A term for the URL sweep.", "suggestion": "Another word.", "created_by": admin},
        )
        # An occupational health referral waiting for its outcome and an open action from Advice, which the
        # demo's story does not happen to leave open.
        case = Case.objects.for_system("command").get(organisation=riverside, reference="RIV-0147")
        welfare_services.refer_to_occupational_health(
            case=case, referred_on=dt.date(2026, 11, 2), reason="Fitness to work nights", by=manager
        )
        advice = process_services.record_advice_contact(
            case=case,
            contacted_on=dt.date(2026, 11, 2),
            adviser="A fictional adviser",
            question="Should the practitioner be restricted?",
            advice="Not on what is known.",
            by=manager,
        )
        process_services.add_advice_action(
            advice=advice, action="Share the rota", owner=manager, due_on=dt.date(2026, 12, 20), by=manager
        )
        # A document with a file in the storage, for the documents' pages and the download.
        document_services.add_document(
            case=case,
            file=document_files.upload("sweep statement.pdf", document_files.pdf()),
            name="sweep statement.pdf",
            kind="statement",
            dated=dt.date(2026, 11, 2),
            marking="disclosable",
            by=manager,
        )
        # An investigation with an interview, for the investigation's pages.
        investigation = investigation_services.appoint_investigator(
            case=case,
            investigator=member(riverside, "case_investigator", username="sweep-investigator"),
            appointed_on=dt.date(2026, 11, 2),
            by=manager,
        )
        investigation_services.record_interview(
            investigation=investigation,
            held_on=dt.date(2026, 11, 9),
            interviewee="A fictional ward sister",
            of_practitioner=False,
            attended="Sweep Investigator",
            by=manager,
        )
        # The report received and the decision on it (a conduct hearing), for the decision's and hearing's pages.
        report = document_services.add_document(
            case=case,
            file=document_files.upload("sweep report.pdf", document_files.pdf()),
            name="sweep report.pdf",
            kind="report",
            dated=dt.date(2026, 11, 16),
            marking="disclosable",
            by=manager,
        )
        investigation_services.record_report_receipt(
            investigation=investigation, report_id=report.pk, received_on=dt.date(2026, 11, 16), by=manager
        )
        decision_services.record_decision(
            case=case,
            option="conduct_hearing",
            decided_on=dt.date(2026, 11, 18),
            reasons="The report found a case to answer.",
            review_id=determination_review(case, manager).pk,
            by=manager,
        )
        # A case note, for the notes' pages (the demo writes none).
        note_services.add_note(case=case, text="A note for the URL sweep.", by=manager)
        # A letter being written, for the draft's page (the demo's letters are all sent).
        comms_services.draft_letter(
            case=case,
            kind="concern_notification",
            fields={},
            concern_ids=[],
            by=manager,
            today=dt.date(2026, 11, 2),
        )
        # A survey waiting for the practitioner who has a login, and a second look answered but not recorded.
        own = (
            Case.objects.for_system("command")
            .filter(organisation=riverside, practitioner__account__isnull=False)
            .order_by("opened_at")
        )
        survey_services.invite_to_survey(case=own.first(), point="first_meeting", by=manager)
        answered(case, manager, reviewer(riverside, username="sweep-reviewer", full_name="Sweep Reviewer"))
        if not SupportEntry.objects.filter(organisation=riverside).exists():
            SupportEntry.objects.create(
                organisation=riverside,
                key="sweep",
                name="Sweep support",
                description="A support entry for the URL sweep.",
                last_checked_on=dt.date(2026, 11, 1),
            )
        # An item of new work for the case manager (faircase.notifications): only its owner may open it.
        item = notification_services.notify(
            case=case,
            users=[manager],
            kind="assigned",
            title=lambda: f"Case {case.reference}: sweep",
            path="/",
        )[0]
        # A passkey (ADR 30): only the person it belongs to may remove it.
        passkey = Passkey.objects.create(
            user=manager, name="Sweep passkey", credential_id="c3dlZXA", public_key=b"not a real key"
        )
        # A disclosure bundle (faircase.bundles) for the bundle's own pages: stored as prepared, without laying
        # out a PDF (the bundles' tests do that).
        bundle = bundle_factories.stored_bundle(organisation=riverside, by=admin)
        # A record PDF made by the task worker (ADR 39), for its progress page, status and download.
        record_factories.stored_record_file(case=case, by=manager)
        return {"feed": feed, "notification": item, "passkey": passkey, "bundle": bundle}

    with rolled_back(django_db_blocker, load) as extra:
        yield extra


def _pk(queryset: Any) -> Any:
    row = queryset.order_by("pk").first()
    return None if row is None else row.pk


def _open_period(case: Case) -> dict[str, Any] | None:
    for restriction in Restriction.objects.of_case(case).filter(ended_on__isnull=True).order_by("pk"):
        period = restriction.periods.filter(reviewed_on__isnull=True).order_by("number").first()
        if period is not None:
            return {"restriction_id": restriction.pk, "number": period.number}
    return None


# Each finder fills the kwargs of one pattern from one case, or says the case has nothing to fill them with.
CaseFinder = Callable[[Case], dict[str, Any] | None]


def _one(kwarg: str, find: Callable[[Case], Any]) -> CaseFinder:
    def finder(case: Case) -> dict[str, Any] | None:
        value = find(case)
        return None if value is None else {kwarg: value}

    return finder


CASE_FINDERS: dict[str, CaseFinder] = {
    "review_id": _one("review_id", lambda c: _pk(Review.objects.of_case(c))),
    "principle": lambda c: {"principle": "welfare"},
    "follow_up_id": _one("follow_up_id", lambda c: _pk(FollowUp.objects.of_case(c).filter(status="open"))),
    "restriction_id": _one(
        "restriction_id", lambda c: _pk(Restriction.objects.of_case(c).filter(ended_on__isnull=True))
    ),
    "number": lambda c: _open_period(c),
    "advice_id": _one("advice_id", lambda c: _pk(AdviceContact.objects.of_case(c))),
    "action_id": _one(
        "action_id", lambda c: _pk(AdviceAction.objects.of_case(c).filter(closed_at__isnull=True))
    ),
    "concern_id": _one("concern_id", lambda c: _pk(Concern.objects.of_case(c))),
    "submission_id": _one("submission_id", lambda c: _pk(Submission.objects.of_case(c))),
    "referral_id": _one("referral_id", lambda c: _pk(OccupationalHealthReferral.objects.of_case(c))),
    "letter_id": _one("letter_id", lambda c: _pk(Letter.objects.of_case(c))),
    "draft_id": _one("draft_id", lambda c: _pk(LetterDraft.objects.of_case(c).filter(letter__isnull=True))),
    "second_look_id": _one("second_look_id", lambda c: _pk(SecondLook.objects.of_case(c))),
    "point": _one(
        "point", lambda c: SurveyInvitation.objects.of_case(c).values_list("point", flat=True).first()
    ),
    "document_id": _one("document_id", lambda c: _pk(Document.objects.of_case(c))),
    # The first version of the document the finder above chose.
    "version_id": _one(
        "version_id",
        lambda c: _pk(
            DocumentVersion.objects.of_case(c).filter(document_id=_pk(Document.objects.of_case(c)))
        ),
    ),
    "file_id": _one("file_id", lambda c: _pk(RecordFile.objects.of_case(c))),
    "interview_id": _one("interview_id", lambda c: _pk(Interview.objects.of_case(c))),
    "note_id": _one("note_id", lambda c: _pk(Note.objects.of_case(c))),
    "decision": lambda c: {"decision": Decision.FORMAL_INVESTIGATION.value},
    "kind": lambda c: {"kind": RestrictionKind.FORMAL_EXCLUSION.value},
}
KIND_BY_PATTERN = {
    "practitioners:voice_new": Submission.Kind.ACCOUNT.value,
    "practitioners:voice_check": Submission.Kind.ACCOUNT.value,
}
# Pages about one second look answer only while it is in the state they act on.
SECOND_LOOK_STATES = {"second_look:withdraw": ("draft", "sent"), "second_look:record": ("answered",)}


@dataclass
class Target:
    kwargs: dict[str, Any]
    case: Case | None = None
    organisation: Organisation | None = None
    insider: User | None = None
    outsiders: list[User] = field(default_factory=list)
    read_only: list[User] = field(default_factory=list)


def _case_kwargs(pattern: Pattern, case: Case) -> dict[str, Any] | None:
    kwargs: dict[str, Any] = {"case_id": case.pk}
    for name in pattern.kwargs:
        if name == "case_id" or name in kwargs:
            continue
        if name not in CASE_FINDERS:
            pytest.fail(f"The sweep does not know how to fill <{name}> in {pattern.route}: teach it.")
        found = CASE_FINDERS[name](case)
        if found is None:
            return None
        kwargs.update(found)
    if pattern.name in KIND_BY_PATTERN:
        kwargs["kind"] = KIND_BY_PATTERN[pattern.name]
    if pattern.name in SECOND_LOOK_STATES:
        look = SecondLook.objects.of_case(case).filter(status__in=SECOND_LOOK_STATES[pattern.name]).first()
        if look is None:
            return None
        kwargs["second_look_id"] = look.pk
    return kwargs


def _case_target(pattern: Pattern) -> tuple[Case, dict[str, Any]]:
    portal = pattern.route.startswith("my/")
    candidates = Case.objects.for_system("command").select_related("organisation", "practitioner")
    if portal:
        candidates = candidates.filter(practitioner__account__isnull=False)
    # Open cases first on every database (PostgreSQL sorts NULLs last, SQLite first): a closed case refuses changes.
    for case in candidates.order_by(F("closed_at").asc(nulls_first=True), "opened_at"):
        kwargs = _case_kwargs(pattern, case)
        if kwargs is not None:
            return case, kwargs
    pytest.fail(f"No demo case has what {pattern.route} needs: add it to the demo or to the sweep's world.")


def _staff(organisation: Organisation, role: str, tag: str) -> User:
    return member(organisation, role, username=f"sweep-{tag}-{role}", full_name=f"Sweep {tag} {role}")


def _other_organisation(organisation: Organisation) -> Organisation:
    return Organisation.objects.exclude(pk=organisation.pk).order_by("slug").first()


def _other_organisation_people(organisation: Organisation) -> list[User]:
    other = _other_organisation(organisation)
    return [_staff(other, role, "other") for role in ("case_manager", "org_admin", "equality_analyst")]


def _practitioner_of_another_case(case: Case) -> User:
    account = (
        PractitionerAccount.objects.exclude(practitioner=case.practitioner)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return account.user


def _the_subject_with_a_staff_role(case: Case) -> User:
    """The practitioner the case is about, linked to a user who also manages cases in the organisation."""
    account = (
        PractitionerAccount.objects.filter(practitioner=case.practitioner).select_related("user").first()
    )
    user = account.user if account else _staff(case.organisation, "case_investigator", "subject")
    if account is None:
        PractitionerAccount.objects.create(user=user, practitioner=case.practitioner)
    Membership.objects.get_or_create(user=user, organisation=case.organisation, role="case_manager")
    return user


def _excluded_case_manager(case: Case) -> User:
    person = _staff(case.organisation, "case_manager", "excluded")
    case_services.exclude_for_conflict(
        case=case, user=person, reason="Trained the practitioner", by=case.opened_by
    )
    return person


def _case_manager_of(case: Case) -> User:
    named = case.members.filter(role="case_manager").select_related("user").first()
    return named.user if named else case.opened_by


def target_for(pattern: Pattern, world: dict[str, Any]) -> Target:
    kwargs = set(pattern.kwargs)
    if "case_id" in kwargs:
        case, values = _case_target(pattern)
        portal = pattern.route.startswith("my/")
        outsiders = [
            *_other_organisation_people(case.organisation),
            _excluded_case_manager(case),
            _practitioner_of_another_case(case),
        ]
        if portal:
            insider = PractitionerAccount.objects.get(practitioner=case.practitioner).user
        else:
            insider = _case_manager_of(case)
            outsiders.append(_the_subject_with_a_staff_role(case))
        # Read-only for this page: may see the case, but lacks the capability the page's action needs.
        need = capability_needed(pattern.name)
        read_only = [
            person
            for person in (
                _staff(case.organisation, role, "read-only")
                for role in ("auditor", "responsible_officer", "hr_adviser")
            )
            if need is not None and not has_capability(person, case, need)
        ]
        return Target(values, case, case.organisation, insider, outsiders, read_only)
    riverside = Organisation.objects.get(slug="riverside")
    some_case = (
        Case.objects.for_system("command").filter(organisation=riverside).order_by("opened_at").first()
    )
    outsiders = [*_other_organisation_people(riverside), _practitioner_of_another_case(some_case)]
    # A page's own entry first, then its app's.
    insider_role = INSIDER_ROLE.get(
        pattern.name, INSIDER_ROLE.get(pattern.name.split(":")[0] + ":*", "case_manager")
    )
    insider = User.objects.get(username=f"riverside-{insider_role.replace('_', '-')}")
    values: dict[str, Any] = {}
    for name in pattern.kwargs:
        if name not in ORGANISATION_FINDERS:
            pytest.fail(f"The sweep does not know how to fill <{name}> in {pattern.route}: teach it.")
        values[name] = ORGANISATION_FINDERS[name](riverside, pattern, world)
    if "second_look_id" in kwargs:
        look = SecondLook.objects.for_system("command").filter(status__in=("sent", "answered")).first()
        values["second_look_id"] = look.pk
        insider = look.reviewer
        outsiders = [_staff(look.case.organisation, "case_manager", "not-asked"), *outsiders]
    if "feed_id" in kwargs:
        insider = world["feed"].user
        outsiders = [_staff(riverside, "case_manager", "not-owner"), *outsiders]
    if "notification_id" in kwargs:
        insider = world["notification"].user
        outsiders = [_staff(riverside, "case_manager", "not-notified"), *outsiders]
    if "passkey_id" in kwargs:
        insider = world["passkey"].user
        outsiders = [_staff(riverside, "case_manager", "not-passkey-owner"), *outsiders]
    return Target(values, None, riverside, insider, outsiders, [])


INSIDER_ROLE = {
    "framework:*": "org_admin",
    "consistency:*": "org_admin",
    "practitioners:comms_templates": "org_admin",
    "practitioners:comms_template": "org_admin",
    "practitioners:portal_support_add": "org_admin",
    "practitioners:portal_support_edit": "org_admin",
    "practitioners:survey_results": "case_manager",
    "equality:*": "equality_analyst",
    "evaluation:adoption": "org_admin",
    "evaluation:*": "equality_analyst",
    # The oversight page is the board's: sweep it as the designated board member, who may open no case there.
    "oversight:*": "board_member",
    "people:*": "org_admin",
    "training:record": "org_admin",
    # The retention review is the organisation administrator's (faircase.retention).
    "retention:*": "org_admin",
    "bundles:*": "org_admin",
}

ORGANISATION_FINDERS: dict[str, Callable[[Organisation, Pattern, dict[str, Any]], Any]] = {
    "org_slug": lambda org, p, w: org.slug,
    "slug": lambda org, p, w: org.slug,
    "version_id": lambda org, p, w: (
        _pk(FrameworkVersion.objects.filter(organisation=org, published_at__isnull=False))
        or _pk(FrameworkVersion.objects.filter(organisation=org))
    ),
    "code": lambda org, p, w: (
        Consideration.objects.filter(version__organisation=org, version__published_at__isnull=True)
        .order_by("position")
        .first()
        .code
    ),
    "term_id": lambda org, p, w: _pk(LexiconTerm.objects.filter(organisation=org)),
    "key": lambda org, p, w: national_terms()[0].key,
    "entry_id": lambda org, p, w: _pk(SupportEntry.objects.filter(organisation=org)),
    "kind": lambda org, p, w: LetterTemplate.Kind.OUTCOME.value,
    "month": lambda org, p, w: f"{timezone.localdate():%Y-%m}",
    "fmt": lambda org, p, w: "csv",
    "feed_id": lambda org, p, w: w["feed"].pk,
    "notification_id": lambda org, p, w: w["notification"].pk,
    "passkey_id": lambda org, p, w: w["passkey"].pk,
    "bundle_id": lambda org, p, w: w["bundle"].pk,
    "practitioner_id": lambda org, p, w: _pk(org.practitioners.all()),
    "user_id": lambda org, p, w: User.objects.get(username=f"{org.slug}-case-manager-2").pk,
    "role": lambda org, p, w: "case_manager",
    "second_look_id": lambda org, p, w: None,  # filled below: the reviewer's page of a look asked of them
    # The training space: a national study, and the demo's session (run by the organisation's case manager).
    "study": lambda org, p, w: studies_for(org.slug)[0].key,
    "session_id": lambda org, p, w: _pk(TrainingSession.objects.filter(organisation=org)),
    "stage": lambda org, p, w: _training_study(org, p).stages[0].key,
    # A closed case the administrator may hold from the retention review (faircase.retention).
    "held_case_id": lambda org, p, w: _pk(
        Case.objects.for_system("command").filter(organisation=org, closed_at__isnull=False)
    ),
}


def _training_study(org: Organisation, pattern: Pattern) -> Any:
    if "session_id" in pattern.kwargs:
        key = TrainingSession.objects.filter(organisation=org).order_by("pk").first().study_key
        return next(study for study in studies_for(org.slug) if study.key == key)
    return studies_for(org.slug)[0]


def capability_needed(name: str) -> Any:
    """The capability the page's action needs, from the one policy table (None for the practitioner's pages)."""
    action = getattr(resolve(reverse_route(name)).func, "case_action", None)
    return CASE_ACTIONS[action].capability if action in CASE_ACTIONS else None


def reverse_route(name: str) -> str:
    pattern = ALL_PATTERNS[name]
    placeholder = {
        "uuid": "00000000-0000-4000-8000-000000000000",
        "int": "1",
        "str": "x",
        "slug": "x",
        "path": "x",
    }
    route = pattern.route
    for converter, value in placeholder.items():
        route = re.sub(rf"<{converter}:\w+>", value, route)
    return "/" + re.sub(r"<\w+>", "x", route)


# ---- the sweep ----------------------------------------------------------------------------------------------


def _get(client: Any, user: User, url: str) -> int:
    client.force_login(user)
    return client.get(url).status_code


def _post(client: Any, user: User, url: str) -> int:
    client.force_login(user)
    return client.post(url, {"reason": "x", "text": "x", "outcome": "x"}).status_code


def test_the_sweep_covers_every_pattern_with_a_case_an_organisation_or_an_object():
    assert (
        "cases:detail" in SWEPT
        and "practitioners:voice_respond" in SWEPT
        and "process:restriction_return" in SWEPT
    )
    assert len(SWEPT) >= 80


@pytest.mark.parametrize("name", SWEPT)
def test_nobody_reaches_what_they_may_not_see(name, world, db, client):
    pattern = ALL_PATTERNS[name]
    target = target_for(pattern, world)
    url = reverse(name, kwargs=target.kwargs)

    insider_status = _get(client, target.insider, url)
    assert insider_status not in {403, 404} and insider_status < 500, (
        f"{target.insider.username} should reach {url}: the sweep's target is wrong ({insider_status})"
    )

    events = AuditEvent.objects.count()
    refused = []
    for person in target.outsiders:
        for method, send in (("GET", _get), ("POST", _post)):
            status = send(client, person, url)
            if status not in OK_FOR_OUTSIDERS | {WRONG_METHOD}:
                refused.append(f"{method} as {person.username}: {status}")
    for person in target.read_only:
        status = _post(client, person, url)
        if status not in OK_FOR_READ_ONLY_POST | {WRONG_METHOD}:
            refused.append(f"POST as {person.username}: {status}")
    assert refused == [], f"{url} answered people who may not reach it: {refused}"
    assert AuditEvent.objects.count() == events, "refused requests read and change nothing, so leave no event"


@pytest.mark.parametrize("name", sorted(TOKEN_PATTERNS))
def test_a_wrong_secret_finds_nothing(name, world, db, client):
    kwargs = {"token": "not-a-real-token-0123456789"}
    if "uidb64" in ALL_PATTERNS[name].kwargs:
        kwargs["uidb64"] = "MQ"
    url = reverse(name, kwargs=kwargs)
    # 410 is the invitation page's "this link cannot be used", the same for every token it does not know.
    assert client.get(url).status_code in {404, 410}
    client.force_login(User.objects.get(username="riverside-case-manager"))
    assert client.get(url).status_code in {404, 410, 302}
