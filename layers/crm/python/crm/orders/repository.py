"""Order keys and queries: the only module that spells ORDER#, CUSTORDERS#, PARTNERORDERS#, REVENUE#, ... (the key
design is in models.py's docstring and docs/access-patterns.md)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from pynamodb.exceptions import DoesNotExist

from crm.customers.public import customer_pk
from crm.db import Index, decode_cursor, encode_cursor, get_or_404
from crm.orders.models import CustomerStats, Invoice, InvoiceCounter, Order, Quote, RevenueMonth


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
        return Order.get(order_pk(Invoice.get(*invoice_key(number)).order_id), "ORDER")
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


def load_order(order_id: str) -> Order:
    return get_or_404(Order, order_pk(order_id), "ORDER", f"order {order_id} does not exist", {"order_id": "unknown"})


def orders_page(
    customer_id: str | None,
    status: str | None,
    partner_id: str | None,
    lo: str,
    hi: str,
    limit: int,
    cursor: str | None,
) -> tuple[list[Order], str | None]:
    """By customer (gsi1), by status with a date range (gsi2), or by partner (gsi3); newest first."""
    index: Index
    if customer_id:
        key, index, attr, cond = customer_orders_key(customer_id), Order.gsi1, "gsi1", Order.gsi1sk.between(lo, hi)
    elif status:
        key, index, attr, cond = f"ORDERS#{status}", Order.gsi2, "gsi2", Order.gsi2sk.between(lo, hi)
    else:
        key, index, attr, cond = f"PARTNERORDERS#{partner_id}", Order.gsi3, "gsi3", Order.gsi3sk.between(lo, hi)
    start = decode_cursor(cursor, expect={f"{attr}pk": key})
    result = index.query(key, cond, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def stats_key(customer_id: str, currency: str) -> CustomerStats:
    """The customer's counters in one currency, kept in the customer's partition (read by the 360)."""
    return CustomerStats(pk=customer_pk(customer_id), sk=f"STATS#{currency}", customer_id=customer_id)


def invoice_counter(year: str, last: int) -> InvoiceCounter:
    return InvoiceCounter(pk="INVOICESEQ", sk=year, year=year, last=last)


def last_invoice(year: str) -> int:
    """The last invoice number issued in the year (strongly consistent), 0 before the first."""
    try:
        return int(InvoiceCounter.get("INVOICESEQ", year, consistent_read=True).last)
    except DoesNotExist:
        return 0


def invoice_key(number: str) -> tuple[str, str]:
    return f"INVOICE#{number}", "INVOICE"


def index_quote(q: Quote, at: str) -> None:
    """A quote's own key and its place among the customer's quotes (gsi1)."""
    q.pk, q.sk = f"QUOTE#{q.quote_id}", "QUOTE"
    q.gsi1pk, q.gsi1sk = f"CUSTQUOTES#{q.customer_id}", f"{at}#{q.quote_id}"


def load_quote(quote_id: str) -> Quote:
    return get_or_404(Quote, f"QUOTE#{quote_id}", "QUOTE", f"quote {quote_id} does not exist", {"quote_id": "unknown"})


def quotes_page(customer_id: str, limit: int, cursor: str | None) -> tuple[list[Quote], str | None]:
    key = f"CUSTQUOTES#{customer_id}"
    start = decode_cursor(cursor, expect={"gsi1pk": key})
    result = Quote.gsi1.query(key, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)
