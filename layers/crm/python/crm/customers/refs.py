"""The customer as other contexts need it for a business decision (pricing groups, owner, country)."""

from __future__ import annotations

from dataclasses import dataclass

from crm.customers.repository import load_profile
from crm.db import Prefetch
from crm.errors import NotFound, ValidationFailed


@dataclass(frozen=True)
class CustomerRef:
    customer_id: str | None
    name: str | None
    groups: frozenset[str]
    owner: str | None = None
    country: str | None = None  # ISO code, copied onto orders for regional analytics


def customer_ref(
    customer_id: str | None, field: str = "customer_id", prefetched: Prefetch | None = None
) -> CustomerRef:
    """One GetItem, or the profile the request's Prefetch read (with `customer_keys`)."""
    if customer_id is None:
        return CustomerRef(None, None, frozenset())
    try:
        c = load_profile(customer_id, prefetched=prefetched)
    except NotFound as exc:
        raise ValidationFailed(f"customer {customer_id} does not exist", {field: "unknown customer"}) from exc
    country = c.address.country if c.address else None
    return CustomerRef(customer_id, c.name, frozenset(t.lower() for t in c.tags), c.owner, country)


def require_customer(customer_id: str, field: str) -> None:
    """400 naming `field` when the customer a request refers to does not exist (410 when deleted or merged)."""
    customer_ref(customer_id, field)
