"""Changes to an organisation's people: adding a person, granting and revoking roles, deactivating an account,
and the one-off link with which a new person sets their password.

Each change is one transaction with its audit event inside; a refusal (ValidationError, by field where there is
one) changes nothing. Changes are made by an administrator of the organisation, or by a named system actor
(`audit.Actor`, for the command line). The organisation's row is locked first, so two administrators acting at
once cannot, between them, leave it without an administrator.

How a new person gets a password: faircase emails them a link to set it (Django's password-reset tokens: valid
for settings.PASSWORD_RESET_TIMEOUT, used up once a password is set). The administrator never sees the link or
a password, so nobody but the person can sign in as them, and whatever they then do is truly theirs in the audit
trail. The email is sent inside the transaction: if it cannot be sent, nobody is added.
"""

from typing import TypeGuard

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from faircase.accounts import roles as R
from faircase.accounts import throttle
from faircase.accounts.models import DocumentLanguages, Language, Membership, Nation, Organisation, User
from faircase.accounts.second_factor import services as second_factor_services
from faircase.core import audit

# Who makes a change: an administrator of the organisation, or a named system actor (the command line).
By = User | audit.Actor

FULL_NAME_MAX: int = User._meta.get_field("full_name").max_length or 200
USERNAME_MAX: int = User._meta.get_field("username").max_length or 150
EMAIL_MAX: int = User._meta.get_field("email").max_length or 254


class LinkUnavailable(Exception):
    """A set-password link that is unknown, used, expired, or for an account that was deactivated."""


# ---- who may change whom -------------------------------------------------------------------------------------


def _lock(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _fresh(user: User) -> User:
    """The person as they are now, locked: a page may have read them before another change."""
    return User.objects.select_for_update().get(pk=user.pk)


def _is_user(by: By) -> TypeGuard[User]:
    return isinstance(by, User)


def _require_administrator(organisation: Organisation, by: By) -> None:
    if not _is_user(by):
        audit.as_actor(by)  # a named system actor, or AuditError
        return
    administers = Membership.objects.filter(
        user=by, organisation=organisation, role__in=R.MANAGES_PEOPLE, user__is_active=True
    ).exists()
    if not administers:
        raise ValidationError(
            _("Only an administrator of %(organisation)s can change its people.")
            % {"organisation": organisation.name}
        )


# What an administrator may not do to themself, each said in a whole sentence (a sentence built from parts cannot
# follow Welsh word order).
NOT_YOURSELF = {
    "roles": gettext_lazy(
        "You cannot change your own roles: ask another administrator, so that nobody locks themselves out or "
        "gives themselves access alone."
    ),
    "deactivate": gettext_lazy(
        "You cannot deactivate yourself: ask another administrator, so that nobody locks themselves out or "
        "gives themselves access alone."
    ),
    "second_factor": gettext_lazy(
        "You cannot reset your own second factor: ask another administrator, so that nobody locks themselves "
        "out or gives themselves access alone."
    ),
}


def _not_yourself(by: By, user: User, what: str) -> None:
    if _is_user(by) and by.pk == user.pk:
        raise ValidationError(str(NOT_YOURSELF[what]))


def _roles_at(user: User, organisation: Organisation) -> set[str]:
    return set(Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True))


def _holds_roles_elsewhere(user: User, organisation: Organisation) -> bool:
    return Membership.objects.filter(user=user).exclude(organisation=organisation).exists()


def _active_administrators(organisation: Organisation) -> set[int]:
    return set(
        Membership.objects.filter(
            organisation=organisation, role__in=R.MANAGES_PEOPLE, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def _only_administrator_refusal(user: User, organisation: Organisation) -> str:
    return _(
        "%(name)s is the only administrator of %(organisation)s. Make someone else an administrator first."
    ) % {
        "name": user.display_name,
        "organisation": organisation.name,
    }


def _role_label(role: str) -> str:
    return str(R.Role(role).label)


def _subject(user: User) -> dict[str, str]:
    return {"user": user.get_username(), "name": user.display_name}


# ---- granting and revoking -----------------------------------------------------------------------------------


@transaction.atomic
def grant_role(*, organisation: Organisation, user: User, role: str, by: By, cause: str = "") -> Membership:
    """Give a person a role in the organisation.

    Refused for a role faircase does not know, a role they already hold, a deactivated account, the
    administrator themself, and someone who holds roles only at other organisations, unless a cause is given
    (it is kept in the audit trail).
    """
    organisation = _lock(organisation)
    user = _fresh(user)
    _require_administrator(organisation, by)
    if role not in R.Role.values:
        raise ValidationError({"role": _("Choose a role")})
    _not_yourself(by, user, "roles")
    if not user.is_active:
        raise ValidationError(
            _("%(name)s's account is deactivated: they cannot be given a role.")
            % {"name": user.display_name},
            code="inactive",
        )
    held = _roles_at(user, organisation)
    if role in held:
        raise ValidationError(
            {
                "role": _("%(name)s is already %(role)s at %(organisation)s")
                % {
                    "name": user.display_name,
                    "role": _role_label(role).lower(),
                    "organisation": organisation.name,
                }
            }
        )
    cause = (cause or "").strip()
    if not held and _holds_roles_elsewhere(user, organisation) and not cause:
        raise ValidationError(
            _(
                "%(name)s works for another organisation. Give the reason they need a role at %(organisation)s: it is kept in the audit trail."
            )
            % {"name": user.display_name, "organisation": organisation.name}
        )
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    audit.record(
        by=by,
        action="membership.granted",
        obj=membership,
        organisation=organisation,
        after={**_subject(user), "role": role},
        detail={"cause": cause} if cause else None,
    )
    return membership


@transaction.atomic
def revoke_role(*, organisation: Organisation, user: User, role: str, by: By) -> None:
    """Take a role away from a person.

    Refused for the administrator themself, for the last active administrator of the organisation, and for a
    person's only role anywhere (deactivate them instead, so nobody is left with an account and no role).
    """
    organisation = _lock(organisation)
    user = _fresh(user)
    _require_administrator(organisation, by)
    _not_yourself(by, user, "roles")
    membership = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if membership is None:
        raise ValidationError(
            _("%(name)s does not hold that role at %(organisation)s.")
            % {"name": user.display_name, "organisation": organisation.name}
        )
    if role in R.MANAGES_PEOPLE and _active_administrators(organisation) <= {user.pk}:
        raise ValidationError(_only_administrator_refusal(user, organisation))
    if _roles_at(user, organisation) == {role} and not _holds_roles_elsewhere(user, organisation):
        raise ValidationError(
            _("This is %(name)s's only role. To stop them using faircase, deactivate them instead.")
            % {"name": user.display_name}
        )
    audit.record(
        by=by,
        action="membership.revoked",
        obj=membership,
        organisation=organisation,
        before={**_subject(user), "role": role},
    )
    membership.delete()


# ---- adding and deactivating people ------------------------------------------------------------------------


def _clean_person(*, full_name: str, username: str, email: str, role: str) -> tuple[str, str, str]:
    full_name, username, email = (full_name or "").strip(), (username or "").strip(), (email or "").strip()
    errors: dict[str, str] = {}
    if not full_name:
        errors["full_name"] = _("Enter the person's full name")
    elif len(full_name) > FULL_NAME_MAX:
        errors["full_name"] = _("The full name must be %(max)d characters or fewer") % {"max": FULL_NAME_MAX}
    if not username:
        errors["username"] = _("Enter a username for the person")
    elif len(username) > USERNAME_MAX:
        errors["username"] = _("The username must be %(max)d characters or fewer") % {"max": USERNAME_MAX}
    else:
        try:
            User.username_validator(username)
        except ValidationError:
            errors["username"] = _(
                "The username must only include letters, numbers and the characters @ . + - _"
            )
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = _("That username is taken. Choose another")
    if not email:
        errors["email"] = _("Enter the person's email address")
    else:
        try:
            validate_email(email)
            if len(email) > EMAIL_MAX:
                raise ValidationError("too long")  # only caught below
        except ValidationError:
            errors["email"] = _("Enter an email address in the correct format, like name@example.com")
    if role not in R.Role.values:
        errors["role"] = _("Choose the person's role")
    if errors:
        raise ValidationError(errors)
    return full_name, username, email


@transaction.atomic
def add_person(
    *, organisation: Organisation, full_name: str, username: str, email: str, role: str, by: By
) -> User:
    """A new staff account with one role in the organisation, and an email with a link to set its password.

    The account has no password until the person sets one. An account added by a demo account is a demo
    account too, so that it cannot outlive demo mode (faircase.demo.checks)."""
    organisation = _lock(organisation)
    _require_administrator(organisation, by)
    full_name, username, email = _clean_person(full_name=full_name, username=username, email=email, role=role)
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        is_active=True,
        is_demo=bool(getattr(by, "is_demo", False)),
    )
    user.set_unusable_password()
    user.save()
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    audit.record(
        by=by,
        action="user.added",
        obj=user,
        organisation=organisation,
        after={"username": username, "full_name": full_name, "email": email, "is_demo": user.is_demo},
    )
    audit.record(
        by=by,
        action="membership.granted",
        obj=membership,
        organisation=organisation,
        after={**_subject(user), "role": role},
    )
    _send_set_password_link(organisation=organisation, user=user, by=by, first=True)
    return user


@transaction.atomic
def send_set_password_link(*, organisation: Organisation, user: User, by: By) -> None:
    """Email a new link to someone who has not set a password yet (the first one expired or was lost)."""
    organisation = _lock(organisation)
    user = _fresh(user)
    _require_administrator(organisation, by)
    if not user.is_active:
        raise ValidationError(_("%(name)s's account is deactivated.") % {"name": user.display_name})
    if user.has_usable_password():
        raise ValidationError(
            _(
                "%(name)s has already set a password. If they have forgotten it, they can ask for it to be reset."
            )
            % {"name": user.display_name}
        )
    if not _roles_at(user, organisation):
        raise ValidationError(
            _("%(name)s holds no role at %(organisation)s.")
            % {"name": user.display_name, "organisation": organisation.name}
        )
    _send_set_password_link(organisation=organisation, user=user, by=by, first=False)


def _send_set_password_link(*, organisation: Organisation, user: User, by: By, first: bool) -> None:
    if not user.email:
        raise ValidationError({"email": _("Enter the person's email address")})
    audit.record(
        by=by,
        action="user.set_password_link_sent",
        obj=user,
        organisation=organisation,
        detail={"to": user.email, "first": first},
    )
    days = settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)
    # In the language the person will read faircase in: their own choice, else their organisation's default.
    with translation.override(user.language or organisation.default_language or "en"):
        subject = _("Set your faircase password")
        body = "\n".join(
            [
                _("Dear %(name)s,") % {"name": user.display_name},
                "",
                _("%(organisation)s has given you an account on faircase. Your username is: %(username)s")
                % {"organisation": organisation.name, "username": user.get_username()},
                "",
                ngettext(
                    "Set your password with this link. It works once, for %(num)d day:",
                    "Set your password with this link. It works once, for %(num)d days:",
                    days,
                )
                % {"num": days},
                set_password_link(user),
                "",
                _(
                    "If you were not expecting this email, do not use the link, and tell the person who manages "
                    "faircase at %(organisation)s."
                )
                % {"organisation": organisation.name},
            ]
        )
    try:
        send_mail(subject, body, None, [user.email], fail_silently=False)
    except Exception as error:  # nothing is half-done: no account (or no new link) without its email
        raise ValidationError(
            _(
                "The email with the link to set a password could not be sent, so nothing was saved. Try again later."
            )
        ) from error


def set_password_link(user: User) -> str:
    path = reverse(
        "people:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return str(settings.FAIRCASE_SITE_URL).rstrip("/") + path


@transaction.atomic
def deactivate_person(*, organisation: Organisation, user: User, by: By) -> User:
    """Stop a person signing in. Their roles stay on record (the people page lists them as deactivated).

    Refused for the administrator themself, the last active administrator, a platform administrator, and
    someone who also holds roles at another organisation (revoke their roles here instead: deactivating would
    lock them out there too)."""
    organisation = _lock(organisation)
    user = _fresh(user)
    _require_administrator(organisation, by)
    _not_yourself(by, user, "deactivate")
    if not _roles_at(user, organisation):
        raise ValidationError(
            _("%(name)s holds no role at %(organisation)s.")
            % {"name": user.display_name, "organisation": organisation.name}
        )
    if not user.is_active:
        raise ValidationError(_("%(name)s is already deactivated.") % {"name": user.display_name})
    if user.is_staff or user.is_superuser:
        raise ValidationError(
            _("%(name)s is a platform administrator: only the platform team can deactivate them.")
            % {"name": user.display_name}
        )
    if _holds_roles_elsewhere(user, organisation):
        raise ValidationError(
            _(
                "%(name)s also works for another organisation, so deactivating their account would lock them out there too. Revoke their roles at %(organisation)s instead."
            )
            % {"name": user.display_name, "organisation": organisation.name}
        )
    if R.MANAGES_PEOPLE & _roles_at(user, organisation) and _active_administrators(organisation) <= {user.pk}:
        raise ValidationError(_only_administrator_refusal(user, organisation))
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record(
        by=by,
        action="user.deactivated",
        obj=user,
        organisation=organisation,
        before={**_subject(user), "is_active": True},
        after={"is_active": False},
    )
    return user


# ---- sign-in: lifting a lockout, resetting a second factor (ADR 30) -----------------------------------------


def _require_person_here(organisation: Organisation, user: User) -> None:
    if not _roles_at(user, organisation):
        raise ValidationError(
            _("%(name)s holds no role at %(organisation)s.")
            % {"name": user.display_name, "organisation": organisation.name}
        )


@transaction.atomic
def lift_sign_in_lockout(*, organisation: Organisation, user: User, by: By) -> int:
    """Let a person locked out by failed sign-ins try again: forget exactly their account's failures."""
    organisation = _lock(organisation)
    user = _fresh(user)
    _require_administrator(organisation, by)
    _require_person_here(organisation, user)
    if not throttle.account_locked(user.get_username()):
        raise ValidationError(_("%(name)s is not locked out of signing in.") % {"name": user.display_name})
    forgotten = throttle.forget_account_failures(user.get_username())
    audit.record(
        by=by,
        action="sign_in.lockout_lifted",
        obj=user,
        organisation=organisation,
        detail={**_subject(user), "failures_forgotten": forgotten},
    )
    return forgotten


@transaction.atomic
def reset_second_factor(*, organisation: Organisation, user: User, by: By) -> None:
    """Remove a person's authenticator app, passkeys and recovery codes (lost phone, lost codes). If their role
    needs a second factor they set up a new one at their next sign-in."""
    organisation = _lock(organisation)
    user = _fresh(user)
    _require_administrator(organisation, by)
    _not_yourself(by, user, "second_factor")
    _require_person_here(organisation, user)
    removed = second_factor_services.remove_every_factor(user=user)
    if not removed:
        raise ValidationError(_("%(name)s has no second factor to reset.") % {"name": user.display_name})
    audit.record(
        by=by,
        action="user.second_factor_reset",
        obj=user,
        organisation=organisation,
        detail={**_subject(user), "removed": removed},
    )


# ---- the person sets their password ----------------------------------------------------------------------


def user_for_link(uidb64: str, token: str) -> User:
    """The account a set-password link is for, or LinkUnavailable."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError) as error:
        raise LinkUnavailable from error
    user = User.objects.filter(pk=pk).first()
    if user is None or not user.is_active or not default_token_generator.check_token(user, token):
        raise LinkUnavailable
    return user


@transaction.atomic
def set_first_password(*, uidb64: str, token: str, password: str) -> User:
    """The person sets their password with the link they were emailed. The link is then used up (the token
    covers the password's hash)."""
    user = _fresh(user_for_link(uidb64, token))
    if not default_token_generator.check_token(user, token):  # used up by a request that came first
        raise LinkUnavailable
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": list(error.messages)}) from error
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(by=user, action="user.password_set", obj=user, detail={"by": "emailed link"})
    return user


# ---- organisations ---------------------------------------------------------------------------------------------


@transaction.atomic
def add_organisation(*, slug: str, name: str, ods_code: str, nation: str, kind: str, by: By) -> Organisation:
    """A new organisation, as the first step of a new installation (`faircase organisations add`): checked by the
    model's own rules, so a duplicate slug or ODS code, or an unknown nation or kind, is refused by field."""
    organisation = Organisation(
        slug=(slug or "").strip(),
        name=(name or "").strip(),
        ods_code=(ods_code or "").strip().upper(),
        nation=(nation or "").strip(),
        kind=(kind or "").strip(),
    )
    organisation.full_clean()
    organisation.save()
    audit.record(
        by=by,
        action="organisation.added",
        obj=organisation,
        organisation=organisation,
        after={
            "slug": organisation.slug,
            "name": organisation.name,
            "ods_code": organisation.ods_code,
            "nation": organisation.nation,
            "kind": organisation.kind,
        },
    )
    return organisation


@transaction.atomic
def choose_language(*, user: User, language: str) -> None:
    """The language this person reads faircase in, kept on their account (ADR 41). Audited like any change."""
    from faircase.accounts.models import Language

    if language not in Language.values:
        raise ValueError(f"Unknown language {language!r}")
    before = user.language
    if before == language:
        return
    user.language = language
    user.save(update_fields=["language"])
    audit.record(by=user, action="account.language_chosen", obj=user,
                 before={"language": before}, after={"language": language})  # fmt: skip


@transaction.atomic
def set_organisation_languages(
    *, organisation: Organisation, default_language: str, document_languages: str, by: By
) -> Organisation:
    """The organisation's default language (of its people's pages until each chooses) and the language of its
    letters and records (ADR 41). Refused by field for a value faircase does not know, and for bilingual
    documents outside Wales: the Welsh Language Standards that ask for them apply to Welsh bodies only."""
    organisation = _lock(organisation)
    _require_administrator(organisation, by)
    errors = {}
    if default_language not in Language.values:
        errors["default_language"] = _("Choose English or Cymraeg as the default language")
    if document_languages not in DocumentLanguages.values:
        errors["document_languages"] = _("Choose the language of letters and records")
    elif document_languages == DocumentLanguages.BILINGUAL and organisation.nation != Nation.WALES:
        errors["document_languages"] = _(
            "Bilingual letters and records are offered only to organisations in Wales"
        )
    if errors:
        raise ValidationError(errors)
    before = {
        "default_language": organisation.default_language,
        "document_languages": organisation.document_languages,
    }
    after = {"default_language": default_language, "document_languages": document_languages}
    if before == after:
        return organisation
    organisation.default_language = default_language
    organisation.document_languages = document_languages
    organisation.save(update_fields=["default_language", "document_languages"])
    audit.record(
        by=by,
        action="organisation.languages_changed",
        obj=organisation,
        organisation=organisation,
        before=before,
        after=after,
    )
    return organisation
