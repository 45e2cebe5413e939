"""Tokens are verified by API Gateway's Cognito authorizer (as template.yaml declares it; locally its emulation in
infra/gateway_auth.py), the audience and token use by the app on the verified claims, and groups decide access."""

from __future__ import annotations

import json
import time

import pytest

from crm.auth import GROUPS, RULES, Permission
from infra.gateway_auth import gateway_response
from infra.template import load
from tests.bad_tokens import forged, pool_signed, unsigned


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Basic abc",
        "Bearer not.a.token",
        lambda: f"Bearer {forged()}",
        lambda: f"Bearer {unsigned()}",
        lambda: f"Bearer {pool_signed(exp=int(time.time()) - 5)}",
        lambda: f"Bearer {pool_signed(iss='https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_evil')}",
        lambda: f"Bearer {pool_signed(exp=None)}",
    ],
    ids=["missing", "basic", "malformed", "forged", "unsigned", "expired", "other issuer", "no expiry"],
)
def test_emulated_authorizer_answers_the_templates_401_for_bad_tokens(api, header):
    h = {} if header is None else {"Authorization": header() if callable(header) else header}
    r = api("GET", "/customers", role=None, headers=h)
    assert r.status_code == 401
    _, body = gateway_response(load(), "UNAUTHORIZED")
    assert json.loads(r.body) == json.loads(body)
    assert json.loads(body)["error"] == "not_authenticated"


@pytest.mark.parametrize(
    ("token", "reason"),
    [(lambda: pool_signed(aud="another-client"), "audience"), (lambda: pool_signed(token_use="access"), "ID token")],
)
def test_the_app_refuses_verified_tokens_for_another_client_or_of_another_use(api, token, reason):
    r = api("GET", "/customers", role=None, headers={"Authorization": f"Bearer {token()}"})
    assert r.status_code == 401, r.json
    assert r.json["error"] == "not_authenticated"
    assert reason.lower() in r.json["message"].lower()


def test_a_token_signed_with_the_pool_key_and_right_claims_is_accepted(api):
    """Control for the cases above: the same construction with nothing wrong passes."""
    r = api("GET", "/me", role=None, headers={"Authorization": f"Bearer {pool_signed()}"})
    assert r.status_code == 200 and r.json["groups"] == ["admin"]


def test_public_routes_need_no_token(api):
    assert api("GET", "/health", role=None).json == {"status": "ok"}
    doc = api("GET", "/openapi.json", role=None).json
    assert doc["openapi"].startswith("3.")


@pytest.mark.parametrize("group", GROUPS)
def test_me_shows_group_and_partner_id_from_the_real_pool_token(api, group):
    me = api("GET", "/me", role=group).json
    assert me["groups"] == [group]
    assert me["email"] == f"{group}@crm.local"
    assert (me["partner_id"] is not None) == (group == "partner")
    assert (me["customer_id"] is not None) == (group == "customer")


CUSTOMER_ROUTES = [
    ("GET", "/customers", None, Permission.CUSTOMER_READ),
    ("GET", "/customers/lookup?email=a@b.example", None, Permission.CUSTOMER_READ),
    ("POST", "/customers", {"kind": "company", "name": "Matrix GmbH"}, Permission.CUSTOMER_WRITE),
]


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize(("method", "path", "body", "permission"), CUSTOMER_ROUTES)
def test_groups_get_exactly_what_the_rules_allow(api, group, method, path, body, permission):
    r = api(method, path, body, role=group)
    if group in RULES[permission]:
        assert r.status_code in (200, 201), (group, r.json)
    else:
        assert r.status_code == 403, (group, r.json)
        assert r.json["error"] == "forbidden"


def test_partner_and_purchasing_cannot_read_a_customer(api):
    c = api("POST", "/customers", {"kind": "company", "name": "Secret GmbH"}).json
    for group in ("partner", "purchasing"):
        for path in (f"/customers/{c['customer_id']}", f"/customers/{c['customer_id']}/360"):
            assert api("GET", path, role=group).status_code == 403
