"""What an administrator reads about people and roles. What each role lets someone do is worded from the role
tables (faircase.accounts.roles) and the grants of the access kernel (faircase.access.policy), so the page cannot
say something the rules do not do."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from faircase.access.policy import GRANTS, OVERSIGHT_ROLES, Capability
from faircase.accounts import roles as R
from faircase.accounts import throttle
from faircase.accounts.second_factor import rules
from faircase.core.formatting import pluralise


def role_label(role: str) -> str:
    return R.Role(role).label if role in R.Role.values else role


def role_choices(roles: list[str] | None = None) -> list[tuple[str, str]]:
    wanted = R.Role.values if roles is None else roles
    return [(role.value, role.label) for role in R.Role if role.value in wanted]


def what_role_does(role: str, organisation: Any) -> str:
    """One sentence: which cases the role opens, and what else it may do, at this organisation."""
    name = organisation.name
    parts = []
    if role in GRANTS[Capability.VIEW].organisation_roles:
        parts.append(f"sees every case at {name}")
    else:
        parts.append("sees only the cases they are named on")
        if role in OVERSIGHT_ROLES:
            parts.append(f"oversees the timeliness of {name}'s cases")
    if role in GRANTS[Capability.CHANGE].organisation_roles:
        parts.append("changes any case")
    if role in R.OPENS_CASES:
        parts.append("opens cases")
    if role in GRANTS[Capability.READ_HISTORY].organisation_roles:
        parts.append("reads case histories")
    if role in R.HANDLES_EQUALITY_DATA:
        parts.append("handles equality data")
    elif role in R.READS_PUBLISHED_EQUALITY_STATISTICS:
        parts.append("reads published equality statistics")
    if role in R.ADAPTS_FRAMEWORK:
        parts.append("adapts the framework")
    if role in R.MANAGES_PEOPLE:
        parts.append("manages people and their roles")
    if role == R.Role.AUDITOR:
        parts.append("changes nothing")
    sentence = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return sentence[0].upper() + sentence[1:] + "."


def role_hints(organisation: Any) -> dict[str, str]:
    return {role.value: what_role_does(role.value, organisation) for role in R.Role}


def status(user: Any) -> str:
    if not user.is_active:
        return "Deactivated"
    # Someone who signs in with single sign-on never sets a password.
    if not user.has_usable_password() and not list(user.single_sign_on_identities.all()):
        return "Not signed in yet"
    return "Active"


STATUS_COLOURS = {"Deactivated": "grey", "Not signed in yet": "yellow", "Active": "green"}


@dataclass(frozen=True)
class PersonRow:
    name: str
    username: str
    email: str
    roles: list[str]
    status: str
    status_colour: str
    href: str


def person_row(user: Any, organisation: Any) -> PersonRow:
    label = status(user)
    return PersonRow(
        name=user.display_name,
        username=user.get_username(),
        email=user.email,
        roles=[role_label(m.role) for m in user.roles_here],
        status=label,
        status_colour=STATUS_COLOURS[label],
        href=reverse("people:person", kwargs={"org_slug": organisation.slug, "user_id": user.pk}),
    )


def people_rows(people: list[Any], organisation: Any) -> list[PersonRow]:
    return [person_row(user, organisation) for user in people]


def person_summary(user: Any) -> list[dict[str, Any]]:
    """The rows of the summary list on a person's page."""
    return [
        {"key": {"text": "Name"}, "value": {"text": user.display_name}},
        {"key": {"text": "Username"}, "value": {"text": user.get_username()}},
        {"key": {"text": "Email address"}, "value": {"text": user.email or "None"}},
        {"key": {"text": "Status"}, "value": {"text": status(user)}},
    ]


@dataclass(frozen=True)
class RoleRow:
    role: str
    label: str
    does: str
    revoke_href: str


def role_rows(user: Any, organisation: Any) -> list[RoleRow]:
    return [
        RoleRow(
            role=m.role,
            label=role_label(m.role),
            does=what_role_does(m.role, organisation),
            revoke_href=reverse(
                "people:revoke", kwargs={"org_slug": organisation.slug, "user_id": user.pk, "role": m.role}
            ),
        )
        for m in user.roles_here
    ]


def roles_not_held(user: Any) -> list[str]:
    held = {m.role for m in user.roles_here}
    return [role.value for role in R.Role if role.value not in held]


def single_sign_on(user: Any) -> dict[str, Any] | None:
    """What the person's page says about single sign-on: nothing when it is not configured."""
    from faircase.accounts.single_sign_on import provider, selectors

    if not provider.configured():
        return None
    bound = selectors.bound_identity(user)
    return {
        "bound_on": bound.bound_at if bound else None,
        "can_invite": bound is None and user.is_active,
    }


@dataclass(frozen=True)
class SignInHelp:
    """What an administrator reads about a person's sign-in: locked out or not, and their second factor."""

    locked_out: bool
    second_factor: str  # what they have, in words
    can_reset: bool


def sign_in_help(user: Any) -> SignInHelp:
    kinds = []
    if rules.authenticator_app(user) is not None:
        kinds.append("an authenticator app")
    passkeys = user.passkeys.count()
    if passkeys:
        kinds.append(pluralise(passkeys, "passkey"))
    codes = rules.recovery_codes_left(user)
    if codes:
        kinds.append(pluralise(codes, "unused recovery code"))
    if kinds:
        words = ", ".join(kinds[:-1]) + (" and " if len(kinds) > 1 else "") + kinds[-1]
        words = words[0].upper() + words[1:]
    elif rules.needs_second_factor(user):
        words = "None yet: they will be asked to set one up when they sign in"
    else:
        words = "None (their roles do not need one)"
    return SignInHelp(
        locked_out=throttle.account_locked(user.get_username()),
        second_factor=words,
        can_reset=bool(kinds),
    )
