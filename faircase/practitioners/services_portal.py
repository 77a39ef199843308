"""Practitioner accounts: invitations, accepting them, sharing concerns, and the support directory.

Every change runs in one transaction with its audit event. Invitation tokens are never stored: only their
SHA-256 hash, so a copy of the database cannot be used to sign in.
"""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from faircase.access.guard import authorize
from faircase.accounts.models import Organisation, User
from faircase.accounts.services import choose_language
from faircase.cases.models import Case, Concern
from faircase.core import audit, languages
from faircase.core.formatting import counted, pluralise
from faircase.practitioners.models import Invitation, PractitionerAccount, SharedConcern, SupportEntry

INVITATION_DAYS = 7
SUPPORT_FIELDS = [
    "name",
    "description",
    "contact",
    "website",
    "professions",
    "nations",
    "last_checked_on",
    "retired",
]


class InvitationUnavailable(Exception):
    """The link was used, has expired, was replaced by a newer one, or never existed."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_link(token: str) -> str:
    path = reverse("practitioners:portal_invitation", kwargs={"token": token})
    return settings.FAIRCASE_SITE_URL.rstrip("/") + path


@transaction.atomic
def invite_practitioner(*, case: Case, email: str, by: User) -> tuple[Invitation, str]:
    """Invite the case's practitioner to set up an account; revoke any earlier unused invitation. Returns the
    invitation and the token (only ever sent in the email)."""
    authorize(by=by, case=case, action="practitioner.invite")
    email = (email or "").strip()
    if not email:
        raise ValidationError({"email": "Enter the practitioner's email address"})
    practitioner = case.practitioner
    if hasattr(practitioner, "account"):
        raise ValidationError("The practitioner already has an account for this record.")
    now = timezone.now()
    earlier = Invitation.objects.select_for_update().filter(
        practitioner=practitioner, used_at__isnull=True, revoked_at__isnull=True
    )
    for old in earlier:
        old.revoked_at = now
        old.save(update_fields=["revoked_at"])
        audit.record(
            by=by,
            action="practitioner_invitation.revoked",
            obj=old,
            case=old.case,
            detail={"reason": "a newer invitation was sent"},
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        practitioner=practitioner,
        case=case,
        email=email,
        token_hash=token_hash(token),
        expires_at=now + dt.timedelta(days=INVITATION_DAYS),
        invited_by=by,
        created_at=now,
    )
    audit.record(
        by=by,
        action="practitioner_invitation.sent",
        obj=invitation,
        case=case,
        after={"email": email, "expires_at": invitation.expires_at.isoformat()},
    )
    organisation = case.organisation.name
    # The email is in the language the practitioner deals with their organisation in, not the sender's.
    with translation.override(languages.for_practitioner(practitioner, case.organisation)):
        body = (
            "\n\n".join(
                [
                    _("Dear %(name)s,") % {"name": practitioner.full_name},
                    _(
                        "%(sender)s at %(organisation)s has invited you to faircase, where you can see your case, "
                        "the process that applies, the dates that concern you, your rights and the support available "
                        "to you."
                    )
                    % {"sender": by.display_name, "organisation": organisation},
                    _("To set up your account, open this link within %(days)s:")
                    % {"days": pluralise(INVITATION_DAYS, counted("day", "days"), "days")},
                    invitation_link(token),
                    _("The link works once. If it has expired, ask your case manager for a new one."),
                    _("If you were not expecting this email, you can ignore it."),
                ]
            )
            + "\n"
        )
        subject = _("Your faircase account: %(organisation)s") % {"organisation": organisation}
    # Sent inside the transaction: if the email cannot be sent, no invitation is kept.
    send_mail(subject, body, None, [email], fail_silently=False)
    return invitation, token


def find_invitation(token: str) -> Invitation:
    """The invitation a token opens, or InvitationUnavailable with the reason."""
    invitation = (
        Invitation.objects.select_related("practitioner", "case", "practitioner__organisation")
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
    return invitation


def _lock_invitation(token: str) -> Invitation:
    invitation = find_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None or invitation.revoked_at is not None:
        raise InvitationUnavailable("used" if invitation.used_at else "revoked")
    return invitation


def _link(*, invitation: Invitation, user: User, now: dt.datetime) -> PractitionerAccount:
    if PractitionerAccount.objects.filter(practitioner=invitation.practitioner).exists():
        raise InvitationUnavailable("used")
    account = PractitionerAccount.objects.create(
        user=user, practitioner=invitation.practitioner, linked_at=now
    )
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    audit.record(by=user, action="practitioner_invitation.accepted", obj=invitation, case=invitation.case)
    audit.record(
        by=user,
        action="practitioner_account.linked",
        obj=account,
        case=invitation.case,
        after={"user": user.get_username(), "practitioner": invitation.practitioner_id},
    )
    return account


@transaction.atomic
def accept_invitation(*, token: str, username: str, password: str, language: str = "") -> Any:
    """Create the practitioner's user, link it to the record and use up the invitation. Returns the user.
    `language` ("en" or "cy"), when given, is kept on the account as the language they read faircase in."""
    invitation = _lock_invitation(token)
    User = get_user_model()
    username = (username or "").strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [_("Enter a username")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("That username is taken. Choose another")]
    candidate = User(username=username, email=invitation.email, full_name=invitation.practitioner.full_name)
    try:
        validate_password(password, user=candidate)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    candidate.set_password(password)
    candidate.save()
    audit.record(
        by=audit.Actor(label=f"{invitation.practitioner.full_name} (invitation)"),
        action="practitioner_user.created",
        obj=candidate,
        case=invitation.case,
        after={"username": username},
    )
    if language:
        choose_language(user=candidate, language=language)
    _link(invitation=invitation, user=candidate, now=timezone.now())
    return candidate


@transaction.atomic
def accept_invitation_as(*, token: str, by: User) -> PractitionerAccount:
    """A signed-in practitioner links another record (for example in another organisation) to their account."""
    invitation = _lock_invitation(token)
    if not PractitionerAccount.objects.filter(user=by).exists():
        raise ValidationError("Only a practitioner account can accept this invitation while signed in.")
    return _link(invitation=invitation, user=by, now=timezone.now())


@transaction.atomic
def share_concern(*, concern: Concern, text: str, by: User, on: dt.date | None = None) -> SharedConcern:
    """Share a concern with the practitioner in the words they will see; sharing again changes the words."""
    authorize(by=by, case=concern.case, action="practitioner.share_concern")
    case = concern.case
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter what the practitioner will be told"})
    on = on or timezone.localdate()
    existing = SharedConcern.objects.select_for_update().filter(concern=concern).first()
    if existing is None:
        shared = SharedConcern.objects.create(concern=concern, text=text, shared_on=on, shared_by=by)
        audit.record(by=by, action="concern.shared", obj=shared, case=case, after={"text": text})
    else:
        before = {"text": existing.text}
        existing.text, existing.shared_on, existing.shared_by = text, on, by
        existing.save()
        shared = existing
        audit.record(
            by=by, action="concern.share_changed", obj=shared, case=case, before=before, after={"text": text}
        )
    return shared


@transaction.atomic
def update_support_entry(*, entry: SupportEntry, by: User, **fields: Any) -> SupportEntry:
    """Change an organisation's own support entry. National entries are read-only here."""
    from faircase.accounts import roles as R
    from faircase.accounts.selectors import roles_in

    if entry.organisation_id is None:
        raise ValidationError("National entries cannot be changed here.")
    if R.Role.ORG_ADMIN not in roles_in(by, entry.organisation):
        raise ValidationError("Only an administrator of the organisation can change its entries.")
    entry = SupportEntry.objects.select_for_update().get(pk=entry.pk)
    before = audit.snapshot(entry, SUPPORT_FIELDS)
    for name, value in fields.items():
        if name not in SUPPORT_FIELDS:
            raise ValueError(f"Unknown field {name}")
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    audit.record(
        by=by,
        action="support_entry.changed",
        obj=entry,
        organisation=entry.organisation,
        before=before,
        after=audit.snapshot(entry, SUPPORT_FIELDS),
    )
    return entry


@transaction.atomic
def add_support_entry(*, organisation: Organisation, by: User, key: str, **fields: Any) -> SupportEntry:
    from faircase.accounts import roles as R
    from faircase.accounts.selectors import roles_in

    if R.Role.ORG_ADMIN not in roles_in(by, organisation):
        raise ValidationError("Only an administrator of the organisation can add entries.")
    entry = SupportEntry(organisation=organisation, key=key, **fields)
    entry.full_clean()
    entry.save()
    audit.record(
        by=by,
        action="support_entry.added",
        obj=entry,
        organisation=organisation,
        after=audit.snapshot(entry, SUPPORT_FIELDS),
    )
    return entry
