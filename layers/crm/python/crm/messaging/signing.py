"""Signed tokens for links that work without login (confirm, unsubscribe, preferences, tracking): a purpose, a
payload, an expiry and the signing key's id, HMAC-SHA256 with a key only the functions hold (crm.secrets: keys
rotate; a link signed with the previous key works through the rotation window). A wrong, altered or expired
token is a 400 that names the token, never a lookup."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

from crm.errors import ValidationFailed
from crm.secrets import SigningKeys, signing_keys


def _keys() -> SigningKeys:
    return signing_keys("MESSAGING_SIGNING")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def sign(purpose: str, payload: dict[str, Any], ttl_days: int = 365) -> str:
    keys = _keys()
    claims = {"p": purpose, "d": payload, "e": int(time.time()) + ttl_days * 86400, "k": keys.kid}
    body = _b64(json.dumps(claims, separators=(",", ":")).encode())
    mac = hmac.new(keys.key, body.encode(), hashlib.sha256).digest()[:18]
    return f"{body}.{_b64(mac)}"


def verify(purpose: str, token: str | None, now: float | None = None) -> dict[str, Any]:
    bad = ValidationFailed("the link is not valid (altered, expired or for something else)", {"token": "invalid"})
    if not token or "." not in token or len(token) > 4000 or not token.isascii():  # base64url only; compare_digest
        raise bad  # refuses non-ASCII text with a TypeError
    body, mac = token.rsplit(".", 1)
    try:  # read before the MAC is checked only to pick the key; nothing else is trusted until it matches
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        kid = data.get("k")
    except (ValueError, AttributeError) as exc:
        raise bad from exc
    key = _keys().key_for(kid if isinstance(kid, str) else None, now)
    if key is None:
        raise bad
    expected = _b64(hmac.new(key, body.encode(), hashlib.sha256).digest()[:18])
    if not hmac.compare_digest(expected, mac):
        raise bad
    if data.get("p") != purpose or data.get("e", 0) < (time.time() if now is None else now):
        raise bad
    return data["d"]
