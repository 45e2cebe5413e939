"""SRM through the API as a purchasing user works: suppliers, RFQ with offers, comparison, award, deliveries,
scorecard, risk and portfolio; managers read, other roles are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from crm.suppliers import purchasing

TODAY = datetime.now(UTC).date()


def _set_expected(sid, expected):
    """The newest PO of the supplier gets the past expected date (as if it had been ordered with it)."""
    from crm.suppliers.models import PurchaseOrder

    po = next(iter(PurchaseOrder.gsi1.query(f"SUPPOS#{sid}", scan_index_forward=False, limit=1)))
    po.lines[0].expected_date = expected.isoformat()
    po.save()
    return {"po_id": po.po_id}


def _supplier(api, name, country="DE", currency="EUR", certs=("ISO 9001",), categories=("spare-parts",)):
    r = api(
        "POST",
        "/suppliers",
        {
            "name": name,
            "country": country,
            "currency": currency,
            "categories": list(categories),
            "payment_terms": "net30",
            "certifications": [{"name": c} for c in certs],
            "contacts": [{"name": "Sam Buyer", "email": "Sam@Example.com"}],
        },
        role="purchasing",
    )
    assert r.status_code == 201, r.json
    return r.json["supplier_id"]


def _po(api, sid, qty=100, price="10.00", expected=TODAY, sku="SP-010"):
    if expected < TODAY:  # an order placed weeks ago that was due 8 days ago: let the clock say "weeks ago"
        with pytest.MonkeyPatch.context() as m:
            m.setattr(purchasing, "today", lambda: expected - timedelta(days=14))
            return _po(api, sid, qty, price, TODAY, sku) | _set_expected(sid, expected)
    r = api(
        "POST",
        "/purchase-orders",
        {
            "supplier_id": sid,
            "currency": "EUR",
            "lines": [{"sku": sku, "quantity": qty, "unit_price": price, "expected_date": str(expected)}],
        },
        role="purchasing",
    )
    assert r.status_code == 201, r.json
    return r.json


def _deliver(api, po_id, received, rejected=0, on=TODAY, **extra):
    return api(
        "POST",
        f"/purchase-orders/{po_id}/deliveries",
        {"delivered_on": str(on), "lines": [{"line_no": 1, "received": received, "rejected": rejected, **extra}]},
        role="purchasing",
    )


@pytest.fixture
def suppliers(api):
    api("PUT", "/srm/fx-rates/USD", {"rate_to_base": "0.92"}, role="purchasing")
    ids = {
        "solid": _supplier(api, "Solid Teile GmbH"),
        "cheap": _supplier(api, "Cheap Parts Co", country="CN", currency="USD", certs=()),
    }
    # history: solid always on time and complete; cheap late and with rejects
    for _ in range(3):
        po = _po(api, ids["solid"], expected=TODAY)
        assert _deliver(api, po["po_id"], 100).status_code == 201
        po = _po(api, ids["cheap"], expected=TODAY - timedelta(days=8))
        po_late = api("GET", f"/purchase-orders/{po['po_id']}", role="purchasing").json
        assert po_late["lines"][0]["expected_date"] == str(TODAY - timedelta(days=8))
    return ids


def test_supplier_crud_and_roles(api, suppliers):
    sid = suppliers["solid"]
    got = api("GET", f"/suppliers/{sid}", role="manager")
    assert got.status_code == 200 and got.json["contacts"][0]["email"] == "sam@example.com"
    assert api("GET", f"/suppliers/{sid}", role="sales").status_code == 403
    assert (
        api("POST", "/suppliers", {"name": "x", "country": "DE", "currency": "EUR"}, role="manager").status_code == 403
    )
    assert api("PATCH", f"/suppliers/{sid}", {"status": "blocked"}, role="purchasing").status_code == 428
    r = api("PATCH", f"/suppliers/{sid}", {"payment_terms": "net60"}, role="purchasing", headers={"If-Match": "1"})
    assert r.status_code == 200 and r.json["payment_terms"] == "net60"
    assert api("POST", "/suppliers", {"name": "x", "country": "Germany", "currency": "EUR"}, role="purchasing").json[
        "fields"
    ].keys() == {"country"}
    items = api(
        "PUT",
        f"/suppliers/{sid}/items/SP-010",
        {"unit_price": "10.00", "currency": "EUR", "lead_time_days": 12, "category": "spare-parts"},
        role="purchasing",
    )
    assert items.status_code == 200
    api(
        "PUT",
        f"/suppliers/{sid}/items/SP-010",
        {"unit_price": "10.40", "currency": "EUR", "lead_time_days": 12},
        role="purchasing",
    )
    hist = api("GET", f"/suppliers/{sid}/items/SP-010/prices", role="purchasing").json["items"]
    assert [h["unit_price"] for h in hist] == ["10.00", "10.40"]
    r = api(
        "PUT",
        f"/suppliers/{sid}/items/SP-010",
        {"unit_price": "1", "currency": "JPY", "lead_time_days": 1},
        role="purchasing",
    )
    assert r.status_code == 400 and r.json["fields"] == {"currency": "no exchange rate for JPY"}


def test_deliveries_update_the_po_and_refuse_more_than_ordered(api, suppliers):
    po = _po(api, suppliers["solid"], qty=10)
    r = _deliver(api, po["po_id"], 11)
    assert r.status_code == 400 and r.json["fields"] == {"lines.0.received": "exceeds the open quantity 10"}
    assert _deliver(api, po["po_id"], 6, rejected=1).json["purchase_order"]["status"] == "partially_received"
    # 5 accepted: 5 still open (the rejected one must be replaced)
    assert _deliver(api, po["po_id"], 6).status_code == 400
    assert _deliver(api, po["po_id"], 1, on=TODAY + timedelta(days=2)).json["fields"] == {
        "delivered_on": "in the future"
    }
    done = _deliver(api, po["po_id"], 5).json["purchase_order"]
    assert done["status"] == "received" and done["lines"][0]["open"] == "0"
    assert _deliver(api, po["po_id"], 1).status_code == 409
    other = _po(api, suppliers["solid"], qty=3)
    r = api(
        "POST",
        f"/purchase-orders/{other['po_id']}/deliveries",
        {"delivered_on": str(TODAY), "lines": [{"line_no": 7, "received": 1}]},
        role="purchasing",
    )
    assert r.status_code == 400 and r.json["fields"] == {"lines.0.line_no": "unknown line"}
    r = api(
        "POST",
        f"/purchase-orders/{other['po_id']}/deliveries",
        {"delivered_on": str(TODAY), "lines": [{"line_no": 1, "received": 1, "rejected": 2}]},
        role="purchasing",
    )
    assert r.status_code == 400 and "rejected cannot exceed received" in str(r.json["fields"])


def test_rfq_compare_explains_why_the_cheapest_does_not_win_then_award_and_score(api, suppliers):
    solid, cheap = suppliers["solid"], suppliers["cheap"]
    for _ in range(3):  # the cheap supplier's history: 8 days late, 6 % rejected
        po = _po(api, cheap, expected=TODAY - timedelta(days=8))
        _deliver(api, po["po_id"], 100, rejected=6)
    third = _supplier(api, "Mid Supply BV", country="NL")
    rfq = api(
        "POST",
        "/rfqs",
        {
            "title": "Seal kits Q1",
            "currency": "EUR",
            "deadline": str(TODAY + timedelta(7)),
            "invited": [solid, cheap, third],
            "lines": [{"sku": "SP-010", "quantity": 500}],
        },
        role="purchasing",
    )
    assert rfq.status_code == 201, rfq.json
    rid = rfq.json["rfq_id"]
    valid = str(TODAY + timedelta(30))
    offers = {
        solid: {"currency": "EUR", "lines": [{"sku": "SP-010", "unit_price": "10.00", "lead_time_days": 10}]},
        cheap: {
            "currency": "USD",
            "lines": [{"sku": "SP-010", "unit_price": "9.80", "lead_time_days": 25}],
            "freight": "150",
        },
        third: {"currency": "EUR", "lines": [{"sku": "SP-010", "unit_price": "10.60", "lead_time_days": 14}]},
    }
    for sid, body in offers.items():
        r = api("POST", f"/rfqs/{rid}/offers", {"supplier_id": sid, "valid_until": valid, **body}, role="purchasing")
        assert r.status_code == 201, r.json
    bad = api(
        "POST",
        f"/rfqs/{rid}/offers",
        {
            "supplier_id": solid,
            "valid_until": valid,
            "currency": "XAU",
            "lines": [{"sku": "SP-010", "unit_price": 1, "lead_time_days": 1}],
        },
        role="purchasing",
    )
    assert bad.status_code == 400 and "currency" in bad.json["fields"]
    assert api(
        "POST",
        f"/rfqs/{rid}/offers",
        {"supplier_id": "nobody", "valid_until": valid, **offers[solid]},
        role="purchasing",
    ).json["fields"] == {"supplier_id": "not invited"}

    cmp = api("GET", f"/rfqs/{rid}/comparison", role="manager").json
    ranking = {r["supplier_id"]: r for r in cmp["ranking"]}
    assert cmp["cheapest_unit_prices"] == {"SP-010": cheap}  # 9.80 USD x 0.92 = 9.02 EUR
    assert ranking[cheap]["components"]["goods"] == "4510.00"  # 9.02 x 500
    assert ranking[cheap]["rank"] > ranking[solid]["rank"]
    assert ranking[solid]["rank"] == 1
    why = " | ".join(ranking[cheap]["explanation"])
    assert "lateness" in why and "% late" in why and "defects" in why and "no ISO 9001" in why
    assert ranking[third]["history"]["uses_priors"] is True  # no deliveries yet: priors, and it says so
    assert any("assumed (no delivery history)" in e for e in ranking[third]["explanation"])

    # what if only the total cost of ownership counted: the API ranks by TCO alone, and nothing is saved
    price_only = api("GET", f"/rfqs/{rid}/comparison?tco=1&lead_time=0&risk=0&quality=0", role="purchasing").json
    tcos = [Decimal(r["tco"]) for r in price_only["ranking"]]
    assert tcos == sorted(tcos) and [r["supplier_id"] for r in price_only["ranking"]] != [
        r["supplier_id"] for r in cmp["ranking"]
    ]
    assert price_only["weights"] == {"tco": "1", "lead_time": "0", "risk": "0", "quality": "0"}
    assert api("GET", f"/rfqs/{rid}/comparison", role="purchasing").json["ranking"][0]["supplier_id"] == solid
    half = api("GET", f"/rfqs/{rid}/comparison?tco=0.5&risk=0.5", role="purchasing")
    assert half.status_code == 400 and "all four weights" in half.json["fields"]["query"]
    over = api("GET", f"/rfqs/{rid}/comparison?tco=0.5&lead_time=0.5&risk=0.5&quality=0", role="purchasing")
    assert over.status_code == 400 and "sum to 1" in over.json["fields"]["query"]

    po = api("POST", f"/rfqs/{rid}/award", {"supplier_id": solid}, role="purchasing")
    assert po.status_code == 201 and po.json["rfq_id"] == rid and po.json["lines"][0]["quantity"] == "500"
    again = api("POST", f"/rfqs/{rid}/award", {"supplier_id": cheap}, role="purchasing")
    assert again.status_code == 409 and again.json["po_id"] == po.json["po_id"]


def test_award_of_an_expired_offer_is_refused(api, suppliers):
    rid = api(
        "POST",
        "/rfqs",
        {
            "title": "x",
            "deadline": str(TODAY),
            "invited": [suppliers["solid"]],
            "lines": [{"sku": "SP-010", "quantity": 5}],
        },
        role="purchasing",
    ).json["rfq_id"]
    r = api(
        "POST",
        f"/rfqs/{rid}/offers",
        {
            "supplier_id": suppliers["solid"],
            "currency": "EUR",
            "valid_until": str(TODAY - timedelta(1)),
            "lines": [{"sku": "SP-010", "unit_price": 1, "lead_time_days": 1}],
        },
        role="purchasing",
    )
    assert r.status_code == 400 and r.json["fields"] == {"valid_until": "in the past"}
    from crm.suppliers.models import Offer

    api(
        "POST",
        f"/rfqs/{rid}/offers",
        {
            "supplier_id": suppliers["solid"],
            "currency": "EUR",
            "valid_until": str(TODAY),
            "lines": [{"sku": "SP-010", "unit_price": 1, "lead_time_days": 1}],
        },
        role="purchasing",
    )
    offer = Offer.get(f"RFQ#{rid}", f"OFFER#{suppliers['solid']}")
    offer.valid_until = str(TODAY - timedelta(1))  # time passes: the offer expires
    offer.save()
    r = api("POST", f"/rfqs/{rid}/award", {"supplier_id": suppliers["solid"]}, role="purchasing")
    assert r.status_code == 409 and r.json["fields"] == {"supplier_id": "offer expired"}
    assert (
        api("GET", f"/rfqs/{rid}/comparison", role="purchasing").json["expired_offers"][0]["supplier_id"]
        == suppliers["solid"]
    )
    bad = api(
        "POST",
        "/rfqs",
        {
            "title": "x",
            "deadline": str(TODAY),
            "invited": [suppliers["solid"]],
            "weights": {"tco": "0.9", "risk": "0.2"},
            "lines": [{"sku": "A", "quantity": 1}],
        },
        role="purchasing",
    )
    assert bad.status_code == 400 and "weights must sum to 1" in str(bad.json["fields"])


def test_scorecard_risk_and_portfolio_move_with_deliveries(api, suppliers):
    cheap = suppliers["cheap"]
    card = api("GET", f"/suppliers/{cheap}/scorecard", role="manager").json
    assert card["window"]["deliveries"] == 0
    for _ in range(2):
        po = _po(api, cheap, expected=TODAY - timedelta(days=8))
        _deliver(api, po["po_id"], 100, rejected=5, invoiced_unit_price="10.50")
    card = api("GET", f"/suppliers/{cheap}/scorecard", role="manager").json["window"]
    assert (card["deliveries"], card["on_time_pct"], card["otif_pct"], card["defect_ppm"]) == (2, "0.00", "0.00", 50000)
    assert card["price_variance_pct"] == "5.00"
    risk = api("GET", f"/suppliers/{cheap}/risk", role="purchasing").json
    assert risk["facts"]["country_risk"] == "0.55"
    before = risk["risk_index"]
    added = api(
        "POST",
        f"/suppliers/{cheap}/risks",
        {"title": "Port strikes", "category": "geopolitical", "likelihood": 4, "impact": 5},
        role="purchasing",
    )
    assert added.status_code == 201 and added.json["severity"] == 20
    after = api("GET", f"/suppliers/{cheap}/risk", role="purchasing").json
    assert after["risk_index"] > before and after["register"][0]["title"] == "Port strikes"
    r = api("PATCH", f"/suppliers/{cheap}/risks/{added.json['risk_id']}", {"status": "mitigated"}, role="purchasing")
    assert r.status_code == 400 and r.json["fields"] == {"mitigation": "required when mitigated"}

    pf = api("GET", "/suppliers/portfolio", role="manager").json
    quadrant = {row["supplier_id"]: row["quadrant"] for row in pf["suppliers"]}
    assert set(quadrant) == set(suppliers.values())
    assert quadrant[suppliers["solid"]] == "leverage"  # most of the spend, low risk
    assert api("GET", "/suppliers/portfolio?risk_threshold=2", role="manager").status_code == 400
    tiny = api("GET", "/suppliers/portfolio?impact_threshold=5.960464477539063E-8", role="manager")
    assert tiny.status_code == 400 and "impact_threshold" in tiny.json["fields"]  # echoed, it broke the schema
