"""A person's own second factors, and checking one at sign-in. Each change is one transaction with its audit
event; a refusal (ValidationError) changes nothing.

Recovery codes are django-otp static tokens, but what is stored is a keyed hash of each code (HMAC-SHA-256 with
the secret key, cut to the 16 characters the token column holds), never the code: the person sees their codes
once, and a copy of the database cannot be used to sign in.
"""

import secrets
from binascii import unhexlify

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from faircase.accounts import throttle
from faircase.accounts.models import Passkey, User
from faircase.accounts.second_factor import rules
from faircase.accounts.services_sign_in import SIGN_IN_ATTEMPT, SIGN_IN_PAGE
from faircase.accounts.throttle import Attempt
from faircase.core import audit

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: a code copied from paper should not be misread.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10
AUTHENTICATOR_APP = "authenticator app"
PASSKEY = "passkey"
RECOVERY_CODE = "recovery code"


def new_totp_key() -> str:
    """A fresh secret for an authenticator app, as hex (what django-otp stores): 20 random bytes."""
    return secrets.token_hex(20)


def _totp(key_hex: str) -> TOTP:
    return TOTP(unhexlify(key_hex), step=30, t0=0, digits=6)


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").casefold()


def _recovery_hash(user: User, code: str) -> str:
    return salted_hmac(
        "faircase.accounts.recovery_code", f"{user.pk}:{_normalised(code)}", algorithm="sha256"
    ).hexdigest()[:16]


def _factor_event(user: User, action: str, kind: str, **detail: str) -> None:
    audit.record(
        by=user, action=action, obj=user, object_type="accounts.user", detail={"kind": kind, **detail}
    )


# Whole sentences, one per factor: a sentence built from parts cannot follow Welsh word order.
ONLY_FACTOR = {
    AUTHENTICATOR_APP: gettext_lazy(
        "You cannot remove your only authenticator app: your role needs a second factor. Add another way to sign "
        "in first (an authenticator app or a passkey)."
    ),
    PASSKEY: gettext_lazy(
        "You cannot remove your only passkey: your role needs a second factor. Add another way to sign in first "
        "(an authenticator app or a passkey)."
    ),
}


def _keep_one(user: User, losing: str) -> None:
    """Refuse to remove the last factor of someone who must have one."""
    if settings.FAIRCASE_REQUIRE_SECOND_FACTOR and rules.needs_second_factor(user):
        others = (
            TOTPDevice.objects.filter(user=user, confirmed=True).count()
            + Passkey.objects.filter(user=user).count()
        )
        if others <= 1:
            raise ValidationError(str(ONLY_FACTOR[losing]))


@transaction.atomic
def add_authenticator_app(*, user: User, key_hex: str, code: str) -> TOTPDevice:
    """Keep the authenticator app once the person has shown a code from it, so a mistyped secret is caught."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("You already have an authenticator app. Remove it first to set up another."))
    totp = _totp(key_hex)
    code = code.strip()
    if not (code.isdigit() and totp.verify(int(code), tolerance=1)):
        raise ValidationError(
            {"code": _("The code is not right. Enter the 6-digit code your authenticator app shows now.")}
        )
    device = TOTPDevice.objects.create(
        user=user, name="Authenticator app", key=key_hex, confirmed=True, last_t=totp.t()
    )
    _factor_event(user, "user.second_factor_added", AUTHENTICATOR_APP)
    return device


@transaction.atomic
def remove_authenticator_app(*, user: User) -> None:
    device = rules.authenticator_app(user)
    if device is None:
        raise ValidationError(_("You have no authenticator app to remove."))
    _keep_one(user, AUTHENTICATOR_APP)
    device.delete()
    _factor_event(user, "user.second_factor_removed", AUTHENTICATOR_APP)


@transaction.atomic
def add_passkey(*, user: User, name: str, credential_id: str, public_key: bytes, sign_count: int) -> Passkey:
    name = name.strip() or "Passkey"
    passkey = Passkey.objects.create(
        user=user, name=name[:60], credential_id=credential_id, public_key=public_key, sign_count=sign_count
    )
    _factor_event(user, "user.second_factor_added", PASSKEY, passkey=str(passkey.pk))
    return passkey


@transaction.atomic
def remove_passkey(*, user: User, passkey: Passkey) -> None:
    if passkey.user_id != user.pk:
        raise ValidationError(_("That passkey is not yours."))
    _keep_one(user, PASSKEY)
    passkey_id = str(passkey.pk)
    passkey.delete()
    _factor_event(user, "user.second_factor_removed", PASSKEY, passkey=passkey_id)


@transaction.atomic
def make_recovery_codes(*, user: User) -> list[str]:
    """Ten new single-use codes; any earlier ones stop working. The codes are returned once, to be shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = []
    for __ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for __ in range(_RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        StaticToken.objects.create(device=device, token=_recovery_hash(user, raw))
    audit.record(
        by=user,
        action="user.recovery_codes_made",
        obj=user,
        object_type="accounts.user",
        detail={"count": RECOVERY_CODE_COUNT},
    )
    return codes


def remove_every_factor(*, user: User) -> list[str]:
    """For an administrator's reset (faircase.accounts.services, which audits it): what was removed."""
    removed = []
    if TOTPDevice.objects.filter(user=user).delete()[0]:
        removed.append(AUTHENTICATOR_APP)
    if Passkey.objects.filter(user=user).delete()[0]:
        removed.append(PASSKEY)
    if StaticDevice.objects.filter(user=user).delete()[0]:
        removed.append("recovery codes")
    return removed


# ---- at sign-in ---------------------------------------------------------------------------------------------


@transaction.atomic
def check_code(*, user: User, code: str) -> str:
    """The kind of factor the code proves (an authenticator app's code, or a recovery code, used up), or ""."""
    code = code.strip()
    device = rules.authenticator_app(user)
    if device is not None and code.isdigit() and len(code) == 6 and device.verify_token(code):
        return AUTHENTICATOR_APP
    hashed = _recovery_hash(user, code)
    for static in StaticDevice.objects.devices_for_user(user, confirmed=True):
        if static.verify_token(hashed):
            return RECOVERY_CODE
    return ""


@transaction.atomic
def record_passkey_use(*, passkey: Passkey, sign_count: int) -> None:
    passkey.sign_count = sign_count
    passkey.last_used_at = timezone.now()
    passkey.save(update_fields=["sign_count", "last_used_at"])


@transaction.atomic
def record_failed_second_factor(*, attempt: Attempt, kind: str) -> None:
    """A wrong second factor counts towards the same limits as a wrong password."""
    throttle.record_failure(attempt)
    audit.record(
        by=SIGN_IN_PAGE,
        action="sign_in.second_factor_failed",
        object_type=SIGN_IN_ATTEMPT,
        object_id=attempt.account_key,
        detail={**attempt.detail, "kind": kind},
    )
