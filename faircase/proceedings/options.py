"""The options for the decision on an investigation report, per policy, from
faircase/data/proceedings/decision_options.yaml (ADR 20), and the kinds of hearing a decision may lead to.

The file is read through the bounded reader (faircase.core.readers) once, and checked as it is read: a damaged
file fails loudly at start rather than offering a decision nobody can record.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml
from django.utils.translation import gettext_lazy

from faircase.core.languages import WELSH, active
from faircase.core.readers import compose_yaml, read_text_file, yaml_max_bytes
from faircase.policy.choices import Policy
from faircase.policy.events import ClockEvent

FORMAT = "faircase-decision-options/1"
PATH = Path(__file__).resolve().parent.parent / "data" / "proceedings" / "decision_options.yaml"


@dataclass(frozen=True)
class HearingKind:
    """A kind of hearing, with the pack's clock events it is dated by."""

    key: str
    label: str
    hearing_event: str
    notice_event: str

    @property
    def capability(self) -> bool:
        # The pack's rules "only when capability" (the MHPS capability appeal window) apply to these.
        return self.hearing_event == ClockEvent.CAPABILITY_HEARING_DATE


def _(message: str) -> str:
    # Read in the language of the page that shows it (lazy), typed as the str a label is.
    return cast(str, gettext_lazy(message))


HEARING_KINDS = {
    kind.key: kind
    for kind in (
        HearingKind("conduct", _("Conduct hearing"), ClockEvent.HEARING_DATE, ClockEvent.HEARING_NOTICE_SENT),
        HearingKind(
            "capability",
            _("Capability hearing"),
            ClockEvent.CAPABILITY_HEARING_DATE,
            ClockEvent.HEARING_NOTICE_SENT,
        ),
        HearingKind(
            "oral", _("Oral hearing"), ClockEvent.ORAL_HEARING_DATE, ClockEvent.ORAL_HEARING_NOTICE_SENT
        ),
    )
}


def hearing_kind_label(key: str) -> str | None:
    """The name of a kind of hearing in the language in use, or None for a key that names none."""
    found = HEARING_KINDS.get(key)
    return str(found.label) if found is not None else None


@dataclass(frozen=True)
class DecisionOption:
    key: str
    label: str
    hearing: str = ""  # a key of HEARING_KINDS, or "" for a decision that leads to no hearing
    label_cy: str = ""  # the label in Welsh (ADR 41), read through faircase.core.languages.localised

    @property
    def hearing_kind(self) -> HearingKind | None:
        return HEARING_KINDS.get(self.hearing)


def _read() -> dict[str, Any]:
    root = compose_yaml(read_text_file(PATH, max_bytes=yaml_max_bytes()))
    data = yaml.SafeLoader("").construct_document(root) if root is not None else None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{PATH} is not a {FORMAT} file")
    return data


@functools.cache
def _appeals_heard_outside() -> dict[str, str]:
    found = _read().get("appeals_heard_outside") or {}
    if not isinstance(found, dict):
        raise ValueError(f"{PATH}: appeals_heard_outside maps a policy to who hears its appeals")
    for policy, body in found.items():
        if policy not in Policy.values or not isinstance(body, str) or not body.strip():
            raise ValueError(
                f"{PATH}: appeals_heard_outside: {policy} must be a policy naming who hears appeals"
            )
    return {str(policy): body.strip() for policy, body in found.items()}


def appeal_heard_outside(policy: str) -> str:
    """Who hears an appeal under `policy` when it is not a panel of the organisation ("the First-tier
    Tribunal"), or "" when the organisation forms an appeal panel."""
    return _appeals_heard_outside().get(policy, "")


@functools.cache
def _all_options() -> dict[str, tuple[DecisionOption, ...]]:
    data = _read()
    found: dict[str, tuple[DecisionOption, ...]] = {}
    for policy, rows in (data.get("policies") or {}).items():
        if policy not in Policy.values:
            raise ValueError(f"{PATH}: {policy} is not a policy")
        options = tuple(
            DecisionOption(
                str(row["key"]), str(row["label"]), str(row.get("hearing", "")), str(row.get("label_cy", ""))
            )
            for row in rows
        )
        for option in options:
            if option.hearing and option.hearing not in HEARING_KINDS:
                raise ValueError(f"{PATH}: {option.key} leads to an unknown kind of hearing")
        if len({option.key for option in options}) != len(options):
            raise ValueError(f"{PATH}: {policy} names an option twice")
        found[str(policy)] = options
    return found


def options_for(policy: str) -> tuple[DecisionOption, ...]:
    """The options under `policy`; the local policy's for a policy the file does not name."""
    every = _all_options()
    return every.get(policy) or every.get(Policy.LOCAL, ())


def option_for(policy: str, key: str) -> DecisionOption | None:
    return next((option for option in options_for(policy) if option.key == key), None)


def option_name(policy: str, key: str, recorded: str) -> str:
    """A decision's option as people read it: the words recorded with the decision (kept as they were when it
    was taken), or, in Welsh, the file's Welsh for the option where it gives some."""
    option = option_for(policy, key)
    if option is not None and active() == WELSH and option.label_cy:
        return option.label_cy
    return recorded
