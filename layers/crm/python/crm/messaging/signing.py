"""Signed tokens for links that work without login (confirm, unsubscribe, preferences, tracking): a purpose, a
payload and an expiry, HMAC-SHA256 with a key only the functions hold. A wrong, altered or expired token is a
400 that names the token, never a lookup."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

from crm.errors import ValidationFailed
from crm.secrets import signing_key


def _key() -> bytes:
    return signing_key("MESSAGING_SIGNING")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def sign(purpose: str, payload: dict[str, Any], ttl_days: int = 365) -> str:
    body = _b64(
        json.dumps(
            {"p": purpose, "d": payload, "e": int(time.time()) + ttl_days * 86400}, separators=(",", ":")
        ).encode()
    )
    mac = hmac.new(_key(), body.encode(), hashlib.sha256).digest()[:18]
    return f"{body}.{_b64(mac)}"


def verify(purpose: str, token: str | None) -> dict[str, Any]:
    bad = ValidationFailed("the link is not valid (altered, expired or for something else)", {"token": "invalid"})
    if not token or "." not in token or len(token) > 4000 or not token.isascii():  # base64url only; compare_digest
        raise bad  # refuses non-ASCII text with a TypeError
    body, mac = token.rsplit(".", 1)
    expected = _b64(hmac.new(_key(), body.encode(), hashlib.sha256).digest()[:18])
    if not hmac.compare_digest(expected, mac):
        raise bad
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except ValueError as exc:
        raise bad from exc
    if data.get("p") != purpose or data.get("e", 0) < time.time():
        raise bad
    return data["d"]
