"""An order's life after placement: status transitions (409 naming what is allowed) with their counter and
revenue corrections, payments and refunds; optimistic locking on the order."""

from __future__ import annotations

from decimal import Decimal

from crm.customers.public import (
    new_entry,
)
from crm.customfields.public import apply_custom
from crm.db import (
    check_version,
    new_id,
    now_iso,
    transaction,
)
from crm.errors import Conflict, ValidationFailed, VersionConflict
from crm.money import ZERO, round_amount
from crm.orders import lifecycle, schemas
from crm.orders.amounts import balance_due
from crm.orders.models import (
    Money,
    Order,
    StatusChange,
)
from crm.orders.placement import place, revenue_update, stats_actions
from crm.orders.repository import index_order, load_order, stats_key
from crm.orders.views import order_out

WRITE_RETRIES = 4


# ----------------------------------------------------------------- pricing and totals


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
            place(order, actor, new=False)
            return order_out(order)
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
                        stats_key(order.customer_id, order.currency),
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
            return order_out(order)
        except _Stale:
            if expected is not None:
                raise VersionConflict("the order was changed meanwhile", {"version": "stale"}) from None
    raise Conflict("the order is being changed by others; retry", {"order_id": "busy"})


def update_order(order_id: str, patch: schemas.OrderPatch, expected: int | None) -> schemas.OrderOut:
    """An order's own fields (custom values) at any status; the version guards a concurrent change."""
    order = load_order(order_id)
    check_version(order.version, expected, "order")
    order.custom = apply_custom("order", patch.custom, order.custom, creating=False)
    order.updated_at = now_iso()
    with transaction(lambda: VersionConflict("the order was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(order)
    return order_out(order)


def _checked_amount(order: Order, data: schemas.PaymentIn) -> Decimal:
    if data.currency != order.currency:
        raise ValidationFailed(
            f"the order is in {order.currency}; amounts on it must be too", {"currency": f"must be {order.currency}"}
        )
    amount = round_amount(data.amount, order.currency)
    if amount != data.amount:
        raise ValidationFailed(
            f"{order.currency} has at most the currency's minor units",
            {"amount": f"too many decimals for {order.currency}"},
        )
    return amount


def _apply_money(order: Order, kind: str, amount: Decimal) -> None:
    """A payment: placed orders only, up to the balance. A refund: up to what was paid and not yet refunded."""
    if kind == "payment":
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
        return
    refundable = order.paid_total - order.refunded_total
    if order.status not in lifecycle.REFUNDABLE or amount > refundable:
        raise ValidationFailed(
            f"at most {refundable} {order.currency} can be refunded on a {order.status} order",
            {"amount": f"more than {refundable}"},
        )
    order.refunded_total += amount


def record_payment(order_id: str, data: schemas.PaymentIn, actor: str) -> schemas.OrderOut:
    """A payment (placed orders, up to the balance; covering it makes the order paid) or a refund (up to what
    was paid and not yet refunded)."""
    for _ in range(WRITE_RETRIES):
        order = load_order(order_id)
        amount = _checked_amount(order, data)
        _apply_money(order, data.kind, amount)
        at = now_iso()
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
        summary = f"{data.kind.capitalize()} of {amount} {order.currency} on order {order_id}"
        summary += " (paid in full)" if paid_now else ""
        ref = {"order_id": order_id, "txn_id": txn.txn_id}
        try:
            with transaction(_Stale) as tx:
                tx.save(order)
                tx.save(new_entry(order.customer_id, data.kind, summary, actor=actor, occurred_at=at, ref=ref))
            return order_out(order)
        except _Stale:
            continue
    raise Conflict("the order is being changed by others; retry", {"order_id": "busy"})
