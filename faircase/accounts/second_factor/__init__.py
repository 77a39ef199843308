"""A second factor for local (password) accounts, session limits, and lifting a sign-in lockout (ADR 30).

A person signs in with their password and then, if they have a second factor, with a code from their
authenticator app (django-otp's TOTP), a passkey (WebAuthn, py_webauthn) or one of their recovery codes
(django-otp's static tokens, stored as keyed hashes). Who must have one is decided in one place, rules.py.
"""

# What signed the session in. Set once at sign-in; single sign-on sets SSO and relies on the identity
# provider's own second factor, so the enforcement here skips those sessions.
SIGN_IN_METHOD_KEY = "faircase_sign_in_method"
PASSWORD = "password"  # noqa: S105 (the name of a sign-in method, not a secret)
SSO = "sso"
# When the session was signed in (seconds since the epoch): the absolute session limit counts from it.
SIGNED_IN_AT_KEY = "faircase_signed_in_at"
