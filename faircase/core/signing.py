"""The Ed25519 key that signs audit checkpoints and backup manifests (ADR 34).

Pure `cryptography`, no Django models: the production settings call `load_private_key()` to refuse to start
with a key they cannot read. The private key comes from FAIRCASE_AUDIT_SIGNING_KEY (PEM, or the base64 of its 32
raw bytes); anyone holding only the public key (`faircase audit public-key`) can check a signature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "Ed25519"


class SigningKeyError(Exception):
    """The configured key cannot be read: the message says what is wrong with it, never the key."""


def load_private_key(text: str) -> Ed25519PrivateKey:
    text = (text or "").strip()
    if not text:
        raise SigningKeyError("FAIRCASE_AUDIT_SIGNING_KEY is not set: audit checkpoints cannot be signed.")
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(text.encode(), password=None)
        except (ValueError, TypeError) as error:
            raise SigningKeyError(
                "FAIRCASE_AUDIT_SIGNING_KEY is not a readable unencrypted PEM private key."
            ) from error
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError(
                "FAIRCASE_AUDIT_SIGNING_KEY must be an Ed25519 key (openssl genpkey -algorithm ed25519)."
            )
        return key
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise SigningKeyError("FAIRCASE_AUDIT_SIGNING_KEY is neither a PEM key nor base64.") from error
    if len(raw) != 32:
        raise SigningKeyError(
            f"FAIRCASE_AUDIT_SIGNING_KEY in base64 must hold 32 bytes (an Ed25519 private key); it holds {len(raw)}."
        )
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_text(key: Ed25519PublicKey) -> str:
    """The public key as base64 of its 32 raw bytes: what a verifier is given."""
    return base64.b64encode(public_key_bytes(key)).decode()


def public_key_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def key_id(key: Ed25519PublicKey) -> str:
    """A short fingerprint that names the key in checkpoints, manifests and records."""
    return "ed25519:" + hashlib.sha256(public_key_bytes(key)).hexdigest()[:16]


def load_public_key(text: str) -> Ed25519PublicKey:
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
            if isinstance(key, Ed25519PublicKey):
                return key
            raise SigningKeyError("The public key is not an Ed25519 key.")
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError) as error:
        raise SigningKeyError(
            "The public key is neither a PEM public key nor the base64 of 32 bytes."
        ) from error


def canonical(payload: dict[str, Any]) -> bytes:
    """The bytes that are signed: sorted keys, no spaces, so a reader can rebuild them from the JSON."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def sign(payload: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """The payload with `signed_by` and `signature` added; the signature covers everything else."""
    body = {k: v for k, v in payload.items() if k not in {"signature", "signed_by"}}
    body["signed_by"] = key_id(key.public_key())
    signature = base64.b64encode(key.sign(canonical(body))).decode()
    return {**body, "signature": signature}


def signature_is_valid(signed: dict[str, Any], key: Ed25519PublicKey) -> bool:
    if not isinstance(signed, dict) or signed.get("signed_by") != key_id(key):
        return False
    body = {k: v for k, v in signed.items() if k != "signature"}
    try:
        key.verify(base64.b64decode(str(signed.get("signature", "")), validate=True), canonical(body))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def not_secret_key_for(purpose: str) -> str:
    """A fixed key for local, demo and test installs, derived from a public phrase: NOT secret, and the
    production settings never use it."""
    return base64.b64encode(
        hashlib.sha256(f"faircase {purpose} audit signing key".encode()).digest()
    ).decode()
