"""What an administrator reads about people and roles. What each role lets someone do is worded from the role
tables (faircase.accounts.roles) and the grants of the access kernel (faircase.access.policy), so the page cannot
say something the rules do not do."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from faircase.access.policy import GRANTS, OVERSIGHT_ROLES, Capability
from faircase.accounts import roles as R
from faircase.accounts import throttle
from faircase.accounts.models import Language
from faircase.accounts.second_factor import rules
from faircase.core import languages


def role_label(role: str) -> str:
    return str(R.Role(role).label) if role in R.Role.values else role


def role_choices(roles: list[str] | None = None) -> list[tuple[str, str]]:
    wanted = R.Role.values if roles is None else roles
    return [(role.value, str(role.label)) for role in R.Role if role.value in wanted]


def _listed(parts: list[str], joined: str) -> str:
    """ "a, b and c", `joined` saying how the last is joined in the language in use: each kind of list has its
    own message, as Welsh joins with "a" or "ac" by the word that follows."""
    if len(parts) == 1:
        return parts[0]
    return joined % {"earlier": ", ".join(parts[:-1]), "last": parts[-1]}


def what_role_does(role: str, organisation: Any) -> str:
    """One sentence: which cases the role opens, and what else it may do, at this organisation."""
    name = organisation.name
    parts = []
    if role in GRANTS[Capability.VIEW].organisation_roles:
        parts.append(_("sees every case at %(organisation)s") % {"organisation": name})
    else:
        parts.append(_("sees only the cases they are named on"))
        if role in OVERSIGHT_ROLES:
            parts.append(_("oversees the timeliness of %(organisation)s's cases") % {"organisation": name})
    if role in GRANTS[Capability.CHANGE].organisation_roles:
        parts.append(_("changes any case"))
    if role in R.OPENS_CASES:
        parts.append(_("opens cases"))
    if role in GRANTS[Capability.READ_HISTORY].organisation_roles:
        parts.append(_("reads case histories"))
    if role in R.HANDLES_EQUALITY_DATA:
        parts.append(_("handles equality data"))
    elif role in R.READS_PUBLISHED_EQUALITY_STATISTICS:
        parts.append(_("reads published equality statistics"))
    if role in R.ADAPTS_FRAMEWORK:
        parts.append(_("adapts the framework"))
    if role in R.MANAGES_PEOPLE:
        parts.append(_("manages people and their roles"))
    if role == R.Role.AUDITOR:
        parts.append(_("changes nothing"))
    sentence = _listed(parts, pgettext("what a role does", "%(earlier)s and %(last)s"))
    return sentence[0].upper() + sentence[1:] + "."


def role_hints(organisation: Any) -> dict[str, str]:
    return {role.value: what_role_does(role.value, organisation) for role in R.Role}


DEACTIVATED, NOT_SIGNED_IN_YET, ACTIVE = "deactivated", "not_signed_in_yet", "active"
STATUS_LABELS = {
    DEACTIVATED: gettext_lazy("Deactivated"),
    NOT_SIGNED_IN_YET: gettext_lazy("Not signed in yet"),
    ACTIVE: gettext_lazy("Active"),
}
STATUS_COLOURS = {DEACTIVATED: "grey", NOT_SIGNED_IN_YET: "yellow", ACTIVE: "green"}


def status_of(user: Any) -> str:
    if not user.is_active:
        return DEACTIVATED
    # Someone who signs in with single sign-on never sets a password.
    if not user.has_usable_password() and not list(user.single_sign_on_identities.all()):
        return NOT_SIGNED_IN_YET
    return ACTIVE


def status(user: Any) -> str:
    return str(STATUS_LABELS[status_of(user)])


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
    key = status_of(user)
    return PersonRow(
        name=user.display_name,
        username=user.get_username(),
        email=user.email,
        roles=[role_label(m.role) for m in user.roles_here],
        status=str(STATUS_LABELS[key]),
        status_colour=STATUS_COLOURS[key],
        href=reverse("people:person", kwargs={"org_slug": organisation.slug, "user_id": user.pk}),
    )


def people_rows(people: list[Any], organisation: Any) -> list[PersonRow]:
    """By name, in the order of the reader's alphabet (Welsh puts Llinos after Lowri)."""
    return [
        person_row(user, organisation)
        for user in languages.in_reading_order(people, lambda u: u.display_name)
    ]


def person_summary(user: Any) -> list[dict[str, Any]]:
    """The rows of the summary list on a person's page."""
    language = Language(user.language).label if user.language in Language.values else ""
    return [
        {"key": {"text": _("Name")}, "value": {"text": user.display_name}},
        {"key": {"text": _("Username")}, "value": {"text": user.get_username()}},
        {"key": {"text": _("Email address")}, "value": {"text": user.email or _("None")}},
        {"key": {"text": _("Status")}, "value": {"text": status(user)}},
        # Read-only: each person chooses their own language (ADR 41).
        {
            "key": {"text": _("Language")},
            "value": {"text": language or _("Not chosen: the organisation's default applies")},
        },
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
        kinds.append(_("an authenticator app"))
    passkeys = user.passkeys.count()
    if passkeys:
        kinds.append(ngettext("%(num)d passkey", "%(num)d passkeys", passkeys) % {"num": passkeys})
    codes = rules.recovery_codes_left(user)
    if codes:
        kinds.append(
            ngettext("%(num)d unused recovery code", "%(num)d unused recovery codes", codes) % {"num": codes}
        )
    if kinds:
        words = _listed(kinds, pgettext("second factors a person has", "%(earlier)s and %(last)s"))
        words = words[0].upper() + words[1:]
    elif rules.needs_second_factor(user):
        words = _("None yet: they will be asked to set one up when they sign in")
    else:
        words = _("None (their roles do not need one)")
    return SignInHelp(
        locked_out=throttle.account_locked(user.get_username()),
        second_factor=words,
        can_reset=bool(kinds),
    )
