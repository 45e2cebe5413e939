"""The pure rules behind an order, with in-memory values (no AWS): the price engine's choice of rule, a line's
rounding, the totals, what is due or to refund, and which status may follow which."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crm.catalog.models import Product
from crm.catalog.pricing import Break, ListPriceIn, RuleIn, price_for
from crm.orders import lifecycle
from crm.orders.amounts import balance_due, make_line, refund_due, set_totals, totals
from crm.orders.models import Order

D = Decimal
DAY = date(2026, 11, 2)
WIDGET = Product(sku="WID-1", name="Widget", category="hardware", unit="pcs", tax_rate=D("0.19"), unit_cost=D("4"))
LIST = [ListPriceIn("PL-EUR", D("10.00"), "EUR", date(2026, 1, 1), None)]


def _price(quantity: str, rules: list[RuleIn], customer: str | None = "C1", groups: frozenset[str] = frozenset()):
    return price_for(
        customer_id=customer,
        customer_groups=groups,
        quantity=D(quantity),
        day=DAY,
        currency="EUR",
        list_prices=LIST,
        rules=rules,
    )


def test_the_lowest_applicable_rule_wins_and_every_rule_is_explained():
    group = RuleIn("R-G", "percent", (Break(D(1), D(10)),), date(2026, 1, 1), None, group="wholesale")
    special = RuleIn(
        "R-C", "price", (Break(D(1), D("9.50")), Break(D(100), D("8.00"))), date(2026, 1, 1), None, "EUR", "C1"
    )
    expired = RuleIn("R-X", "amount", (Break(D(1), D(5)),), date(2025, 1, 1), date(2025, 12, 31), customer_id="C1")

    small = _price("5", [group, special, expired], groups=frozenset({"wholesale"}))
    assert (small.unit_price, small.rule["rule_id"]) == (D("9.00"), "R-G")  # 10 % off 10.00 beats 9.50
    assert {c["rule_id"]: c["applies"] for c in small.considered} == {"R-G": True, "R-C": True, "R-X": False}

    bulk = _price("100", [group, special, expired], groups=frozenset({"wholesale"}))
    assert (bulk.unit_price, bulk.rule["rule_id"], bulk.rule["min_quantity"]) == (D("8.00"), "R-C", D(100))
    assert _price("5", [special], customer="C2").unit_price == D("10.00")  # another customer's price: list price


def test_a_line_rounds_net_and_tax_half_up_per_line_and_keeps_the_discount():
    line = make_line(1, WIDGET, D("3"), "EUR", D("3.335"), D("4.00"))
    assert (line.net, line.discount, line.tax, line.gross) == (D("10.01"), D("1.99"), D("1.90"), D("11.91"))
    assert make_line(1, WIDGET, D("1"), "JPY", D("333.5"), None).net == D("334")  # no minor unit


def test_totals_and_what_is_due_or_to_refund():
    lines = [
        make_line(1, WIDGET, D("2"), "EUR", D("9.00"), D("10.00")),
        make_line(2, WIDGET, D("1"), "EUR", D("5"), None),
    ]
    assert totals(lines) == {
        "subtotal": D("25.00"),
        "discount_total": D("2.00"),
        "net_total": D("23.00"),
        "tax_total": D("4.37"),
        "grand_total": D("27.37"),
    }
    order = Order(currency="EUR", status="placed", paid_total=D("10.00"), refunded_total=D("0"))
    set_totals(order, lines)
    assert (order.grand_total, balance_due(order), refund_due(order)) == (D("27.37"), D("17.37"), D("0.00"))
    order.status = "cancelled"
    assert (balance_due(order), refund_due(order)) == (D("0.00"), D("10.00"))  # nothing due; the payment goes back


def test_only_the_lifecycle_s_transitions_are_allowed_and_the_error_names_them():
    lifecycle.check("placed", "cancelled")
    with pytest.raises(lifecycle.InvalidTransition) as refused:
        lifecycle.check("delivered", "cancelled")
    assert refused.value.details["allowed"] == ["returned"]
    assert "placed" in lifecycle.COUNTED and "cancelled" not in lifecycle.COUNTED
