"""Issue 5's "tried as a new user would", over HTTP against the local stack with its seeded partners."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import requests

pytestmark = pytest.mark.e2e
TODAY = datetime.now(UTC).date()


def test_conflicting_registrations_approval_conversion_commission_and_isolation(stack, login):
    def as_(role: str):
        token = login(role) if role != "partner2" else _login_partner2(stack)

        def call(method: str, path: str, body: object = None) -> requests.Response:
            h = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            return requests.request(
                method,
                stack["api_url"] + path,
                headers=h,
                data=json.dumps(body) if body is not None else None,
                timeout=60,
            )

        return call

    a, b, manager, sales = as_("partner"), as_("partner2"), as_("manager"), as_("sales")
    deal = {
        "company": "E2E Fertigung GmbH",
        "domain": "e2e-fertigung.example",
        "expected_value": "40000",
        "currency": "EUR",
        "products": ["MX-100"],
        "close_date": str(TODAY + timedelta(30)),
    }
    rb = b("POST", "/partner/registrations", deal)
    assert rb.status_code == 201 and rb.json()["conflicts"] == []
    ra = a(
        "POST", "/partner/registrations", {**deal, "company": "E2E Fertigung", "domain": "www.e2e-fertigung.example"}
    )
    assert ra.status_code == 201
    assert [c["kind"] for c in ra.json()["conflicts"]] == ["another registration"]  # flagged, nothing of B's shown
    queue = manager("GET", "/deal-registrations?status=submitted&limit=50").json()["items"]
    mine = next(r for r in queue if r["registration_id"] == ra.json()["registration_id"])
    assert (
        mine["conflicts"][0]["ref_id"] == rb.json()["registration_id"]
        and mine["conflicts"][0]["partner_id"] == "P-DEMO-2"
    )

    rid = ra.json()["registration_id"]
    assert manager("POST", f"/deal-registrations/{rid}/approve", {"note": "A brought the contact"}).status_code == 200
    assert manager("POST", f"/deal-registrations/{rid}/approve", {}).status_code == 409
    conv = sales("POST", f"/deal-registrations/{rid}/convert", {})
    assert conv.status_code == 201 and conv.json()["customer_created"]
    cid = conv.json()["customer_id"]
    order = sales(
        "POST", "/orders", {"customer_id": cid, "currency": "EUR", "lines": [{"sku": "MX-100", "quantity": 1}]}
    )
    assert order.status_code == 201 and order.json()["partner_id"] == "P-DEMO-1"
    o = order.json()
    paid = sales(
        "POST",
        f"/orders/{o['order_id']}/payments",
        {"amount": o["grand_total"], "currency": "EUR", "method": "transfer"},
    )
    assert paid.json()["status"] == "paid"

    month = TODAY.strftime("%Y-%m")
    statement = a("GET", f"/partner/statements/{month}").json()
    line = next(x for x in statement["lines"] if x["order_id"] == o["order_id"])
    expected = (Decimal(o["net_total"]) * Decimal("0.05")).quantize(Decimal("0.01"))  # tier "registered": 5 %
    assert line["kind"] == "commission" and line["amount"] == str(expected)
    assert any(
        x["order_id"] == o["order_id"] for x in a("GET", f"/partner/orders?from={TODAY}&to={TODAY}").json()["items"]
    )

    # partner B: no way to A's registration, orders or statement
    assert b("GET", f"/partner/registrations/{rid}").status_code == 404
    assert b("GET", "/partners/P-DEMO-1/statements/" + month).status_code == 403
    assert b("GET", f"/deal-registrations/{rid}").status_code == 403
    b_statement = b("GET", f"/partner/statements/{month}").json()
    assert all(x["order_id"] != o["order_id"] for x in b_statement["lines"])
    assert rid not in json.dumps(b("GET", "/partner/registrations?limit=100").json())
    assert o["order_id"] not in json.dumps(b("GET", f"/partner/orders?from={TODAY}&to={TODAY}").json())


def _login_partner2(stack: dict) -> str:
    import boto3

    idp = boto3.client(
        "cognito-idp",
        region_name=stack["region"],
        endpoint_url=stack["moto_url"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    result = idp.initiate_auth(
        ClientId=stack["client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": stack["users"]["partner2"], "PASSWORD": stack["password"]},
    )
    return result["AuthenticationResult"]["IdToken"]
