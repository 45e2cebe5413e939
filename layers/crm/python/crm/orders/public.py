"""What other contexts may use of orders: a customer's and a partner's orders (read-only items), booked revenue
per month, an order's balance, which statuses count as booked revenue, and (customer portal) a customer's orders
as the API shows them. The views (pydantic shapes) load when first asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crm.orders.amounts import balance_due
from crm.orders.lifecycle import COUNTED
from crm.orders.models import Order
from crm.orders.repository import order_by_invoice, orders_of_customer, orders_of_partner, revenue_by_currency

if TYPE_CHECKING:
    from crm.orders.external import (
        ExternalLine,
        cancel_external,
        check_lines,
        external_order_id,
        place_external,
        record_external_money,
    )
    from crm.orders.schemas import OrderOut, OrderPage
else:

    def __getattr__(name: str) -> Any:
        """Orders from other systems (crm.orders.external) load when a shop's webhook first needs them."""
        if name in (
            "ExternalLine",
            "cancel_external",
            "check_lines",
            "external_order_id",
            "place_external",
            "record_external_money",
        ):
            from crm.orders import external

            return getattr(external, name)
        raise AttributeError(name)


__all__ = [
    "ExternalLine",
    "cancel_external",
    "check_lines",
    "external_order_id",
    "place_external",
    "record_external_money",
    "customer_order",
    "customer_orders_page",
    "COUNTED",
    "Order",
    "balance_due",
    "order_by_invoice",
    "orders_of_customer",
    "orders_of_partner",
    "revenue_by_currency",
]


def customer_orders_page(customer_id: str, limit: int, cursor: str | None) -> OrderPage:
    """A customer's orders, newest first, with their invoice and balance."""
    from crm.orders import schemas, views

    return views.list_orders(schemas.OrderQuery(customer_id=customer_id, limit=limit, cursor=cursor))


def customer_order(customer_id: str, order_id: str) -> OrderOut:
    """One of the customer's orders; another customer's is a 404, as if it did not exist."""
    from crm.errors import NotFound
    from crm.orders import views

    order = views.get_order(order_id)
    if order.customer_id != customer_id:
        raise NotFound(f"order {order_id} does not exist", {"order_id": "unknown"})
    return order
