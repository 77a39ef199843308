from typing import TypeGuard

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from faircase.accounts.roles import Role
from faircase.core.models import NamedByKeyModel


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class OrganisationKind(models.TextChoices):
    NHS_TRUST = "nhs_trust", "NHS trust"
    FOUNDATION_TRUST = "foundation_trust", "NHS foundation trust"
    HEALTH_BOARD = "health_board", "Local health board"
    HSC_TRUST = "hsc_trust", "Health and social care trust"
    NHSE_REGION = "nhse_region", "NHS England region (Performers Lists)"
    ICB = "icb", "Integrated care board"
    INDEPENDENT = "independent", "Independent provider"


class Language(models.TextChoices):
    """The interface languages (faircase.core.languages). Each name is written in its own language, as a person
    looking for their language expects to find it."""

    ENGLISH = "en", "English"
    WELSH = "cy", "Cymraeg"


class DocumentLanguages(models.TextChoices):
    """In what language letters and the disclosable record are produced for a practitioner."""

    CHOSEN = "chosen", _("In the practitioner's chosen language")
    BILINGUAL = "bilingual", _("In Welsh and English side by side, Welsh first")


class Organisation(models.Model):
    slug = models.SlugField(unique=True, help_text="Short name used in commands, for example --org riverside")
    name = models.CharField(max_length=200)
    ods_code = models.CharField("ODS code", max_length=10, unique=True)
    nation = models.CharField(max_length=20, choices=Nation.choices)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    # When the organisation adopted the Fairness and Proportionality framework: the evaluation compares the
    # time after it with the time before (faircase.evaluation).
    framework_adopted_on = models.DateField("date the framework was adopted", null=True, blank=True)
    # The language of its people's pages until each chooses their own (faircase.core.languages).
    default_language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    # The Welsh Language Standards expect bilingual material with the Welsh first, where a body sets that.
    document_languages = models.CharField(
        max_length=10, choices=DocumentLanguages.choices, default=DocumentLanguages.CHOSEN
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    class Delivery(models.TextChoices):
        """How someone hears of new work: an email for each item, or one email a day listing them."""

        EACH = "each", "An email for each item, as it happens"
        DAILY = "daily", "One email a day, listing everything new"

    full_name = models.CharField(max_length=200, blank=True)
    notification_delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.EACH)
    is_demo = models.BooleanField(
        default=False, help_text="Created by the demo loader; refused outside demo mode."
    )
    # Blank until the person chooses: then their organisation's default applies (faircase.core.languages).
    language = models.CharField(max_length=5, choices=Language.choices, blank=True)

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_username()


class Membership(models.Model):
    """One role a user holds in one organisation. A user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organisation}"


class SignInFailure(NamedByKeyModel):
    """A wrong password, kept for the throttle's window (faircase.accounts.throttle) and then deleted.

    The account is named only by a keyed hash of what was typed as the username: people sometimes type their
    password there, and a list of the usernames being guessed is itself worth protecting.
    """

    account_key = models.CharField(max_length=64, db_index=True)
    # The client's address as the limits count it: an IPv6 address stands for its /64.
    address = models.GenericIPAddressField(null=True, db_index=True)
    # The known-device cookie's id when the attempt came from a browser this account had signed in on; else "".
    known_device = models.CharField(max_length=32, blank=True, db_index=True)
    occurred_at = models.DateTimeField(db_index=True)


# Whoever a request is from: a signed-in person or nobody. Reads scoped to a person take one.
type Viewer = User | AnonymousUser


def signed_in(user: Viewer | None) -> TypeGuard[User]:
    """A signed-in person (and, for the type checker, a User from here on)."""
    return isinstance(user, User) and user.is_authenticated


class KeptDraft(models.Model):
    """What someone had typed into a form when their session ran out, kept so signing in again does not lose it
    (faircase.accounts.kept_drafts; docs/adr). Bound to the user the browser last signed in as and to a random
    token held only by that browser (only its hash is here); taken back once, on the form's own page, by that
    user; never kept longer than KEPT_DRAFT_SECONDS."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    path = models.CharField(max_length=500, help_text="The page of the form it was typed into")
    fields = models.JSONField(default=dict)
    kept_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Draft kept for {self.path}"


# ---- single sign-on (faircase.accounts.single_sign_on; docs/adr/0029-single-sign-on.md) -----------------------


class SingleSignOnIdentity(models.Model):
    """One person's account at the organisation's identity provider, bound to their faircase account.

    Single sign-on matches only on (issuer, subject): the provider's stable claim for the person (`sub`, or `oid`
    for Microsoft Entra ID). A name or an email address can be reused or changed; these cannot. The binding is made
    once, by the person themselves through an invitation an administrator sent; roles are never read from claims.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="single_sign_on_identities")
    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=255)
    bound_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_one_account"),
            models.UniqueConstraint(fields=["user", "issuer"], name="sso_identity_one_per_provider"),
        ]

    def __str__(self) -> str:
        return f"Single sign-on for {self.user}"


class SingleSignOnInvitation(models.Model):
    """A one-time link that lets a person bind their identity provider account to their faircase account.

    Only the SHA-256 of the token is kept, so a copy of the database cannot be used to bind someone else's
    identity. It works once, until expires_at, and a newer invitation revokes an older one.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="single_sign_on_invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Single sign-on invitation for {self.user}"


class Passkey(NamedByKeyModel):
    """A WebAuthn credential (a passkey) a person registered as a second factor (faircase.accounts.second_factor).

    Only what verifying a sign-in needs: the credential's id and public key, and the authenticator's signature
    counter, which lets a cloned authenticator be noticed. The private key never leaves the authenticator."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    name = models.CharField(max_length=60)
    # base64url, as the browser reports it; at most 1,023 bytes (WebAuthn Level 3), 1,364 characters.
    credential_id = models.CharField(max_length=1400, unique=True)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
