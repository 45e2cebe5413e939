"""Orders from online shops: WooCommerce's and Shopify's own webhook bodies and signatures (base64 HMAC-SHA256 of
the raw body), posted to the shop's public endpoint. A delivery places the order once (a redelivery changes
nothing), maps the buyer to a customer by the duplicate rules, prices as sold (marked) or by the server, records
the shop's payment; refunds and cancellations follow once each; a forged signature or an unknown sku writes
nothing, and the unknown sku is kept as a problem the admins read."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json

WOO_ORDER = {
    "id": 727,
    "parent_id": 0,
    "number": "727",
    "order_key": "wc_order_58d2d042d1d",
    "created_via": "checkout",
    "version": "8.5.2",
    "status": "processing",
    "currency": "EUR",
    "date_created": "2026-11-30T10:12:32",
    "discount_total": "0.00",
    "shipping_total": "0.00",
    "total": "35.70",
    "total_tax": "5.70",
    "prices_include_tax": False,
    "customer_id": 0,
    "billing": {
        "first_name": "Anna",
        "last_name": "Schmidt",
        "company": "",
        "address_1": "Lindenstraße 5",
        "address_2": "",
        "city": "Hamburg",
        "state": "",
        "postcode": "20095",
        "country": "DE",
        "email": "Anna.Schmidt@example.de",
        "phone": "+49 40 1234567",
    },
    "payment_method": "stripe",
    "payment_method_title": "Credit card",
    "transaction_id": "ch_3Nq",
    "line_items": [
        {
            "id": 315,
            "name": "Garden hose 20 m",
            "product_id": 93,
            "variation_id": 0,
            "quantity": 2,
            "tax_class": "",
            "subtotal": "34.00",
            "subtotal_tax": "6.46",
            "total": "30.00",
            "total_tax": "5.70",
            "taxes": [{"id": 1, "total": "5.70", "subtotal": "6.46"}],
            "meta_data": [],
            "sku": "SHOP-HOSE",
            "price": 15,
        }
    ],
    "refunds": [],
}

SHOPIFY_ORDER = {
    "id": 450789469,
    "admin_graphql_api_id": "gid://shopify/Order/450789469",
    "name": "#1001",
    "email": "buyer@shopper.example",
    "phone": None,
    "currency": "EUR",
    "created_at": "2026-11-30T11:00:00-05:00",
    "financial_status": "paid",
    "taxes_included": True,
    "total_price": "23.80",
    "customer": {"id": 207119551, "email": "buyer@shopper.example", "first_name": "Bob", "last_name": "Norman"},
    "billing_address": {
        "first_name": "Bob",
        "last_name": "Norman",
        "address1": "Chestnut Street 92",
        "city": "Louisville",
        "zip": "40202",
        "country_code": "DE",
        "company": None,
        "phone": "+49 30 5550199",
    },
    "line_items": [
        {
            "id": 466157049,
            "variant_id": 39072856,
            "title": "Garden hose 20 m",
            "quantity": 2,
            "sku": "SHOP-HOSE",
            "price": "11.90",
            "total_discount": "0.00",
            "taxable": True,
        }
    ],
}
SHOPIFY_REFUND = {
    "id": 509562969,
    "order_id": 450789469,
    "created_at": "2026-12-01T09:00:00-05:00",
    "note": "it arrived broken",
    "refund_line_items": [{"id": 104689539, "quantity": 1, "line_item_id": 466157049, "subtotal": 11.9}],
    "transactions": [
        {"id": 245135, "kind": "refund", "status": "success", "amount": "11.90", "currency": "EUR", "gateway": "bogus"}
    ],
}


def _catalog(api) -> None:
    product = {"sku": "SHOP-HOSE", "name": "Garden hose 20 m", "category": "garden", "tax_rate": "0.19"}
    assert api("POST", "/products", product, role="manager").status_code == 201
    prices = {
        "name": "Shop list",
        "currency": "EUR",
        "valid_from": "2026-01-01",
        "prices": [{"sku": "SHOP-HOSE", "unit_price": "10"}],
    }
    assert api("POST", "/price-lists", prices, role="manager").status_code == 201


def _shop(api, shop_id: str, platform: str, pricing: str) -> str:
    body = {"shop_id": shop_id, "name": f"{platform} shop", "platform": platform, "pricing": pricing, "currency": "EUR"}
    r = api("POST", "/settings/shops", body, role="admin")
    assert r.status_code == 201, r.json
    assert r.json["shop"]["webhook_path"] == f"/shops/{shop_id}/orders"
    return r.json["secret"]


def _post(api, shop_id: str, platform: str, topic: str, body: dict, secret: str, delivery: str = "d-1"):
    raw = json.dumps(body)
    signature = base64.b64encode(hmac.new(secret.encode(), raw.encode(), hashlib.sha256).digest()).decode()
    headers = (
        {
            "X-WC-Webhook-Topic": topic,
            "X-WC-Webhook-Signature": signature,
            "X-WC-Webhook-Delivery-ID": delivery,
            "X-WC-Webhook-Resource": "order",
            "X-WC-Webhook-Source": "https://shop.example/",
        }
        if platform == "woocommerce"
        else {
            "X-Shopify-Topic": topic,
            "X-Shopify-Hmac-Sha256": signature,
            "X-Shopify-Webhook-Id": delivery,
            "X-Shopify-Shop-Domain": "garden.myshopify.com",
            "X-Shopify-API-Version": "2025-10",
        }
    )
    return api("POST", f"/shops/{shop_id}/orders", raw=raw, role=None, headers=headers)


def test_a_woocommerce_order_is_placed_once_as_sold_with_its_buyer_payment_refund_and_cancellation(api):
    _catalog(api)
    secret = _shop(api, "garden-woo", "woocommerce", "as_sold")
    assert (
        api(
            "POST",
            "/settings/shops",
            {"shop_id": "x1", "name": "x", "platform": "woocommerce", "currency": "EUR"},
            role="sales",
        ).status_code
        == 403
    )

    forged = _post(api, "garden-woo", "woocommerce", "order.created", WOO_ORDER, "not-the-secret-of-this-shop")
    assert forged.status_code == 401 and forged.json["fields"] == {"signature": "not valid"}
    assert api("GET", "/customers/lookup?email=anna.schmidt@example.de").json["items"] == []

    r = _post(api, "garden-woo", "woocommerce", "order.created", WOO_ORDER, secret)
    assert r.status_code == 200, r.json
    assert r.json["outcome"] == "placed" and r.json["customer_created"]
    order = api("GET", f"/orders/{r.json['order_id']}").json
    (line,) = order["lines"]
    assert (line["sku"], line["quantity"], line["unit_price"], line["net"], line["tax"]) == (
        "SHOP-HOSE",
        "2",
        "15.0000",
        "30.00",
        "5.70",
    )
    assert line["price_rule"] == "as-sold" and "as sold by garden-woo" in line["price_explanation"]
    assert (order["grand_total"], order["status"], order["paid_total"]) == ("35.70", "paid", "35.70")
    customer = api("GET", f"/customers/{r.json['customer_id']}").json
    assert (customer["kind"], customer["first_name"], customer["emails"], customer["tags"]) == (
        "person",
        "Anna",
        ["anna.schmidt@example.de"],
        ["shop-garden-woo"],
    )

    again = _post(api, "garden-woo", "woocommerce", "order.created", WOO_ORDER, secret, delivery="d-2")
    assert again.json["outcome"] == "already_placed" and again.json["order_id"] == order["order_id"]
    assert len(api("GET", f"/orders?customer_id={customer['customer_id']}").json["items"]) == 1
    assert len(api("GET", f"/orders/{order['order_id']}").json["transactions"]) == 1

    refunded = copy.deepcopy(WOO_ORDER) | {
        "status": "refunded",
        "refunds": [{"id": 728, "reason": "", "total": "-35.70"}],
    }
    for delivery in ("d-3", "d-4"):  # the same update twice: one refund
        assert _post(api, "garden-woo", "woocommerce", "order.updated", refunded, secret, delivery).status_code == 200
    cancelled = refunded | {"status": "cancelled"}
    assert (
        _post(api, "garden-woo", "woocommerce", "order.updated", cancelled, secret, "d-5").json["outcome"]
        == "cancelled"
    )
    final = api("GET", f"/orders/{order['order_id']}").json
    assert [(t["kind"], t["amount"]) for t in final["transactions"]] == [("payment", "35.70"), ("refund", "35.70")]
    assert final["status"] == "cancelled"

    ping = api(
        "POST",
        "/shops/garden-woo/orders",
        raw="webhook_id=12",
        role=None,
        content_type="application/x-www-form-urlencoded",
        headers={
            "X-WC-Webhook-Signature": base64.b64encode(
                hmac.new(secret.encode(), b"webhook_id=12", hashlib.sha256).digest()
            ).decode()
        },
    )
    assert ping.status_code == 200 and ping.json["outcome"] == "ignored"


def test_an_unknown_sku_writes_nothing_and_is_reported_to_the_admins(api):
    _catalog(api)
    secret = _shop(api, "garden-woo2", "woocommerce", "as_sold")
    body = copy.deepcopy(WOO_ORDER)
    body["id"], body["billing"]["email"] = 801, "new.buyer@example.de"
    body["line_items"].append({"id": 316, "name": "Rake", "quantity": 1, "total": "9.00", "sku": "NO-SUCH-RAKE"})
    r = _post(api, "garden-woo2", "woocommerce", "order.created", body, secret, delivery="del-801")
    assert r.status_code == 400 and r.json["fields"] == {"lines.1.sku": "unknown product"}
    assert "NO-SUCH-RAKE" in r.json["message"]
    assert api("GET", "/customers/lookup?email=new.buyer@example.de").json["items"] == []  # nothing half-written
    problems = api("GET", "/settings/shops/garden-woo2/problems", role="admin").json["items"]
    assert [(p["delivery"], p["topic"], p["shop_order_id"], p["fields"]) for p in problems] == [
        ("del-801", "order.created", "801", {"lines.1.sku": "unknown product"})
    ]
    broken = api(
        "POST",
        "/shops/garden-woo2/orders",
        raw="{not json",
        role=None,
        headers={
            "X-WC-Webhook-Signature": base64.b64encode(
                hmac.new(secret.encode(), b"{not json", hashlib.sha256).digest()
            ).decode(),
            "X-WC-Webhook-Topic": "order.created",
        },
    )
    assert broken.status_code == 400 and broken.json["fields"] == {"body": "not JSON"}


def test_a_shopify_order_finds_its_customer_is_priced_by_the_server_and_its_refund_and_cancel_follow(api):
    _catalog(api)
    secret = _shop(api, "garden-shopify", "shopify", "server")
    existing = api(
        "POST",
        "/customers",
        {"kind": "person", "first_name": "Bob", "last_name": "Norman", "emails": ["buyer@shopper.example"]},
    ).json
    r = _post(api, "garden-shopify", "shopify", "orders/create", SHOPIFY_ORDER, secret)
    assert r.status_code == 200, r.json
    assert (r.json["customer_id"], r.json["customer_created"]) == (existing["customer_id"], False)
    order = api("GET", f"/orders/{r.json['order_id']}").json
    assert [(x["unit_price"], x["price_rule"]) for x in order["lines"]] == [("10.0000", None)]  # the CRM's list price
    assert (order["grand_total"], order["status"]) == ("23.80", "paid")

    unknown = dict(SHOPIFY_REFUND, order_id=999, id=1)
    missing = _post(api, "garden-shopify", "shopify", "refunds/create", unknown, secret, delivery="r-0")
    assert missing.status_code == 404
    for delivery in ("r-1", "r-2"):
        refund = _post(api, "garden-shopify", "shopify", "refunds/create", SHOPIFY_REFUND, secret, delivery)
        assert refund.status_code == 200, refund.json
    cancel = _post(
        api,
        "garden-shopify",
        "shopify",
        "orders/cancelled",
        SHOPIFY_ORDER | {"cancel_reason": "customer"},
        secret,
        "c-1",
    )
    assert cancel.json["outcome"] == "cancelled"
    final = api("GET", f"/orders/{order['order_id']}").json
    assert [(t["kind"], t["amount"]) for t in final["transactions"]] == [("payment", "23.80"), ("refund", "11.90")]
    assert final["status"] == "cancelled" and "customer" in final["history"][-1]["note"]
    problems = api("GET", "/settings/shops/garden-shopify/problems", role="admin").json["items"]
    assert [(p["topic"], p["shop_order_id"]) for p in problems] == [("refunds/create", "999")]


def test_a_shop_total_that_differs_is_settled_at_the_crms_total_and_reported(api):
    _catalog(api)
    secret = _shop(api, "garden-tax", "woocommerce", "as_sold")
    body = copy.deepcopy(WOO_ORDER) | {"id": 900, "number": "900", "total": "36.00"}  # the shop's own tax sum
    body["billing"]["email"] = "tax.diff@example.de"
    r = _post(api, "garden-tax", "woocommerce", "order.created", body, secret, delivery="tax-1")
    assert r.status_code == 200, r.json
    order = api("GET", f"/orders/{r.json['order_id']}").json
    assert (order["grand_total"], order["status"], order["paid_total"]) == ("35.70", "paid", "35.70")
    (problem,) = api("GET", "/settings/shops/garden-tax/problems", role="admin").json["items"]
    assert "the shop's total 36.00 differs from the CRM's 35.70 EUR" in problem["reason"]


def test_the_shopify_prices_as_sold_leave_tax_out_when_the_shop_included_it(api):
    _catalog(api)
    secret = _shop(api, "garden-gross", "shopify", "as_sold")
    r = _post(
        api,
        "garden-gross",
        "shopify",
        "orders/create",
        SHOPIFY_ORDER | {"id": 1002, "financial_status": "pending"},
        secret,
    )
    order = api("GET", f"/orders/{r.json['order_id']}").json
    (line,) = order["lines"]
    assert (line["unit_price"], line["net"], line["tax"], line["gross"]) == ("10.0000", "20.00", "3.80", "23.80")
    assert (order["status"], order["paid_total"]) == ("placed", "0")  # not paid yet in the shop
