"""Placing an order. It is ONE DynamoDB transaction: the customer must be active (condition check), the year's
invoice counter moves from n-1 to n (conditional), the invoice n is created, the order is written, the customer's
counters and the month's revenue are updated and the timeline entry is added. A lost race for the invoice number
retries with the next number, so numbers are gap-free: a number exists only if its whole transaction committed.
Lines are always priced by the server (crm.catalog's price engine)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from crm.catalog.public import price, product_keys, require_products
from crm.customers.public import (
    PROFILE_SK,
    Customer,
    CustomerRef,
    customer_keys,
    customer_pk,
    customer_ref,
    new_entry,
    source_partner,
)
from crm.customfields.public import apply_custom
from crm.db import (
    CrmItem,
    Prefetch,
    TransactionCancelled,
    named_transaction,
    new_id,
    now_iso,
    today,
    transaction,
)
from crm.errors import Conflict, Gone, VersionConflict
from crm.money import ZERO
from crm.orders import lifecycle, schemas
from crm.orders.amounts import make_line, set_totals
from crm.orders.models import (
    CustomerStats,
    Invoice,
    InvoiceCounter,
    Line,
    Order,
    RevenueMonth,
    StatusChange,
)
from crm.orders.repository import (
    index_order,
    invoice_counter,
    invoice_key,
    last_invoice,
    revenue_month_key,
    stats_key,
)
from crm.orders.views import order_out

INVOICE_RETRIES = 8
WRITE_RETRIES = 4


# ----------------------------------------------------------------- pricing and totals


def price_lines(
    customer: CustomerRef,
    currency: str,
    day: date,
    lines: list[schemas.LineIn],
    prefetched: Prefetch | None = None,
) -> list[Line]:
    products = require_products([line.sku for line in lines], "lines", prefetched)
    out: list[Line] = []
    for i, line in enumerate(lines):
        p = products[line.sku]
        result = price(customer, line.sku, line.quantity, currency, day, field=f"lines.{i}.sku")
        assert result.unit_price is not None
        out.append(
            make_line(
                i + 1,
                p,
                line.quantity,
                currency,
                result.unit_price,
                result.list_price,
                result.rule["rule_id"] if result.rule else None,
                result.explanation,
            )
        )
    return out


def new_order(
    customer: CustomerRef,
    currency: str,
    lines: list[Line],
    actor: str,
    *,
    at: str | None = None,
    partner_id: str | None = None,
    campaign_id: str | None = None,
    notes: str | None = None,
    quote_id: str | None = None,
    order_id: str | None = None,
) -> Order:
    at = at or now_iso()
    assert customer.customer_id is not None
    o = Order(
        order_id=order_id or new_id(),
        customer_id=customer.customer_id,
        customer_name=customer.name,
        country=customer.country,
        currency=currency,
        owner=customer.owner,
        partner_id=partner_id,
        campaign_id=campaign_id,
        notes=notes,
        created_at=at,
        created_by=actor,
        updated_at=at,
        status="draft",
        order_date=at[:10],
        quote_id=quote_id,
        paid_total=ZERO,
        refunded_total=ZERO,
        transactions=[],
        history=[StatusChange(status="draft", at=at, actor=actor)],
    )
    set_totals(o, lines)
    index_order(o)
    return o


def attributed_partner(
    customer_id: str, named: str | None, prefetched: Prefetch | None = None
) -> tuple[str | None, str | None]:
    """(partner id, role): a converted deal registration's partner is the source of the customer's orders and
    wins; otherwise a partner named by sales is recorded as influencing the order. One GetItem, or none when the
    request's Prefetch read it."""
    source = source_partner(customer_id, prefetched)
    if source:
        return source, "sourced"
    return (named, "influenced") if named else (None, None)


def create_order(data: schemas.OrderIn, actor: str) -> schemas.OrderOut:
    """Reads: the customer, its source partner and the products (one BatchGet), the list prices and rules of each
    sku (two Queries each), the invoice counter; then one transaction."""
    prefetched = Prefetch([*customer_keys(data.customer_id), *product_keys({line.sku for line in data.lines})])
    customer = customer_ref(data.customer_id, prefetched=prefetched)
    lines = price_lines(customer, data.currency, today(), data.lines, prefetched)
    partner_id, role = attributed_partner(data.customer_id, data.partner_id, prefetched)
    order = new_order(
        customer, data.currency, lines, actor, partner_id=partner_id, campaign_id=data.campaign_id, notes=data.notes
    )
    order.partner_role = role
    order.custom = apply_custom("order", data.custom, None, creating=True)
    if data.status == "draft":
        with transaction("order id collision, retry") as tx:
            tx.save(order, condition=CrmItem.pk.does_not_exist())
        return order_out(order)
    place(order, actor, new=True)
    return order_out(order)


def stats_actions(
    currency: str,
    *,
    orders: int = 0,
    cancelled: int = 0,
    returns: int = 0,
    revenue: Decimal = ZERO,
    order_at: str | None = None,
) -> list[Any]:
    s = CustomerStats
    actions = [
        s.type.set(CustomerStats),
        s.currency.set(currency),
        s.revenue.add(revenue),
        s.orders_count.add(orders),
        s.cancelled_count.add(cancelled),
        s.returns_count.add(returns),
    ]
    if order_at:
        actions += [s.first_order_at.set(s.first_order_at | order_at), s.last_order_at.set(order_at)]
    return actions


def revenue_update(tx: Any, order: Order, amount: Decimal, orders: int) -> None:
    """Move the month's booked revenue (the order's month) by `amount`; part of the caller's transaction."""
    month = order.order_date[:7]
    r = RevenueMonth
    tx.update(
        RevenueMonth(pk=revenue_month_key(month), sk=order.currency),
        actions=[
            r.type.set(RevenueMonth),
            r.month.set(month),
            r.currency.set(order.currency),
            r.revenue.add(amount),
            r.orders.add(orders),
        ],
    )


def _invoice(order: Order, number: str, at: str) -> Invoice:
    pk, sk = invoice_key(number)
    return Invoice(
        pk=pk,
        sk=sk,
        invoice_number=number,
        order_id=order.order_id,
        customer_id=order.customer_id,
        currency=order.currency,
        net_total=order.net_total,
        tax_total=order.tax_total,
        grand_total=order.grand_total,
        issued_at=at,
    )


def _placed(order: Order, actor: str) -> str:
    """The order as placed (in memory): status, dates and history; returns the time."""
    at = now_iso()
    lifecycle.check(order.status, "placed")
    order.status, order.placed_at, order.order_date, order.updated_at = "placed", at, at[:10], at
    order.history = [*(order.history or []), StatusChange(status="placed", at=at, actor=actor)]
    index_order(order)
    return at


def place(order: Order, actor: str, *, new: bool, extra: list[tuple[CrmItem, Any]] | None = None) -> None:
    """draft -> placed with its invoice number, counters and timeline entry in one transaction (see module doc).
    `extra`: writes that must commit with it (an accepted quote), each with its condition."""
    at = _placed(order, actor)
    year = order.order_date[:4]
    for _ in range(INVOICE_RETRIES):
        last = last_invoice(year)
        number = f"{year}-{last + 1:06d}"
        order.invoice_number, order.invoice_date = number, order.order_date
        summary = f"Order {order.order_id} placed: {order.grand_total} {order.currency}, invoice {number}"
        ref = {"order_id": order.order_id, "invoice_number": number}
        counter = invoice_counter(year, last + 1)
        try:
            with named_transaction() as tx:
                active = Customer.status == "active"
                tx.condition_check(Customer, customer_pk(order.customer_id), PROFILE_SK, active, name="customer")
                claim = (InvoiceCounter.last == last) if last else CrmItem.pk.does_not_exist()
                tx.save(counter, claim, name="invoice number")
                tx.save(_invoice(order, number, at), CrmItem.pk.does_not_exist(), name="invoice number")
                tx.save(order, CrmItem.pk.does_not_exist() if new else None, name="order")
                stats = stats_actions(order.currency, orders=1, revenue=order.grand_total, order_at=at)
                tx.update(stats_key(order.customer_id, order.currency), stats, name="counters")
                tx.save(new_entry(order.customer_id, "order", summary, actor=actor, occurred_at=at, ref=ref))
                revenue_update(tx, order, order.grand_total, 1)
                for item, condition in extra or []:
                    tx.save(item, condition, name="quote")
            return
        except TransactionCancelled as exc:
            if "customer" in exc.failed:
                raise Gone(f"customer {order.customer_id} is no longer active", {"customer_id": "not active"}) from exc
            if "order" in exc.failed:
                raise VersionConflict("the order was changed meanwhile", {"version": "stale"}) from exc
            if "quote" in exc.failed:
                raise Conflict("the quote was changed meanwhile", {"quote_id": "changed"}) from exc
            # someone else took this invoice number (or the transaction raced): read the counter again
    raise Conflict("invoice numbering is busy; retry the request", {"invoice_number": "contended"})
