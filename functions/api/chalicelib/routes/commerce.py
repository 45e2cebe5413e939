"""Routes for the catalog, pricing, quotes, orders and payments: parse -> authorize -> service -> reply."""

from __future__ import annotations

from typing import Any

from chalicelib.http import Call, CrmApi, Reply, etag
from chalicelib.idempotency import once
from crm.auth import Permission
from crm.catalog import schemas as cs
from crm.catalog import service as catalog
from crm.orders import schemas as os_
from crm.orders import service as orders


class _RuleQuery(cs.Page):
    sku: cs.Sku | None = None
    customer_id: cs.Id | None = None
    group: str | None = None


def register(api: CrmApi) -> None:
    # ------------------------------------------------------------- catalog

    @api.route(
        "/products",
        "GET",
        permission=Permission.CATALOG_READ,
        summary="The catalog, by category",
        query=cs.ProductQuery,
        response=cs.ProductPage,
    )
    def list_products(call: Call) -> dict[str, Any]:
        return catalog.list_products(call.query.category, call.query.limit, call.query.cursor)

    @api.route(
        "/products",
        "POST",
        permission=Permission.CATALOG_WRITE,
        summary="Add a product or service",
        body=cs.ProductIn,
        response=cs.ProductOut,
        status=201,
    )
    def create_product(call: Call) -> Reply:
        body = catalog.create_product(call.body)
        return Reply(body, 201, etag(body))

    @api.route(
        "/products/{sku}", "GET", permission=Permission.CATALOG_READ, summary="A product", response=cs.ProductOut
    )
    def get_product(call: Call, sku: str) -> Reply:
        body = catalog.get_product(sku)
        return Reply(body, 200, etag(body))

    @api.route(
        "/products/{sku}",
        "PATCH",
        permission=Permission.CATALOG_WRITE,
        summary="Change a product (needs If-Match)",
        body=cs.ProductPatch,
        response=cs.ProductOut,
        headers=["If-Match"],
    )
    def update_product(call: Call, sku: str) -> Reply:
        body = catalog.update_product(sku, call.body, call.if_match(call.body.version))
        return Reply(body, 200, etag(body))

    @api.route(
        "/products/{sku}/price-history",
        "GET",
        permission=Permission.CATALOG_READ,
        summary="Every price change of a product, newest first",
        query=cs.Page,
        response=cs.PriceHistoryPage,
    )
    def price_history(call: Call, sku: str) -> dict[str, Any]:
        return catalog.price_history(sku, call.query.limit, call.query.cursor)

    @api.route(
        "/price-lists",
        "GET",
        permission=Permission.CATALOG_READ,
        summary="Price lists by currency",
        query=cs.PriceListQuery,
        response=cs.PriceListPage,
    )
    def list_price_lists(call: Call) -> dict[str, Any]:
        return catalog.list_price_lists(call.query.currency, call.query.limit, call.query.cursor)

    @api.route(
        "/price-lists",
        "POST",
        permission=Permission.PRICING_WRITE,
        summary="Create a price list (currency, validity window, prices)",
        body=cs.PriceListIn,
        response=cs.PriceListOut,
        status=201,
        idempotent=True,
    )
    def create_price_list(call: Call) -> Reply:
        body = once(
            call,
            scope="create_price_list",
            payload=call.body.model_dump(mode="json"),
            work=lambda: catalog.create_price_list(call.body, call.actor),
        )
        return Reply(body, 201)

    @api.route(
        "/price-lists/{list_id}",
        "GET",
        permission=Permission.CATALOG_READ,
        summary="A price list and a page of its prices",
        query=cs.Page,
        response=cs.PriceListOut,
    )
    def get_price_list(call: Call, list_id: str) -> dict[str, Any]:
        return catalog.get_price_list(list_id, call.query.limit, call.query.cursor)

    @api.route(
        "/price-lists/{list_id}/prices/{sku}",
        "PUT",
        permission=Permission.PRICING_WRITE,
        summary="Set or change a list price (kept in the price history)",
        body=cs.PriceSet,
        response=cs.ListPriceOut,
    )
    def set_list_price(call: Call, list_id: str, sku: str) -> dict[str, Any]:
        return catalog.set_list_price(list_id, sku, call.body.unit_price, call.actor)

    @api.route(
        "/price-rules",
        "GET",
        permission=Permission.CATALOG_READ,
        summary="Customer prices and discounts by sku, customer_id or group",
        query=_RuleQuery,
        response=cs.PriceRulePage,
    )
    def list_price_rules(call: Call) -> dict[str, Any]:
        q = call.query
        return catalog.list_rules(sku=q.sku, customer_id=q.customer_id, group=q.group, limit=q.limit, cursor=q.cursor)

    @api.route(
        "/price-rules",
        "POST",
        permission=Permission.PRICING_WRITE,
        summary="A customer or group price or discount with quantity breaks and validity",
        body=cs.PriceRuleIn,
        response=cs.PriceRuleOut,
        status=201,
        idempotent=True,
    )
    def create_price_rule(call: Call) -> Reply:
        body = once(
            call,
            scope="create_price_rule",
            payload=call.body.model_dump(mode="json"),
            work=lambda: catalog.create_rule(call.body, call.actor),
        )
        return Reply(body, 201, etag(body))

    @api.route(
        "/price-rules/{sku}/{rule_id}",
        "DELETE",
        permission=Permission.PRICING_WRITE,
        summary="Retire a price rule (kept, with the change in the price history)",
        response=cs.PriceRuleOut,
        headers=["If-Match"],
    )
    def retire_price_rule(call: Call, sku: str, rule_id: str) -> dict[str, Any]:
        return catalog.retire_rule(sku, rule_id, call.if_match(), call.actor)

    @api.route(
        "/price-quote",
        "GET",
        permission=Permission.CATALOG_READ,
        summary="The price a customer pays for a quantity on a date, with the rule that produced it",
        query=cs.PriceQuery,
        response=cs.PriceQuoteOut,
    )
    def price_quote(call: Call) -> dict[str, Any]:
        return catalog.quote_price(call.query)

    # ------------------------------------------------------------- quotes

    @api.route(
        "/quotes",
        "GET",
        permission=Permission.ORDER_READ,
        summary="A customer's quotes, newest first",
        query=os_.QuoteQuery,
        response=os_.QuotePage,
    )
    def list_quotes(call: Call) -> dict[str, Any]:
        return orders.list_quotes(call.query.customer_id, call.query.limit, call.query.cursor)

    @api.route(
        "/quotes",
        "POST",
        permission=Permission.ORDER_WRITE,
        summary="Create a quote; the server prices every line",
        body=os_.QuoteIn,
        response=os_.QuoteOut,
        status=201,
        idempotent=True,
    )
    def create_quote(call: Call) -> Reply:
        body = once(
            call,
            scope="create_quote",
            payload=call.body.model_dump(mode="json"),
            work=lambda: orders.create_quote(call.body, call.actor),
        )
        return Reply(body, 201, etag(body))

    @api.route("/quotes/{quote_id}", "GET", permission=Permission.ORDER_READ, summary="A quote", response=os_.QuoteOut)
    def get_quote(call: Call, quote_id: str) -> dict[str, Any]:
        return orders.get_quote(quote_id)

    @api.route(
        "/quotes/{quote_id}/accept",
        "POST",
        permission=Permission.ORDER_WRITE,
        summary="Accept a quote: it becomes a placed order at the quoted prices",
        response=os_.OrderOut,
        status=201,
        idempotent=True,
    )
    def accept_quote(call: Call, quote_id: str) -> Reply:
        body = once(
            call,
            scope=f"accept_quote:{quote_id}",
            payload=quote_id,
            work=lambda: orders.accept_quote(quote_id, call.actor),
        )
        return Reply(body, 201, etag(body))

    @api.route(
        "/quotes/{quote_id}/reject",
        "POST",
        permission=Permission.ORDER_WRITE,
        summary="Reject a quote",
        response=os_.QuoteOut,
    )
    def reject_quote(call: Call, quote_id: str) -> dict[str, Any]:
        return orders.reject_quote(quote_id, call.actor)

    # ------------------------------------------------------------- orders

    @api.route(
        "/orders",
        "GET",
        permission=Permission.ORDER_READ,
        summary="Orders by customer, by status and date range, or by partner (newest first)",
        query=os_.OrderQuery,
        response=os_.OrderPage,
    )
    def list_orders(call: Call) -> dict[str, Any]:
        return orders.list_orders(call.query)

    @api.route(
        "/orders",
        "POST",
        permission=Permission.ORDER_WRITE,
        summary="Place (or draft) an order; idempotent with Idempotency-Key",
        body=os_.OrderIn,
        response=os_.OrderOut,
        status=201,
        idempotent=True,
    )
    def create_order(call: Call) -> Reply:
        body = once(
            call,
            scope="create_order",
            payload=call.body.model_dump(mode="json"),
            work=lambda: orders.create_order(call.body, call.actor),
        )
        return Reply(body, 201, etag(body))

    @api.route("/orders/{order_id}", "GET", permission=Permission.ORDER_READ, summary="An order", response=os_.OrderOut)
    def get_order(call: Call, order_id: str) -> Reply:
        body = orders.get_order(order_id)
        return Reply(body, 200, etag(body))

    @api.route(
        "/orders/{order_id}/status",
        "POST",
        permission=Permission.ORDER_WRITE,
        summary="Move an order: placed, shipped, delivered, cancelled, returned (409 when not allowed)",
        body=os_.StatusIn,
        response=os_.OrderOut,
        headers=["If-Match"],
    )
    def change_order_status(call: Call, order_id: str) -> Reply:
        body = orders.change_status(order_id, call.body, call.if_match(call.body.version), call.actor)
        return Reply(body, 200, etag(body))

    @api.route(
        "/orders/{order_id}/payments",
        "POST",
        permission=Permission.PAYMENT_WRITE,
        summary="Record a payment or refund; idempotent with Idempotency-Key",
        body=os_.PaymentIn,
        response=os_.OrderOut,
        status=201,
        idempotent=True,
    )
    def record_payment(call: Call, order_id: str) -> Reply:
        body = once(
            call,
            scope=f"payment:{order_id}",
            payload=call.body.model_dump(mode="json"),
            work=lambda: orders.record_payment(order_id, call.body, call.actor),
        )
        return Reply(body, 201, etag(body))
