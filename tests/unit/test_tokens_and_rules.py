from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from crm.auth import RULES, Permission, Principal, require
from crm.errors import Forbidden, NotAuthenticated
from crm.tokens import TokenVerifier

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ISS = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_test"


def verifier() -> TokenVerifier:
    v = TokenVerifier(issuer=ISS, audience="client-1", jwks_url="http://127.0.0.1:9/unused")
    v._keys = {"k1": KEY.public_key()}
    v._fetched_at = time.monotonic()
    return v


def token(**over) -> str:
    now = int(time.time())
    claims = {"sub": "s", "iss": ISS, "aud": "client-1", "token_use": "id", "iat": now, "exp": now + 60}
    claims.update(over)
    return jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": over.pop("kid", "k1")})


def test_valid_id_token_gives_the_principal_with_groups_and_partner():
    p = verifier().principal(
        f"Bearer {token(**{'cognito:groups': ['partner'], 'custom:partner_id': 'P-1', 'email': 'p@x'})}"
    )
    assert p == Principal(sub="s", email="p@x", groups=frozenset({"partner"}), partner_id="P-1")


def test_unknown_key_id_is_refused_without_trusting_the_token():
    v = verifier()
    forged = jwt.encode({"sub": "s"}, KEY, algorithm="RS256", headers={"kid": "other"})
    with pytest.raises(NotAuthenticated):
        v.principal(f"Bearer {forged}")  # the JWKS URL is unreachable: still a 401, never a 500


def test_hs256_with_the_public_key_as_secret_is_refused():
    with pytest.raises(NotAuthenticated, match="RS256"):
        verifier().verify(jwt.encode({"sub": "s"}, "secret", algorithm="HS256", headers={"kid": "k1"}))


def test_rules_give_partner_no_customer_access_and_admin_everything():
    for permission, groups in RULES.items():
        assert "admin" in groups, permission
        if permission not in (Permission.AUTHENTICATED, Permission.PARTNER_PORTAL):
            assert "partner" not in groups, permission
        else:
            assert groups & {"partner"}
        if permission not in (
            Permission.AUTHENTICATED,
            Permission.TASK,
            Permission.PARTNER_PORTAL,
        ) and not permission.startswith(("supplier", "srm")):
            assert "purchasing" not in groups, permission
    with pytest.raises(Forbidden):
        require(Principal("s", "e", frozenset({"agent"})), Permission.CUSTOMER_WRITE)
    require(Principal("s", "e", frozenset({"agent"})), Permission.CUSTOMER_READ)
