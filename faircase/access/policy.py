"""Who may do what with a case: the one table, read by the scopes (SQL), the view decorator and the services.

A capability is granted by a role held in the case's organisation or by a role someone is named on the case
with. Every capability also needs the case to be visible: nobody excluded for a conflict of interest, and never
the practitioner the case is about, whatever other role they hold.

An action is something a page or a service does with a case: the capability it needs and whether it may happen
once the case is closed. Views and services name the same action, so the rule is written once.
"""

from dataclasses import dataclass
from enum import StrEnum

from faircase.accounts.roles import CASE_ROLES_THAT_CHANGE, CaseRole, Role


class Capability(StrEnum):
    VIEW = "view"
    CHANGE = "change"
    READ_HISTORY = "read_history"
    MANAGE_CONFLICTS = "manage_conflicts"


@dataclass(frozen=True)
class Grant:
    organisation_roles: frozenset[str]  # a role in the case's organisation that gives it on every case there
    case_roles: frozenset[str]  # a role on the case itself that gives it


GRANTS: dict[Capability, Grant] = {
    # Equality analysts and administrators work with aggregates and configuration, not case content.
    Capability.VIEW: Grant(
        organisation_roles=frozenset(
            {Role.CASE_MANAGER, Role.HR_ADVISER, Role.RESPONSIBLE_OFFICER, Role.AUDITOR}
        ),
        case_roles=frozenset(CaseRole.values),
    ),
    # A designated board member oversees; they do not edit.
    Capability.CHANGE: Grant(
        organisation_roles=frozenset({Role.CASE_MANAGER}), case_roles=CASE_ROLES_THAT_CHANGE
    ),
    Capability.READ_HISTORY: Grant(
        organisation_roles=frozenset(
            {Role.CASE_MANAGER, Role.RESPONSIBLE_OFFICER, Role.AUDITOR, Role.BOARD_MEMBER}
        ),
        case_roles=frozenset({CaseRole.CASE_MANAGER, CaseRole.BOARD_MEMBER}),
    ),
    # Case managers (and the responsible officer) keep conflicted people away from a case.
    Capability.MANAGE_CONFLICTS: Grant(
        organisation_roles=frozenset({Role.CASE_MANAGER, Role.RESPONSIBLE_OFFICER}),
        case_roles=frozenset({CaseRole.CASE_MANAGER}),
    ),
}

# Who oversees an organisation's cases as a whole: counts, the deadlines overview and the monthly exclusions
# return, which list case references but open no case. Conflicts and the practitioner's own cases still apply.
OVERSIGHT_ROLES = frozenset({Role.CASE_MANAGER, Role.RESPONSIBLE_OFFICER, Role.BOARD_MEMBER, Role.AUDITOR})

# Disclosure bundles (faircase.bundles, ADR 32). The organisation administrator handles information governance
# requests: a practitioner's subject access request (every case) and any case's tribunal bundle. The case manager
# named on a case may prepare that case's tribunal bundle. Conflicts and the practitioner's own cases still apply.
DISCLOSES_FOR_ORGANISATION = frozenset({Role.ORG_ADMIN})
DISCLOSES_NAMED_CASE = frozenset({CaseRole.CASE_MANAGER})


@dataclass(frozen=True)
class Need:
    capability: Capability
    while_closed: bool = False  # may it happen once the case is closed?
    audit_read: bool = (
        True  # the view decorator audits a GET (False where the service audits the read itself)
    )


_READ = Need(Capability.VIEW, while_closed=True)
_CHANGE_OPEN = Need(Capability.CHANGE)
_CHANGE_ANY = Need(Capability.CHANGE, while_closed=True)

# Every action on a case, for staff. Pages and services both look their action up here.
CASE_ACTIONS: dict[str, Need] = {
    # the case
    "case.read": _READ,
    "case.history": Need(Capability.READ_HISTORY, while_closed=True),
    "case.add_concern": _CHANGE_OPEN,
    # Who works on a case can change after the close (an appeal, a panel preparing for a tribunal).
    "case.name_person": _CHANGE_ANY,
    "case.manage_conflicts": Need(Capability.MANAGE_CONFLICTS, while_closed=True),
    "case.being_fair": _CHANGE_OPEN,
    "case.move_stage": _CHANGE_OPEN,
    "case.api_read": _READ,
    # A legal hold keeps a closed case from the retention schedule's deletion (faircase.retention).
    "retention.hold": _CHANGE_ANY,
    # framework reviews and follow-ups
    "review.start": _CHANGE_OPEN,
    "review.read": _READ,
    "review.answer": _CHANGE_OPEN,
    "review.complete": _CHANGE_OPEN,
    "review.correct": _CHANGE_OPEN,
    "follow_up.read": _READ,
    "follow_up.close": _CHANGE_OPEN,
    "follow_up.carry": _CHANGE_OPEN,
    "follow_up.reassign": _CHANGE_OPEN,
    # the disclosable record (its service audits the read with the record's integrity hash)
    "record.read": Need(Capability.VIEW, while_closed=True, audit_read=False),
    # process: packs, key dates, restrictions, advice, referrals
    "process.key_date": _CHANGE_OPEN,
    "process.move_pack": _CHANGE_OPEN,
    "restriction.read": _READ,
    "restriction.record": _CHANGE_OPEN,
    "restriction.review": _CHANGE_OPEN,
    "restriction.end": _CHANGE_OPEN,
    "restriction.decide_not_to_exclude": _CHANGE_OPEN,
    "advice.record": _CHANGE_OPEN,
    "advice.add_action": _CHANGE_OPEN,
    "advice.close_action": _CHANGE_OPEN,
    "referral.record": _CHANGE_OPEN,
    # the practitioner's voice and welfare
    "practitioner.invite": _CHANGE_OPEN,
    "practitioner.share_concern": _CHANGE_OPEN,
    "submission.acknowledge": _CHANGE_OPEN,
    "submission.respond": _CHANGE_OPEN,
    "welfare.plan": _CHANGE_OPEN,
    "welfare.contact": _CHANGE_OPEN,
    "welfare.occupational_health": _CHANGE_OPEN,
    # Distress can follow a closure (the outcome letter, for one): it is recorded whenever it happens.
    "welfare.distress": _CHANGE_ANY,
    # letters, the communication log and surveys
    "letter.write": _CHANGE_OPEN,
    "letter.draft": _CHANGE_OPEN,
    "letter.send": _CHANGE_OPEN,
    "letter.read": _READ,
    "representative.change": _CHANGE_OPEN,
    "communication.log": _CHANGE_OPEN,
    # Experience surveys are asked at and after the close; the decision-confidence rating follows a review.
    "survey.invite": _CHANGE_ANY,
    "survey.decision_confidence": _CHANGE_ANY,
    # documents and evidence (faircase.documents); the download service audits each download itself, naming
    # the version and its SHA-256. Disclosure goes on after a case closes (a subject access request, a
    # tribunal), so markings and redacted copies may change then too.
    "document.read": _READ,
    "document.download": Need(Capability.VIEW, while_closed=True, audit_read=False),
    "document.add": _CHANGE_OPEN,
    "document.add_version": _CHANGE_OPEN,
    "document.mark": _CHANGE_ANY,
    "document.add_redacted_copy": _CHANGE_ANY,
    # the investigation (faircase.proceedings): appointing the case investigator, the terms of reference,
    # interviews and the report's receipt. An investigation does not go on once the case is closed.
    "investigation.read": _READ,
    "investigation.appoint": _CHANGE_OPEN,
    "investigation.change": _CHANGE_OPEN,
    # what follows the report (faircase.proceedings, ADR 20): the case manager's decision on it, the hearing it
    # leads to and the appeal. Whoever records the decision is its decider, so it needs the right to change.
    "decision.read": _READ,
    "decision.record": _CHANGE_OPEN,
    "hearing.change": _CHANGE_OPEN,
    "appeal.change": _CHANGE_OPEN,
    # case notes (faircase.casefile): internal, never on the practitioner's pages; an edit keeps every earlier
    # version. A closed case's notes are read, not added to or changed.
    "note.read": _READ,
    "note.add": _CHANGE_OPEN,
    "note.edit": _CHANGE_OPEN,
    # the chronology of the case (faircase.cases.chronology): every app's dated events in one list
    "chronology.read": _READ,
    # equity: the consistency lens and a blind second look
    "consistency.read": _READ,
    "second_look.read": _READ,
    "second_look.ask": _CHANGE_OPEN,
    # A second look asked for before the close may still be answered, recorded or withdrawn after it.
    "second_look.withdraw": _CHANGE_ANY,
    "second_look.record": _CHANGE_ANY,
}

# What the practitioner the case is about may do on their own pages. They never hold a capability on it.
OWN_CASE_ACTIONS: dict[str, bool] = {  # action -> may it happen once the case is closed?
    "own.read": True,
    "own.submit": False,
    "own.letter": True,
    "own.survey": True,
}


def need_for(action: str) -> Need:
    try:
        return CASE_ACTIONS[action]
    except KeyError:
        raise KeyError(f"'{action}' is not an action in faircase.access.policy.CASE_ACTIONS") from None
