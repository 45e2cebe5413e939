"""Tokens that must be refused: signed by another key, unsigned (alg none), or signed with the user pool's own key
(moto's) but with one claim wrong — so each case tests exactly one check of the verifier."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import jwt
import moto.cognitoidp
from cryptography.hazmat.primitives.asymmetric import rsa

from crm.config import get_settings
from infra.gateway_auth import issuer_of

MOTO_KEY = json.loads(
    gzip.decompress((Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-private.json.gz").read_bytes())
)


def claims(**over):
    s = get_settings()
    now = int(time.time())
    claims = {
        "sub": "u-1",
        "iss": issuer_of(s.region, s.user_pool_id),
        "aud": s.client_id,
        "token_use": "id",
        "iat": now,
        "exp": now + 600,
        "email": "mallory@crm.local",
        "cognito:groups": ["admin"],
    }
    claims.update(over)
    return {k: v for k, v in claims.items() if v is not None}


def pool_signed(**over) -> str:
    """Signed with the user pool's own private key (moto's), so only the named claim is wrong."""
    return jwt.encode(claims(**over), jwt.PyJWK(MOTO_KEY).key, algorithm="RS256", headers={"kid": "dummy"})


def forged() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(claims(), key, algorithm="RS256", headers={"kid": "dummy"})


def unsigned() -> str:
    return jwt.encode(claims(), None, algorithm="none")
