"""The demo's people, organisations and case stories, read from faircase/data/demo/*.yaml.

Reading checks the shape of every file before anything is loaded, so a mistake in a story is reported with
the file, the case and the step at fault rather than half-way through loading. What can only be checked
against the database (which considerations a review asks, which moves a stage allows) is checked by the
loader as it plays each story.

Besides the stories (cases-*.yaml), closed-*.yaml holds closed cases written one line a field, for the consistency
lens to compare open cases with: they are expanded into stories whose steps include two that only the loader
makes, "advance" (the review a move asks for, every consideration at its default answer, then the move) and
"end_restriction". language.yaml holds organisations' own additions to the language check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from faircase.accounts.models import DocumentLanguages, Language, Nation, OrganisationKind
from faircase.accounts.roles import CaseRole, Role
from faircase.cases.choices import (
    ConcernCategory,
    ConcernSource,
    ContractType,
    Outcome,
    Profession,
    QualificationRegion,
    Regulator,
    Setting,
    Severity,
    YesNoUnknown,
)
from faircase.core.formatting import pluralise
from faircase.framework.principles import ANSWERS_NEEDING_FOLLOW_UP, Answer, Principle, ReviewPoint
from faircase.policy.choices import Policy
from faircase.policy.events import KEY_DATE_EVENTS
from faircase.policy.kinds import RestrictionKind
from faircase.practitioners.models import Communication, LetterTemplate, Submission, WelfareContact
from faircase.second_look.choices import Decision, routes_for

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "demo"
ORGANISATIONS_FILE = "organisations.yaml"
FRAMEWORK_FILE = "framework.yaml"
LANGUAGE_FILE = "language.yaml"
CASES_GLOB = "cases-*.yaml"
CLOSED_GLOB = "closed-*.yaml"

STEP_KINDS = (
    "review",
    "close_follow_up",
    "carry_follow_up",
    "tell",
    "move",
    "name",
    "exclude",
    "update_practitioner",
    "advice",
    "restrict",
    "review_restriction",
    "decide_not_to_exclude",
    "key_date",
    "invite_practitioner",
    "share_concern",
    "welfare_plan",
    "welfare_contact",
    "submit",
    "acknowledge",
    "respond",
    "letter",
    "ask_second_look",
    "answer_second_look",
    "record_second_look",
    *("add_note", "edit_note", "document", "redact"),
    *("appoint_investigator", "terms_of_reference", "interview", "interview_comments", "report_received"),
    *(
        "connect_factual_accuracy",
        "decide_on_report",
        "hearing",
        "hearing_outcome",
        "appeal",
        "appeal_outcome",
    ),
    *("representative", "write_letter"),
)
PRACTITIONER_ROLE = "practitioner"
PRACTITIONER_KEYS = {
    "full_name",
    "profession",
    "regulator",
    "registration_number",
    "grade",
    "specialty",
    "setting",
    "contract_type",
    "started_days_ago",
    "induction",
    "induction_days_ago",
    "qualification_region",
    "qualification_country",
    "email",
    "language",
}
UPDATABLE_PRACTITIONER_KEYS = {"grade", "specialty", "contract_type", "induction", "induction_days_ago"}
# Steps of a blind second look (faircase.second_look): asked and sent, answered by the reviewer, recorded.
# Steps of the case file, the investigation, the decision, the hearing and the appeal, and letters drafted and
# sent (faircase.casefile, faircase.documents, faircase.proceedings, faircase.practitioners.services_comms), with
# the keys each may have besides its own name, "day" and "by". What only the services can check (the pack's
# notice and appeal windows, who may sit on a panel, which options a policy has) they check as the story plays.
RECORD_STEP_KEYS: dict[str, set[str]] = {
    "add_note": {"key"},
    "edit_note": {"text"},
    "document": {"kind", "file", "title", "text", "dated_days_ago", "marking", "withheld_reason"},
    "redact": {"reason", "text"},
    "appoint_investigator": set(),
    "terms_of_reference": {"interviewees"},
    "interview": {"interviewee", "of_practitioner", "attended", "companion", "minutes"},
    "interview_comments": {"comments"},
    "report_received": set(),
    "connect_factual_accuracy": set(),
    "decide_on_report": {"reasons", "answers"},
    "hearing": {"held_days_ago", "panel", "companion"},
    "hearing_outcome": {"reasons"},
    "appeal": {"panel"},
    "appeal_outcome": {"reasons"},
    "representative": {"email"},
    "write_letter": {"meeting_in_days", "meeting_time", "meeting_place", "outcome", "add"},
}
SECOND_LOOK_STEP_KINDS = ("ask_second_look", "answer_second_look", "record_second_look")
# Steps about the practitioner's own view, their voice and welfare, and letters (faircase.practitioners).
PORTAL_STEP_KINDS = (
    "invite_practitioner",
    "share_concern",
    "welfare_plan",
    "welfare_contact",
    "submit",
    "acknowledge",
    "respond",
    "letter",
)
CONCERN_KEYS = {"category", "source", "severity", "occurred_days_ago", "raised_days_ago", "description"}


class DemoDataError(ValueError):
    """A demo data file is wrong, or a story cannot be played as written."""


@dataclass(frozen=True)
class Person:
    organisation: str
    username: str
    full_name: str
    role: str
    password: str
    also_in: tuple[str, ...] = ()  # other organisations where they hold the same role

    @property
    def organisations(self) -> tuple[str, ...]:
        return (self.organisation, *self.also_in)


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    ods_code: str
    nation: str
    kind: str
    people: tuple[Person, ...]
    # ADR 41: the language of its people's pages until each chooses, and whether letters and records are
    # bilingual (Welsh first).
    default_language: str = "en"
    document_languages: str = "chosen"


@dataclass(frozen=True)
class FollowUpSpec:
    action: str
    owner: str
    due_in_days: int


@dataclass(frozen=True)
class AnswerSpec:
    answer: str
    note: str = ""
    follow_up: FollowUpSpec | None = None
    # A "yes" or "not applicable" that closes the follow-up still open for the consideration: the reason.
    close_follow_up: str = ""


@dataclass(frozen=True)
class AddedConsideration:
    code: str
    principle: str
    text: str
    guidance: str = ""
    review_points: tuple[str, ...] = ()
    # The Welsh beside the English (ADR 41): a Welsh reader of the organisation sees these.
    text_cy: str = ""
    guidance_cy: str = ""


@dataclass(frozen=True)
class Adaptation:
    organisation: str
    days_ago: int
    by: str
    title: str
    change_note: str
    add: tuple[AddedConsideration, ...]
    guidance: dict[str, str]
    # The local guidance in Welsh, by the code of the consideration it is written for (a code of `guidance`).
    guidance_cy: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One thing that happens in a story. `kind` is one of STEP_KINDS; `values` holds the rest of the step."""

    kind: str
    day: int
    by: str
    values: dict[str, Any]
    answers: dict[str, AnswerSpec] = field(default_factory=dict)


@dataclass(frozen=True)
class Story:
    source: str
    reference: str
    organisation: str
    highlight: str
    summary: str
    policy: str
    patient_safety_incident: bool
    being_fair_completed: str
    opened_days_ago: int
    practitioner: dict[str, Any]
    concern: dict[str, Any]
    people: dict[str, str]
    steps: tuple[Step, ...]
    practitioner_login: Person | None = None


@dataclass(frozen=True)
class LexiconAddition:
    """A word or phrase an organisation's administrator adds to its language check."""

    organisation: str
    days_ago: int
    by: str
    term: str
    variants: tuple[str, ...]
    why: str
    suggestion: str


@dataclass(frozen=True)
class DemoData:
    setup_days_ago: int
    organisations: tuple[OrganisationSpec, ...]
    default_answer: AnswerSpec
    not_patient_safety_incident: dict[str, AnswerSpec]
    adaptations: tuple[Adaptation, ...]
    stories: tuple[Story, ...]
    # Closed cases for the consistency lens to compare with (closed-*.yaml): played like stories, not listed.
    closed_cases: tuple[Story, ...] = ()
    lexicon_additions: tuple[LexiconAddition, ...] = ()

    @property
    def all_stories(self) -> tuple[Story, ...]:
        """Every case the demo loads: the stories, then the closed cases for comparison."""
        return self.stories + self.closed_cases

    @property
    def accounts(self) -> list[Person]:
        return [person for organisation in self.organisations for person in organisation.people]

    @property
    def practitioner_logins(self) -> list[Person]:
        """The practitioners' own logins, made in their stories by an invitation and its acceptance."""
        return [story.practitioner_login for story in self.stories if story.practitioner_login is not None]

    @property
    def logins(self) -> list[Person]:
        """Every demo login: the organisations' people, then the practitioners."""
        return self.accounts + self.practitioner_logins

    def person(self, username: str) -> Person | None:
        return next((p for p in self.accounts if p.username == username), None)

    def default_for(self, code: str, *, patient_safety_incident: bool) -> AnswerSpec:
        if not patient_safety_incident and code in self.not_patient_safety_incident:
            return self.not_patient_safety_incident[code]
        return self.default_answer


# ---- reading ---------------------------------------------------------------------------------------------


@cache
def demo_data() -> DemoData:
    """The shipped demo data, read and checked once per process."""
    return read_demo_data(DATA_DIR)


def read_demo_data(directory: Path) -> DemoData:
    organisations_doc = _load(directory / ORGANISATIONS_FILE)
    framework_doc = _load(directory / FRAMEWORK_FILE)
    organisations = tuple(
        _organisation(item, f"{ORGANISATIONS_FILE}, organisation {i}")
        for i, item in enumerate(_list(organisations_doc, "organisations", ORGANISATIONS_FILE), start=1)
    )
    _check_organisations(organisations)
    people = {p.username: p for o in organisations for p in o.people}

    defaults = _mapping(framework_doc.get("answer_defaults"), f"{FRAMEWORK_FILE}, answer_defaults")
    default_answer = _answer({"answer": defaults.get("answer")}, f"{FRAMEWORK_FILE}, answer_defaults")
    not_psi = {
        code: _answer(value, f"{FRAMEWORK_FILE}, answer_defaults, not_patient_safety_incident, {code}")
        for code, value in _mapping(
            defaults.get("not_patient_safety_incident", {}), f"{FRAMEWORK_FILE}, not_patient_safety_incident"
        ).items()
    }
    for where, spec in [("answer", default_answer), *not_psi.items()]:
        if spec.answer in ANSWERS_NEEDING_FOLLOW_UP:
            raise DemoDataError(
                f"{FRAMEWORK_FILE}, answer_defaults, {where}: a default cannot be no or unknown"
            )
    adaptations = tuple(
        _adaptation(item, f"{FRAMEWORK_FILE}, adaptation {i}", organisations, people)
        for i, item in enumerate(framework_doc.get("adaptations") or [], start=1)
    )

    stories: list[Story] = []
    for path in sorted(directory.glob(CASES_GLOB)):
        doc = _load(path)
        for i, item in enumerate(_list(doc, "cases", path.name), start=1):
            stories.append(_story(item, path.name, i, organisations, people))
    closed_cases: list[Story] = []
    for path in sorted(directory.glob(CLOSED_GLOB)):
        closed_cases.extend(_closed_cases(_load(path), path.name, organisations, people))
    lexicon_additions: tuple[LexiconAddition, ...] = ()
    if (directory / LANGUAGE_FILE).exists():
        lexicon_additions = _lexicon_additions(_load(directory / LANGUAGE_FILE), people)
    seen: set[tuple[str, str]] = set()
    for story in stories + closed_cases:
        key = (story.organisation, story.reference.lower())
        if key in seen:
            raise DemoDataError(
                f"{story.source}: case {story.reference} appears twice in {story.organisation}"
            )
        seen.add(key)
    usernames = set(people)
    for story in stories:
        login = story.practitioner_login
        if login is not None:
            if login.username in usernames:
                raise DemoDataError(f"{story.source}: username {login.username} is used twice")
            usernames.add(login.username)
    setup = _int(organisations_doc.get("setup_days_ago"), f"{ORGANISATIONS_FILE}, setup_days_ago", minimum=1)
    latest_use = max(
        [s.opened_days_ago for s in stories + closed_cases]
        + [a.days_ago for a in adaptations]
        + [a.days_ago for a in lexicon_additions],
        default=0,
    )
    if setup <= latest_use:
        raise DemoDataError(
            f"{ORGANISATIONS_FILE}, setup_days_ago: must be earlier than every case, adaptation and language "
            f"list addition ({latest_use})"
        )
    order = {o.slug: i for i, o in enumerate(organisations)}
    return DemoData(
        setup_days_ago=setup,
        organisations=organisations,
        default_answer=default_answer,
        not_patient_safety_incident=not_psi,
        adaptations=adaptations,
        stories=tuple(sorted(stories, key=lambda story: order[story.organisation])),
        closed_cases=tuple(sorted(closed_cases, key=lambda story: order[story.organisation])),
        lexicon_additions=lexicon_additions,
    )


def _load(path: Path) -> dict[str, Any]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DemoDataError(f"{path.name}: cannot be read ({error})") from error
    if not isinstance(document, dict):
        raise DemoDataError(f"{path.name}: expected a set of 'name: value' fields at the top")
    return document


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DemoDataError(f"{where}: expected a set of 'name: value' fields")
    return value


def _list(document: dict[str, Any], key: str, where: str) -> list[Any]:
    value = document.get(key)
    if not isinstance(value, list) or not value:
        raise DemoDataError(f"{where}: '{key}' must be a list with at least one entry")
    return value


def _text(mapping: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = mapping.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise DemoDataError(f"{where}: '{key}' must be text")
    return value.strip()


def _choice(
    mapping: dict[str, Any], key: str, allowed: list[str], where: str, *, required: bool = True
) -> str:
    value = mapping.get(key)
    # YAML reads a bare yes / no as true / false: accept them as the words they were meant to be.
    if value is True:
        value = "yes"
    elif value is False:
        value = "no"
    if value is None and not required:
        return ""
    if value not in allowed:
        raise DemoDataError(f"{where}: '{key}' must be one of {', '.join(allowed)} (not {value!r})")
    return value


def _int(value: Any, where: str, *, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise DemoDataError(f"{where}: expected a whole number of at least {minimum}")
    return value


def _known_keys(mapping: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(mapping) - allowed)
    if unknown:
        raise DemoDataError(
            f"{where}: {pluralise(len(unknown), 'unknown field')}: {', '.join(unknown)} "
            f"(expected: {', '.join(sorted(allowed))})"
        )


def _organisation(item: Any, where: str) -> OrganisationSpec:
    item = _mapping(item, where)
    _known_keys(
        item,
        {"slug", "name", "ods_code", "nation", "kind", "people", "default_language", "document_languages"},
        where,
    )
    slug = _text(item, "slug", where)
    where = f"{ORGANISATIONS_FILE}, organisation {slug}"
    ods_code = _text(item, "ods_code", where)
    if not ods_code.startswith("ZZ"):
        raise DemoDataError(
            f"{where}: demo ODS codes start with ZZ, so they cannot be mistaken for real ones"
        )
    people = []
    for i, person in enumerate(_list(item, "people", where), start=1):
        person = _mapping(person, f"{where}, person {i}")
        _known_keys(person, {"username", "full_name", "role", "password", "also_in"}, f"{where}, person {i}")
        also_in = person.get("also_in", [])
        if not isinstance(also_in, list) or not all(isinstance(o, str) for o in also_in):
            raise DemoDataError(f"{where}, person {i}: 'also_in' must be a list of organisation slugs")
        people.append(
            Person(
                organisation=slug,
                username=_text(person, "username", f"{where}, person {i}"),
                full_name=_text(person, "full_name", f"{where}, person {i}"),
                role=_choice(person, "role", Role.values, f"{where}, person {i}"),
                password=_text(person, "password", f"{where}, person {i}"),
                also_in=tuple(also_in),
            )
        )
    return OrganisationSpec(
        slug=slug,
        name=_text(item, "name", where),
        ods_code=ods_code,
        nation=_choice(item, "nation", Nation.values, where),
        kind=_choice(item, "kind", OrganisationKind.values, where),
        people=tuple(people),
        default_language=_choice(item, "default_language", Language.values, where, required=False) or "en",
        document_languages=(
            _choice(item, "document_languages", DocumentLanguages.values, where, required=False) or "chosen"
        ),
    )


def _check_organisations(organisations: tuple[OrganisationSpec, ...]) -> None:
    slugs: set[str] = set()
    usernames: set[str] = set()
    for organisation in organisations:
        if organisation.slug in slugs:
            raise DemoDataError(f"{ORGANISATIONS_FILE}: organisation {organisation.slug} appears twice")
        slugs.add(organisation.slug)
        missing = [
            str(role.label) for role in Role if role.value not in {p.role for p in organisation.people}
        ]
        if missing:
            raise DemoDataError(
                f"{ORGANISATIONS_FILE}, organisation {organisation.slug}: nobody holds the role of {' or '.join(missing)}"
            )
        for person in organisation.people:
            if person.username in usernames:
                raise DemoDataError(f"{ORGANISATIONS_FILE}: username {person.username} is used twice")
            usernames.add(person.username)
    for organisation in organisations:
        for person in organisation.people:
            wrong = [o for o in person.also_in if o not in slugs or o == organisation.slug]
            if wrong:
                raise DemoDataError(
                    f"{ORGANISATIONS_FILE}, organisation {organisation.slug}, {person.username}: also_in names "
                    f"{', '.join(wrong)}, not another demo organisation"
                )


def _answer(value: Any, where: str) -> AnswerSpec:
    value = _mapping(value, where)
    _known_keys(value, {"answer", "note", "follow_up", "close_follow_up"}, where)
    answer = _choice(value, "answer", Answer.values, where)
    note = _text(value, "note", where, required=False)
    if answer == Answer.NOT_APPLICABLE and not note:
        raise DemoDataError(f"{where}: 'not applicable' needs a note saying why")
    follow_up = None
    if answer in ANSWERS_NEEDING_FOLLOW_UP:
        raw = value.get("follow_up")
        if raw is None:
            raise DemoDataError(
                f"{where}: a '{answer}' answer needs a follow_up (action, owner, due_in_days)"
            )
        raw = _mapping(raw, f"{where}, follow_up")
        _known_keys(raw, {"action", "owner", "due_in_days"}, f"{where}, follow_up")
        follow_up = FollowUpSpec(
            action=_text(raw, "action", f"{where}, follow_up"),
            owner=_text(raw, "owner", f"{where}, follow_up"),
            due_in_days=_int(raw.get("due_in_days"), f"{where}, follow_up, due_in_days", minimum=1),
        )
    elif "follow_up" in value:
        raise DemoDataError(f"{where}: only a 'no' or 'unknown' answer has a follow-up")
    close = ""
    if "close_follow_up" in value:
        if answer in ANSWERS_NEEDING_FOLLOW_UP:
            raise DemoDataError(f"{where}: only a 'yes' or 'not applicable' answer closes a follow-up")
        close = " ".join(_text(value, "close_follow_up", where).split())
    return AnswerSpec(answer=answer, note=note, follow_up=follow_up, close_follow_up=close)


def _adaptation(
    item: Any, where: str, organisations: tuple[OrganisationSpec, ...], people: dict[str, Person]
) -> Adaptation:
    item = _mapping(item, where)
    _known_keys(
        item,
        {"organisation", "days_ago", "by", "title", "change_note", "add", "guidance", "guidance_cy"},
        where,
    )
    slug = _choice(item, "organisation", [o.slug for o in organisations], where)
    by = _text(item, "by", where)
    if by not in people or people[by].organisation != slug or people[by].role != Role.ORG_ADMIN:
        raise DemoDataError(f"{where}: 'by' must be an organisation administrator of {slug}")
    added = []
    for i, raw in enumerate(item.get("add") or [], start=1):
        raw = _mapping(raw, f"{where}, add {i}")
        _known_keys(
            raw,
            {"code", "principle", "text", "text_cy", "guidance", "guidance_cy", "review_points"},
            f"{where}, add {i}",
        )
        points = raw.get("review_points") or []
        if any(point not in ReviewPoint.values for point in points):
            raise DemoDataError(f"{where}, add {i}: unknown review point in {points}")
        added.append(
            AddedConsideration(
                code=_text(raw, "code", f"{where}, add {i}"),
                principle=_choice(raw, "principle", Principle.values, f"{where}, add {i}"),
                text=_text(raw, "text", f"{where}, add {i}"),
                guidance=_text(raw, "guidance", f"{where}, add {i}", required=False),
                review_points=tuple(points),
                text_cy=_text(raw, "text_cy", f"{where}, add {i}", required=False),
                guidance_cy=_text(raw, "guidance_cy", f"{where}, add {i}", required=False),
            )
        )
    guidance = {
        code: " ".join(str(text).split())
        for code, text in _mapping(item.get("guidance") or {}, f"{where}, guidance").items()
    }
    guidance_cy = {
        code: " ".join(str(text).split())
        for code, text in _mapping(item.get("guidance_cy") or {}, f"{where}, guidance_cy").items()
    }
    if set(guidance_cy) - set(guidance):
        raise DemoDataError(
            f"{where}, guidance_cy: Welsh for guidance that is not given in English: "
            f"{', '.join(sorted(set(guidance_cy) - set(guidance)))}"
        )
    return Adaptation(
        organisation=slug,
        days_ago=_int(item.get("days_ago"), f"{where}, days_ago", minimum=1),
        by=by,
        title=_text(item, "title", where),
        change_note=_text(item, "change_note", where),
        add=tuple(added),
        guidance=guidance,
        guidance_cy=guidance_cy,
    )


def _story(
    item: Any, source: str, index: int, organisations: tuple[OrganisationSpec, ...], people: dict[str, Person]
) -> Story:
    item = _mapping(item, f"{source}, case {index}")
    reference = _text(item, "reference", f"{source}, case {index}")
    where = f"{source}, case {reference}"
    _known_keys(
        item,
        {
            "reference",
            "organisation",
            "highlight",
            "summary",
            "policy",
            "patient_safety_incident",
            "being_fair_completed",
            "opened_days_ago",
            "practitioner",
            "concern",
            "people",
            "steps",
            "practitioner_login",
        },
        where,
    )
    organisation = _choice(item, "organisation", [o.slug for o in organisations], where)
    opened = _int(item.get("opened_days_ago"), f"{where}, opened_days_ago", minimum=1)
    psi = item.get("patient_safety_incident", False)
    if not isinstance(psi, bool):
        raise DemoDataError(f"{where}: 'patient_safety_incident' must be true or false")

    practitioner = _mapping(item.get("practitioner"), f"{where}, practitioner")
    _known_keys(practitioner, PRACTITIONER_KEYS, f"{where}, practitioner")
    practitioner = _practitioner(practitioner, f"{where}, practitioner")
    concern = _mapping(item.get("concern"), f"{where}, concern")
    _known_keys(concern, CONCERN_KEYS, f"{where}, concern")
    _check_concern(concern, opened, f"{where}, concern")

    named = _mapping(item.get("people"), f"{where}, people")
    if "case_manager" not in named:
        raise DemoDataError(f"{where}, people: every case needs a case_manager")
    for role, username in named.items():
        if role not in CaseRole.values:
            raise DemoDataError(
                f"{where}, people: '{role}' is not a case role ({', '.join(CaseRole.values)})"
            )
        _check_member(username, organisation, people, f"{where}, people, {role}")

    login = None
    if "practitioner_login" in item:
        raw_login = _mapping(item["practitioner_login"], f"{where}, practitioner_login")
        _known_keys(raw_login, {"username", "password"}, f"{where}, practitioner_login")
        login = Person(
            organisation=organisation,
            username=_text(raw_login, "username", f"{where}, practitioner_login"),
            full_name=practitioner["full_name"],
            role=PRACTITIONER_ROLE,
            password=_text(raw_login, "password", f"{where}, practitioner_login"),
        )
        if login.username in people:
            raise DemoDataError(f"{where}, practitioner_login: {login.username} is a staff login")

    steps = []
    last_day = opened
    for i, raw in enumerate(_list(item, "steps", where), start=1):
        step = _step(raw, f"{where}, step {i}", organisation, people)
        if step.day > last_day:
            raise DemoDataError(
                f"{where}, step {i}: day {step.day} is before the step or opening before it (day {last_day}); "
                "steps must be in the order they happened"
            )
        last_day = step.day
        if step.kind in PORTAL_STEP_KINDS and login is None:
            raise DemoDataError(
                f"{where}, step {i}: a '{step.kind}' step needs the case's practitioner_login"
            )
        steps.append(step)
    _check_second_looks(steps, named, where)
    invited = [s.kind for s in steps if s.kind == "invite_practitioner"]
    if login is not None and len(invited) != 1:
        raise DemoDataError(
            f"{where}: a case with a practitioner_login invites the practitioner exactly once"
        )
    return Story(
        source=source,
        reference=reference,
        organisation=organisation,
        highlight=_text(item, "highlight", where),
        summary=_text(item, "summary", where),
        policy=_choice(item, "policy", Policy.values, where),
        patient_safety_incident=psi,
        being_fair_completed=_choice(
            item, "being_fair_completed", YesNoUnknown.values, where, required=False
        ),
        opened_days_ago=opened,
        practitioner=practitioner,
        concern=concern,
        people=dict(named),
        steps=tuple(steps),
        practitioner_login=login,
    )


def _practitioner(practitioner: dict[str, Any], where: str) -> dict[str, Any]:
    checked = dict(practitioner)
    for key in ("full_name", "registration_number"):
        checked[key] = _text(practitioner, key, where)
    for key in ("grade", "specialty", "qualification_country"):
        checked[key] = _text(practitioner, key, where, required=False)
    for key, choices in (
        ("profession", Profession.values),
        ("regulator", Regulator.values),
        ("setting", Setting.values),
        ("contract_type", ContractType.values),
        ("induction", YesNoUnknown.values),
        ("qualification_region", QualificationRegion.values),
    ):
        checked[key] = _choice(practitioner, key, choices, where)
    for key in ("started_days_ago", "induction_days_ago"):
        if key in practitioner:
            checked[key] = _int(practitioner[key], f"{where}, {key}", minimum=1)
    if "language" in practitioner:
        checked["language"] = _choice(practitioner, "language", Language.values, where)
    return checked


def _check_concern(concern: dict[str, Any], opened: int, where: str) -> None:
    _choice(concern, "category", ConcernCategory.values, where)
    _choice(concern, "source", ConcernSource.values, where)
    _choice(concern, "severity", Severity.values, where)
    _text(concern, "description", where)
    occurred = _int(concern.get("occurred_days_ago"), f"{where}, occurred_days_ago", minimum=1)
    raised = _int(concern.get("raised_days_ago"), f"{where}, raised_days_ago", minimum=1)
    if not occurred >= raised >= opened:
        raise DemoDataError(
            f"{where}: the concern must happen, then be raised, then the case open (days ago)"
        )


def _check_member(username: str, organisation: str, people: dict[str, Person], where: str) -> None:
    person = people.get(username)
    if person is None or person.organisation != organisation:
        raise DemoDataError(f"{where}: '{username}' is not a demo account of {organisation}")


def _step(raw: Any, where: str, organisation: str, people: dict[str, Person]) -> Step:
    raw = _mapping(raw, where)
    kinds = [kind for kind in STEP_KINDS if kind in raw]
    if len(kinds) != 1:
        raise DemoDataError(f"{where}: a step does exactly one of: {', '.join(STEP_KINDS)}")
    kind = kinds[0]
    day = _int(raw.get("day"), f"{where}, day", minimum=1)
    by = raw.get("by", "case_manager")
    if not isinstance(by, str) or not (by in CaseRole.values or by in people):
        raise DemoDataError(f"{where}: 'by' must be a case role or a demo username, not {by!r}")
    if by in people:
        _check_member(by, organisation, people, f"{where}, by")
    allowed = {
        "review": {"review", "day", "by", "answers", "complete"},
        "close_follow_up": {"close_follow_up", "day", "by", "outcome"},
        "carry_follow_up": {"carry_follow_up", "day", "by", "reason"},
        "tell": {"tell", "day", "by", "channel"},
        "move": {
            "move",
            "day",
            "by",
            "decision",
            "reasons",
            "open_follow_ups_reason",
            "outcome",
            "outcome_note",
        },
        "name": {"name", "day", "by"},
        "exclude": {"exclude", "day", "by", "reason"},
        "update_practitioner": {"update_practitioner", "day", "by"},
        "advice": {"advice", "day", "by"},
        "restrict": {
            "restrict",
            "day",
            "by",
            "terms",
            "reasons",
            "first_period_days",
            "criminal_investigation",
            "advice_contacted",
            "advice_not_consulted_reason",
            "oral_hearing_notice_days_ago",
            "oral_hearing_days_ago",
        },
        "review_restriction": {
            "review_restriction",
            "day",
            "by",
            "outcome",
            "continues",
            "next_period_days",
            "end_reason",
        },
        "decide_not_to_exclude": {"decide_not_to_exclude", "day", "by", "reasons", "alternative"},
        "key_date": {"key_date", "day", "by", "note"},
        "invite_practitioner": {"invite_practitioner", "day", "by"},
        "share_concern": {"share_concern", "day", "by"},
        "welfare_plan": {"welfare_plan", "day", "by"},
        "welfare_contact": {"welfare_contact", "day", "by"},
        "submit": {"submit", "day"},
        "acknowledge": {"acknowledge", "day", "by"},
        "respond": {"respond", "day", "by", "text"},
        "letter": {"letter", "day", "by"},
        "ask_second_look": {"ask_second_look", "day", "by"},
        "answer_second_look": {"answer_second_look", "day", "by"},
        "record_second_look": {"record_second_look", "day", "by"},
        **{name: {name, "day", "by", *keys} for name, keys in RECORD_STEP_KEYS.items()},
    }[kind]
    _known_keys(raw, allowed, where)
    values = {key: value for key, value in raw.items() if key not in {"day", "by", "answers"}}
    answers: dict[str, AnswerSpec] = {}
    if kind in ("review", "decide_on_report"):
        if kind == "review":
            _choice(raw, "review", ReviewPoint.values, where)
        for code, value in _mapping(raw.get("answers") or {}, f"{where}, answers").items():
            answers[code] = _answer(value, f"{where}, answers, {code}")
            if answers[code].follow_up:
                owner = answers[code].follow_up.owner
                if owner not in CaseRole.values:
                    _check_member(owner, organisation, people, f"{where}, answers, {code}, follow_up, owner")
        values["complete"] = raw.get("complete", True) is not False
    elif kind == "close_follow_up":
        _text(raw, "close_follow_up", where)
        _text(raw, "outcome", where)
    elif kind == "carry_follow_up":
        _text(raw, "carry_follow_up", where)
        _text(raw, "reason", where)
    elif kind == "tell":
        _text(raw, "tell", where)
        values["channel"] = _choice(raw, "channel", Communication.Channel.values, where, required=False) or (
            Communication.Channel.MEETING
        )
    elif kind == "move":
        _text(raw, "move", where)
        _text(raw, "decision", where)
        _text(raw, "reasons", where)
        _choice(raw, "outcome", Outcome.values, where, required=False)
    elif kind == "name":
        named = _mapping(raw["name"], f"{where}, name")
        for role, username in named.items():
            if role not in CaseRole.values:
                raise DemoDataError(f"{where}, name: '{role}' is not a case role")
            _check_member(username, organisation, people, f"{where}, name, {role}")
    elif kind == "exclude":
        _check_member(raw["exclude"], organisation, people, f"{where}, exclude")
        _text(raw, "reason", where)
    elif kind == "update_practitioner":
        fields = _mapping(raw["update_practitioner"], f"{where}, update_practitioner")
        _known_keys(fields, UPDATABLE_PRACTITIONER_KEYS, f"{where}, update_practitioner")
        if "induction" in fields:
            values["update_practitioner"] = {
                **fields,
                "induction": _choice(fields, "induction", YesNoUnknown.values, where),
            }
    elif kind == "advice":
        advice = _mapping(raw["advice"], f"{where}, advice")
        _known_keys(advice, {"adviser", "question", "advice"}, f"{where}, advice")
        for key in ("adviser", "question", "advice"):
            _text(advice, key, f"{where}, advice")
    elif kind == "restrict":
        _choice(raw, "restrict", RestrictionKind.values, where)
        _text(raw, "terms", where)
        _text(raw, "reasons", where)
        if "first_period_days" in raw:
            _int(raw["first_period_days"], f"{where}, first_period_days", minimum=1)
        if raw["restrict"] == RestrictionKind.PL_SUSPENSION:
            notice = _int(raw.get("oral_hearing_notice_days_ago"), f"{where}, oral_hearing_notice_days_ago")
            hearing = _int(raw.get("oral_hearing_days_ago"), f"{where}, oral_hearing_days_ago")
            if not notice > hearing >= day:
                raise DemoDataError(
                    f"{where}: notice of the oral hearing comes before the hearing, and the hearing on or before "
                    "the suspension (days ago)"
                )
    elif kind == "review_restriction":
        _choice(raw, "review_restriction", RestrictionKind.values, where)
        _text(raw, "outcome", where)
        if not isinstance(raw.get("continues"), bool):
            raise DemoDataError(f"{where}: 'continues' must be true or false")
        if not raw["continues"]:
            _text(raw, "end_reason", where)
        if "next_period_days" in raw:
            _int(raw["next_period_days"], f"{where}, next_period_days", minimum=1)
    elif kind == "decide_not_to_exclude":
        _choice(raw, "decide_not_to_exclude", RestrictionKind.values, where)
        _text(raw, "reasons", where)
    elif kind == "key_date":
        _choice(raw, "key_date", [value for value, _ in KEY_DATE_EVENTS], where)
    elif kind in PORTAL_STEP_KINDS:
        _portal_step(kind, raw, where, organisation, people)
    elif kind in SECOND_LOOK_STEP_KINDS:
        _second_look_step(kind, raw, where, organisation, people)
    if kind in RECORD_STEP_KEYS:
        _record_step(kind, raw, where, organisation, people)
    return Step(kind=kind, day=day, by=by, values=values, answers=answers)


def _colleague(value: Any, organisation: str, people: dict[str, Person], where: str) -> None:
    if not isinstance(value, str) or not (value in CaseRole.values or value in people):
        raise DemoDataError(f"{where}: expected a case role or a demo username, not {value!r}")
    if value in people:
        _check_member(value, organisation, people, where)


def _portal_step(
    kind: str, raw: dict[str, Any], where: str, organisation: str, people: dict[str, Person]
) -> None:
    if kind == "invite_practitioner":
        if raw["invite_practitioner"] is not True:
            raise DemoDataError(f"{where}: write 'invite_practitioner: true'")
    elif kind == "share_concern":
        _text(raw, "share_concern", where)
    elif kind == "welfare_plan":
        plan = _mapping(raw["welfare_plan"], f"{where}, welfare_plan")
        _known_keys(plan, {"named_contact", "contact_every_days", "notes"}, f"{where}, welfare_plan")
        _colleague(plan.get("named_contact"), organisation, people, f"{where}, welfare_plan, named_contact")
        _int(plan.get("contact_every_days"), f"{where}, welfare_plan, contact_every_days", minimum=1)
        _text(plan, "notes", f"{where}, welfare_plan", required=False)
    elif kind == "welfare_contact":
        contact = _mapping(raw["welfare_contact"], f"{where}, welfare_contact")
        _known_keys(contact, {"contact_by", "method", "raised"}, f"{where}, welfare_contact")
        _colleague(contact.get("contact_by"), organisation, people, f"{where}, welfare_contact, contact_by")
        _choice(contact, "method", WelfareContact.Method.values, f"{where}, welfare_contact")
        _text(contact, "raised", f"{where}, welfare_contact", required=False)
    elif kind == "submit":
        submission = _mapping(raw["submit"], f"{where}, submit")
        _known_keys(submission, {"kind", "text"}, f"{where}, submit")
        _choice(submission, "kind", Submission.Kind.values, f"{where}, submit")
        _text(submission, "text", f"{where}, submit")
    elif kind == "acknowledge":
        _choice(raw, "acknowledge", Submission.Kind.values, where)
    elif kind == "respond":
        _choice(raw, "respond", Submission.Kind.values, where)
        _text(raw, "text", where)
    elif kind == "letter":
        letter = _mapping(raw["letter"], f"{where}, letter")
        _known_keys(
            letter,
            {"kind", "meeting_in_days", "meeting_time", "meeting_place", "outcome"},
            f"{where}, letter",
        )
        _choice(letter, "kind", LetterTemplate.Kind.values, f"{where}, letter")
        if "meeting_in_days" in letter:
            _int(letter["meeting_in_days"], f"{where}, letter, meeting_in_days", minimum=1)


def _record_step(
    kind: str, raw: dict[str, Any], where: str, organisation: str, people: dict[str, Person]
) -> None:
    """The shape of a case file, investigation, decision, hearing, appeal or letter step."""
    texts = {
        "add_note": ("add_note",),
        "edit_note": ("edit_note", "text"),
        "document": ("document", "kind", "file", "title", "text"),
        "redact": ("redact", "reason"),
        "terms_of_reference": ("terms_of_reference", "interviewees"),
        "interview": ("interview", "attended"),
        "interview_comments": ("interview_comments", "comments"),
        "report_received": ("report_received",),
        "decide_on_report": ("decide_on_report", "reasons"),
        "hearing_outcome": ("hearing_outcome", "reasons"),
        "appeal_outcome": ("appeal_outcome", "reasons"),
        "representative": ("representative", "email"),
        "write_letter": ("write_letter",),
    }.get(kind, ())
    for key in texts:
        _text(raw, key, where)
    if kind == "document":
        _choice(raw, "marking", ("disclosable", "withheld"), where)
        if raw["marking"] == "withheld":
            _text(raw, "withheld_reason", where)
        if "dated_days_ago" in raw:
            _int(raw["dated_days_ago"], f"{where}, dated_days_ago", minimum=1)
    elif kind == "appoint_investigator":
        _check_member(raw["appoint_investigator"], organisation, people, f"{where}, appoint_investigator")
    elif kind == "interview" and not isinstance(raw.get("of_practitioner", False), bool):
        raise DemoDataError(f"{where}: 'of_practitioner' must be true or false")
    elif kind == "connect_factual_accuracy" and raw["connect_factual_accuracy"] is not True:
        raise DemoDataError(f"{where}: write 'connect_factual_accuracy: true'")
    elif kind == "hearing":
        held = _int(raw.get("held_days_ago"), f"{where}, held_days_ago", minimum=1)
        if held > _int(raw.get("day"), f"{where}, day", minimum=1):
            raise DemoDataError(f"{where}: notice of the hearing (the step's day) comes before the hearing")
    elif kind == "hearing_outcome":
        _text(raw, "hearing_outcome", where)
    elif kind == "appeal_outcome":
        _choice(raw, "appeal_outcome", ("upheld", "not_upheld", "partly_upheld"), where)
    elif kind == "write_letter":
        _choice(raw, "write_letter", LetterTemplate.Kind.values, where)
        if "meeting_in_days" in raw:
            _int(raw["meeting_in_days"], f"{where}, meeting_in_days", minimum=1)
    # A hearing always has a panel; an appeal has one unless its policy sends appeals outside the organisation
    # (the service refuses a panel there, and asks for one elsewhere).
    if kind == "hearing" or (kind == "appeal" and "panel" in raw):
        panel = raw.get("panel")
        if not isinstance(panel, list) or not panel:
            raise DemoDataError(f"{where}: 'panel' lists the usernames of the panel's members")
        for username in panel:
            _check_member(username, organisation, people, f"{where}, panel")


def _second_look_step(
    kind: str, raw: dict[str, Any], where: str, organisation: str, people: dict[str, Person]
) -> None:
    values = _mapping(raw[kind], f"{where}, {kind}")
    here = f"{where}, {kind}"
    if kind == "ask_second_look":
        _known_keys(values, {"decision", "proposed_route", "reviewer"}, here)
        decision = _choice(values, "decision", Decision.values, here)
        _choice(values, "proposed_route", [code for code, _ in routes_for(decision)], here)
        _check_member(_text(values, "reviewer", here), organisation, people, f"{here}, reviewer")
    elif kind == "answer_second_look":
        _known_keys(values, {"route", "reasons"}, here)
        _text(values, "route", here)
        _text(values, "reasons", here)
    else:
        _known_keys(values, {"route_after", "taken_into_account"}, here)
        _text(values, "route_after", here)
        _text(values, "taken_into_account", here)


def _check_second_looks(steps: list[Step], named: dict[str, str], where: str) -> None:
    """A second look is asked of someone not named on the case, answered by them, then recorded, in that order,
    with routes that belong to the decision asked about."""
    asked: dict[str, Any] | None = None
    answered = False
    for number, step in enumerate(steps, start=1):
        here = f"{where}, step {number}"
        if step.kind == "name":
            named = {**named, **step.values["name"]}
        if step.kind == "ask_second_look":
            asked, answered = step.values["ask_second_look"], False
            if asked["reviewer"] in named.values():
                raise DemoDataError(f"{here}: the reviewer {asked['reviewer']} is named on the case")
        elif step.kind in ("answer_second_look", "record_second_look"):
            if asked is None or (step.kind == "record_second_look" and not answered):
                before = "asked" if step.kind == "answer_second_look" else "answered"
                raise DemoDataError(f"{here}: a second look is {before} before this step")
            routes = [code for code, _ in routes_for(asked["decision"])]
            key = "route" if step.kind == "answer_second_look" else "route_after"
            if step.values[step.kind][key] not in routes:
                raise DemoDataError(
                    f"{here}: '{key}' must be one of {', '.join(routes)} for a {asked['decision']} decision"
                )
            if step.kind == "answer_second_look":
                if step.by != asked["reviewer"]:
                    raise DemoDataError(f"{here}: only the reviewer asked ({asked['reviewer']}) answers")
                answered = True
            else:
                asked, answered = None, False


# ---- closed cases for the consistency lens (closed-*.yaml) --------------------------------------------------

CLOSED_FILE_KEYS = {"organisation", "policy", "case_manager", "practitioner", "concern", "closed_cases"}
CLOSED_CASE_KEYS = {
    "reference",
    "summary",
    "opened_days_ago",
    "closed_days_ago",
    "case_manager",
    "practitioner",
    "concern",
    "found",
    "via",
    "restriction",
    "reasons",
    "report",
    "outcome",
    "outcome_note",
}
# The stages a closed case may pass through between the initial assessment and its closure. Whether the
# case's workflow allows each move is checked as the case is played.
CLOSED_CASE_VIA = ("informal_resolution", "formal_investigation", "determination", "hearing")
# Restrictions a closed case may have had: those that do not run in reviewed periods.
CLOSED_CASE_RESTRICTIONS = (
    RestrictionKind.RESTRICTION,
    RestrictionKind.VOLUNTARY_UNDERTAKING,
    RestrictionKind.PL_CONDITIONS,
)
CLOSED_CASE_DECISIONS = {
    "initial_assessment": "Begin the initial assessment.",
    "informal_resolution": "Resolve the concern without a formal investigation.",
    "formal_investigation": "Commission a formal investigation.",
    "determination": "Decide what follows from the investigation report.",
    "hearing": "Convene a hearing.",
    "closed": "Close the case.",
}
# Every closed case's commencement review asked about the context, and a follow-up found out (`found`).
CONTEXT_QUESTION = "UI3"
CONTEXT_NOTE = "The circumstances around the concern have not been looked at yet."
CONTEXT_ACTION = "Find out the circumstances: staffing, workload, systems and support at the time."
MINIMUM_CLOSED_CASE_DAYS = 10


def _closed_cases(
    doc: dict[str, Any], source: str, organisations: tuple[OrganisationSpec, ...], people: dict[str, Person]
) -> list[Story]:
    """Closed cases written one line a field, with what they share said once at the top of the file, expanded
    into stories: a commencement review with an "unknown" about the context and the follow-up that found it
    out, then each stage move with the review it asks for, any restriction, and the closure with its outcome."""
    _known_keys(doc, CLOSED_FILE_KEYS, source)
    shared_practitioner = _mapping(doc.get("practitioner") or {}, f"{source}, practitioner")
    shared_concern = _mapping(doc.get("concern") or {}, f"{source}, concern")
    return [
        _closed_case(
            _mapping(item, f"{source}, closed case {i}"),
            source,
            i,
            doc,
            shared_practitioner,
            shared_concern,
            organisations,
            people,
        )
        for i, item in enumerate(_list(doc, "closed_cases", source), start=1)
    ]


def _closed_case(
    item: dict[str, Any],
    source: str,
    index: int,
    doc: dict[str, Any],
    shared_practitioner: dict[str, Any],
    shared_concern: dict[str, Any],
    organisations: tuple[OrganisationSpec, ...],
    people: dict[str, Person],
) -> Story:
    reference = _text(item, "reference", f"{source}, closed case {index}")
    where = f"{source}, case {reference}"
    _known_keys(item, CLOSED_CASE_KEYS, where)
    organisation = _choice(doc, "organisation", [o.slug for o in organisations], source)
    policy = _choice(doc, "policy", Policy.values, source)
    manager = item.get("case_manager", doc.get("case_manager"))
    if not isinstance(manager, str):
        raise DemoDataError(f"{where}: name the case_manager (for the file or the case)")
    _check_member(manager, organisation, people, f"{where}, case_manager")
    opened = _int(item.get("opened_days_ago"), f"{where}, opened_days_ago", minimum=1)
    closed = _int(item.get("closed_days_ago"), f"{where}, closed_days_ago", minimum=1)
    if opened - closed < MINIMUM_CLOSED_CASE_DAYS:
        raise DemoDataError(
            f"{where}: a closed case runs at least {pluralise(MINIMUM_CLOSED_CASE_DAYS, 'day')} from opening to closure"
        )
    practitioner = {
        "induction": "yes",
        **shared_practitioner,
        **_mapping(item.get("practitioner"), f"{where}, practitioner"),
    }
    _known_keys(practitioner, PRACTITIONER_KEYS, f"{where}, practitioner")
    practitioner = _practitioner(practitioner, f"{where}, practitioner")
    concern = {
        "occurred_days_ago": opened + 7,
        "raised_days_ago": opened + 2,
        **shared_concern,
        **_mapping(item.get("concern"), f"{where}, concern"),
    }
    _known_keys(concern, CONCERN_KEYS, f"{where}, concern")
    _check_concern(concern, opened, f"{where}, concern")

    found = _text(item, "found", where)
    reasons = _text(item, "reasons", where)
    report = _text(item, "report", where, required=False) or "The investigation report has been received."
    outcome = _choice(item, "outcome", Outcome.values, where)
    outcome_note = _text(item, "outcome_note", where)
    via = item.get("via") or []
    if not isinstance(via, list) or any(stage not in CLOSED_CASE_VIA for stage in via):
        raise DemoDataError(f"{where}: 'via' lists stages from: {', '.join(CLOSED_CASE_VIA)}")
    restriction = None
    if "restriction" in item:
        restriction = _mapping(item["restriction"], f"{where}, restriction")
        _known_keys(restriction, {"kind", "terms", "reasons"}, f"{where}, restriction")
        _choice(restriction, "kind", list(CLOSED_CASE_RESTRICTIONS), f"{where}, restriction")
        _text(restriction, "terms", f"{where}, restriction")
        _text(restriction, "reasons", f"{where}, restriction")

    found_day = opened - max(2, (opened - closed) // 5)
    steps = [
        Step(
            kind="review",
            day=opened - 1,
            by="case_manager",
            values={"review": ReviewPoint.COMMENCEMENT, "complete": True},
            answers={
                CONTEXT_QUESTION: AnswerSpec(
                    answer=Answer.UNKNOWN,
                    note=CONTEXT_NOTE,
                    follow_up=FollowUpSpec(action=CONTEXT_ACTION, owner="case_manager", due_in_days=14),
                )
            },
        ),
        Step(
            "close_follow_up",
            found_day,
            "case_manager",
            {"close_follow_up": CONTEXT_QUESTION, "outcome": found},
        ),
        _advance(found_day, "initial_assessment", found),
    ]
    for number, stage in enumerate(via, start=1):
        day = found_day - number * (found_day - closed) // (len(via) + 1)
        steps.append(_advance(day, stage, reasons if number == 1 else report))
        if number == 1 and restriction is not None:
            steps.append(_restrict(day, restriction))
    if restriction is not None and not via:
        steps.append(_restrict(found_day, restriction))
    if restriction is not None:
        steps.append(
            Step(
                "end_restriction",
                closed,
                "case_manager",
                {
                    "end_restriction": restriction["kind"],
                    "end_reason": f"Ended when the case closed. {outcome_note}",
                },
            )
        )
    # The closure checklist asks that the practitioner was told the outcome: at a meeting, the day the case closed.
    steps.append(
        Step(
            "tell",
            closed,
            "case_manager",
            {
                "tell": f"Told {practitioner['full_name']} the outcome at a meeting: {outcome_note}",
                "channel": Communication.Channel.MEETING,
            },
        )
    )
    steps.append(
        _advance(
            closed,
            "closed",
            reasons if not via else outcome_note,
            outcome=outcome,
            outcome_note=outcome_note,
        )
    )
    return Story(
        source=source,
        reference=reference,
        organisation=organisation,
        highlight="",
        summary=_text(item, "summary", where),
        policy=policy,
        patient_safety_incident=False,
        being_fair_completed="",
        opened_days_ago=opened,
        practitioner=practitioner,
        concern=concern,
        people={CaseRole.CASE_MANAGER: manager},
        steps=tuple(steps),
    )


def _restrict(day: int, restriction: dict[str, Any]) -> Step:
    values = {
        "restrict": restriction["kind"],
        "terms": restriction["terms"],
        "reasons": restriction["reasons"],
    }
    return Step(kind="restrict", day=day, by="case_manager", values=values)


def _advance(day: int, stage: str, reasons: str, **closing: str) -> Step:
    return Step(
        kind="advance",
        day=day,
        by="case_manager",
        values={"advance": stage, "decision": CLOSED_CASE_DECISIONS[stage], "reasons": reasons, **closing},
    )


# ---- organisations' additions to the language check (language.yaml) ----------------------------------------


def _lexicon_additions(doc: dict[str, Any], people: dict[str, Person]) -> tuple[LexiconAddition, ...]:
    _known_keys(doc, {"additions"}, LANGUAGE_FILE)
    additions = []
    for i, item in enumerate(_list(doc, "additions", LANGUAGE_FILE), start=1):
        where = f"{LANGUAGE_FILE}, addition {i}"
        item = _mapping(item, where)
        _known_keys(item, {"organisation", "days_ago", "by", "term", "variants", "why", "suggestion"}, where)
        slug = _text(item, "organisation", where)
        by = _text(item, "by", where)
        if by not in people or people[by].organisation != slug or people[by].role != Role.ORG_ADMIN:
            raise DemoDataError(f"{where}: 'by' must be an organisation administrator of {slug}")
        variants = item.get("variants") or []
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise DemoDataError(f"{where}: 'variants' must be a list of words or phrases")
        additions.append(
            LexiconAddition(
                organisation=slug,
                days_ago=_int(item.get("days_ago"), f"{where}, days_ago", minimum=1),
                by=by,
                term=_text(item, "term", where),
                variants=tuple(variants),
                why=" ".join(_text(item, "why", where).split()),
                suggestion=" ".join(_text(item, "suggestion", where).split()),
            )
        )
    return tuple(additions)
