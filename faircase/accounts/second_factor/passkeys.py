"""WebAuthn (passkeys) through py_webauthn: the options a browser is given and the checks on what it returns.

The relying party is the site in FAIRCASE_SITE_URL: its host name is the RP id and its origin the only origin
accepted. A challenge is made per ceremony, kept in the session and used once.
"""

import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url

# Any of py_webauthn's refusals (a malformed answer as much as a wrong signature) is the browser's answer refused.
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from faircase.accounts.models import Passkey, User

RP_NAME = "faircase"
REGISTRATION_CHALLENGE_KEY = "faircase_passkey_registration_challenge"
AUTHENTICATION_CHALLENGE_KEY = "faircase_passkey_authentication_challenge"


class PasskeyRefused(Exception):
    """What the browser sent is not a valid passkey response for this challenge."""


def rp_id() -> str:
    return urlsplit(settings.FAIRCASE_SITE_URL).hostname or "localhost"


def origin() -> str:
    parts = urlsplit(settings.FAIRCASE_SITE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def _user_handle(user: User) -> bytes:
    # A stable, opaque handle: never the username, which the authenticator may show to others.
    return f"faircase-user-{user.pk}".encode()


def registration_options(user: User, session: Any) -> str:
    options = generate_registration_options(
        rp_id=rp_id(),
        rp_name=RP_NAME,
        user_name=user.get_username(),
        user_id=_user_handle(user),
        user_display_name=user.display_name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id)) for p in user.passkeys.all()
        ],
    )
    session[REGISTRATION_CHALLENGE_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def verified_registration(response: str, session: Any) -> tuple[str, bytes, int]:
    """(credential id, public key, sign count) of a new passkey, or PasskeyRefused."""
    challenge = session.pop(REGISTRATION_CHALLENGE_KEY, None)
    if not challenge:
        raise PasskeyRefused(_("No passkey was being added. Start again."))
    try:
        verified = verify_registration_response(
            credential=json.loads(response),
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp_id(),
            expected_origin=origin(),
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as error:
        raise PasskeyRefused(_("The passkey could not be added. Try again.")) from error
    return bytes_to_base64url(verified.credential_id), verified.credential_public_key, verified.sign_count


def authentication_options(user: User, session: Any) -> str:
    options = generate_authentication_options(
        rp_id=rp_id(),
        allow_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id)) for p in user.passkeys.all()
        ],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    session[AUTHENTICATION_CHALLENGE_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def verified_authentication(user: User, response: str, session: Any) -> tuple[Passkey, int]:
    """The user's passkey that signed this challenge and its new sign count, or PasskeyRefused."""
    challenge = session.pop(AUTHENTICATION_CHALLENGE_KEY, None)
    try:
        credential = json.loads(response)
        passkey = user.passkeys.get(credential_id=str(credential["id"]))
    except (ValueError, TypeError, KeyError, Passkey.DoesNotExist) as error:
        raise PasskeyRefused(_("That passkey is not one of yours.")) from error
    if not challenge:
        raise PasskeyRefused(_("The passkey was not asked for. Try again."))
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp_id(),
            expected_origin=origin(),
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as error:
        raise PasskeyRefused(_("The passkey could not be checked. Try again.")) from error
    return passkey, verified.new_sign_count
