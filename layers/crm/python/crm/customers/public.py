"""What other contexts may use of customers: profiles, the 360 view, identifier and name lookups, creating a
customer inside another context's transaction, an entry on the customer's timeline
(every contact lands there), the partner that sourced a customer, and the customer's
partition key for items that other contexts keep in it (order counters, analytics figures, caller cards)."""

from __future__ import annotations

from crm.customers.models import Attribution, Customer, CustomerFigures, Identifier
from crm.customers.refs import CustomerRef, customer_ref, require_customer
from crm.customers.repository import (
    PROFILE_SK,
    all_customers,
    caller_card_keys,
    customer_keys,
    customer_names,
    customer_pk,
    customer_with,
    customers_by_identifier,
    customers_by_name_prefix,
    customers_tagged,
    figures_of,
    find_duplicates,
    set_figures,
    source_partner,
    source_partner_item,
)
from crm.customers.schemas import Address, ContactIn, Customer360, CustomerCreate
from crm.customers.service import new_customer_items
from crm.customers.timeline import TimelineEntry, new_entry
from crm.customers.views import customer_360, get_customer

# Item classes other contexts read in a customer's partition or on the identifier index (one Query each:
# the caller card, the order transaction's condition check); they write none of them.
READ_MODELS = (Attribution, Customer, CustomerFigures, Identifier)

__all__ = [
    "PROFILE_SK",
    "READ_MODELS",
    "Attribution",
    "Customer",
    "CustomerFigures",
    "Identifier",
    "all_customers",
    "caller_card_keys",
    "customer_keys",
    "customer_names",
    "customer_with",
    "customers_tagged",
    "figures_of",
    "set_figures",
    "find_duplicates",
    "TimelineEntry",
    "new_entry",
    "CustomerRef",
    "customer_ref",
    "Address",
    "ContactIn",
    "Customer360",
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
