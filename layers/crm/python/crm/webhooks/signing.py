"""How a delivery is signed, and how a receiver checks it (the same function, documented in docs/webhooks.md).

`X-CRM-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the subscription's secret>`. The
timestamp is inside the signed text, so a captured delivery replayed later than the window is refused."""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "X-CRM-Signature"
WINDOW_S = 300


def sign(secret: str, body: bytes, at: int | None = None) -> str:
    t = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify(secret: str, header: str, body: bytes, now: int | None = None, window_s: int = WINDOW_S) -> bool:
    """True when the signature is the secret's and its time within the window (either side)."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        t = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((int(time.time()) if now is None else now) - t) > window_s:
        return False
    expected = sign(secret, body, t).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
