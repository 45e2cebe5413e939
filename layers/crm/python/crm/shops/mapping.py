"""A platform's webhook as what the CRM does with it: the order (its buyer and lines), whether it is paid, its
refunds (each with the shop's reference) and whether it was cancelled. Pure: no table access."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from crm.shops import schemas

PAID_WOO = {"processing", "completed", "refunded"}
PAID_SHOPIFY = {"paid", "partially_refunded", "refunded"}


@dataclass(frozen=True)
class Buyer:
    email: str | None
    phone: str | None
    first_name: str | None
    last_name: str | None
    company: str | None
    country: str | None
    city: str | None
    line1: str | None
    postal_code: str | None


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: Decimal
    unit_price: Decimal  # after discounts
    includes_tax: bool


@dataclass
class Incoming:
    shop_order_id: str
    number: str = ""
    currency: str = ""
    buyer: Buyer | None = None
    lines: list[Line] = field(default_factory=list)
    total: Decimal | None = None
    paid: bool = False
    refunds: list[tuple[str, Decimal]] = field(default_factory=list)  # (the shop's reference, amount)
    cancelled: bool = False
    reason: str = ""


def _text(v: str | None) -> str | None:
    return v.strip() if v and v.strip() else None


def woocommerce(topic: str, body: dict[str, Any]) -> Incoming | None:
    """order.created / order.updated: the order as it stands (placing it, its payment, refunds, cancellation)."""
    if topic not in ("order.created", "order.updated", "order.restored"):
        return None
    o = schemas.WooOrder.model_validate(body)
    b = o.billing
    buyer = Buyer(
        email=_text(b.email),
        phone=_text(b.phone),
        first_name=_text(b.first_name),
        last_name=_text(b.last_name),
        company=_text(b.company),
        country=_text(b.country),
        city=_text(b.city),
        line1=_text(b.address_1),
        postal_code=_text(b.postcode),
    )
    lines = [Line(li.sku.strip(), li.quantity, li.total / li.quantity, False) for li in o.line_items]
    return Incoming(
        shop_order_id=str(o.id),
        number=o.number or str(o.id),
        currency=o.currency.upper(),
        buyer=buyer,
        lines=lines,
        total=o.total,
        paid=o.status in PAID_WOO,
        refunds=[(f"woocommerce-refund-{r.id}", -r.total) for r in o.refunds],
        cancelled=o.status == "cancelled",
        reason=f"cancelled in the shop (order {o.number or o.id})",
    )


def shopify(topic: str, body: dict[str, Any]) -> Incoming | None:
    """orders/create, orders/updated, orders/paid, orders/cancelled: the order; refunds/create: a refund."""
    if topic == "refunds/create":
        r = schemas.ShopifyRefund.model_validate(body)
        amount = sum(
            (t.amount for t in r.transactions if t.kind == "refund" and t.status in (None, "success")), Decimal(0)
        )
        return Incoming(shop_order_id=str(r.order_id), refunds=[(f"shopify-refund-{r.id}", amount)] if amount else [])
    if topic not in ("orders/create", "orders/updated", "orders/paid", "orders/cancelled"):
        return None
    o = schemas.ShopifyOrder.model_validate(body)
    c, a = o.customer or schemas.ShopifyCustomer(), o.billing_address or schemas.ShopifyAddress()
    buyer = Buyer(
        email=_text(o.email or c.email),
        phone=_text(o.phone or c.phone or a.phone),
        first_name=_text(c.first_name or a.first_name),
        last_name=_text(c.last_name or a.last_name),
        company=_text(a.company),
        country=_text(a.country_code),
        city=_text(a.city),
        line1=_text(a.address1),
        postal_code=_text(a.zip),
    )
    lines = [
        Line(
            (li.sku or "").strip(),
            li.quantity,
            (li.price * li.quantity - li.total_discount) / li.quantity,
            o.taxes_included,
        )
        for li in o.line_items
    ]
    return Incoming(
        shop_order_id=str(o.id),
        number=o.name or str(o.id),
        currency=o.currency.upper(),
        buyer=buyer,
        lines=lines,
        total=o.total_price,
        paid=(o.financial_status or "") in PAID_SHOPIFY,
        cancelled=topic == "orders/cancelled",
        reason=f"cancelled in the shop ({o.cancel_reason or 'no reason given'})",
    )


PARSERS = {"woocommerce": woocommerce, "shopify": shopify}
