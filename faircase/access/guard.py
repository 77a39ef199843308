"""Fetching a case for a page, and checking an action in a service: both from faircase.access.policy.

    @case_view("case.add_concern")
    def add_concern(request, case): ...

The decorator fetches the case through the scope (404 when the user may not see it), checks the action's
capability and what a closed case allows (404 again: nothing to act on), audits the read of a GET, and hands
the view the case. Services call `authorize(by=..., case=..., action=...)` with the same action, so a view that
forgot its decorator would still be refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from faircase.access.policy import OWN_CASE_ACTIONS, Capability, need_for
from faircase.access.scopes import granted_beyond_view_q
from faircase.accounts.models import User, Viewer, signed_in
from faircase.cases.models import Case
from faircase.core import audit
from faircase.core.audit import ActorLike

READ_METHODS = frozenset({"GET", "HEAD"})
_RELATED = ("organisation", "practitioner", "opened_by", "pack_version")


class ActionRefused(PermissionDenied):
    """An action the actor may not take on this case (or not once it is closed). Pages answer it with 404."""


@dataclass(frozen=True)
class CaseAccess:
    """What one user may do with one case, worked out by the same SQL as the scopes when it was fetched."""

    user_id: int
    capabilities: frozenset[Capability]


def _capability_field(capability: Capability) -> str:
    return f"access_{capability.value}"


def fetch_case(user: Viewer, case_id: Any) -> Case:
    """One case the user may see, with what they may do with it, in one query; otherwise 404. The row is there
    only if the user may see it and is not kept away from it, so each capability adds only its own grant."""
    annotations = {
        _capability_field(c): ExpressionWrapper(granted_beyond_view_q(user, c), output_field=BooleanField())
        for c in Capability
        if c != Capability.VIEW
    }
    if not signed_in(user):
        raise Http404("No such case")
    try:
        case = Case.objects.visible_to(user).select_related(*_RELATED).annotate(**annotations).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404("No such case") from error
    granted = {Capability.VIEW} | {c for c in Capability if getattr(case, _capability_field(c), False)}
    case._access = CaseAccess(user_id=user.pk, capabilities=frozenset(granted))
    return case


def fetch_own_case(user: Viewer, case_id: Any) -> Case:
    """One of the practitioner's own cases (their own pages), or 404: the same answer whether it exists or not."""
    try:
        return Case.objects.own_cases_of(user).select_related(*_RELATED).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404("Not available") from error


def has_capability(user: Viewer, case: Case, capability: Capability) -> bool:
    if not getattr(user, "is_authenticated", False) or case is None:
        return False
    access = getattr(case, "_access", None)
    if access is not None and access.user_id == user.pk:
        return capability in access.capabilities
    return Case.objects.with_capability(user, capability).filter(pk=case.pk).exists()


def allows(user: Viewer, case: Case, action: str) -> bool:
    """May the user take this action on this case now? For pages deciding which links and buttons to show."""
    need = need_for(action)
    if case.is_closed and not need.while_closed:
        return False
    return has_capability(user, case, need.capability)


def authorize(*, by: ActorLike, case: Case, action: str) -> None:
    """A service's check of its action: refuses what the view decorator would. A named system actor (a command,
    the demo loader) is an operator's own act and needs no capability, but a closed case binds it too."""
    need = need_for(action)
    if case.is_closed and not need.while_closed:
        raise ActionRefused(
            _("Case %(reference)s is closed: this can no longer be done.") % {"reference": case.reference}
        )
    actor = audit.as_actor(by)
    if actor.user is not None and not has_capability(actor.user, case, need.capability):
        raise ActionRefused(_("You may not do this on this case."))


def authorize_own(*, by: User, case: Case, action: str) -> None:
    """A service's check of an action the practitioner takes on their own case."""
    if action not in OWN_CASE_ACTIONS:
        raise KeyError(f"'{action}' is not an action in faircase.access.policy.OWN_CASE_ACTIONS")
    if case.is_closed and not OWN_CASE_ACTIONS[action]:
        raise ActionRefused(
            _("Case %(reference)s is closed: this can no longer be done.") % {"reference": case.reference}
        )
    if not Case.objects.own_cases_of(by).filter(pk=case.pk).exists():
        raise ActionRefused(_("You may not do this on this case."))


def audit_read(*, case: Case, by: ActorLike, what: str) -> None:
    """Reading case content is audited too: who looked at which case, and what they looked at."""
    with transaction.atomic():
        audit.record(by=by, action="case.viewed", obj=case, case=case, detail={"viewed": what})


def case_for_request(request: HttpRequest, case_id: Any, action: str) -> Case:
    """The case for a request that takes an action on it: fetched through the scope, the action's capability and
    the closed-case rule checked (404 otherwise: nothing to act on), and a read audited."""
    need = need_for(action)
    user = request.user
    if not signed_in(user):
        raise Http404("Not available")
    case = fetch_case(user, case_id)
    if need.capability not in case._access.capabilities or (case.is_closed and not need.while_closed):
        raise Http404("Not available")
    if need.audit_read and request.method in READ_METHODS:
        audit_read(case=case, by=user, what=action)
    request.case_reference = case.reference  # type: ignore[attr-defined]  # the page's title names the case
    return case


View = Callable[..., HttpResponse]


def case_view(action: str) -> Callable[[View], View]:
    """A staff page about one case: the case comes through the scope with the action's capability checked."""
    need_for(action)  # an unknown action fails when the module is imported, not when the page is opened

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, case_id: Any, *args: Any, **kwargs: Any) -> HttpResponse:
            case = case_for_request(request, case_id, action)
            return view(request, case, *args, **kwargs)

        wrapper.case_action = action  # type: ignore[attr-defined]
        return wrapper

    return decorate


def own_case_view(action: str) -> Callable[[View], View]:
    """A page of the practitioner's own about their case. They see their own case here, and only here."""
    if action not in OWN_CASE_ACTIONS:
        raise KeyError(f"'{action}' is not an action in faircase.access.policy.OWN_CASE_ACTIONS")
    while_closed = OWN_CASE_ACTIONS[action]

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, case_id: Any, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not signed_in(user):
                raise Http404("Not available")
            case = fetch_own_case(user, case_id)
            if case.is_closed and not while_closed:
                raise Http404("Not available")
            if request.method in READ_METHODS:
                audit_read(case=case, by=user, what=action)
            request.case_reference = case.reference  # type: ignore[attr-defined]  # the page's title names the case
            return view(request, case, *args, **kwargs)

        wrapper.case_action = action  # type: ignore[attr-defined]
        return wrapper

    return decorate
