"""Who must have a second factor: one rule, derived from who may see what.

A role that can see a whole organisation's case data (any organisation-wide grant in faircase.access.policy,
and the oversight roles) or its equality data (faircase.accounts.roles) must sign in with a second factor.
A role that reaches only the cases someone is named on (a case investigator) or only their own pages (a
practitioner) does not have to, but may. Platform staff always must.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Q
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from faircase.access.policy import GRANTS, OVERSIGHT_ROLES
from faircase.accounts import second_factor
from faircase.accounts.models import Membership, Passkey, User
from faircase.accounts.roles import HANDLES_EQUALITY_DATA, READS_PUBLISHED_EQUALITY_STATISTICS

ROLES_NEEDING_SECOND_FACTOR: frozenset[str] = frozenset(
    set().union(*(grant.organisation_roles for grant in GRANTS.values()))
    | OVERSIGHT_ROLES
    | HANDLES_EQUALITY_DATA
    | READS_PUBLISHED_EQUALITY_STATISTICS
)


def needs_second_factor(user: User) -> bool:
    """Whether this account's roles oblige it to sign in with a second factor (whatever the setting says)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=ROLES_NEEDING_SECOND_FACTOR).exists()


def authenticator_app(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    count: int = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return count


def has_second_factor(user: User) -> bool:
    """An authenticator app or a passkey. Recovery codes alone do not count: they are for when those are lost."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or Passkey.objects.filter(user=user).exists()
    )


def can_finish_sign_in_with(user: User) -> bool:
    """Whether sign-in must ask for a second factor: any factor at all, recovery codes included."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or Passkey.objects.filter(user=user).exists()
        or StaticToken.objects.filter(Q(device__user=user) & Q(device__confirmed=True)).exists()
    )


def must_set_one_up(user: User | AnonymousUser, session: SessionBase) -> bool:
    """The signed-in person must set up a second factor before anything else. Single sign-on sessions rely on
    the identity provider's own factor."""
    if not settings.FAIRCASE_REQUIRE_SECOND_FACTOR or not user.is_authenticated:
        return False
    if session.get(second_factor.SIGN_IN_METHOD_KEY) == second_factor.SSO:
        return False
    return needs_second_factor(user) and not has_second_factor(user)
