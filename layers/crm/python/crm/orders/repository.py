"""Order keys and queries: the only module that spells ORDER#, CUSTORDERS#, PARTNERORDERS#, REVENUE#, ... (the key
design is in models.py's docstring and docs/access-patterns.md)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from pynamodb.exceptions import DoesNotExist

from crm.orders.models import Invoice, Order, Quote, RevenueMonth


def order_pk(order_id: str) -> str:
    return f"ORDER#{order_id}"


def index_order(o: Order) -> None:
    """The order's own key and its index keys: by customer (gsi1), by status and date (gsi2), by partner (gsi3)."""
    o.pk, o.sk = order_pk(o.order_id), "ORDER"
    o.gsi1pk, o.gsi1sk = f"CUSTORDERS#{o.customer_id}", f"{o.created_at}#{o.order_id}"
    o.gsi2pk, o.gsi2sk = f"ORDERS#{o.status}", f"{o.order_date}#{o.order_id}"
    if o.partner_id:
        o.gsi3pk, o.gsi3sk = f"PARTNERORDERS#{o.partner_id}", f"{o.order_date}#{o.order_id}"


def order_by_invoice(number: str) -> Order | None:
    """The order an invoice number belongs to (two GetItems), or None."""
    try:
        return Order.get(order_pk(Invoice.get(f"INVOICE#{number}", "INVOICE").order_id), "ORDER")
    except DoesNotExist:
        return None


def customer_orders_key(customer_id: str) -> str:
    return f"CUSTORDERS#{customer_id}"


def orders_of_customer(
    customer_id: str,
    *,
    limit: int | None = None,
    newest_first: bool = True,
    created_between: tuple[str, str] | None = None,
) -> list[Order]:
    """A customer's orders by creation time (gsi1), newest first unless asked otherwise, optionally only those
    created between two ISO timestamps."""
    cond = Order.gsi1sk.between(*created_between) if created_between else None
    key = customer_orders_key(customer_id)
    return list(Order.gsi1.query(key, cond, scan_index_forward=not newest_first, limit=limit))


def orders_of_partner(partner_id: str, start: date, end: date) -> list[Order]:
    """Orders attributed to a partner with an order date in [start, end] (gsi3)."""
    key = f"PARTNERORDERS#{partner_id}"
    return list(Order.gsi3.query(key, Order.gsi3sk.between(start.isoformat(), f"{end.isoformat()}#~")))


def revenue_month_key(month: str) -> str:
    return f"REVENUE#{month}"


def revenue_by_currency(months: list[str]) -> dict[str, Decimal]:
    """Booked revenue of the months per currency: one Query per month."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for month in months:
        for row in RevenueMonth.query(revenue_month_key(month)):
            totals[row.currency] += row.revenue
    return dict(totals)


def quotes_of_customer(customer_id: str) -> list[Quote]:
    return list(Quote.gsi1.query(f"CUSTQUOTES#{customer_id}"))
