"""Catalog, pricing, quotes, orders, payments and invoices through the API, as a sales rep and a manager use it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from tests.support import company

TODAY = datetime.now(UTC).date()


def _product(api, sku="WID-1", tax="0.19", category="widgets", **extra):
    body = {"sku": sku, "name": f"Widget {sku}", "category": category, "unit": "piece", "tax_rate": tax, **extra}
    r = api("POST", "/products", body, role="manager")
    assert r.status_code == 201, r.json
    return r.json


@pytest.fixture
def shop(api):
    """Two products priced in EUR from last month, a VIP customer and a plain one."""
    _product(api, "WID-1")
    _product(api, "SVC-1", tax="0.07", category="services", kind="service", unit="hour")
    pl = api(
        "POST",
        "/price-lists",
        {
            "name": "EUR 2026",
            "currency": "EUR",
            "valid_from": str(TODAY - timedelta(30)),
            "prices": [{"sku": "WID-1", "unit_price": "10.00"}, {"sku": "SVC-1", "unit_price": 80}],
        },
        role="manager",
    )
    assert pl.status_code == 201, pl.json
    vip = api("POST", "/customers", company("VIP AG", tags=["vip", "wholesale"])).json
    plain = api("POST", "/customers", company("Plain GmbH", emails=["x@plain.example"], phones=[], tags=[])).json
    return {"list": pl.json, "vip": vip["customer_id"], "plain": plain["customer_id"]}


def _rule(api, **body):
    base = {"sku": "WID-1", "valid_from": str(TODAY - timedelta(1))}
    r = api("POST", "/price-rules", {**base, **body}, role="manager")
    assert r.status_code == 201, r.json
    return r.json


def _price(api, customer_id, qty, sku="WID-1", **extra):
    q = f"/price-quote?sku={sku}&currency=EUR&quantity={qty}" + (f"&customer_id={customer_id}" if customer_id else "")
    q += "".join(f"&{k}={v}" for k, v in extra.items())
    return api("GET", q)


def test_price_quote_picks_the_best_applicable_rule_and_says_which(api, shop):
    _rule(
        api,
        group="wholesale",
        kind="percent",
        breaks=[{"min_quantity": 10, "value": 5}, {"min_quantity": 100, "value": 12}],
    )
    special = _rule(api, customer_id=shop["vip"], kind="price", currency="EUR", breaks=[{"value": "9.20"}])

    plain = _price(api, shop["plain"], 50).json
    assert plain["unit_price"] == "10.0000" and plain["rule"] is None and "list price" in plain["explanation"]

    vip_small = _price(api, shop["vip"], 5).json  # below the group break: the special price applies
    assert vip_small["unit_price"] == "9.2000" and vip_small["rule"]["rule_id"] == special["rule_id"]
    assert vip_small["net_amount"] == "46.00"

    vip_100 = _price(api, shop["vip"], 100).json  # 12 % off 10.00 = 8.80 beats 9.20
    assert vip_100["unit_price"] == "8.8000" and vip_100["rule"]["kind"] == "percent"
    assert vip_100["list_price"] == "10.00"
    assert {c["rule_id"] for c in vip_100["considered"]} == {special["rule_id"], vip_100["rule"]["rule_id"]}

    future = _price(api, shop["vip"], 100, date=str(TODAY - timedelta(5))).json  # rules not valid yet then
    assert future["unit_price"] == "10.0000"


def test_price_quote_errors_name_the_field(api, shop):
    assert _price(api, shop["vip"], -1).json["fields"].keys() == {"quantity"}
    r = api("GET", "/price-quote?sku=WID-1&currency=USD&quantity=1")
    assert r.status_code == 400 and "USD" in r.json["message"] and "sku" in r.json["fields"]
    assert api("GET", "/price-quote?sku=WID-1&currency=XXX&quantity=1").json["fields"].keys() == {"currency"}
    assert api("GET", "/price-quote?sku=NOPE&currency=EUR&quantity=1").status_code == 404
    r = _price(api, "nosuchcustomer", 1)
    assert r.status_code == 400 and r.json["fields"] == {"customer_id": "unknown customer"}


def test_bad_price_rules_and_lists_are_400_naming_the_field(api, shop):
    past = {"name": "old", "currency": "EUR", "valid_from": "2020-01-01", "valid_to": "2020-12-31"}
    r = api("POST", "/price-lists", past, role="manager")
    assert r.status_code == 400 and "valid_to" in r.json["fields"]
    r = api("POST", "/price-lists", {**past, "valid_to": "2019-01-01"}, role="manager")
    assert r.status_code == 400 and "valid_to is before valid_from" in str(r.json["fields"])
    r = api(
        "POST",
        "/price-lists",
        {"name": "x", "currency": "EUR", "valid_from": str(TODAY), "prices": [{"sku": "GHOST", "unit_price": 1}]},
        role="manager",
    )
    assert r.status_code == 400 and r.json["fields"] == {"prices.0.sku": "unknown product"}
    r = api(
        "POST",
        "/price-rules",
        {
            "sku": "WID-1",
            "group": "x",
            "customer_id": shop["vip"],
            "kind": "percent",
            "breaks": [{"value": 5}],
            "valid_from": str(TODAY),
        },
        role="manager",
    )
    assert r.status_code == 400 and "exactly one of customer_id or group" in str(r.json["fields"])
    r = api(
        "POST",
        "/price-rules",
        {"sku": "WID-1", "group": "x", "kind": "percent", "breaks": [{"value": 150}], "valid_from": str(TODAY)},
        role="manager",
    )
    assert r.status_code == 400
    assert (
        api(
            "POST",
            "/price-rules",
            {"sku": "WID-1", "group": "x", "kind": "percent", "breaks": [{"value": 5}], "valid_from": str(TODAY)},
        ).status_code
        == 403
    )  # sales may not set prices


def test_every_price_change_is_in_the_history(api, shop):
    list_id = shop["list"]["list_id"]
    r = api("PUT", f"/price-lists/{list_id}/prices/WID-1", {"unit_price": "9.50"}, role="manager")
    assert r.status_code == 200 and r.json["unit_price"] == "9.50"
    rule = _rule(api, group="vip", kind="amount", currency="EUR", breaks=[{"value": 1}])
    retired = api("DELETE", f"/price-rules/WID-1/{rule['rule_id']}", role="manager")
    assert retired.status_code == 200 and retired.json["status"] == "retired"
    hist = api("GET", "/products/WID-1/price-history").json["items"]
    assert [(h["source"], h["change"], h["old_value"], h["new_value"]) for h in hist] == [
        ("rule", "retired", "1", None),
        ("rule", "created", None, "1"),
        ("list", "changed", "10.00", "9.50"),
        ("list", "created", None, "10.00"),
    ]
    assert _price(api, shop["vip"], 1).json["unit_price"] == "9.5000"  # the retired rule no longer applies


def test_order_totals_tax_and_discounts_are_computed_by_the_server(api, shop):
    _rule(api, group="vip", kind="percent", breaks=[{"value": "7.5"}])
    body = {
        "customer_id": shop["vip"],
        "currency": "EUR",
        "lines": [{"sku": "WID-1", "quantity": 3}, {"sku": "SVC-1", "quantity": "1.5"}],
    }
    r = api("POST", "/orders", body)
    assert r.status_code == 201, r.json
    o = r.json
    w, s = o["lines"]
    # 10.00 - 7.5 % = 9.25; 3 x 9.25 = 27.75 net; 19 % tax = 5.2725 -> 5.27
    assert (w["unit_price"], w["net"], w["discount"], w["tax"], w["gross"]) == (
        "9.2500",
        "27.75",
        "2.25",
        "5.27",
        "33.02",
    )
    # no rule for services: 1.5 x 80 = 120.00 net, 7 % = 8.40
    assert (s["net"], s["tax"], s["discount"]) == ("120.00", "8.40", "0.00")
    assert (o["subtotal"], o["discount_total"], o["net_total"], o["tax_total"], o["grand_total"]) == (
        "150.00",
        "2.25",
        "147.75",
        "13.67",
        "161.42",
    )
    assert o["status"] == "placed" and o["balance_due"] == "161.42"
    assert o["invoice_number"] == f"{TODAY.year}-000001"
    assert set(o["allowed_transitions"]) == {"cancelled"}

    # A client's own totals or prices are not accepted at all
    r = api("POST", "/orders", {**body, "grand_total": "1.00"})
    assert r.status_code == 400 and "grand_total" in r.json["fields"]
    r = api("POST", "/orders", {**body, "lines": [{"sku": "WID-1", "quantity": 1, "unit_price": "0.01"}]})
    assert r.status_code == 400 and "lines.0.unit_price" in r.json["fields"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lines": [{"sku": "WID-1", "quantity": -2}]}, "lines.0.quantity"),
        ({"lines": [{"sku": "NOPE", "quantity": 1}]}, "lines.0.sku"),
        ({"lines": []}, "lines"),
        ({"currency": "USD"}, "lines.0.sku"),  # nothing is priced in USD
        ({"currency": "EURO"}, "currency"),
        ({"customer_id": "unknown1"}, "customer_id"),
    ],
)
def test_bad_orders_are_400_naming_the_field_and_write_nothing(api, shop, change, field):
    body = {"customer_id": shop["plain"], "currency": "EUR", "lines": [{"sku": "WID-1", "quantity": 1}], **change}
    r = api("POST", "/orders", body)
    assert r.status_code == 400, r.json
    assert field in r.json["fields"], r.json
    assert api("GET", f"/orders?customer_id={shop['plain']}").json["items"] == []


def test_order_placement_is_idempotent_and_updates_counters_timeline_and_indexes(api, shop):
    body = {"customer_id": shop["plain"], "currency": "EUR", "lines": [{"sku": "WID-1", "quantity": 2}]}
    key = {"Idempotency-Key": "order-abc-1"}
    first = api("POST", "/orders", body, headers=key)
    again = api("POST", "/orders", body, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json["order_id"] == first.json["order_id"]
    other = api("POST", "/orders", {**body, "lines": [{"sku": "WID-1", "quantity": 3}]}, headers=key)
    assert other.status_code == 422

    mine = api("GET", f"/orders?customer_id={shop['plain']}").json["items"]
    assert [o["order_id"] for o in mine] == [first.json["order_id"]]
    placed = api("GET", f"/orders?status=placed&from={TODAY}&to={TODAY}").json["items"]
    assert [o["order_id"] for o in placed] == [first.json["order_id"]]
    assert api("GET", f"/orders?status=placed&to={TODAY - timedelta(1)}").json["items"] == []

    view = api("GET", f"/customers/{shop['plain']}/360").json
    assert view["stats"] == [
        {
            "currency": "EUR",
            "orders_count": 1,
            "cancelled_count": 0,
            "returns_count": 0,
            "revenue": "23.80",
            "first_order_at": first.json["placed_at"],
            "last_order_at": first.json["placed_at"],
        }
    ]
    assert view["timeline"][0]["kind"] == "order" and first.json["order_id"] in view["timeline"][0]["summary"]


def test_lifecycle_payment_shipping_delivery_return_and_refund(api, shop):
    o = api(
        "POST", "/orders", {"customer_id": shop["vip"], "currency": "EUR", "lines": [{"sku": "WID-1", "quantity": 10}]}
    ).json
    oid = o["order_id"]
    assert o["grand_total"] == "119.00"
    r = api("POST", f"/orders/{oid}/status", {"status": "shipped"})
    assert (
        r.status_code == 409 and r.json["error"] == "invalid_transition" and r.json["allowed"] == ["cancelled", "paid"]
    )
    r = api("POST", f"/orders/{oid}/payments", {"amount": "100.00", "currency": "USD", "method": "card"})
    assert r.status_code == 400 and r.json["fields"] == {"currency": "must be EUR"}
    r = api("POST", f"/orders/{oid}/payments", {"amount": "200", "currency": "EUR", "method": "card"})
    assert r.status_code == 400 and "amount" in r.json["fields"]
    part = api("POST", f"/orders/{oid}/payments", {"amount": "100", "currency": "EUR", "method": "transfer"})
    assert part.status_code == 201 and part.json["status"] == "placed" and part.json["balance_due"] == "19.00"
    key = {"Idempotency-Key": "pay-rest"}
    rest = api("POST", f"/orders/{oid}/payments", {"amount": "19.00", "currency": "EUR", "method": "card"}, headers=key)
    again = api(
        "POST", f"/orders/{oid}/payments", {"amount": "19.00", "currency": "EUR", "method": "card"}, headers=key
    )
    assert rest.json["status"] == "paid" and again.json == rest.json
    assert len(api("GET", f"/orders/{oid}").json["transactions"]) == 2  # the retry did not pay twice

    assert api("POST", f"/orders/{oid}/status", {"status": "shipped", "tracking_number": "1Z999"}).status_code == 200
    stale = api("POST", f"/orders/{oid}/status", {"status": "delivered"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 409 and stale.json["error"] == "version_conflict"
    assert api("POST", f"/orders/{oid}/status", {"status": "delivered"}).json["status"] == "delivered"
    r = api("POST", f"/orders/{oid}/status", {"status": "returned"})
    assert r.status_code == 400 and "return_reason" in str(r.json["fields"])
    ret = api("POST", f"/orders/{oid}/status", {"status": "returned", "return_reason": "damaged"}).json
    assert ret["status"] == "returned" and ret["refund_due"] == "119.00" and ret["balance_due"] == "0.00"
    assert (
        api(
            "POST",
            f"/orders/{oid}/payments",
            {"kind": "refund", "amount": "119.01", "currency": "EUR", "method": "transfer"},
        ).status_code
        == 400
    )
    refunded = api(
        "POST", f"/orders/{oid}/payments", {"kind": "refund", "amount": "119", "currency": "EUR", "method": "transfer"}
    ).json
    assert refunded["refund_due"] == "0.00" and refunded["refunded_total"] == "119.00"
    assert [h["status"] for h in refunded["history"]] == ["draft", "placed", "paid", "shipped", "delivered", "returned"]
    stats = api("GET", f"/customers/{shop['vip']}/360").json["stats"][0]
    assert (stats["orders_count"], stats["returns_count"], stats["revenue"]) == (1, 1, "0.00")


def test_invoice_numbers_are_gap_free_in_order_of_placement(api, shop):
    numbers = []
    draft = api(
        "POST",
        "/orders",
        {
            "customer_id": shop["plain"],
            "currency": "EUR",
            "status": "draft",
            "lines": [{"sku": "WID-1", "quantity": 1}],
        },
    ).json
    assert draft["invoice_number"] is None
    for _ in range(3):
        numbers.append(
            api(
                "POST",
                "/orders",
                {"customer_id": shop["plain"], "currency": "EUR", "lines": [{"sku": "WID-1", "quantity": 1}]},
            ).json["invoice_number"]
        )
    # a failing placement (deleted customer) must not consume a number
    gone = api("POST", "/customers", company("Gone Ltd", emails=["g@gone.example"], phones=[], tags=[])).json
    d2 = api(
        "POST",
        "/orders",
        {
            "customer_id": gone["customer_id"],
            "currency": "EUR",
            "status": "draft",
            "lines": [{"sku": "WID-1", "quantity": 1}],
        },
    ).json
    api("DELETE", f"/customers/{gone['customer_id']}", role="manager", headers={"If-Match": "1"})
    r = api("POST", f"/orders/{d2['order_id']}/status", {"status": "placed"})
    assert r.status_code == 410
    placed = api("POST", f"/orders/{draft['order_id']}/status", {"status": "placed"}).json
    numbers.append(placed["invoice_number"])
    assert numbers == [f"{TODAY.year}-{n:06d}" for n in range(1, 5)]


def test_quote_accept_makes_one_order_at_the_quoted_price(api, shop):
    q = api(
        "POST",
        "/quotes",
        {
            "customer_id": shop["vip"],
            "currency": "EUR",
            "valid_until": str(TODAY + timedelta(14)),
            "lines": [{"sku": "WID-1", "quantity": 4}],
        },
    ).json
    assert q["status"] == "open" and q["grand_total"] == "47.60"
    api("PUT", f"/price-lists/{shop['list']['list_id']}/prices/WID-1", {"unit_price": "12"}, role="manager")
    key = {"Idempotency-Key": "accept-1"}
    order = api("POST", f"/quotes/{q['quote_id']}/accept", headers=key)
    assert order.status_code == 201 and order.json["grand_total"] == "47.60" and order.json["quote_id"] == q["quote_id"]
    assert api("POST", f"/quotes/{q['quote_id']}/accept", headers=key).json["order_id"] == order.json["order_id"]
    again = api("POST", f"/quotes/{q['quote_id']}/accept")
    assert again.status_code == 409 and again.json["order_id"] == order.json["order_id"]
    assert api("GET", f"/quotes/{q['quote_id']}").json["status"] == "accepted"
    r = api(
        "POST",
        "/quotes",
        {
            "customer_id": shop["vip"],
            "currency": "EUR",
            "valid_until": "2020-01-01",
            "lines": [{"sku": "WID-1", "quantity": 4}],
        },
    )
    assert r.status_code == 400 and "valid_until" in r.json["fields"]


def test_agents_read_orders_but_cannot_place_or_pay(api, shop):
    body = {"customer_id": shop["plain"], "currency": "EUR", "lines": [{"sku": "WID-1", "quantity": 1}]}
    assert api("POST", "/orders", body, role="agent").status_code == 403
    oid = api("POST", "/orders", body).json["order_id"]
    assert api("GET", f"/orders/{oid}", role="agent").status_code == 200
    assert (
        api(
            "POST", f"/orders/{oid}/payments", {"amount": 1, "currency": "EUR", "method": "card"}, role="agent"
        ).status_code
        == 403
    )
    assert api("GET", f"/orders/{oid}", role="partner").status_code == 403
    assert api("POST", "/products", {"sku": "X", "name": "x", "category": "c", "tax_rate": 0}).status_code == 403
    assert Decimal(api("GET", f"/orders/{oid}").json["grand_total"]) == Decimal("11.90")
    assert date.fromisoformat(api("GET", f"/orders/{oid}").json["order_date"]) == TODAY


def test_concurrent_placements_get_distinct_gap_free_invoice_numbers(api, shop):
    """Eight clients place orders at once: the conditional counter makes losers retry with the next number."""
    from concurrent.futures import ThreadPoolExecutor

    from crm.orders import placement as orders
    from crm.orders import schemas as order_schemas

    body = order_schemas.OrderIn(customer_id=shop["plain"], currency="EUR", lines=[{"sku": "WID-1", "quantity": 1}])
    with ThreadPoolExecutor(max_workers=8) as pool:
        placed = list(pool.map(lambda _: orders.create_order(body, "load@crm.local"), range(8)))
    numbers = sorted(o.invoice_number for o in placed)
    assert numbers == [f"{TODAY.year}-{n:06d}" for n in range(1, 9)]
    stats = api("GET", f"/customers/{shop['plain']}/360").json["stats"][0]
    assert stats["orders_count"] == 8 and stats["revenue"] == "95.20"  # 8 x 11.90: no lost counter update
