"""Policy packs: a policy's stages, allowed moves, timescale rules and notifications, as data.

A pack is a YAML file in the format "faircase-policy-pack/1" (the shipped ones are in
faircase/data/policy_packs/national/<release>/, each release kept as released). Reading a file checks all of it
and names the line and field at fault, like the framework file format (faircase.framework.yamlformat, whose
small node helpers this module reuses). A checked pack becomes a JSON-able dict, stored in
PolicyPackVersion.content, and is read back as the frozen `Pack` and `Rule` dataclasses that the one clock
(faircase.process.clock) and the case pages use. Fields added in release 2 (only_when, first_day_counts,
renewal, record_window_days, repeats) are optional, so a pack written before them reads back unchanged.

Which version a case follows: `Case.pack_version` when set (a case stays on the version it started under),
else the organisation's current version of the pack for the case's policy, else the latest national version,
else the shipped file itself.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.core.languages import localised
from faircase.core.page_reads import read_once
from faircase.core.readers import compose_yaml
from faircase.framework.principles import ReviewPoint
from faircase.framework.yamlformat import FrameworkFileError, _check_known, _line, _mapping, _text
from faircase.policy.calendar import Nation, PeriodUnit, describe_period
from faircase.policy.events import DERIVED_EVENTS, ClockEvent
from faircase.policy.kinds import RestrictionKind
from faircase.policy.models import PolicyPackVersion
from faircase.policy.pack_extras import EXTRA_KEYS, parse_extras
from faircase.policy.workflow import Workflow, workflow_from_data

FORMAT = "faircase-policy-pack/1"
PACK_DIR = Path(__file__).resolve().parents[1] / "data" / "policy_packs"
# Each release of the national packs is kept as released (data/policy_packs/national/<release>/): a data
# migration loads each one, and a released folder never changes.
RELEASES_DIR = PACK_DIR / "national"
SHIPPED_KEYS = (
    "mhps_england",
    "mhps_hpss",
    "upsw",
    "performers_lists",
    "performers_lists_wales",
    "family_practitioners_ni",
    "local",
)

VERIFIED = "verified"
TO_CONFIRM = "to_confirm"
STATUSES = {VERIFIED: gettext_lazy("Verified"), TO_CONFIRM: gettext_lazy("To be confirmed")}
DIRECTIONS = ("after", "before")
# Records other than dated events that can meet a rule: an Advice contact on or after the start, or the
# decision on the route (a stage move whose review point is a route, terms of reference or closure decision).
RECORDS = {
    "advice_contact": "a contact with Practitioner Performance Advice",
    "route_decision": "the decision whether to investigate (a stage move on the route)",
}
ROUTE_REVIEW_POINTS = frozenset({ReviewPoint.ROUTE, ReviewPoint.TERMS_OF_REFERENCE, ReviewPoint.CLOSURE})
# Conditions a rule may apply only when (only_when) or not when (not_when). A criminal investigation is marked on
# a restriction, so it can only condition a rule that starts on a restriction event; a capability case is one
# with a capability hearing date recorded.
CONDITIONS = {
    "criminal_investigation": gettext_lazy("during a criminal investigation"),
    "capability": gettext_lazy("in a capability case (a capability hearing date is recorded)"),
}
RESTRICTION_CONDITIONS = frozenset({"criminal_investigation"})
# How a period of a restriction may go on after its review: renewed at each review (formal exclusion), not at
# all (an immediate exclusion ends or becomes another kind), or only by an order whose basis is recorded (a
# suspension the First-tier Tribunal extends).
RENEWALS = {
    "review": "renewed at each review",
    "none": "not renewed: it ends, or gives way to another kind",
    "order": "renewed only by an order, whose basis is recorded",
}
PERIOD_EVENTS = frozenset({ClockEvent.PERIOD_STARTED, ClockEvent.PERIOD_REVIEWED})
# How each event reads after "4 weeks after ..." or "20 working days before ...". Each is a whole phrase, so that
# Welsh can give it the form it takes after "ar ôl" (after) and "cyn" (before): "ar ôl penodi'r ymchwilydd achos".
EVENT_PHRASES = {
    ClockEvent.CONCERN_CAME_TO_NOTICE: gettext_lazy("the concern came to notice"),
    ClockEvent.COMPLAINT_CONCLUDED: gettext_lazy("the allegation stopped being the subject of a complaint"),
    ClockEvent.INVESTIGATOR_APPOINTED: gettext_lazy("the case investigator was appointed"),
    ClockEvent.REPORT_SUBMITTED: gettext_lazy("the report reached the case manager"),
    ClockEvent.REPORT_SHARED: gettext_lazy("the report was shared with the practitioner"),
    ClockEvent.PRACTITIONER_COMMENTS_RECEIVED: gettext_lazy("the practitioner's comments came in"),
    ClockEvent.HEARING_DATE: gettext_lazy("the hearing"),
    ClockEvent.CAPABILITY_HEARING_DATE: gettext_lazy("the capability hearing"),
    ClockEvent.INTERIM_SUSPENSION_ORDER: gettext_lazy("the regulator's interim suspension order"),
    ClockEvent.PAYMENTS_DETERMINED: gettext_lazy("the payments during the suspension were determined"),
    ClockEvent.HEARING_NOTICE_SENT: gettext_lazy("notice of the hearing was sent"),
    ClockEvent.HEARING_DOCUMENTS_EXCHANGED: gettext_lazy("the hearing documents were exchanged"),
    ClockEvent.DECISION_CONFIRMED: gettext_lazy("the decision was confirmed in writing"),
    ClockEvent.APPEAL_LODGED: gettext_lazy("the appeal was lodged"),
    ClockEvent.APPEAL_HEARING_DATE: gettext_lazy("the appeal hearing"),
    ClockEvent.APPEAL_DECISION_SENT: gettext_lazy("the appeal decision was sent"),
    ClockEvent.REPRESENTATIONS_INVITED: gettext_lazy("the practitioner was invited to make representations"),
    ClockEvent.REPRESENTATIONS_RECEIVED: gettext_lazy("the representations came in"),
    ClockEvent.ORAL_HEARING_DATE: gettext_lazy("the oral hearing"),
    ClockEvent.ORAL_HEARING_NOTICE_SENT: gettext_lazy("notice of the oral hearing was sent"),
    ClockEvent.DECISION_NOTIFIED: gettext_lazy("the decision was notified"),
    ClockEvent.RESTRICTION_STARTED: gettext_lazy("it started"),
    ClockEvent.RESTRICTION_ENDED: gettext_lazy("it ended"),
    ClockEvent.PERIOD_STARTED: gettext_lazy("each period starts"),
    ClockEvent.PERIOD_REVIEWED: gettext_lazy("each review"),
}
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
STAGE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")

TOP_FIELDS = {
    "format",
    "key",
    "title",
    "nation",
    "description",
    "stages",
    "moves",
    "rules",
    "notifications",
    "organisation",
    "version",
    "based_on",
    "change_note",
    # Whether a fluent speaker has checked the file's Welsh (ADR 41): read by people and tools, not kept.
    "checked_cy",
    *EXTRA_KEYS,
}
# Welsh beside each label people read (ADR 41): optional, same rules as the English, and kept in the content only
# when given, so a pack without Welsh reads back unchanged and shows its English.
WELSH = "_cy"
TOP_WELSH = ("title", "description")
STAGE_WELSH = ("name", "description")
RULE_WELSH = ("title", "description", "overdue_message", "source")
NOTIFICATION_WELSH = ("title", "to", "source")


def _welsh_of(names: tuple[str, ...]) -> set[str]:
    return {name + WELSH for name in names}


TOP_FIELDS |= _welsh_of(TOP_WELSH)
STAGE_FIELDS = {"code", "name", "description", "final", *_welsh_of(STAGE_WELSH)}
MOVE_FIELDS = {"from", "to", "review_point"}
RULE_FIELDS = {
    "key",
    "title",
    "description",
    "starts_on",
    "amount",
    "unit",
    "direction",
    "satisfied_by",
    "satisfied_by_record",
    "restriction_kinds",
    "period_number",
    "not_when",
    "source",
    "status",
    "overdue_message",
    "reminder_days",
    "only_when",
    "first_day_counts",
    "renewal",
    "record_window_days",
    "repeats",
    *_welsh_of(RULE_WELSH),
}
NOTIFICATION_FIELDS = {"key", "title", "when", "to", "source", "status", *_welsh_of(NOTIFICATION_WELSH)}


class PackFileError(FrameworkFileError):
    """A policy pack file that cannot be used: the message names the line and field at fault."""


@dataclass(frozen=True)
class Rule:
    key: str
    title: str
    description: str
    starts_on: str
    amount: int
    unit: str
    direction: str
    satisfied_by: str
    restriction_kinds: tuple[str, ...]
    period_number: int | None
    source: str
    status: str
    overdue_message: str
    reminder_days: tuple[int, ...]
    # Beyond the shared contract: met by a record rather than an event, and conditions that switch it off.
    satisfied_by_record: str = ""
    not_when: tuple[str, ...] = ()
    # Version 2 of the packs: conditions that switch it on; whether the period counts its first day (None: the
    # clock decides, as for packs written before the field); how a period goes on after its review; from how
    # many days before the due date a record meets it (0: from the day the clock starts); whether it comes round
    # again every `amount` `unit`s.
    only_when: tuple[str, ...] = ()
    first_day_counts: bool | None = None
    renewal: str = ""
    record_window_days: int = 0
    repeats: bool = False
    # Welsh, where the pack gives it (shown with faircase.core.languages.localised).
    title_cy: str = ""
    description_cy: str = ""
    overdue_message_cy: str = ""
    source_cy: str = ""

    @property
    def label(self) -> str:
        """The title in the language in use."""
        return localised(self, "title")

    @property
    def description_label(self) -> str:
        """The description in the language in use."""
        return localised(self, "description")

    @property
    def source_label(self) -> str:
        """The source in the language in use (the titles of the documents it names stay as published)."""
        return localised(self, "source")

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED

    @property
    def status_label(self) -> str:
        return str(STATUSES[self.status])

    @property
    def is_milestone(self) -> bool:
        """A date to know rather than a task: nothing meets it, it is simply reached."""
        return not self.satisfied_by and not self.satisfied_by_record

    def period_in_words(self) -> str:
        """ "20 working days before the hearing date", "4 weeks after the period started", ... in the language in
        use."""
        event = str(EVENT_PHRASES.get(self.starts_on, self.starts_on))
        if self.starts_on in (ClockEvent.RESTRICTION_STARTED, ClockEvent.RESTRICTION_ENDED):
            what = (
                str(RestrictionKind(self.restriction_kinds[0]).label).lower()
                if len(self.restriction_kinds) == 1
                else _("restriction")
            )
            if self.starts_on == ClockEvent.RESTRICTION_STARTED:
                event = _("the %(what)s started") % {"what": what}
            else:
                event = _("the %(what)s ended") % {"what": what}
        if self.period_number and self.starts_on == ClockEvent.PERIOD_STARTED:
            event = _("period %(number)s starts") % {"number": self.period_number}
        if self.amount == 0:
            return _("When %(event)s") % {"event": event}
        period = describe_period(self.amount, self.unit)
        if self.first_day_counts:
            return _("%(period)s from the day %(event)s, that day counted") % {
                "period": period,
                "event": event,
            }
        if self.direction == "after":
            return _("%(period)s after %(event)s") % {"period": period, "event": event}
        return _("%(period)s before %(event)s") % {"period": period, "event": event}

    @property
    def applies_text(self) -> str:
        """What the rule applies to and when, in the language in use: "formal exclusion; not during a criminal
        investigation"."""
        parts = []
        if self.restriction_kinds:
            parts.append(", ".join(str(RestrictionKind(k).label).lower() for k in self.restriction_kinds))
        if self.only_when:
            conditions = ", ".join(str(CONDITIONS[c]) for c in self.only_when)
            parts.append(_("only %(conditions)s") % {"conditions": conditions})
        if self.not_when:
            conditions = ", ".join(str(CONDITIONS[c]) for c in self.not_when)
            parts.append(_("not %(conditions)s") % {"conditions": conditions})
        if self.repeats:
            parts.append(_("again every %(period)s") % {"period": describe_period(self.amount, self.unit)})
        return "; ".join(parts)


@dataclass(frozen=True)
class Notification:
    key: str
    title: str
    when: str
    to: str
    source: str
    status: str
    title_cy: str = ""
    to_cy: str = ""
    source_cy: str = ""

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED

    @property
    def label(self) -> str:
        """The title in the language in use."""
        return localised(self, "title")

    @property
    def recipient(self) -> str:
        """To whom, in the language in use."""
        return localised(self, "to")

    @property
    def source_label(self) -> str:
        """The source in the language in use."""
        return localised(self, "source")


@dataclass(frozen=True)
class Pack:
    key: str
    title: str
    nation: str
    version_id: int | None
    version_number: int
    workflow: Workflow
    rules: tuple[Rule, ...]
    notifications: tuple[Notification, ...]
    description: str = ""
    organisation_id: int | None = None
    title_cy: str = ""
    description_cy: str = ""


# ---- reading and checking a file --------------------------------------------------------------------------


def _fail(message: str, node: yaml.Node | None = None, field_name: str = "", line: int | None = None):
    raise PackFileError(message, line=_line(node) if node is not None else line, field_name=field_name)


def _list(fields: dict, name: str, *, required: bool, parent_line: int) -> list[yaml.Node]:
    if name not in fields:
        if required:
            _fail("is missing", line=parent_line, field_name=name)
        return []
    node = fields[name][1]
    if isinstance(node, yaml.ScalarNode) and node.value == "" and node.tag.endswith(":null"):
        return []
    if not isinstance(node, yaml.SequenceNode):
        _fail("must be a list", node, name)
    return node.value


def _choice(
    fields: dict,
    name: str,
    choices: dict[str, str] | list[str] | set[str],
    *,
    required: bool,
    parent_line: int,
    default: str = "",
) -> str:
    value = _text(fields, name, required=required, parent_line=parent_line)
    if not value:
        return default
    if value not in choices:
        _fail(f"'{value}' is not one of: {', '.join(choices)}", fields[name][1], name)
    return value


def _whole(fields: dict, name: str, *, required: bool, parent_line: int, minimum: int = 0) -> int | None:
    if name not in fields:
        if required:
            _fail("is missing", line=parent_line, field_name=name)
        return None
    node = fields[name][1]
    if not isinstance(node, yaml.ScalarNode) or not re.fullmatch(r"[0-9]{1,5}", node.value.strip()):
        _fail(f"must be a whole number, {minimum} or more", node, name)
    value = int(node.value)
    if value < minimum:
        _fail(f"must be a whole number, {minimum} or more", node, name)
    return value


def _bool(fields: dict, name: str) -> bool:
    if name not in fields:
        return False
    node = fields[name][1]
    if not isinstance(node, yaml.ScalarNode) or node.value.lower() not in {"true", "false"}:
        _fail("must be true or false", node, name)
    return node.value.lower() == "true"


def _key(fields: dict, name: str, parent_line: int, seen: dict[str, int], what: str) -> str:
    value = _text(fields, name, required=True, parent_line=parent_line)
    node = fields[name][1]
    if not KEY_PATTERN.match(value):
        _fail(f"must be lower-case letters, digits and underscores, like {what}", node, name)
    if value in seen:
        _fail(f"'{value}' is used twice (first on line {seen[value]})", node, name)
    seen[value] = _line(node)
    return value


def _welsh(fields: dict, names: tuple[str, ...], parent_line: int) -> dict[str, str]:
    """The Welsh siblings the file gives (title_cy beside title, ...), checked like their English."""
    found = {}
    for name in names:
        if name + WELSH in fields:
            found[name + WELSH] = _text(fields, name + WELSH, required=False, parent_line=parent_line)
    return found


def parse_pack(text: str) -> dict[str, Any]:
    """Read and check a policy pack file; return the checked, JSON-able content. Raises PackFileError, or
    UnreadableFile for a file too large or too deeply nested to read, or with a key that is not a plain name."""
    try:
        return _parse(text)
    except PackFileError:
        raise
    except FrameworkFileError as error:  # from the shared node helpers
        raise PackFileError(error.message, line=error.line, field_name=error.field_name) from error


def _parse(text: str) -> dict[str, Any]:
    try:
        root = compose_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise PackFileError(
            f"this is not valid YAML ({getattr(error, 'problem', error)})",
            line=mark.line + 1 if mark else None,
        ) from error
    if root is None:
        raise PackFileError("the file is empty")
    top = _mapping(root, "The file")
    _check_known(top, TOP_FIELDS)
    file_format = _text(top, "format", required=True, parent_line=1)
    if file_format != FORMAT:
        _fail(f"must be '{FORMAT}', not '{file_format}'", top["format"][1], "format")
    from faircase.policy.choices import Policy

    key = _choice(top, "key", list(Policy.values), required=True, parent_line=1)
    content: dict[str, Any] = {
        "format": FORMAT,
        "key": key,
        "title": _text(top, "title", required=True, parent_line=1),
        "nation": _choice(top, "nation", [n.value for n in Nation], required=True, parent_line=1),
        "description": _text(top, "description", required=False, parent_line=1),
        **_welsh(top, TOP_WELSH, 1),
    }
    stages = _stages(_list(top, "stages", required=True, parent_line=1), top)
    content["stages"] = stages
    content["moves"] = _moves(_list(top, "moves", required=True, parent_line=1), {s["code"] for s in stages})
    seen: dict[str, int] = {}
    content["rules"] = [_rule(node, seen) for node in _list(top, "rules", required=True, parent_line=1)]
    seen = {}
    content["notifications"] = [
        _notification(node, seen) for node in _list(top, "notifications", required=False, parent_line=1)
    ]
    content["change_note"] = _text(top, "change_note", required=False, parent_line=1)
    content.update(parse_extras(top))
    return content


def _stages(nodes: list[yaml.Node], top: dict) -> list[dict[str, Any]]:
    if not nodes:
        _fail("must list at least two stages", top["stages"][1], "stages")
    stages, seen = [], {}
    for node in nodes:
        fields = _mapping(node, "Each stage")
        _check_known(fields, STAGE_FIELDS)
        line = _line(node)
        code = _text(fields, "code", required=True, parent_line=line)
        if not STAGE_PATTERN.match(code):
            _fail(
                "must be lower-case letters, digits and underscores, like formal_investigation",
                fields["code"][1],
                "code",
            )
        if code in seen:
            _fail(f"'{code}' is used twice (first on line {seen[code]})", fields["code"][1], "code")
        seen[code] = _line(fields["code"][1])
        stages.append(
            {
                "code": code,
                "name": _text(fields, "name", required=True, parent_line=line),
                "description": _text(fields, "description", required=False, parent_line=line),
                "final": _bool(fields, "final"),
                **_welsh(fields, STAGE_WELSH, line),
            }
        )
    if stages[0]["final"]:
        _fail("the first stage, where a case starts, cannot be final", nodes[0], "final")
    if not any(s["final"] for s in stages):
        _fail(
            "at least one stage must be final (final: true), so a case can close", top["stages"][1], "stages"
        )
    return stages


def _moves(nodes: list[yaml.Node], codes: set[str]) -> list[dict[str, str]]:
    moves, seen = [], set()
    for node in nodes:
        fields = _mapping(node, "Each move")
        _check_known(fields, MOVE_FIELDS)
        line = _line(node)
        move = {}
        for name in ("from", "to"):
            value = _text(fields, name, required=True, parent_line=line)
            if value not in codes:
                _fail(
                    f"'{value}' is not one of the pack's stages ({', '.join(sorted(codes))})",
                    fields[name][1],
                    name,
                )
            move[name] = value
        move["review_point"] = _choice(
            fields, "review_point", list(ReviewPoint.values), required=True, parent_line=line
        )
        if move["from"] == move["to"]:
            _fail("a move must go to another stage", node, "to")
        if (move["from"], move["to"]) in seen:
            _fail(f"the move from {move['from']} to {move['to']} is listed twice", node, "to")
        seen.add((move["from"], move["to"]))
        moves.append(move)
    if not moves:
        raise PackFileError("must list at least one move", field_name="moves")
    return moves


def _kinds(fields: dict, name: str, choices: list[str]) -> list[str]:
    values = []
    for node in _list(fields, name, required=False, parent_line=0):
        if not isinstance(node, yaml.ScalarNode) or node.value not in choices:
            _fail(f"'{getattr(node, 'value', '')}' is not one of: {', '.join(choices)}", node, name)
        values.append(node.value)
    return values


def _rule(node: yaml.Node, seen: dict[str, int]) -> dict[str, Any]:
    fields = _mapping(node, "Each rule")
    _check_known(fields, RULE_FIELDS)
    line = _line(node)
    events = list(ClockEvent.values)
    rule: dict[str, Any] = {
        "key": _key(fields, "key", line, seen, "formal_exclusion_review"),
        "title": _text(fields, "title", required=True, parent_line=line),
        "description": _text(fields, "description", required=False, parent_line=line),
        "starts_on": _choice(fields, "starts_on", events, required=True, parent_line=line),
        "amount": _whole(fields, "amount", required=True, parent_line=line),
        "unit": _choice(fields, "unit", [u.value for u in PeriodUnit], required=True, parent_line=line),
        "direction": _choice(
            fields, "direction", DIRECTIONS, required=False, parent_line=line, default="after"
        ),
        "satisfied_by": _choice(fields, "satisfied_by", events, required=False, parent_line=line),
        "satisfied_by_record": _choice(
            fields, "satisfied_by_record", RECORDS, required=False, parent_line=line
        ),
        "restriction_kinds": _kinds(fields, "restriction_kinds", list(RestrictionKind.values)),
        "period_number": _whole(fields, "period_number", required=False, parent_line=line, minimum=1),
        "not_when": _kinds(fields, "not_when", list(CONDITIONS)),
        "source": _text(fields, "source", required=True, parent_line=line),
        "status": _choice(fields, "status", STATUSES, required=True, parent_line=line),
        "overdue_message": _text(fields, "overdue_message", required=False, parent_line=line),
        "reminder_days": [],
        **_welsh(fields, RULE_WELSH, line),
    }
    # Version 2 fields: written into the content only when the file gives them, so a pack written before them
    # reads back unchanged.
    if "only_when" in fields:
        rule["only_when"] = _kinds(fields, "only_when", list(CONDITIONS))
    if "first_day_counts" in fields:
        rule["first_day_counts"] = _bool(fields, "first_day_counts")
    if "renewal" in fields:
        rule["renewal"] = _choice(fields, "renewal", RENEWALS, required=True, parent_line=line)
    if "record_window_days" in fields:
        rule["record_window_days"] = _whole(fields, "record_window_days", required=True, parent_line=line)
    if "repeats" in fields:
        rule["repeats"] = _bool(fields, "repeats")
    for item in _list(fields, "reminder_days", required=False, parent_line=line):
        if not isinstance(item, yaml.ScalarNode) or not re.fullmatch(r"[0-9]{1,3}", item.value):
            _fail("must list whole numbers of days, like [7, 1]", item, "reminder_days")
        rule["reminder_days"].append(int(item.value))
    derived = rule["starts_on"] in DERIVED_EVENTS
    if rule["satisfied_by"] and rule["satisfied_by_record"]:
        _fail(
            "give satisfied_by or satisfied_by_record, not both",
            fields["satisfied_by_record"][1],
            "satisfied_by_record",
        )
    if rule["satisfied_by"] == rule["starts_on"]:
        _fail("a rule cannot be met by the event that starts it", fields["satisfied_by"][1], "satisfied_by")
    if rule["restriction_kinds"] and not derived and rule["satisfied_by"] not in DERIVED_EVENTS:
        _fail(
            f"applies only to rules that start on, or are met by, a restriction event "
            f"({', '.join(sorted(DERIVED_EVENTS))})",
            fields["restriction_kinds"][1],
            "restriction_kinds",
        )
    for name in ("not_when", "only_when"):
        if not derived and RESTRICTION_CONDITIONS.intersection(rule.get(name, ())):
            _fail(
                "a criminal investigation is marked on a restriction: it applies only to rules that start on a "
                "restriction event",
                fields[name][1],
                name,
            )
    if set(rule["not_when"]) & set(rule.get("only_when", ())):
        _fail("a condition cannot be in both only_when and not_when", fields["only_when"][1], "only_when")
    if "renewal" in rule and not (
        rule["starts_on"] == ClockEvent.PERIOD_STARTED and rule["satisfied_by"] == ClockEvent.PERIOD_REVIEWED
    ):
        _fail(
            "applies only to the review of each period (starts_on: period_started, satisfied_by: period_reviewed)",
            fields["renewal"][1],
            "renewal",
        )
    if rule.get("record_window_days") and not rule["satisfied_by_record"]:
        _fail(
            "applies only to rules met by a record (satisfied_by_record)",
            fields["record_window_days"][1],
            "record_window_days",
        )
    if rule.get("repeats") and (rule["amount"] == 0 or rule["direction"] == "before"):
        _fail(
            "only a period of 1 or more, after its event, can come round again",
            fields["repeats"][1],
            "repeats",
        )
    if rule["period_number"] is not None and rule["starts_on"] not in PERIOD_EVENTS:
        _fail(
            "applies only to rules that start on period_started or period_reviewed",
            fields["period_number"][1],
            "period_number",
        )
    if rule["direction"] == "before" and rule["starts_on"] in DERIVED_EVENTS:
        _fail(
            "a restriction event can only start a clock that runs after it",
            fields["direction"][1],
            "direction",
        )
    return rule


def _notification(node: yaml.Node, seen: dict[str, int]) -> dict[str, str]:
    fields = _mapping(node, "Each notification")
    _check_known(fields, NOTIFICATION_FIELDS)
    line = _line(node)
    return {
        "key": _key(fields, "key", line, seen, "notify_nhs_resolution"),
        "title": _text(fields, "title", required=True, parent_line=line),
        "when": _choice(
            fields, "when", [*ClockEvent.values, *RestrictionKind.values], required=True, parent_line=line
        ),
        "to": _text(fields, "to", required=True, parent_line=line),
        "source": _text(fields, "source", required=True, parent_line=line),
        "status": _choice(fields, "status", STATUSES, required=True, parent_line=line),
        **_welsh(fields, NOTIFICATION_WELSH, line),
    }


# ---- writing a file ---------------------------------------------------------------------------------------


def dump_pack(
    content: dict[str, Any], *, organisation: str = "", version: int | None = None, based_on: str = ""
) -> str:
    """Write checked content in the format `parse_pack` reads (optional fields left out when empty)."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "key": content["key"],
        "title": content["title"],
        "nation": content["nation"],
    }
    if organisation:
        document["organisation"] = organisation
    if version is not None:
        document["version"] = version
    if based_on:
        document["based_on"] = based_on
    if content.get("change_note"):
        document["change_note"] = content["change_note"]
    document["description"] = content.get("description", "")
    document.update({name + WELSH: content[name + WELSH] for name in TOP_WELSH if content.get(name + WELSH)})
    document["stages"] = [
        {k: v for k, v in stage.items() if k != "final" or v} for stage in content["stages"]
    ]
    document["moves"] = [dict(move) for move in content["moves"]]
    rules = []
    for rule in content["rules"]:
        item = {}
        for name, value in rule.items():
            empty = value in ("", [], None) and name not in ("source", "status")
            if empty or (name == "direction" and value == "after"):
                continue
            item[name] = value
        rules.append(item)
    document["rules"] = rules
    document["notifications"] = [dict(n) for n in content["notifications"]]
    document.update({key: content[key] for key in EXTRA_KEYS if content.get(key)})
    header = (
        "# A faircase policy pack. Change the stages, moves, rules and notifications, keep a source and a status\n"
        "# (verified or to_confirm) on every rule, and import it with `faircase packs import FILE --org SLUG`.\n"
    )
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110)


def releases() -> list[int]:
    """The releases of the national packs, oldest first."""
    return sorted(int(path.name) for path in RELEASES_DIR.iterdir() if path.is_dir() and path.name.isdigit())


def released_keys(release: int) -> list[str]:
    return sorted(path.stem for path in (RELEASES_DIR / str(release)).glob("*.yaml"))


def shipped_text(key: str, *, release: int | None = None) -> str:
    """A shipped pack file: as in the given release, else the newest release that has it."""
    chosen = [release] if release is not None else list(reversed(releases()))
    for number in chosen:
        path = RELEASES_DIR / str(number) / f"{key}.yaml"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(f"No shipped policy pack '{key}'")


# ---- from content to the dataclasses ----------------------------------------------------------------------

_PACKS: dict[int, Pack] = {}


def forget_cached_packs() -> None:
    """Emptied whenever a version is saved or deleted (see PolicyConfig.ready): ids can come back after a rollback."""
    _PACKS.clear()


@cache
def _shipped_welsh(key: str) -> dict[str, str]:
    """English label to Welsh, from the newest shipped file of a policy: a version saved before its pack had Welsh
    (or adapted from one) shows the Welsh wherever its English is still the shipped English, word for word."""
    try:
        content = parse_pack(shipped_text(key))
    except (FileNotFoundError, PackFileError):
        return {}
    items = [content, *content["stages"], *content["rules"], *content.get("notifications", ())]
    return {
        item[name]: item[name + WELSH]
        for item in items
        for name in (*TOP_WELSH, *RULE_WELSH, *STAGE_WELSH, *NOTIFICATION_WELSH)
        if item.get(name) and item.get(name + WELSH)
    }


def with_welsh(content: dict[str, Any]) -> dict[str, Any]:
    """The content with Welsh filled in from the shipped pack where it has none of its own."""
    known = _shipped_welsh(content["key"])

    def fill(item: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
        missing = {
            name + WELSH: known[item[name]]
            for name in names
            if not item.get(name + WELSH) and item.get(name) in known
        }
        return {**item, **missing} if missing else item

    return {
        **fill(content, TOP_WELSH),
        "stages": [fill(stage, STAGE_WELSH) for stage in content["stages"]],
        "rules": [fill(rule, RULE_WELSH) for rule in content["rules"]],
        "notifications": [fill(n, NOTIFICATION_WELSH) for n in content.get("notifications", ())],
    }


def pack_from_content(
    content: dict[str, Any],
    *,
    version_id: int | None = None,
    version_number: int = 0,
    organisation_id: int | None = None,
) -> Pack:
    content = with_welsh(content)
    workflow = workflow_from_data(
        {
            "key": content["key"],
            "title": content["title"],
            "stages": content["stages"],
            "moves": content["moves"],
        }
    )
    rules = tuple(
        Rule(
            key=r["key"],
            title=r["title"],
            description=r.get("description", ""),
            starts_on=r["starts_on"],
            amount=int(r["amount"]),
            unit=r["unit"],
            direction=r.get("direction", "after"),
            satisfied_by=r.get("satisfied_by", ""),
            restriction_kinds=tuple(r.get("restriction_kinds", ())),
            period_number=r.get("period_number"),
            source=r["source"],
            status=r["status"],
            overdue_message=r.get("overdue_message", ""),
            reminder_days=tuple(r.get("reminder_days", ())),
            satisfied_by_record=r.get("satisfied_by_record", ""),
            not_when=tuple(r.get("not_when", ())),
            only_when=tuple(r.get("only_when", ())),
            first_day_counts=r.get("first_day_counts"),
            renewal=r.get("renewal", ""),
            record_window_days=int(r.get("record_window_days", 0) or 0),
            repeats=bool(r.get("repeats", False)),
            title_cy=r.get("title_cy", ""),
            description_cy=r.get("description_cy", ""),
            overdue_message_cy=r.get("overdue_message_cy", ""),
            source_cy=r.get("source_cy", ""),
        )
        for r in content["rules"]
    )
    notifications = tuple(Notification(**n) for n in content.get("notifications", ()))
    return Pack(
        key=content["key"],
        title=content["title"],
        nation=content["nation"],
        version_id=version_id,
        version_number=version_number,
        workflow=workflow,
        rules=rules,
        notifications=notifications,
        description=content.get("description", ""),
        organisation_id=organisation_id,
        title_cy=content.get("title_cy", ""),
        description_cy=content.get("description_cy", ""),
    )


def pack_from_version(version: PolicyPackVersion) -> Pack:
    cached = _PACKS.get(version.pk)
    if cached is None:
        cached = pack_from_content(
            version.content,
            version_id=version.pk,
            version_number=version.number,
            organisation_id=version.organisation_id,
        )
        _PACKS[version.pk] = cached
    return cached


def shipped_pack(key: str) -> Pack:
    """The pack as shipped in the file, for an installation whose database has no version of it yet."""
    return pack_from_content(parse_pack(shipped_text(key)))


# ---- which version ---------------------------------------------------------------------------------------


def national_version(key: str) -> PolicyPackVersion | None:
    return PolicyPackVersion.objects.filter(organisation__isnull=True, key=key).order_by("-number").first()


def current_version(organisation: Any, key: str) -> PolicyPackVersion | None:
    """The organisation's latest version of the pack, else the latest national one."""
    own = PolicyPackVersion.objects.filter(organisation=organisation, key=key).order_by("-number").first()
    return own or national_version(key)


def versions_for(organisation: Any, key: str) -> list[PolicyPackVersion]:
    """Every version a case of this organisation and policy may follow: national ones, then its own."""
    return list(
        PolicyPackVersion.objects.filter(
            Q(organisation__isnull=True) | Q(organisation=organisation), key=key
        ).order_by(F("organisation").asc(nulls_first=True), "number")
    )


def current_versions(organisations: list[Any]) -> list[tuple[Any, list[PolicyPackVersion]]]:
    """For each organisation, the version in use of every pack (its own latest, else the national one)."""
    from faircase.policy.choices import Policy

    org_ids = [o.pk for o in organisations]
    versions = list(
        PolicyPackVersion.objects.filter(Q(organisation__isnull=True) | Q(organisation_id__in=org_ids))
    )
    latest: dict[tuple[int | None, str], PolicyPackVersion] = {}
    for version in versions:
        slot = (version.organisation_id, version.key)
        if slot not in latest or latest[slot].number < version.number:
            latest[slot] = version
    result = []
    for organisation in organisations:
        in_use = [latest.get((organisation.pk, key)) or latest.get((None, key)) for key in Policy.values]
        result.append((organisation, [v for v in in_use if v is not None]))
    return result


@read_once
def pack_for_case(case: Any) -> Pack:
    """The pack a case follows: its own version, else the current national version for its policy."""
    if case.pack_version_id is not None:
        cached = _PACKS.get(case.pack_version_id)
        return cached if cached is not None else pack_from_version(case.pack_version)
    version = national_version(case.policy)
    if version is not None:
        return pack_from_version(version)
    return shipped_pack(case.policy)
