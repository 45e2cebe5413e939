from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from crm.auth import RULES, Permission, Principal, principal_from_claims, require
from crm.errors import Forbidden, NotAuthenticated
from infra.gateway_auth import TokenRefused, TokenVerifier, claim_strings

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ISS = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_test"


def verifier() -> TokenVerifier:
    v = TokenVerifier(issuer=ISS, jwks_url="http://127.0.0.1:9/unused")
    v._keys = {"k1": KEY.public_key()}
    v._fetched_at = time.monotonic()
    return v


def token(**over) -> str:
    now = int(time.time())
    claims = {"sub": "s", "iss": ISS, "aud": "client-1", "token_use": "id", "iat": now, "exp": now + 60}
    claims.update(over)
    return jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": over.pop("kid", "k1")})


def test_emulated_authorizer_passes_claims_as_api_gateway_does_and_the_app_reads_the_principal():
    raw = verifier().verify(
        f"Bearer {token(**{'cognito:groups': ['partner', 'sales'], 'custom:partner_id': 'P-1', 'email': 'p@x'})}"
    )
    claims = claim_strings(raw)
    assert all(isinstance(v, str) for v in claims.values())
    assert claims["cognito:groups"] == "partner,sales" and claims["exp"].endswith(time.strftime("%Y"))
    p = principal_from_claims(claims, "client-1")
    assert p == Principal(sub="s", email="p@x", groups=frozenset({"partner", "sales"}), partner_id="P-1")


def test_groups_in_an_http_api_authorizers_bracket_form_are_read_too():
    claims = {"sub": "s", "aud": "c", "token_use": "id", "email": "e", "cognito:groups": "[admin manager]"}
    assert principal_from_claims(claims, "c").groups == {"admin", "manager"}


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        (None, "no verified token"),
        ({}, "no verified token"),
        ({"sub": "s", "aud": "another-client", "token_use": "id"}, "audience"),
        ({"sub": "s", "aud": "client-1", "token_use": "access"}, "ID token"),
    ],
)
def test_the_app_refuses_claims_the_authorizer_does_not_check(claims, reason):
    with pytest.raises(NotAuthenticated, match=reason):
        principal_from_claims(claims, "client-1")


def test_emulated_authorizer_refuses_an_unknown_key_id_without_trusting_the_token():
    v = verifier()
    forged = jwt.encode({"sub": "s"}, KEY, algorithm="RS256", headers={"kid": "other"})
    with pytest.raises(TokenRefused, match="unknown key"):
        v.verify(f"Bearer {forged}")  # the JWKS URL is unreachable: still a refusal, never an error


def test_emulated_authorizer_refuses_hs256_with_the_public_key_as_secret():
    secret = "a-secret-of-32-bytes-or-longer-xx"
    with pytest.raises(TokenRefused, match="RS256"):
        verifier().verify(jwt.encode({"sub": "s"}, secret, algorithm="HS256", headers={"kid": "k1"}))


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
            Permission.FIELDS_READ,  # field definitions (a supplier form's too); records need their own permission
        ) and not permission.startswith(("supplier", "srm")):
            assert "purchasing" not in groups, permission
        if permission not in (Permission.AUTHENTICATED, Permission.CUSTOMER_PORTAL):
            assert "customer" not in groups, permission  # a customer reaches only their own records
    with pytest.raises(Forbidden):
        require(Principal("s", "e", frozenset({"agent"})), Permission.CUSTOMER_WRITE)
    require(Principal("s", "e", frozenset({"agent"})), Permission.CUSTOMER_READ)
