"""What other contexts may use of customers: profiles, the 360 view, identifier and name lookups, creating a
customer inside another context's transaction, an entry on the customer's timeline
(every contact lands there), the partner that sourced a customer, and the customer's
partition key for items that other contexts keep in it (order counters, analytics figures, caller cards).

Items, keys and lookups load with this module (pynamodb only); the customers' API shapes, views and service
(pydantic models) load when another context first asks for one of them, so a context that only reads items or
writes timeline entries (the ACD, most API functions) never imports them."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
from crm.customers.timeline import TimelineEntry, find_entry, new_entry

if TYPE_CHECKING:
    from crm.customers.responses import Customer360, CustomerOut
    from crm.customers.schemas import Address, ContactIn, CustomerCreate
    from crm.db import CrmItem

# Item classes other contexts read in a customer's partition or on the identifier index (one Query each:
# the caller card, the order transaction's condition check); they write none of them.
READ_MODELS = (Attribution, Customer, CustomerFigures, Identifier)
_SHAPES = {"Address": "schemas", "ContactIn": "schemas", "CustomerCreate": "schemas", "Customer360": "responses"}


def __getattr__(name: str) -> Any:
    """The customers' API shapes, imported from their module when first named (`customers.CustomerCreate(...)`)."""
    if name in _SHAPES:
        return getattr(importlib.import_module(f"crm.customers.{_SHAPES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def get_customer(customer_id: str) -> CustomerOut:
    from crm.customers import views

    return views.get_customer(customer_id)


def update_profile(customer_id: str, changes: dict[str, Any], actor: str) -> CustomerOut:
    """A change of the profile made on the customer's behalf (the portal's consent), as a PATCH of the current
    version would make it (a concurrent change in between is a 409, as for any PATCH)."""
    from crm.customers import schemas, service
    from crm.customers.repository import load_profile

    current = int(load_profile(customer_id).version)
    return service.update_customer(customer_id, schemas.CustomerPatch.model_validate(changes), current, actor)


def partition_360(customer_id: str, timeline_limit: int) -> list[CrmItem]:
    """The items the 360 is made of (one Query), among them the caller card's; `view_360` makes the 360."""
    from crm.customers import views

    return views.partition_360(customer_id, timeline_limit)


def view_360(customer_id: str, items: list[CrmItem], timeline_limit: int) -> Customer360:
    from crm.customers import views

    return views.view_360(customer_id, items, timeline_limit)


def new_customer_items(data: CustomerCreate, actor: str) -> tuple[Customer, list[CrmItem]]:
    """Every item a new customer consists of, for another context's transaction (a lead's conversion)."""
    from crm.customers import service

    return service.new_customer_items(data, actor)


__all__ = [
    "update_profile",
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
    "find_entry",
    "CustomerRef",
    "customer_ref",
    "Address",
    "ContactIn",
    "Customer360",
    "CustomerCreate",
    "partition_360",
    "view_360",
    "customer_pk",
    "customers_by_identifier",
    "customers_by_name_prefix",
    "get_customer",
    "new_customer_items",
    "require_customer",
    "source_partner",
    "source_partner_item",
]
