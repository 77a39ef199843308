"""Single sign-on's changes, each in one transaction with its audit event: an administrator's invitation, the
person binding their identity with it, an administrator unbinding it, and an identity nobody was bound to.

Tokens are never stored, only their SHA-256. A subject is kept in clear on the binding (matching needs it) but
never written to the audit trail: there it is named by a keyed hash, as the sign-in page names usernames.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from faircase.accounts import services as people
from faircase.accounts.models import Organisation, SingleSignOnIdentity, SingleSignOnInvitation, User
from faircase.accounts.single_sign_on import provider
from faircase.core import audit

SIGN_IN_PAGE = audit.Actor(label="Someone not signed in (single sign-on)")


class InvitationUnavailable(Exception):
    """The invitation is unknown, used, expired, replaced by a newer one, or for a deactivated account."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class IdentityTaken(Exception):
    """The identity provider account is already bound to another faircase account."""


@dataclass(frozen=True)
class Identity:
    """Who the provider says the person is: its issuer and the stable claim the settings name."""

    issuer: str
    subject: str

    @property
    def key(self) -> str:
        """A keyed hash of the pair, for the audit trail: it matches across events, and a copy of the trail
        cannot be matched against the provider's directory without the secret key."""
        return salted_hmac(
            "faircase.accounts.single_sign_on.subject", f"{self.issuer}\n{self.subject}", algorithm="sha256"
        ).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_link(token: str) -> str:
    path = reverse("single_sign_on:invitation", kwargs={"token": token})
    return settings.FAIRCASE_SITE_URL.rstrip("/") + path


def invitation_days() -> int:
    return int(settings.FAIRCASE_OIDC_INVITATION_DAYS)


@transaction.atomic
def invite(*, organisation: Organisation, user: User, by: people.By) -> SingleSignOnInvitation:
    """Email the person a one-time link to bind their identity provider account; revoke any earlier one."""
    if not provider.configured():
        raise ValidationError(_("Single sign-on is not set up for this faircase."))
    organisation = people._lock(organisation)
    user = people._fresh(user)
    people._require_administrator(organisation, by)
    if not user.is_active:
        raise ValidationError(_("%(name)s's account is deactivated.") % {"name": user.display_name})
    if not people._roles_at(user, organisation):
        raise ValidationError(
            _("%(name)s holds no role at %(organisation)s.")
            % {"name": user.display_name, "organisation": organisation.name}
        )
    if not user.email:
        raise ValidationError(
            _("%(name)s has no email address to send the invitation to.") % {"name": user.display_name}
        )
    if SingleSignOnIdentity.objects.filter(user=user, issuer=provider.issuer()).exists():
        raise ValidationError(
            _("%(name)s already signs in with single sign-on.") % {"name": user.display_name}
        )
    sender = by if isinstance(by, User) else None
    if sender is None:
        raise ValidationError(_("An invitation is sent by an administrator."))
    now = timezone.now()
    for earlier in SingleSignOnInvitation.objects.select_for_update().filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True
    ):
        earlier.revoked_at = now
        earlier.save(update_fields=["revoked_at"])
    token = secrets.token_urlsafe(32)
    invitation = SingleSignOnInvitation.objects.create(
        user=user,
        organisation=organisation,
        token_hash=token_hash(token),
        sent_by=sender,
        sent_at=now,
        expires_at=now + dt.timedelta(days=invitation_days()),
    )
    audit.record(
        by=by,
        action="user.sso_invitation_sent",
        obj=user,
        organisation=organisation,
        detail={
            "to": user.email,
            "invitation": invitation.pk,
            "expires_at": invitation.expires_at.isoformat(),
        },
    )
    days = invitation_days()
    # In the language the person will read faircase in: their own choice, else their organisation's default.
    with translation.override(user.language or organisation.default_language or "en"):
        subject = _("Sign in to faircase with single sign-on")
        body = "\n".join(
            [
                _("Dear %(name)s,") % {"name": user.display_name},
                "",
                _(
                    "%(organisation)s has set up faircase so that you sign in with your organisation's account "
                    "(%(provider)s)."
                )
                % {
                    "organisation": organisation.name,
                    "provider": settings.FAIRCASE_OIDC_BUTTON_TEXT.removeprefix("Sign in with "),
                },
                "",
                ngettext(
                    "Open this link within %(num)d day and sign in when you are asked. It works once:",
                    "Open this link within %(num)d days and sign in when you are asked. It works once:",
                    days,
                )
                % {"num": days},
                invitation_link(token),
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
    except Exception as error:  # no invitation on record that nobody received
        raise ValidationError(
            _("The email with the invitation could not be sent, so nothing was saved. Try again later.")
        ) from error
    return invitation


def find_invitation(token: str) -> SingleSignOnInvitation:
    """The invitation a token opens, or InvitationUnavailable with the reason."""
    invitation = (
        SingleSignOnInvitation.objects.select_related("user", "organisation")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise InvitationUnavailable("unknown")
    if invitation.used_at is not None:
        raise InvitationUnavailable("used")
    if invitation.revoked_at is not None:
        raise InvitationUnavailable("revoked")
    if invitation.expires_at <= timezone.now():
        raise InvitationUnavailable("expired")
    if not invitation.user.is_active:
        raise InvitationUnavailable("deactivated")
    return invitation


@transaction.atomic
def bind(*, token: str, identity: Identity) -> User:
    """Bind the identity the provider vouched for to the invited person's account, using up the invitation."""
    invitation = find_invitation(token)
    invitation = SingleSignOnInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None or invitation.revoked_at is not None:
        raise InvitationUnavailable("used" if invitation.used_at else "revoked")
    user = invitation.user
    taken = SingleSignOnIdentity.objects.filter(issuer=identity.issuer, subject=identity.subject).first()
    if taken is not None and taken.user_id != user.pk:
        raise IdentityTaken(identity.key)
    now = timezone.now()
    SingleSignOnIdentity.objects.filter(user=user, issuer=identity.issuer).delete()
    try:
        with transaction.atomic():
            SingleSignOnIdentity.objects.create(
                user=user, issuer=identity.issuer, subject=identity.subject, bound_at=now
            )
    except IntegrityError:  # bound to someone else a moment ago, by another request
        raise IdentityTaken(identity.key) from None
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    audit.record(
        by=user,
        action="user.identity_bound",
        obj=user,
        organisation=invitation.organisation,
        detail={"issuer": identity.issuer, "subject_key": identity.key, "invitation": invitation.pk},
    )
    return user


@transaction.atomic
def unbind(*, organisation: Organisation, user: User, by: people.By) -> None:
    """Stop the person signing in with their identity provider account (they can be invited again)."""
    organisation = people._lock(organisation)
    user = people._fresh(user)
    people._require_administrator(organisation, by)
    bound = list(SingleSignOnIdentity.objects.select_for_update().filter(user=user))
    if not bound:
        raise ValidationError(
            _("%(name)s does not sign in with single sign-on.") % {"name": user.display_name}
        )
    for identity in bound:
        identity.delete()
        audit.record(
            by=by,
            action="user.identity_unbound",
            obj=user,
            organisation=organisation,
            detail={
                "issuer": identity.issuer,
                "subject_key": Identity(identity.issuer, identity.subject).key,
            },
        )
    SingleSignOnInvitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def record_unknown_identity(*, identity: Identity, address: str | None) -> None:
    """The provider vouched for someone nobody has bound: said once in the trail, by keyed hash only."""
    audit.record(
        by=SIGN_IN_PAGE,
        action="sign_in.sso_unknown",
        object_type="accounts.sign_in_attempt",
        object_id=identity.key,
        detail={"method": "sso", "issuer": identity.issuer, "address": address},
    )


@transaction.atomic
def record_refused(*, user: User, identity: Identity, reason: str, address: str | None) -> None:
    """A bound identity whose faircase account may not sign in (deactivated)."""
    audit.record(
        by=SIGN_IN_PAGE,
        action="sign_in.refused",
        obj=user,
        object_type="accounts.user",
        detail={"method": "sso", "reason": reason, "subject_key": identity.key, "address": address},
    )
