"""What the customers context answers: a profile, the 360 view (one Query of the customer's partition), the
timeline, lists by owner, tag or name, and lookups by identifier."""

from __future__ import annotations

from typing import Any

from crm.config import get_settings
from crm.contactinfo import normalize_phone
from crm.customers import responses
from crm.customers.models import MAX_CONTACTS, Address, Contact, Customer, Identifier, as_plain
from crm.customers.repository import PROFILE_SK, customer_pk, customers_page, load_profile
from crm.customers.timeline import TimelineEntry, list_entries
from crm.customfields.public import custom_out
from crm.db import CrmItem, encode_cursor
from crm.errors import NotFound, ValidationFailed

MAX_DERIVED_ITEMS = 20  # items sorting above PROFILE (STATS#<currency>...) that the 360 Query reads first
PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "tax_id",
    "external_id",
    "website",
    "industry",
    "language",
    "preferred_channel",
    "needs",
    "expectations",
    "buying_habits",
    "offer_fit_notes",
    "owner",
)
CONTACT_FIELDS = ("first_name", "last_name", "title", "emails", "phones", "language", "is_primary")


def customer_out(c: Customer) -> responses.CustomerOut:
    return responses.CustomerOut.model_validate(
        {
            "customer_id": c.customer_id,
            "kind": c.kind,
            "name": c.name,
            **{f: getattr(c, f) for f in PROFILE_FIELDS},
            "address": _address_out(c.address),
            "emails": list(c.emails or []),
            "phones": list(c.phones or []),
            "tags": list(c.tags or []),
            "consent": as_plain(c.consent) if c.consent is not None else None,
            "custom": custom_out(c.custom),
            "status": c.status,
            "merged_into": c.merged_into,
            "created_at": c.created_at,
            "created_by": c.created_by,
            "updated_at": c.updated_at,
            "updated_by": c.updated_by,
            "version": int(c.version),
        }
    )


def _address_out(a: Address | None) -> dict[str, Any] | None:
    if a is None:
        return None
    out = as_plain(a)
    return {k: v for k, v in out.items() if v is not None}


def contact_out(c: Contact) -> responses.ContactOut:
    return responses.ContactOut.model_validate(
        {
            "contact_id": c.contact_id,
            **{f: getattr(c, f) for f in CONTACT_FIELDS},
            "emails": list(c.emails or []),
            "phones": list(c.phones or []),
            "custom": custom_out(c.custom),
            "version": int(c.version),
        }
    )


def get_customer(customer_id: str) -> responses.CustomerOut:
    return customer_out(load_profile(customer_id))


def customer_360(customer_id: str, timeline_limit: int = 20) -> responses.Customer360:
    return view_360(customer_id, partition_360(customer_id, timeline_limit), timeline_limit)


def partition_360(customer_id: str, timeline_limit: int) -> list[CrmItem]:
    """Profile, contacts and newest timeline entries in ONE descending Query of the customer's partition.

    Descending order reads PROFILE, then CONTACT#…, then #TL# newest-first; contacts are capped at
    MAX_CONTACTS, so a page of that size plus the wanted entries always holds all three. The other items kept
    there (the caller card's) come with them, so the screen pop needs no other read of the partition.
    """
    import crm.customer_partition  # noqa: F401 - builds every item kind a customer's partition holds

    pk = customer_pk(customer_id)
    # profile + derived items (per-currency order counters, figures) + contacts + entries + one to see if more
    limit = 2 + MAX_DERIVED_ITEMS + MAX_CONTACTS + timeline_limit
    return list(CrmItem.query(pk, CrmItem.sk > "#", scan_index_forward=False, limit=limit, page_size=limit))


def view_360(customer_id: str, items: list[CrmItem], timeline_limit: int) -> responses.Customer360:
    """The 360 from `partition_360`'s items."""
    profile: Customer | None = None
    contacts: list[Contact] = []
    timeline: list[TimelineEntry] = []
    derived: dict[str, list[dict[str, Any]]] = {}
    more = False
    for item in items:
        if hasattr(item, "for_360"):  # items other contexts keep in the partition (e.g. order counters)
            section, value = item.for_360()
            derived.setdefault(section, []).append(value)
        elif isinstance(item, Customer):
            profile = item
        elif isinstance(item, Contact):
            contacts.append(item)
        elif isinstance(item, TimelineEntry):
            if len(timeline) < timeline_limit:
                timeline.append(item)
            else:
                more = True
    if profile is None:
        raise NotFound(f"customer {customer_id} does not exist", {"customer_id": "unknown"})
    if profile.status != "active":
        load_profile(customer_id)  # raises the right 410 (no extra request for an active customer)
    pk = customer_pk(customer_id)
    next_cursor = encode_cursor({"pk": {"S": pk}, "sk": {"S": timeline[-1].sk}}) if more else None
    contacts.sort(key=lambda c: (not c.is_primary, c.last_name.casefold()))
    return responses.Customer360.model_validate(
        {
            "customer": customer_out(profile),
            "contacts": [contact_out(c) for c in contacts],
            "timeline": [t.to_dict() for t in timeline],
            "timeline_next": next_cursor,
            "stats": derived.get("stats", []),
            "figures": next(iter(derived.get("figures", [])), None),
        }
    )


def list_timeline(customer_id: str, limit: int, cursor: str | None) -> responses.TimelinePage:
    entries, nxt = list_entries(customer_id, limit, cursor)
    if not entries and cursor is None:
        load_profile(customer_id)  # 404/410 rather than an empty list for an unknown customer
    return responses.TimelinePage.model_validate({"items": [e.to_dict() for e in entries], "next": nxt})


def list_customers(
    *, owner: str | None, tag: str | None, name_prefix: str | None, limit: int, cursor: str | None
) -> responses.CustomerPage:
    """By owner (gsi1 OWNER#), by tag (gsi1 TAG#, then one BatchGet), or everyone A-Z (gsi2)."""
    if owner and tag:
        raise ValidationFailed("filter by owner or by tag, not both", {"tag": "cannot combine with owner"})
    customers, nxt = customers_page(owner, tag, name_prefix.casefold() if name_prefix else None, limit, cursor)
    return responses.CustomerPage(items=[customer_out(c) for c in customers], next=nxt)


def lookup(
    *, email: str | None = None, phone: str | None = None, tax_id: str | None = None, external_id: str | None = None
) -> responses.LookupResult:
    """Customers by exactly one normalized identifier: a gsi1 Query plus one BatchGet of their profiles."""
    given = [(k, v) for k, v in (("EMAIL", email), ("TAXID", tax_id), ("EXT", external_id)) if v]
    if phone:
        try:
            given.append(("PHONE", normalize_phone(phone, get_settings().default_phone_region)))
        except ValueError as exc:
            raise ValidationFailed("phone is not valid", {"phone": str(exc)}) from exc
    if len(given) != 1:
        raise ValidationFailed("give exactly one of email, phone, tax_id, external_id", {"email": "one lookup key"})
    kind, value = given[0]
    idents = list(Identifier.gsi1.query(f"{kind}#{value}"))
    profiles = {
        c.customer_id: c for c in Customer.batch_get([(customer_pk(i.customer_id), PROFILE_SK) for i in idents])
    }
    items = []
    for ident in idents:
        customer = profiles.get(ident.customer_id)
        if customer is not None and customer.status == "active":
            items.append(
                responses.LookupMatch(
                    matched_on=f"{kind.lower()}:{value}", contact_id=ident.contact_id, customer=customer_out(customer)
                )
            )
    return responses.LookupResult(items=items)
