"""The price engine's answer for a line: the rules in crm/catalog/pricing.py applied to the product's list
prices and rules (two Queries), with the rule that produced the price and every rule considered."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from crm.catalog import schemas
from crm.catalog.pricing import Break, ListPriceIn, PriceResult, RuleIn, price_for
from crm.catalog.repository import list_prices_of, load_product, product_keys, rules_of
from crm.customers.public import CustomerRef, customer_keys, customer_ref
from crm.db import Prefetch, today
from crm.errors import ValidationFailed
from crm.money import round_amount

# ----------------------------------------------------------------- products


def _pricing_inputs(sku: str, currency: str) -> tuple[list[ListPriceIn], list[RuleIn]]:
    """Two Queries: the lists that price this sku in this currency, and every rule of the sku."""
    lists = [
        ListPriceIn(
            lp.list_id,
            lp.unit_price,
            lp.currency,
            date.fromisoformat(lp.valid_from),
            date.fromisoformat(lp.valid_to) if lp.valid_to else None,
        )
        for lp in list_prices_of(sku, currency)
    ]
    rules = [
        RuleIn(
            r.rule_id,
            r.kind,
            tuple(Break(b.min_quantity, b.value) for b in r.breaks),
            date.fromisoformat(r.valid_from),
            date.fromisoformat(r.valid_to) if r.valid_to else None,
            r.currency,
            r.customer_id,
            r.group,
            r.status == "active",
            r.name,
        )
        for r in rules_of(sku)
    ]
    return lists, rules


def price(
    customer: CustomerRef, sku: str, quantity: Decimal, currency: str, day: date, field: str = "sku"
) -> PriceResult:
    lists, rules = _pricing_inputs(sku, currency)
    result = price_for(
        customer_id=customer.customer_id,
        customer_groups=customer.groups,
        quantity=quantity,
        day=day,
        currency=currency,
        list_prices=lists,
        rules=rules,
    )
    if result.unit_price is None:
        raise ValidationFailed(result.explanation, {field: f"no price in {currency} on {day}"})
    return result


def quote_price(q: schemas.PriceQuery) -> schemas.PriceQuoteOut:
    """Reads: the product and the customer (one BatchGet), then the sku's list prices and rules (two Queries)."""
    prefetched = Prefetch([*product_keys([q.sku]), *(customer_keys(q.customer_id) if q.customer_id else [])])
    product = load_product(q.sku, prefetched=prefetched)
    if product.status != "active":
        raise ValidationFailed(f"product {q.sku} is discontinued", {"sku": "discontinued"})
    day = q.date or today()
    customer = customer_ref(q.customer_id, prefetched=prefetched)
    result = price(customer, q.sku, q.quantity, q.currency, day)
    assert result.unit_price is not None
    return schemas.PriceQuoteOut.model_validate(
        {
            "sku": q.sku,
            "customer_id": q.customer_id,
            "quantity": q.quantity,
            "date": day.isoformat(),
            "currency": q.currency,
            "unit_price": result.unit_price,
            "list_price": result.list_price,
            "list_id": result.list_id,
            "net_amount": round_amount(result.unit_price * q.quantity, q.currency),
            "rule": result.rule,
            "explanation": result.explanation,
            "considered": result.considered,
        }
    )
