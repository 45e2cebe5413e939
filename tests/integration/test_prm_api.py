"""PRM through the API: two partners, conflicting deal registrations, approval, conversion with attribution,
commission with clawback, contribution — and a partner never reaching another partner's data."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from crm.partners.registrations import expire_due
from tests.support import company

TODAY = datetime.now(UTC).date()
MONTH = TODAY.strftime("%Y-%m")
A, B = "P-DEMO-1", "P-DEMO-2"  # the partner ids on partner@crm.local and partner2@crm.local


@pytest.fixture
def prm(api):
    for pid, kind in ((A, "reseller"), (B, "distributor")):
        r = api(
            "POST",
            "/partners",
            {"partner_id": pid, "name": f"Partner {pid}", "kind": kind, "territory": ["DE", "AT"]},
            role="manager",
        )
        assert r.status_code == 201, r.json
    api(
        "POST",
        "/products",
        {"sku": "PR-1", "name": "Press", "category": "machines", "tax_rate": "0.19"},
        role="manager",
    )
    api(
        "POST",
        "/products",
        {
            "sku": "PR-SVC",
            "name": "Setup",
            "category": "services",
            "tax_rate": "0.19",
            "kind": "service",
            "unit": "hour",
        },
        role="manager",
    )
    api(
        "POST",
        "/price-lists",
        {
            "name": "p",
            "currency": "EUR",
            "valid_from": str(TODAY - timedelta(1)),
            "prices": [{"sku": "PR-1", "unit_price": "1000"}, {"sku": "PR-SVC", "unit_price": "100"}],
        },
        role="manager",
    )
    existing = api(
        "POST",
        "/customers",
        company(
            "Nordlicht Maschinen GmbH",
            tax_id="DE 811 222 333",
            website="https://www.nordlicht.example",
            emails=["info@nordlicht.example"],
            phones=[],
        ),
    ).json
    return {"customer": existing["customer_id"]}


def _register(api, role, **extra):
    body = {
        "company": "Nordlicht Maschinen",
        "domain": "https://nordlicht.example/kontakt",
        "expected_value": "50000",
        "currency": "EUR",
        "products": ["PR-1"],
        "close_date": str(TODAY + timedelta(60)),
        **extra,
    }
    r = api("POST", "/partner/registrations", body, role=role)
    assert r.status_code == 201, r.json
    return r.json


def test_conflicts_are_flagged_without_leaking_other_partners(api, prm):
    b = _register(api, "partner2")
    assert b["domain"] == "nordlicht.example" and b["status"] == "submitted"
    assert {c["kind"] for c in b["conflicts"]} == {"existing relationship"}  # the existing customer
    a = _register(api, "partner", company="NORDLICHT Maschinen G.m.b.H.", domain=None, tax_id="de811222333")
    kinds = sorted(c["kind"] for c in a["conflicts"])
    assert kinds == ["another registration", "existing relationship"]
    assert B not in str(a["conflicts"]) and b["registration_id"] not in str(a)  # no other partner's ids
    internal = api("GET", f"/deal-registrations/{a['registration_id']}", role="manager").json
    matched = {(c["kind"], c["ref_id"]) for c in internal["conflicts"]}
    assert ("registration", b["registration_id"]) in matched and ("customer", prm["customer"]) in matched
    assert any(c["kind"] == "registration" and c["partner_id"] == B for c in internal["conflicts"])
    fuzzy = _register(api, "partner", company="Nordlicht Maschinenbau", domain=None)  # ratio >= 0.85
    assert fuzzy["conflicts"], fuzzy


def test_approve_convert_attribute_pay_commission_and_clawback(api, prm):
    b = _register(api, "partner2")
    a = _register(api, "partner", domain="nordlicht.example")
    approved = api("POST", f"/deal-registrations/{b['registration_id']}/approve", {"note": "first"}, role="manager")
    assert approved.status_code == 200 and approved.json["protected_until"] > str(TODAY + timedelta(89))
    again = api("POST", f"/deal-registrations/{b['registration_id']}/approve", {}, role="manager")
    assert again.status_code == 409  # no double approval
    blocked = api("POST", f"/deal-registrations/{a['registration_id']}/approve", {}, role="manager")
    assert blocked.status_code == 409 and blocked.json["conflicts"][0]["partner_id"] == B
    assert (
        api(
            "POST", f"/deal-registrations/{a['registration_id']}/reject", {"reason": "B was first"}, role="manager"
        ).json["status"]
        == "rejected"
    )
    assert api("POST", f"/deal-registrations/{b['registration_id']}/approve", {}, role="sales").status_code == 403

    conv = api("POST", f"/deal-registrations/{b['registration_id']}/convert", {})
    assert conv.status_code == 201, conv.json
    assert conv.json["customer_id"] == prm["customer"] and not conv.json["customer_created"]
    twice = api("POST", f"/deal-registrations/{b['registration_id']}/convert", {})
    assert twice.status_code == 409 and twice.json["opportunity_id"] == conv.json["opportunity_id"]
    opp = api("GET", f"/opportunities/{conv.json['opportunity_id']}").json
    assert opp["partner_id"] == B and opp["amount"] == "50000"

    order = api(
        "POST",
        "/orders",
        {
            "customer_id": prm["customer"],
            "currency": "EUR",
            "lines": [{"sku": "PR-1", "quantity": 2}, {"sku": "PR-SVC", "quantity": 10}],
        },
    ).json
    assert (order["partner_id"], order["partner_role"]) == (B, "sourced")
    api(
        "POST",
        f"/orders/{order['order_id']}/payments",
        {"amount": order["grand_total"], "currency": "EUR", "method": "transfer"},
    )
    st = api("GET", f"/partner/statements/{MONTH}", role="partner2").json
    # registered tier: 5 % on machines and services: (2000 + 1000) x 0.05 = 150.00
    assert [(x["kind"], x["amount"]) for x in st["lines"]] == [("commission", "150.00")]
    assert st["totals"] == [{"currency": "EUR", "amount": "150.00"}]
    assert api("GET", f"/partner/statements/{MONTH}", role="partner").json["lines"] == []

    api("POST", f"/orders/{order['order_id']}/status", {"status": "shipped"})
    api("POST", f"/orders/{order['order_id']}/status", {"status": "returned", "return_reason": "defect"})
    st = api("GET", f"/partners/{B}/statements/{MONTH}", role="manager").json
    assert [(x["kind"], x["amount"]) for x in st["lines"]] == [("commission", "150.00"), ("clawback", "-150.00")]
    assert st["totals"] == [{"currency": "EUR", "amount": "0.00"}]

    second = api(
        "POST",
        "/orders",
        {"customer_id": prm["customer"], "currency": "EUR", "lines": [{"sku": "PR-1", "quantity": 1}]},
    ).json
    other = api("POST", "/customers", company("Other AG", emails=["o@other.example"], phones=[], tax_id=None)).json
    influenced = api(
        "POST",
        "/orders",
        {
            "customer_id": other["customer_id"],
            "currency": "EUR",
            "partner_id": A,
            "lines": [{"sku": "PR-1", "quantity": 1}],
        },
    ).json
    assert (influenced["partner_id"], influenced["partner_role"]) == (A, "influenced")
    perf = api("GET", f"/partners/{B}/performance?from={TODAY}&to={TODAY}", role="manager").json
    rev = perf["revenue"][0]
    # booked: the returned order no longer counts; the second order (1190.00) does; company total 2 x 1190.00
    assert (rev["sourced"], rev["influenced"], rev["company_total"], rev["share_pct"]) == (
        "1190.00",
        "0",
        "2380.00",
        "50.00",
    )
    assert perf["registrations"] == {"submitted": 0, "approved": 0, "rejected": 0, "expired": 0, "converted": 1}
    assert perf["tier"]["current"] == "registered" and perf["pipeline"][0]["open"] == "50000"
    api("PATCH", f"/opportunities/{conv.json['opportunity_id']}", {"stage": "closed_won", "close_reason": "partner"})
    perf = api("GET", f"/partner/scorecard?from={TODAY}&to={TODAY}", role="partner2").json
    assert perf["win_rate_pct"] == "100.00" and perf["deal_velocity_days"] == "0.00"
    rank = api("GET", f"/partners/ranking?from={TODAY}&to={TODAY}", role="manager").json["partners"]
    assert [(r["rank"], r["partner_id"], r["revenue_eur"]) for r in rank] == [(1, A, "1190.00"), (2, B, "1190.00")]
    assert second["partner_role"] == "sourced"


def test_expiry_job_ends_the_protection_window(api, prm):
    b = _register(api, "partner2")
    api("POST", f"/deal-registrations/{b['registration_id']}/approve", {}, role="manager")
    assert expire_due(datetime.now(UTC) + timedelta(days=30))["expired"] == 0
    report = expire_due(datetime.now(UTC) + timedelta(days=91))
    assert report["registration_ids"] == [b["registration_id"]]
    got = api("GET", f"/partner/registrations/{b['registration_id']}", role="partner2").json
    assert got["status"] == "expired"
    assert api("POST", f"/deal-registrations/{b['registration_id']}/convert", {}).status_code == 409
    a = _register(api, "partner")  # B's expired registration no longer conflicts
    assert [c["kind"] for c in a["conflicts"]] == ["existing relationship"]


def test_bad_registrations_are_400_naming_the_field(api, prm):
    for change, field in (
        ({"close_date": "2020-01-01"}, "close_date"),
        ({"products": ["NOPE"]}, "products.0.sku"),
        ({"domain": "not a domain"}, "domain"),
        ({"currency": "EURO"}, "currency"),
        ({"expected_value": "-5"}, "expected_value"),
    ):
        body = {
            "company": "X GmbH",
            "expected_value": "1",
            "currency": "EUR",
            "products": ["PR-1"],
            "close_date": str(TODAY + timedelta(9)),
            **change,
        }
        r = api("POST", "/partner/registrations", body, role="partner")
        assert r.status_code == 400 and field in r.json["fields"], (change, r.json)
    r = api(
        "POST",
        "/partner/registrations",
        {"company": "X", "expected_value": "1", "currency": "EUR", "products": ["PR-1"], "close_date": str(TODAY)},
        role="admin",
    )
    assert r.status_code == 403 and r.json["fields"] == {"partner_id": "missing on the account"}


def test_partner_isolation_on_every_route(api, prm):
    """Every route × both partners: partner routes act on the caller's partner only; all others are 403."""
    from chalicelib.table import SPECS

    reg_b = _register(api, "partner2")
    mine = api("GET", "/partner/registrations", role="partner").json["items"]
    assert all(r["partner_id"] == A for r in mine)
    assert reg_b["registration_id"] not in str(mine)
    for spec in SPECS:
        if spec.permission is None:
            continue
        path = re.sub(r"\{registration_id\}", reg_b["registration_id"], spec.path)
        path = re.sub(r"\{month\}", MONTH, path)
        path = re.sub(r"\{partner_id\}", B, path)
        path = re.sub(r"\{[a-z_]+\}", "x1", path)
        period = spec.query is not None and "from" in str(spec.query.model_fields.get("from_", ""))
        r = api(spec.method, path + ("?from=2026-01-01&to=2026-12-31" if period else ""), {}, role="partner")
        if spec.path.startswith("/partner/"):
            if "{registration_id}" in spec.path:
                assert r.status_code == 404, (spec.path, r.status_code)  # partner B's registration: as if absent
            elif spec.method == "GET":
                assert r.status_code == 200, (spec.path, r.json)
                assert B not in str(r.json) and reg_b["registration_id"] not in str(r.json), spec.path
        elif spec.path != "/me":
            assert r.status_code == 403, (spec.method, spec.path, r.status_code)
