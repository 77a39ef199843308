"""The identity provider, as the settings name it: its endpoints come from the issuer's discovery document, and
mozilla-django-oidc's views and backend read their settings through `setting()`, so they follow faircase's."""

import functools
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from faircase.core import languages

CALLBACK_URL_NAME = "single_sign_on:callback"


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read or is not what OpenID Connect says it is."""


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    userinfo: str
    jwks: str


DEFAULT_BUTTON_TEXT = "Sign in with single sign-on"


def button_text() -> str:
    """The words of the single sign-on button in the language in use: the settings' Welsh where one is given
    (FAIRCASE_OIDC_BUTTON_TEXT_CY, optional), the default words translated, else the configured words as they
    are (a service's name, such as NHSmail, reads the same in both)."""
    if languages.active() == languages.WELSH and settings.FAIRCASE_OIDC_BUTTON_TEXT_CY:
        return str(settings.FAIRCASE_OIDC_BUTTON_TEXT_CY)
    configured_text = settings.FAIRCASE_OIDC_BUTTON_TEXT
    return _("Sign in with single sign-on") if configured_text == DEFAULT_BUTTON_TEXT else configured_text


def configured() -> bool:
    return bool(settings.FAIRCASE_OIDC_ISSUER and settings.FAIRCASE_OIDC_CLIENT_ID)


def issuer() -> str:
    return str(settings.FAIRCASE_OIDC_ISSUER).rstrip("/")


def password_sign_in_allowed() -> bool:
    """The username and password form stays unless single sign-on is on and the settings switch it off."""
    return not configured() or bool(settings.FAIRCASE_OIDC_PASSWORD_SIGN_IN)


@functools.cache
def _discover(issuer_url: str) -> Endpoints:
    try:
        response = requests.get(
            f"{issuer_url}/.well-known/openid-configuration", timeout=settings.FAIRCASE_OIDC_TIMEOUT_SECONDS
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(
            f"Could not read the discovery document of {issuer_url}: {error}"
        ) from error
    # The document must be the issuer's own (OpenID Connect Discovery 1.0, section 4.3).
    if str(document.get("issuer", "")).rstrip("/") != issuer_url:
        raise ProviderUnavailable(f"The discovery document of {issuer_url} names another issuer.")
    try:
        return Endpoints(
            authorization=document["authorization_endpoint"],
            token=document["token_endpoint"],
            userinfo=document.get("userinfo_endpoint", ""),
            jwks=document["jwks_uri"],
        )
    except KeyError as missing:
        raise ProviderUnavailable(f"The discovery document of {issuer_url} has no {missing}.") from None


def endpoints() -> Endpoints:
    return _discover(issuer())


def forget_discovery() -> None:
    """For tests that start a provider of their own."""
    _discover.cache_clear()


def setting(name: str, *default: Any) -> Any:
    """mozilla-django-oidc's settings, answered from faircase's."""
    match name:
        case "OIDC_OP_AUTHORIZATION_ENDPOINT":
            return endpoints().authorization
        case "OIDC_OP_TOKEN_ENDPOINT":
            return endpoints().token
        case "OIDC_OP_USER_ENDPOINT":
            return endpoints().userinfo
        case "OIDC_OP_JWKS_ENDPOINT":
            return endpoints().jwks
        case "OIDC_RP_CLIENT_ID":
            return settings.FAIRCASE_OIDC_CLIENT_ID
        case "OIDC_RP_CLIENT_SECRET":
            return settings.FAIRCASE_OIDC_CLIENT_SECRET
        case "OIDC_RP_SCOPES":
            return settings.FAIRCASE_OIDC_SCOPES
        case "OIDC_RP_SIGN_ALGO":
            return settings.FAIRCASE_OIDC_SIGN_ALGO
        case "OIDC_USE_PKCE" | "OIDC_USE_NONCE" | "OIDC_VERIFY_SSL" | "OIDC_VERIFY_KID":
            return True
        case "OIDC_PKCE_CODE_CHALLENGE_METHOD":
            return "S256"
        case "OIDC_AUTHENTICATION_CALLBACK_URL":
            return CALLBACK_URL_NAME
        case "OIDC_TIMEOUT":
            return settings.FAIRCASE_OIDC_TIMEOUT_SECONDS
        case "OIDC_REDIRECT_ALLOWED_HOSTS":
            return []
        case "OIDC_AUTH_REQUEST_EXTRA_PARAMS":
            return (
                {"acr_values": settings.FAIRCASE_OIDC_ACR_VALUES} if settings.FAIRCASE_OIDC_ACR_VALUES else {}
            )
        case "OIDC_ALLOW_UNSECURED_JWT" | "OIDC_STORE_ACCESS_TOKEN" | "OIDC_STORE_ID_TOKEN":
            return False  # never an unsigned token; tokens are not kept: faircase calls no API with them
    if default:
        return default[0]
    raise KeyError(f"No single sign-on setting for {name}")


class AuthorizationRequest(OIDCAuthenticationRequestView):
    """Sends the browser to the provider with a fresh state, nonce and PKCE challenge (kept in the session)."""

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return setting(attr, *args)


class TokenVerifier(OIDCAuthenticationBackend):
    """The code exchange and the ID token's checks. Not an authentication backend in settings: it answers with
    the verified claims, and faircase decides who they belong to (faircase.accounts.single_sign_on.services)."""

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return setting(attr, *args)

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        # The library has checked the signature, the algorithm, the expiry and the nonce; the issuer and the
        # audience are checked here (OpenID Connect Core 1.0, section 3.1.3.7).
        if str(payload.get("iss", "")).rstrip("/") != issuer():
            raise SuspiciousOperation("The ID token was issued by another provider.")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.FAIRCASE_OIDC_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued for another client.")
        wanted_acr = settings.FAIRCASE_OIDC_ACR_VALUES.split()
        if wanted_acr and payload.get("acr") not in wanted_acr:
            raise SuspiciousOperation("The sign-in was not at the assurance level asked for (acr).")
        if not str(payload.get(settings.FAIRCASE_OIDC_SUBJECT_CLAIM, "")).strip():
            raise SuspiciousOperation(f"The ID token has no {settings.FAIRCASE_OIDC_SUBJECT_CLAIM} claim.")
        return payload


def verified_claims(request: HttpRequest, *, nonce: str, code_verifier: str) -> dict[str, Any] | None:
    """The ID token's claims for the code in this callback, or None when any check fails."""
    try:
        claims = TokenVerifier().authenticate(request, nonce=nonce, code_verifier=code_verifier)
    except (
        SuspiciousOperation,
        jwt.PyJWTError,
        requests.RequestException,
        ProviderUnavailable,
        ValueError,
        KeyError,
    ):
        return None
    return claims if isinstance(claims, dict) else None


def require_configured() -> None:
    if not configured():
        raise Http404("Single sign-on is not set up")
