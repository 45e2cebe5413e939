"""Signing keys from Secrets Manager, read at run time and cached for five minutes (Powertools parameters).

A key is never put into a function's environment, where anyone allowed to read the function's configuration
would see it. The variable <NAME>_SECRET_ARN names the secret; without it (unit tests) <NAME>_KEY or a fixed
development key is used.

Keys rotate (SigningKeyRotationFunction, on the secret's RotationSchedule): the secret holds
`{"kid": ..., "key": ..., "previous": {"kid": ..., "key": ..., "until": <unix time>}}`. What is signed names its
key id; verification takes the current key, or the previous one until its `until` (the rotation window), so
links and IVR verifications made just before a rotation keep working for that long, and no longer. A secret that
is still one plain string (as created, before its first rotation) is the key `k0`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Literal

from crm.config import Variable, env

Name = Literal["IVR_SIGNING", "MESSAGING_SIGNING"]
LEGACY_KID = "k0"


@dataclass(frozen=True)
class SigningKeys:
    kid: str
    key: bytes
    previous_kid: str | None = None
    previous_key: bytes | None = None
    previous_until: float = 0.0

    def key_for(self, kid: str | None, now: float | None = None) -> bytes | None:
        """The key that signed with `kid`, if it is still accepted (None: refuse)."""
        kid = kid or LEGACY_KID
        if kid == self.kid:
            return self.key
        if kid == self.previous_kid and (time.time() if now is None else now) < self.previous_until:
            return self.previous_key
        return None


def parse(value: str) -> SigningKeys:
    """A secret's value as keys (a plain string: the first key, before any rotation)."""
    try:
        data = json.loads(value)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return SigningKeys(LEGACY_KID, value.encode())
    previous = data.get("previous") or {}
    return SigningKeys(
        str(data["kid"]),
        str(data["key"]).encode(),
        str(previous["kid"]) if previous else None,
        str(previous["key"]).encode() if previous else None,
        float(previous.get("until", 0)),
    )


def signing_keys(name: Name) -> SigningKeys:
    """`name` is the variables' prefix."""
    arn_var: Variable = "IVR_SIGNING_SECRET_ARN" if name == "IVR_SIGNING" else "MESSAGING_SIGNING_SECRET_ARN"
    key_var: Variable = "IVR_SIGNING_KEY" if name == "IVR_SIGNING" else "MESSAGING_SIGNING_KEY"
    arn = env(arn_var)
    if arn:
        from aws_lambda_powertools.utilities import parameters

        return parse(str(parameters.get_secret(arn, max_age=300)))
    return parse(env(key_var, "unset-local-key"))
