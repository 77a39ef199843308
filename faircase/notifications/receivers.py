"""What makes a notification: audit events, read against one table of rules, and new deadline reminders.

Every change in faircase writes an audit event in its own transaction (faircase.core.audit), so listening to
them is the one seam that cannot be forgotten by a new service: a rule here names the event, who hears of it and
how it reads. Titles name the case and the work, never the practitioner or the concern: they go by email. A
title is written for each person in the language they read faircase in, so a rule gives a function that writes
it rather than the words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from faircase.accounts.roles import CASE_ROLES_THAT_CHANGE
from faircase.core import audit
from faircase.notifications.models import Notification


@dataclass(frozen=True)
class Item:
    users: tuple[Any, ...]
    kind: str
    title: Callable[[], str]
    path: str


def _case_page(case: Any, anchor: str = "") -> str:
    return reverse("cases:detail", kwargs={"case_id": case.pk}) + (f"#{anchor}" if anchor else "")


def _submission(event: Any, obj: Any) -> Iterable[Item]:
    from faircase.cases.models import CaseMember

    case = obj.case
    named = CaseMember.objects.of_case(case).filter(role__in=CASE_ROLES_THAT_CHANGE).select_related("user")
    yield Item(
        users=tuple(m.user for m in named),
        kind=Notification.Kind.SUBMISSION,
        title=lambda: (
            (
                _("Case %(reference)s: the practitioner sent a correction to %(what)s")
                if obj.corrects_id
                else _("Case %(reference)s: the practitioner sent %(what)s")
            )
            % {"reference": case.reference, "what": str(obj.get_kind_display()).lower()}
        ),
        path=_case_page(case, "voice"),
    )


def _person_named(event: Any, obj: Any) -> Iterable[Item]:
    yield Item(
        users=(obj.user,),
        kind=Notification.Kind.ASSIGNED,
        title=lambda: (
            _("Case %(reference)s: you are named as %(role)s")
            % {"reference": obj.case.reference, "role": str(obj.get_role_display()).lower()}
        ),
        path=_case_page(obj.case),
    )


def _follow_up_page(follow_up: Any) -> str:
    return reverse("reviews:follow_up", kwargs={"case_id": follow_up.case_id, "follow_up_id": follow_up.pk})


def _follow_up_given(event: Any, obj: Any) -> Iterable[Item]:
    yield Item(
        users=(obj.owner,),
        kind=Notification.Kind.ASSIGNED,
        title=lambda: (
            _("Case %(reference)s: follow-up %(code)s is yours: %(action)s")
            % {"reference": obj.case.reference, "code": obj.code, "action": obj.action}
        ),
        path=_follow_up_page(obj),
    )


def _follow_ups_opened(event: Any, obj: Any) -> Iterable[Item]:
    """A review's answers opened follow-ups (or added to one): each owner hears of theirs."""
    from faircase.framework.models import FollowUp

    changes = (event.summary.get("detail") or {}).get("follow_ups") or {}
    codes = [code for code, change in changes.items() if {"opened", "added_to", "reopened"} & set(change)]
    if not codes:
        return
    for follow_up in (
        FollowUp.objects.of_case(obj.case)
        .filter(code__in=codes, status=FollowUp.Status.OPEN)
        .select_related("owner", "case")
    ):
        yield from _follow_up_given(event, follow_up)


def _advice_action(event: Any, obj: Any) -> Iterable[Item]:
    case = obj.advice.case
    yield Item(
        users=(obj.owner,),
        kind=Notification.Kind.ASSIGNED,
        title=lambda: (
            _("Case %(reference)s: an action from Practitioner Performance Advice is yours: %(action)s")
            % {"reference": case.reference, "action": obj.action}
        ),
        path=_case_page(case, "advice"),
    )


# The audit events that make work for someone, and the rule that says for whom.
RULES: dict[str, Callable[[Any, Any], Iterable[Item]]] = {
    "practitioner.submit": _submission,
    "practitioner.submission_correct": _submission,
    "case.person_named": _person_named,
    "review.answers_saved": _follow_ups_opened,
    "follow_up.reassigned": _follow_up_given,
    "advice.action_added": _advice_action,
    "advice.action_reassigned": _advice_action,
}


def on_audit_event(sender: Any, event: Any, obj: Any, **kwargs: Any) -> None:
    rule = RULES.get(event.action)
    if rule is None or obj is None:
        return
    from faircase.notifications import services

    for item in rule(event, obj):
        services.notify(
            case=event.case,
            users=item.users,
            kind=item.kind,
            title=item.title,
            path=item.path,
            actor=event.actor,
        )


def on_reminders_recorded(sender: Any, deadline_keys: set[str], **kwargs: Any) -> None:
    from faircase.notifications import services
    from faircase.process.models import Reminder

    services.notify_reminders(
        Reminder.objects.for_system("reminders")
        .filter(deadline_key__in=deadline_keys, notification__isnull=True)
        .select_related("case", "recipient")
    )


def connect() -> None:
    from faircase.process.reminders import reminders_recorded

    audit.recorded.connect(on_audit_event, dispatch_uid="faircase.notifications.audit")
    reminders_recorded.connect(on_reminders_recorded, dispatch_uid="faircase.notifications.reminders")
