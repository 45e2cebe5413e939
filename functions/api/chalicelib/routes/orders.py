"""Quote and order routes: server-priced quotes and orders, their lifecycle, payments and refunds."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.orders import changes, placement, quotes, views
from crm.orders import schemas as os_

routes = Routes(__name__)


@routes.route(
    "/quotes",
    "GET",
    permission=Permission.ORDER_READ,
    summary="A customer's quotes, newest first",
    query=os_.QuoteQuery,
    response=os_.QuotePage,
)
def list_quotes(call: Call[None, os_.QuoteQuery]) -> os_.QuotePage:
    return views.list_quotes(call.query.customer_id, call.query.limit, call.query.cursor)


@routes.route(
    "/quotes",
    "POST",
    permission=Permission.ORDER_WRITE,
    summary="Create a quote; the server prices every line",
    body=os_.QuoteIn,
    response=os_.QuoteOut,
    status=201,
    idempotent=True,
)
def create_quote(call: Call[os_.QuoteIn, None]) -> os_.QuoteOut:
    return quotes.create_quote(call.body, call.actor)


@routes.route("/quotes/{quote_id}", "GET", permission=Permission.ORDER_READ, summary="A quote", response=os_.QuoteOut)
def get_quote(call: Call[None, None], quote_id: str) -> os_.QuoteOut:
    return views.get_quote(quote_id)


@routes.route(
    "/quotes/{quote_id}/accept",
    "POST",
    permission=Permission.ORDER_WRITE,
    summary="Accept a quote: it becomes a placed order at the quoted prices",
    response=os_.OrderOut,
    status=201,
    idempotent=True,
)
def accept_quote(call: Call[None, None], quote_id: str) -> os_.OrderOut:
    return quotes.accept_quote(quote_id, call.actor)


@routes.route(
    "/quotes/{quote_id}/reject",
    "POST",
    permission=Permission.ORDER_WRITE,
    summary="Reject a quote",
    response=os_.QuoteOut,
)
def reject_quote(call: Call[None, None], quote_id: str) -> os_.QuoteOut:
    return quotes.reject_quote(quote_id, call.actor)


# ------------------------------------------------------------- orders


@routes.route(
    "/orders",
    "GET",
    permission=Permission.ORDER_READ,
    summary="Orders by customer, by status and date range, or by partner (newest first)",
    query=os_.OrderQuery,
    response=os_.OrderPage,
)
def list_orders(call: Call[None, os_.OrderQuery]) -> os_.OrderPage:
    return views.list_orders(call.query)


@routes.route(
    "/orders",
    "POST",
    permission=Permission.ORDER_WRITE,
    summary="Place (or draft) an order; idempotent with Idempotency-Key",
    body=os_.OrderIn,
    response=os_.OrderOut,
    status=201,
    idempotent=True,
)
def create_order(call: Call[os_.OrderIn, None]) -> os_.OrderOut:
    return placement.create_order(call.body, call.actor)


@routes.route("/orders/{order_id}", "GET", permission=Permission.ORDER_READ, summary="An order", response=os_.OrderOut)
def get_order(call: Call[None, None], order_id: str) -> os_.OrderOut:
    return views.get_order(order_id)


@routes.route(
    "/orders/{order_id}/status",
    "POST",
    permission=Permission.ORDER_WRITE,
    summary="Move an order: placed, shipped, delivered, cancelled, returned (409 when not allowed)",
    body=os_.StatusIn,
    response=os_.OrderOut,
    headers=["If-Match"],
)
def change_order_status(call: Call[os_.StatusIn, None], order_id: str) -> os_.OrderOut:
    return changes.change_status(order_id, call.body, call.if_match(call.body.version), call.actor)


@routes.route(
    "/orders/{order_id}",
    "PATCH",
    permission=Permission.ORDER_WRITE,
    summary="Change an order's custom field values (at any status)",
    body=os_.OrderPatch,
    response=os_.OrderOut,
    headers=["If-Match"],
)
def update_order(call: Call[os_.OrderPatch, None], order_id: str) -> os_.OrderOut:
    return changes.update_order(order_id, call.body, call.if_match(call.body.version))


@routes.route(
    "/orders/{order_id}/payments",
    "POST",
    permission=Permission.PAYMENT_WRITE,
    summary="Record a payment or refund; idempotent with Idempotency-Key",
    body=os_.PaymentIn,
    response=os_.OrderOut,
    status=201,
    idempotent=True,
)
def record_payment(call: Call[os_.PaymentIn, None], order_id: str) -> os_.OrderOut:
    return changes.record_payment(order_id, call.body, call.actor)
