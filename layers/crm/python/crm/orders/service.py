"""Quote and order rules: server-side pricing and totals, the lifecycle, payments and refunds, gap-free invoices.

Placing an order is ONE DynamoDB transaction: the customer must be active (condition check), the year's invoice
counter moves from n-1 to n (conditional), the invoice n is created, the order is written, the customer's
counters are updated and the timeline entry is added. A lost race for the invoice number retries with the next
number, so numbers are gap-free: a number exists only if its whole transaction committed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from crm.catalog.public import Product, price, require_products
from crm.customers.public import (
    PROFILE_SK,
    Customer,
    CustomerRef,
    customer_pk,
    customer_ref,
    new_entry,
    source_partner,
)
from crm.db import (
    CrmItem,
    Index,
    check_version,
    connection,
    decode_cursor,
    encode_cursor,
    new_id,
    now_iso,
    today,
    transaction,
)
from crm.errors import Conflict, Gone, NotFound, ValidationFailed, VersionConflict
from crm.money import ZERO, round_amount
from crm.orders import lifecycle, schemas
from crm.orders.models import (
    CustomerStats,
    Invoice,
    InvoiceCounter,
    Line,
    Money,
    Order,
    Quote,
    RevenueMonth,
    StatusChange,
)
from crm.orders.repository import customer_orders_key, index_order, order_pk, revenue_month_key

INVOICE_RETRIES = 8
WRITE_RETRIES = 4


# ----------------------------------------------------------------- pricing and totals


def price_lines(customer: CustomerRef, currency: str, day: date, lines: list[schemas.LineIn]) -> list[Line]:
    products = require_products([line.sku for line in lines], "lines")
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


def make_line(
    line_no: int,
    p: Product,
    quantity: Decimal,
    currency: str,
    unit_price: Decimal,
    list_price: Decimal | None,
    rule_id: str | None = None,
    explanation: str | None = None,
) -> Line:
    """One priced line: net and tax are rounded per line to the currency's minor unit (half up)."""
    net = round_amount(unit_price * quantity, currency)
    discount = round_amount(list_price * quantity, currency) - net if list_price is not None else ZERO
    discount = round_amount(max(discount, ZERO), currency)
    tax = round_amount(net * p.tax_rate, currency)
    return Line(
        line_no=line_no,
        sku=p.sku,
        name=p.name,
        category=p.category,
        unit=p.unit,
        quantity=quantity,
        list_price=list_price,
        unit_price=unit_price,
        discount=discount,
        net=net,
        tax_rate=p.tax_rate,
        tax=tax,
        gross=net + tax,
        unit_cost=p.unit_cost,
        price_rule=rule_id,
        price_explanation=explanation,
    )


def set_totals(o: Order | Quote, lines: list[Line]) -> None:
    """The priced lines and their totals on an order or quote (the server's, never the client's)."""
    t = totals(lines)
    o.lines = lines
    o.subtotal, o.discount_total, o.net_total = t["subtotal"], t["discount_total"], t["net_total"]
    o.tax_total, o.grand_total = t["tax_total"], t["grand_total"]


def totals(lines: list[Line]) -> dict[str, Decimal]:
    net = sum((line.net for line in lines), ZERO)
    discount = sum((line.discount for line in lines), ZERO)
    tax = sum((line.tax for line in lines), ZERO)
    return {
        "subtotal": net + discount,
        "discount_total": discount,
        "net_total": net,
        "tax_total": tax,
        "grand_total": net + tax,
    }


# ----------------------------------------------------------------- shaping


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


def balance_due(o: Order) -> Decimal:
    due = o.grand_total - o.paid_total + o.refunded_total if o.status in lifecycle.COUNTED else ZERO
    return round_amount(due, o.currency)


def refund_due(o: Order) -> Decimal:
    net_paid = o.paid_total - o.refunded_total
    due = max(net_paid, ZERO) if o.status in ("cancelled", "returned") else max(net_paid - o.grand_total, ZERO)
    return round_amount(due, o.currency)


def order_to_dict(o: Order) -> dict[str, Any]:
    return {
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
        "allowed_transitions": sorted(lifecycle.TRANSITIONS[o.status] - {"paid"}),
    }


def quote_to_dict(q: Quote) -> dict[str, Any]:
    return {
        **_priced_out(q),
        "quote_id": q.quote_id,
        "status": q.status,
        "quote_date": q.quote_date,
        "valid_until": q.valid_until,
        "order_id": q.order_id,
    }


# ----------------------------------------------------------------- orders


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


def _customer_for_order(customer_id: str) -> CustomerRef:
    return customer_ref(customer_id)


def attributed_partner(customer_id: str, named: str | None) -> tuple[str | None, str | None]:
    """(partner id, role): a converted deal registration's partner is the source of the customer's orders and
    wins; otherwise a partner named by sales is recorded as influencing the order. One GetItem."""
    source = source_partner(customer_id)
    if source:
        return source, "sourced"
    return (named, "influenced") if named else (None, None)


def create_order(data: schemas.OrderIn, actor: str) -> schemas.OrderOut:
    customer = _customer_for_order(data.customer_id)
    lines = price_lines(customer, data.currency, today(), data.lines)
    partner_id, role = attributed_partner(data.customer_id, data.partner_id)
    order = new_order(
        customer, data.currency, lines, actor, partner_id=partner_id, campaign_id=data.campaign_id, notes=data.notes
    )
    order.partner_role = role
    if data.status == "draft":
        with transaction("order id collision, retry") as tx:
            tx.save(order, condition=CrmItem.pk.does_not_exist())
        return schemas.OrderOut.model_validate(order_to_dict(order))
    _place(order, actor, new=True)
    return schemas.OrderOut.model_validate(order_to_dict(order))


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


def _stats_key(customer_id: str, currency: str) -> CustomerStats:
    return CustomerStats(pk=customer_pk(customer_id), sk=f"STATS#{currency}", customer_id=customer_id)


def _last_invoice(year: str) -> int:
    try:
        return int(InvoiceCounter.get("INVOICESEQ", year, consistent_read=True).last)
    except DoesNotExist:
        return 0


def _place(order: Order, actor: str, *, new: bool, extra: list[tuple[CrmItem, Any]] | None = None) -> None:
    """draft -> placed with its invoice number, counters and timeline entry in one transaction (see module doc)."""
    at = now_iso()
    was = order.status
    lifecycle.check(was, "placed")
    order.status, order.placed_at, order.order_date, order.updated_at = "placed", at, at[:10], at
    order.history = [*(order.history or []), StatusChange(status="placed", at=at, actor=actor)]
    index_order(order)
    year = order.order_date[:4]
    for _ in range(INVOICE_RETRIES):
        last = _last_invoice(year)
        number = f"{year}-{last + 1:06d}"
        order.invoice_number, order.invoice_date = number, order.order_date
        counter = InvoiceCounter(pk="INVOICESEQ", sk=year, year=year, last=last + 1)
        invoice = Invoice(
            pk=f"INVOICE#{number}",
            sk="INVOICE",
            invoice_number=number,
            order_id=order.order_id,
            customer_id=order.customer_id,
            currency=order.currency,
            net_total=order.net_total,
            tax_total=order.tax_total,
            grand_total=order.grand_total,
            issued_at=at,
        )
        entry = new_entry(
            order.customer_id,
            "order",
            f"Order {order.order_id} placed: {order.grand_total} {order.currency}, invoice {number}",
            actor=actor,
            occurred_at=at,
            ref={"order_id": order.order_id, "invoice_number": number},
        )
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.condition_check(
                    Customer, customer_pk(order.customer_id), PROFILE_SK, condition=Customer.status == "active"
                )
                tx.save(counter, condition=(InvoiceCounter.last == last) if last else CrmItem.pk.does_not_exist())
                tx.save(invoice, condition=CrmItem.pk.does_not_exist())
                tx.save(order, condition=CrmItem.pk.does_not_exist() if new else None)
                tx.update(
                    _stats_key(order.customer_id, order.currency),
                    actions=stats_actions(order.currency, orders=1, revenue=order.grand_total, order_at=at),
                )
                tx.save(entry)
                revenue_update(tx, order, order.grand_total, 1)
                for item, condition in extra or []:
                    tx.save(item, condition=condition)
            return
        except TransactWriteError as exc:
            codes = [getattr(r, "code", None) for r in (exc.cancellation_reasons or [])] + [None] * 6
            if codes[0] == "ConditionalCheckFailed":
                raise Gone(f"customer {order.customer_id} is no longer active", {"customer_id": "not active"}) from exc
            if codes[3] == "ConditionalCheckFailed":
                raise VersionConflict("the order was changed meanwhile", {"version": "stale"}) from exc
            if any(c == "ConditionalCheckFailed" for c in codes[7:]):
                raise Conflict("the quote was changed meanwhile", {"quote_id": "changed"}) from exc
            if not any(c in ("ConditionalCheckFailed", "TransactionConflict") for c in codes[1:3] + codes):
                raise
            # someone else took this invoice number (or the transaction raced): read the counter again
    raise Conflict("invoice numbering is busy; retry the request", {"invoice_number": "contended"})


def load_order(order_id: str) -> Order:
    try:
        return Order.get(order_pk(order_id), "ORDER")
    except DoesNotExist as exc:
        raise NotFound(f"order {order_id} does not exist", {"order_id": "unknown"}) from exc


def get_order(order_id: str) -> schemas.OrderOut:
    return schemas.OrderOut.model_validate(order_to_dict(load_order(order_id)))


class _Stale(Exception):
    pass


def change_status(order_id: str, data: schemas.StatusIn, expected: int | None, actor: str) -> schemas.OrderOut:
    """Move an order along its lifecycle. Without If-Match the move is checked against the latest state (and
    retried on a concurrent change), which is safe because each move is only valid from specific statuses."""
    for _ in range(WRITE_RETRIES):
        order = load_order(order_id)
        check_version(order.version, expected, "order")
        lifecycle.check(order.status, data.status)
        if data.status == "placed":
            _place(order, actor, new=False)
            return schemas.OrderOut.model_validate(order_to_dict(order))
        at = now_iso()
        was = order.status
        order.status, order.updated_at = data.status, at
        order.history = [*(order.history or []), StatusChange(status=data.status, at=at, actor=actor, note=data.note)]
        if data.status == "shipped":
            order.shipping_carrier, order.tracking_number = data.shipping_carrier, data.tracking_number
        if data.status == "returned":
            order.return_reason = data.return_reason
        index_order(order)
        summary = f"Order {order_id} {data.status}" + (
            f": {data.note or data.return_reason}" if data.note or data.return_reason else ""
        )
        try:
            with transaction(_Stale) as tx:
                tx.save(order)
                if was in lifecycle.COUNTED and data.status in ("cancelled", "returned"):
                    kind = {"cancelled": "cancelled", "returned": "returns"}[data.status]
                    tx.update(
                        _stats_key(order.customer_id, order.currency),
                        actions=stats_actions(
                            order.currency,
                            revenue=-order.grand_total,
                            cancelled=int(kind == "cancelled"),
                            returns=int(kind == "returns"),
                        ),
                    )
                    revenue_update(tx, order, -order.grand_total, -1)
                tx.save(
                    new_entry(
                        order.customer_id,
                        "order",
                        summary,
                        actor=actor,
                        occurred_at=at,
                        ref={"order_id": order_id, "status": data.status},
                    )
                )
            return schemas.OrderOut.model_validate(order_to_dict(order))
        except _Stale:
            if expected is not None:
                raise VersionConflict("the order was changed meanwhile", {"version": "stale"}) from None
    raise Conflict("the order is being changed by others; retry", {"order_id": "busy"})


def record_payment(order_id: str, data: schemas.PaymentIn, actor: str) -> schemas.OrderOut:
    """A payment (placed orders, up to the balance; covering it makes the order paid) or a refund (up to what
    was paid and not yet refunded)."""
    for _ in range(WRITE_RETRIES):
        order = load_order(order_id)
        if data.currency != order.currency:
            raise ValidationFailed(
                f"the order is in {order.currency}; amounts on it must be too",
                {"currency": f"must be {order.currency}"},
            )
        amount = round_amount(data.amount, order.currency)
        if amount != data.amount:
            raise ValidationFailed(
                f"{order.currency} has at most the currency's minor units",
                {"amount": f"too many decimals for {order.currency}"},
            )
        at = now_iso()
        if data.kind == "payment":
            if order.status not in lifecycle.PAYABLE:
                raise lifecycle.InvalidTransition(
                    f"an order that is {order.status} takes no payment",
                    {"status": order.status},
                    current_status=order.status,
                )
            due = balance_due(order)
            if amount > due:
                raise ValidationFailed(f"the balance due is {due} {order.currency}", {"amount": f"more than {due}"})
            order.paid_total += amount
        else:
            refundable = order.paid_total - order.refunded_total
            if order.status not in lifecycle.REFUNDABLE or amount > refundable:
                raise ValidationFailed(
                    f"at most {refundable} {order.currency} can be refunded on a {order.status} order",
                    {"amount": f"more than {refundable}"},
                )
            order.refunded_total += amount
        txn = Money(
            txn_id=new_id(),
            kind=data.kind,
            amount=amount,
            currency=order.currency,
            method=data.method,
            reference=data.reference,
            at=at,
            actor=actor,
        )
        order.transactions = [*(order.transactions or []), txn]
        order.updated_at = at
        paid_now = data.kind == "payment" and balance_due(order) == ZERO
        if paid_now:
            lifecycle.check(order.status, "paid")
            order.status = "paid"
            order.history = [*(order.history or []), StatusChange(status="paid", at=at, actor=actor)]
            index_order(order)
        summary = f"{data.kind.capitalize()} of {amount} {order.currency} on order {order_id}" + (
            " (paid in full)" if paid_now else ""
        )
        try:
            with transaction(_Stale) as tx:
                tx.save(order)
                tx.save(
                    new_entry(
                        order.customer_id,
                        data.kind,
                        summary,
                        actor=actor,
                        occurred_at=at,
                        ref={"order_id": order_id, "txn_id": txn.txn_id},
                    )
                )
            return schemas.OrderOut.model_validate(order_to_dict(order))
        except _Stale:
            continue
    raise Conflict("the order is being changed by others; retry", {"order_id": "busy"})


def list_orders(q: schemas.OrderQuery) -> schemas.OrderPage:
    """By customer (gsi1), by status with an optional date range (gsi2), or by partner (gsi3)."""
    given = [k for k in ("customer_id", "status", "partner_id") if getattr(q, k)]
    if len(given) != 1:
        raise ValidationFailed("filter by exactly one of customer_id, status, partner_id", {"status": "one filter"})
    lo = q.date_from.isoformat() if q.date_from else "0000"
    hi = (q.date_to.isoformat() if q.date_to else "9999") + "#~"
    index: Index
    if q.customer_id:
        key, index, attr = customer_orders_key(q.customer_id), Order.gsi1, "gsi1"
        cond = Order.gsi1sk.between(lo, hi)
    elif q.status:
        key, index, attr = f"ORDERS#{q.status}", Order.gsi2, "gsi2"
        cond = Order.gsi2sk.between(lo, hi)
    else:
        key, index, attr = f"PARTNERORDERS#{q.partner_id}", Order.gsi3, "gsi3"
        cond = Order.gsi3sk.between(lo, hi)
    start = decode_cursor(q.cursor, expect={f"{attr}pk": key})
    result = index.query(key, cond, scan_index_forward=False, limit=q.limit, last_evaluated_key=start)
    return schemas.OrderPage.model_validate(
        {"items": [order_to_dict(o) for o in result], "next": encode_cursor(result.last_evaluated_key)}
    )


# ----------------------------------------------------------------- quotes


def create_quote(data: schemas.QuoteIn, actor: str) -> schemas.QuoteOut:
    if data.valid_until < today():
        raise ValidationFailed(f"valid_until {data.valid_until} is in the past", {"valid_until": "in the past"})
    customer = _customer_for_order(data.customer_id)
    day = today()
    lines = price_lines(customer, data.currency, day, data.lines)
    at = now_iso()
    quote_id = new_id()
    quote = Quote(
        pk=f"QUOTE#{quote_id}",
        sk="QUOTE",
        gsi1pk=f"CUSTQUOTES#{data.customer_id}",
        gsi1sk=f"{at}#{quote_id}",
        quote_id=quote_id,
        customer_id=data.customer_id,
        customer_name=customer.name,
        currency=data.currency,
        owner=customer.owner,
        partner_id=data.partner_id,
        campaign_id=data.campaign_id,
        notes=data.notes,
        created_at=at,
        created_by=actor,
        updated_at=at,
        status="open",
        quote_date=day.isoformat(),
        valid_until=data.valid_until.isoformat(),
    )
    set_totals(quote, lines)
    with transaction("quote id collision, retry") as tx:
        tx.save(quote, condition=CrmItem.pk.does_not_exist())
        tx.save(
            new_entry(
                data.customer_id,
                "quote",
                f"Quote {quote_id} sent: {quote.grand_total} {data.currency}, valid until {data.valid_until}",
                actor=actor,
                occurred_at=at,
                ref={"quote_id": quote_id},
            )
        )
    return schemas.QuoteOut.model_validate(quote_to_dict(quote))


def _load_quote(quote_id: str) -> Quote:
    try:
        return Quote.get(f"QUOTE#{quote_id}", "QUOTE")
    except DoesNotExist as exc:
        raise NotFound(f"quote {quote_id} does not exist", {"quote_id": "unknown"}) from exc


def get_quote(quote_id: str) -> schemas.QuoteOut:
    return schemas.QuoteOut.model_validate(quote_to_dict(_load_quote(quote_id)))


def list_quotes(customer_id: str, limit: int, cursor: str | None) -> schemas.QuotePage:
    key = f"CUSTQUOTES#{customer_id}"
    start = decode_cursor(cursor, expect={"gsi1pk": key})
    result = Quote.gsi1.query(key, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    return schemas.QuotePage.model_validate(
        {"items": [quote_to_dict(q) for q in result], "next": encode_cursor(result.last_evaluated_key)}
    )


def _open_quote(quote: Quote) -> None:
    if quote.status != "open":
        raise Conflict(f"quote {quote.quote_id} is {quote.status}", {"quote_id": quote.status}, order_id=quote.order_id)
    if date.fromisoformat(quote.valid_until) < today():
        raise Conflict(f"quote {quote.quote_id} expired on {quote.valid_until}", {"quote_id": "expired"})


def accept_quote(quote_id: str, actor: str) -> schemas.OrderOut:
    """The quote's prices are honoured: the order copies its lines; quote and order commit together."""
    quote = _load_quote(quote_id)
    _open_quote(quote)
    country = customer_ref(quote.customer_id).country
    customer = CustomerRef(quote.customer_id, quote.customer_name, frozenset(), quote.owner, country)
    partner_id, role = attributed_partner(quote.customer_id, quote.partner_id)
    order = new_order(
        customer,
        quote.currency,
        list(quote.lines),
        actor,
        partner_id=partner_id,
        campaign_id=quote.campaign_id,
        notes=quote.notes,
        quote_id=quote_id,
    )
    order.partner_role = role
    quote.status, quote.order_id, quote.updated_at = "accepted", order.order_id, now_iso()
    _place(order, actor, new=True, extra=[(quote, Quote.status == "open")])
    return schemas.OrderOut.model_validate(order_to_dict(order))


def reject_quote(quote_id: str, actor: str) -> schemas.QuoteOut:
    quote = _load_quote(quote_id)
    _open_quote(quote)
    quote.status, quote.updated_at = "rejected", now_iso()
    with transaction(lambda: Conflict("the quote was changed meanwhile", {"quote_id": "changed"})) as tx:
        tx.save(quote, condition=Quote.status == "open")
        tx.save(
            new_entry(quote.customer_id, "quote", f"Quote {quote_id} rejected", actor=actor, ref={"quote_id": quote_id})
        )
    return schemas.QuoteOut.model_validate(quote_to_dict(quote))
