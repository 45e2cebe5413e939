"""Order and quote amounts, pure: a priced line (net and tax rounded per line, half up, in the currency's minor
unit), the totals, and what is still due or to refund. Unit-tested with in-memory values."""

from __future__ import annotations

from decimal import Decimal

from crm.catalog.public import Product
from crm.money import ZERO, round_amount
from crm.orders import lifecycle
from crm.orders.models import (
    Line,
    Order,
    Quote,
)

# ----------------------------------------------------------------- pricing and totals


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


def balance_due(o: Order) -> Decimal:
    due = o.grand_total - o.paid_total + o.refunded_total if o.status in lifecycle.COUNTED else ZERO
    return round_amount(due, o.currency)


def refund_due(o: Order) -> Decimal:
    net_paid = o.paid_total - o.refunded_total
    due = max(net_paid, ZERO) if o.status in ("cancelled", "returned") else max(net_paid - o.grand_total, ZERO)
    return round_amount(due, o.currency)
