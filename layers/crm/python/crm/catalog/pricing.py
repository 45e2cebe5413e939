"""The pricing engine: which unit price a customer pays for a quantity of a product on a date, and why.

Pure function over plain values, so every rule is unit-tested by hand. The rules, in order:
1. The list price is the unit price of the price list in the requested currency whose validity window contains
   the date; when several lists qualify, the one that became valid last wins (a newer list supersedes).
2. A price rule applies when it is active, its window contains the date, and it targets the customer itself or a
   group the customer belongs to (a customer tag). Of its quantity breaks, the highest `min_quantity` not above
   the ordered quantity applies; no break reached = the rule does not apply.
3. Rule kinds: `price` sets the unit price (in its currency); `percent` takes a percentage off the list price;
   `amount` takes a fixed amount off the list price (in its currency, never below zero).
4. Of all applicable results the lowest unit price wins (the customer gets the best deal, rules never stack);
   on a tie a customer-specific rule beats a group rule. With no applicable rule the list price is the price.
5. No list price and no applicable `price` rule: the product has no price in that currency on that date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from crm.money import ZERO, round_unit_price

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ListPriceIn:
    list_id: str
    unit_price: Decimal
    currency: str
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class Break:
    min_quantity: Decimal
    value: Decimal


@dataclass(frozen=True)
class RuleIn:
    rule_id: str
    kind: str  # price | percent | amount
    breaks: tuple[Break, ...]
    valid_from: date
    valid_to: date | None
    currency: str | None = None
    customer_id: str | None = None
    group: str | None = None
    active: bool = True
    name: str | None = None


@dataclass
class PriceResult:
    unit_price: Decimal | None
    list_price: Decimal | None
    list_id: str | None
    currency: str
    rule: dict[str, Any] | None
    explanation: str
    considered: list[dict[str, Any]] = field(default_factory=list)


def _in_window(day: date, start: date, end: date | None) -> bool:
    return start <= day and (end is None or day <= end)


def list_price_on(prices: list[ListPriceIn], currency: str, day: date) -> ListPriceIn | None:
    valid = [p for p in prices if p.currency == currency and _in_window(day, p.valid_from, p.valid_to)]
    return max(valid, key=lambda p: (p.valid_from, p.list_id), default=None)


def _break_for(rule: RuleIn, quantity: Decimal) -> Break | None:
    reached = [b for b in rule.breaks if b.min_quantity <= quantity]
    return max(reached, key=lambda b: b.min_quantity, default=None)


def _rule_price(rule: RuleIn, list_price: Decimal | None, brk: Break) -> tuple[Decimal | None, str | None]:
    """The unit price a rule's break gives, or why it gives none."""
    if rule.kind == "price":
        return round_unit_price(brk.value), None
    if list_price is None:
        return None, "a discount needs a list price, and there is none"
    if rule.kind == "percent":
        return round_unit_price(list_price * (HUNDRED - brk.value) / HUNDRED), None
    return round_unit_price(max(ZERO, list_price - brk.value)), None


def _consider(
    rule: RuleIn,
    customer_id: str | None,
    groups: frozenset[str],
    quantity: Decimal,
    day: date,
    currency: str,
    list_price: Decimal | None,
) -> tuple[Decimal | None, Break | None, dict[str, Any]]:
    """One rule for this line: its price (None when it does not apply), the break used, and the explanation."""
    why_not = _why_not(rule, customer_id, groups, day, currency)
    brk = _break_for(rule, quantity) if why_not is None else None
    if why_not is None and brk is None:
        why_not = f"quantity {quantity} is below the first break ({min(b.min_quantity for b in rule.breaks)})"
    result = None
    if why_not is None and brk is not None:
        result, why_not = _rule_price(rule, list_price, brk)
    reason = why_not or f"break from {brk.min_quantity if brk else '?'}: {_describe(rule, brk)}"
    considered = {"rule_id": rule.rule_id, "kind": rule.kind, "applies": result is not None, "unit_price": result}
    return result, brk, {**considered, "reason": reason}


def price_for(
    *,
    customer_id: str | None,
    customer_groups: frozenset[str],
    quantity: Decimal,
    day: date,
    currency: str,
    list_prices: list[ListPriceIn],
    rules: list[RuleIn],
) -> PriceResult:
    """The lowest price any applicable rule gives (a customer's own rule wins a tie over a group's), else the
    list price; every rule considered is explained."""
    base = list_price_on(list_prices, currency, day)
    list_price = base.unit_price if base else None
    considered: list[dict[str, Any]] = []
    candidates: list[tuple[Decimal, int, RuleIn, Break]] = []
    for rule in rules:
        result, brk, explained = _consider(rule, customer_id, customer_groups, quantity, day, currency, list_price)
        considered.append(explained)
        if result is not None and brk is not None:
            candidates.append((result, 0 if rule.customer_id else 1, rule, brk))
    list_id = base.list_id if base else None
    if candidates:
        price, _, rule, brk = min(candidates, key=lambda c: (c[0], c[1], c[2].rule_id))
        target = f"customer {rule.customer_id}" if rule.customer_id else f"group {rule.group!r}"
        chosen = {"rule_id": rule.rule_id, "kind": rule.kind, "name": rule.name, "min_quantity": brk.min_quantity}
        why = f"{_describe(rule, brk)} for {target} (lowest of {len(candidates)} applicable rules)"
        rule_out = {**chosen, "value": brk.value, "target": target}
        return PriceResult(price, list_price, list_id, currency, rule_out, why, considered)
    if base is not None:
        why = f"list price from price list {base.list_id}"
        return PriceResult(round_unit_price(base.unit_price), list_price, list_id, currency, None, why, considered)
    why = f"no price list prices this product in {currency} on {day}"
    return PriceResult(None, None, None, currency, None, why, considered)


def _why_not(rule: RuleIn, customer_id: str | None, groups: frozenset[str], day: date, currency: str) -> str | None:
    if not rule.active:
        return "retired"
    if not _in_window(day, rule.valid_from, rule.valid_to):
        return f"valid {rule.valid_from}..{rule.valid_to or 'open'}, not on {day}"
    if rule.customer_id and rule.customer_id != customer_id:
        return "for another customer"
    if rule.group and rule.group.lower() not in groups:
        return f"customer is not in group {rule.group!r}"
    if rule.kind in ("price", "amount") and rule.currency != currency:
        return f"in {rule.currency}, not {currency}"
    return None


def _describe(rule: RuleIn, brk: Break | None) -> str:
    if brk is None:
        return rule.kind
    if rule.kind == "price":
        return f"special price {brk.value} {rule.currency}"
    if rule.kind == "percent":
        return f"{brk.value} % off list"
    return f"{brk.value} {rule.currency} off list"
