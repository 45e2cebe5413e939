"""What other contexts may use of customers: profiles, the 360 view, identifier and name lookups, creating a
customer inside another context's transaction, the partner that sourced a customer, and the customer's
partition key for items that other contexts keep in it (order counters, analytics figures, caller cards)."""

from __future__ import annotations

from crm.customers.repository import (
    customer_pk,
    customers_by_identifier,
    customers_by_name_prefix,
    require_customer,
    source_partner,
    source_partner_item,
)
from crm.customers.schemas import Address, ContactIn, CustomerCreate
from crm.customers.service import customer_360, get_customer, new_customer_items

__all__ = [
    "Address",
    "ContactIn",
    "CustomerCreate",
    "customer_360",
    "customer_pk",
    "customers_by_identifier",
    "customers_by_name_prefix",
    "get_customer",
    "new_customer_items",
    "require_customer",
    "source_partner",
    "source_partner_item",
]
