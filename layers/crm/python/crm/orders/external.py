"""Orders that another system sold (an online shop): placed through the same placement as the API's own orders,
once per external order id (the order id is derived from it, and placing is conditional on the order not
existing), priced by the server or "as sold" (the shop's net unit price, marked as such on each line); their
payments, refunds and cancellations follow, each once per external reference."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from crm.catalog.public import require_products
from crm.customers.public import customer_ref
from crm.db import today
from crm.errors import CrmError, NotFound
from crm.orders import changes, schemas
from crm.orders.amounts import make_line
from crm.orders.models import Line
from crm.orders.placement import new_order, place, price_lines
from crm.orders.repository import load_order
from crm.orders.views import order_out

AS_SOLD = "as-sold"
UNIT = Decimal("0.0001")  # a unit price's precision


@dataclass(frozen=True)
class ExternalLine:
    sku: str
    quantity: Decimal
    unit_price: Decimal | None  # after discounts; None: the server prices it
    includes_tax: bool = False  # the shop's price is gross: the product's tax rate comes off


def external_order_id(source: str, external_id: str) -> str:
    return "x" + hashlib.sha256(f"{source}:{external_id}".encode()).hexdigest()[:23]


def check_lines(lines: list[ExternalLine]) -> None:
    """Every sku known and sold (one 400 naming each bad line), before anything is written."""
    require_products([line.sku for line in lines], "lines")


def _as_sold(currency: str, lines: list[ExternalLine], source: str) -> list[Line]:
    products = require_products([line.sku for line in lines], "lines")
    out = []
    for i, line in enumerate(lines):
        assert line.unit_price is not None
        p = products[line.sku]
        net = line.unit_price / (1 + p.tax_rate) if line.includes_tax else line.unit_price
        explanation = f"as sold by {source}"
        out.append(make_line(i + 1, p, line.quantity, currency, net.quantize(UNIT), None, AS_SOLD, explanation))
    return out


def place_external(
    source: str, external_id: str, customer_id: str, currency: str, lines: list[ExternalLine], actor: str
) -> tuple[schemas.OrderOut, bool]:
    """(the order, whether this call placed it). As-sold when every line brings its price."""
    order_id = external_order_id(source, external_id)
    existing = _existing(order_id)
    if existing is not None:
        return existing, False
    customer = customer_ref(customer_id)
    if all(line.unit_price is not None for line in lines):
        priced = _as_sold(currency, lines, source)
    else:
        wanted = [schemas.LineIn(sku=line.sku, quantity=line.quantity) for line in lines]
        priced = price_lines(customer, currency, today(), wanted)
    order = new_order(customer, currency, priced, actor, order_id=order_id, notes=f"{source} order {external_id}")
    try:
        place(order, actor, new=True)
    except CrmError:
        placed = _existing(order_id)  # the same order delivered twice at once: the other delivery placed it
        if placed is None:
            raise  # anything else (an inactive customer, ...) as it was
        return placed, False
    return order_out(order), True


def _existing(order_id: str) -> schemas.OrderOut | None:
    try:
        return order_out(load_order(order_id))
    except NotFound:
        return None


def _has(order_id: str, kind: str, reference: str) -> bool:
    return any(t.kind == kind and t.reference == reference for t in load_order(order_id).transactions or [])


def record_external_money(
    order_id: str, kind: str, amount: Decimal, currency: str, reference: str, actor: str
) -> schemas.OrderOut | None:
    """A payment or refund the other system made, once per its reference (None: recorded before)."""
    if _has(order_id, kind, reference):
        return None
    data = schemas.PaymentIn(kind=kind, amount=amount, currency=currency, method="other", reference=reference)
    return changes.record_payment(order_id, data, actor)


def cancel_external(order_id: str, reason: str, actor: str) -> schemas.OrderOut:
    """Cancelled in the other system: cancelled here too, unless it already is."""
    order = load_order(order_id)
    if order.status == "cancelled":
        return order_out(order)
    return changes.change_status(order_id, schemas.StatusIn(status="cancelled", note=reason), None, actor)
