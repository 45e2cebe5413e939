"""What other contexts may use of orders: a customer's and a partner's orders (read-only items), booked revenue
per month, an order's balance, and which statuses count as booked revenue."""

from __future__ import annotations

from crm.orders.amounts import balance_due
from crm.orders.lifecycle import COUNTED
from crm.orders.models import Order
from crm.orders.repository import order_by_invoice, orders_of_customer, orders_of_partner, revenue_by_currency

__all__ = [
    "COUNTED",
    "Order",
    "balance_due",
    "order_by_invoice",
    "orders_of_customer",
    "orders_of_partner",
    "revenue_by_currency",
]
