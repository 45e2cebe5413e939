"""What orders and quotes answer: an order with its lines, payments, status history and the transitions allowed
next; lists by customer, status and date, or partner; quotes."""

from __future__ import annotations

from typing import Any

from crm.customfields.public import custom_out
from crm.errors import ValidationFailed
from crm.orders import lifecycle, schemas
from crm.orders.amounts import balance_due, refund_due
from crm.orders.models import (
    Order,
    Quote,
)
from crm.orders.repository import load_order, load_quote, orders_page, quotes_page

# ----------------------------------------------------------------- pricing and totals


def _priced_out(o: Order | Quote) -> dict[str, Any]:
    return {
        "customer_id": o.customer_id,
        "customer_name": o.customer_name,
        "currency": o.currency,
        "lines": [line.as_dict() for line in o.lines],
        **{
            k: getattr(o, k)
            for k in (
                "subtotal",
                "discount_total",
                "net_total",
                "tax_total",
                "grand_total",
                "owner",
                "partner_id",
                "campaign_id",
                "notes",
                "created_at",
                "created_by",
                "updated_at",
            )
        },
        "version": int(o.version),
    }


def order_out(o: Order) -> schemas.OrderOut:
    return schemas.OrderOut.model_validate(
        {
            **_priced_out(o),
            "order_id": o.order_id,
            "status": o.status,
            "order_date": o.order_date,
            "placed_at": o.placed_at,
            "quote_id": o.quote_id,
            "partner_role": o.partner_role,
            "paid_total": o.paid_total,
            "refunded_total": o.refunded_total,
            "balance_due": balance_due(o),
            "refund_due": refund_due(o),
            "transactions": [t.as_dict() for t in o.transactions or []],
            "history": [h.as_dict() for h in o.history or []],
            "invoice_number": o.invoice_number,
            "invoice_date": o.invoice_date,
            "shipping_carrier": o.shipping_carrier,
            "tracking_number": o.tracking_number,
            "return_reason": o.return_reason,
            "custom": custom_out(o.custom),
            "allowed_transitions": sorted(lifecycle.TRANSITIONS[o.status] - {"paid"}),
        }
    )


def quote_out(q: Quote) -> schemas.QuoteOut:
    return schemas.QuoteOut.model_validate(
        {
            **_priced_out(q),
            "quote_id": q.quote_id,
            "status": q.status,
            "quote_date": q.quote_date,
            "valid_until": q.valid_until,
            "order_id": q.order_id,
        }
    )


def get_order(order_id: str) -> schemas.OrderOut:
    return order_out(load_order(order_id))


def list_orders(q: schemas.OrderQuery) -> schemas.OrderPage:
    """By customer (gsi1), by status with an optional date range (gsi2), or by partner (gsi3)."""
    given = [k for k in ("customer_id", "status", "partner_id") if getattr(q, k)]
    if len(given) != 1:
        raise ValidationFailed("filter by exactly one of customer_id, status, partner_id", {"status": "one filter"})
    lo = q.date_from.isoformat() if q.date_from else "0000"
    hi = (q.date_to.isoformat() if q.date_to else "9999") + "#~"
    found, nxt = orders_page(q.customer_id, q.status, q.partner_id, lo, hi, q.limit, q.cursor)
    return schemas.OrderPage.model_validate({"items": [order_out(o) for o in found], "next": nxt})


def get_quote(quote_id: str) -> schemas.QuoteOut:
    return quote_out(load_quote(quote_id))


def list_quotes(customer_id: str, limit: int, cursor: str | None) -> schemas.QuotePage:
    found, nxt = quotes_page(customer_id, limit, cursor)
    return schemas.QuotePage.model_validate({"items": [quote_out(q) for q in found], "next": nxt})
