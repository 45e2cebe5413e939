"""Customer keys and the queries other contexts need answered (the key design is in models.py's docstring and
docs/access-patterns.md). Only the customers context spells CUST#, TAXID#, DOMAIN#, ... ."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.update import Action

from crm.contactinfo import company_domains
from crm.customers.models import Attribution, Contact, Customer, CustomerFigures, Identifier, Tag
from crm.db import Index, Prefetch, decode_cursor, encode_cursor, get_or_404
from crm.errors import Gone

DUPLICATE_KINDS = frozenset({"EMAIL", "PHONE", "TAXID", "EXT"})  # DOMAIN is indexed for matching, not for duplicates

SOURCE_PARTNER_SK = "PARTNER"
FIGURES_SK = "FIGURES"


PROFILE_SK = "PROFILE"
CONTACT_PREFIX = "CONTACT#"
IDENT_PREFIX = "!ID#"  # '!' sorts below the timeline: a 360 Query reaches these only after every entry
TAG_PREFIX = "!TAG#"
TIMELINE_PREFIX = "#TL#"  # sorts below CONTACT#/PROFILE, so a descending 360 Query reads profile first
ALL_CUSTOMERS = "CUSTOMER"


def customer_pk(customer_id: str) -> str:
    return f"CUST#{customer_id}"


def customers_by_identifier(kind: str, value: str) -> Iterator[str]:
    """Ids of customers holding an identifier (kind: EMAIL, PHONE, TAXID, DOMAIN, EXTID): one Query of gsi1."""
    for ident in Identifier.gsi1.query(f"{kind}#{value}"):
        yield ident.customer_id


def customers_by_name_prefix(prefix: str) -> Iterator[tuple[str, str]]:
    """(id, name) of active customers whose name starts with `prefix` (case-folded): one Query of gsi2."""
    for c in Customer.gsi2.query(ALL_CUSTOMERS, Customer.gsi2sk.startswith(prefix.casefold())):
        yield c.customer_id, c.name


def source_partner_item(customer_id: str, partner_id: str, registration_id: str, since: str) -> Attribution:
    """The item recording which partner sourced the customer, for the converting transaction to save."""
    return Attribution(
        pk=customer_pk(customer_id),
        sk=SOURCE_PARTNER_SK,
        customer_id=customer_id,
        partner_id=partner_id,
        registration_id=registration_id,
        since=since,
    )


def source_partner(customer_id: str, prefetched: Prefetch | None = None) -> str | None:
    """The partner that sourced the customer, if any (one GetItem, or from the request's Prefetch)."""
    if prefetched is not None:
        found = prefetched.take(Attribution, customer_pk(customer_id), SOURCE_PARTNER_SK)
        return found.partner_id if found else None
    try:
        return Attribution.get(customer_pk(customer_id), SOURCE_PARTNER_SK).partner_id
    except DoesNotExist:
        return None


def customer_keys(customer_id: str) -> list[tuple[str, str]]:
    """What another context's request reads of a customer in its Prefetch: the profile and the source partner."""
    return [(customer_pk(customer_id), PROFILE_SK), (customer_pk(customer_id), SOURCE_PARTNER_SK)]


def caller_card_keys(customer_id: str) -> list[tuple[str, str]]:
    """What a caller card reads of a customer: the profile, the source partner and the analytics figures."""
    return [*customer_keys(customer_id), (customer_pk(customer_id), FIGURES_SK)]


def customer_with(kind: str, value: str) -> str | None:
    """The customer holding an identifier (EMAIL lower-cased, PHONE in E.164), if any: one Query of gsi1."""
    return next(customers_by_identifier(kind, value), None)


def customers_tagged(tag: str) -> list[Customer]:
    """Profiles of the customers with a tag: one Query of gsi1 and one BatchGet."""
    ids = [t.customer_id for t in Tag.gsi1.query(f"TAG#{tag.lower()}")]
    return list(Customer.batch_get([(customer_pk(i), PROFILE_SK) for i in ids])) if ids else []


def all_customers() -> Iterator[Customer]:
    """Every active customer A-Z (gsi2): for whole-base jobs such as a campaign's audience, never a request path."""
    yield from Customer.gsi2.query(ALL_CUSTOMERS)


def set_figures(customer_id: str, computed_at: str, fields: dict[str, Any]) -> None:
    """UpdateItem on the customer's own FIGURES item, only the given fields (None ones are left alone): each
    analytics job writes its own fields, so jobs never undo each other nor anything users edit."""
    f = CustomerFigures
    actions: list[Action] = [f.type.set(f), f.customer_id.set(customer_id), f.computed_at.set(computed_at)]
    actions += [getattr(f, k).set(v) for k, v in fields.items() if v is not None]
    f(pk=customer_pk(customer_id), sk=FIGURES_SK).update(actions=actions)


def figures_of(customer_id: str) -> CustomerFigures | None:
    """The analytics jobs' headline figures of a customer (one GetItem)."""
    try:
        return CustomerFigures.get(customer_pk(customer_id), FIGURES_SK)
    except DoesNotExist:
        return None


# ----------------------------------------------------------------- profiles, contacts, identifiers, tags


def identifier_keys(customer: Customer, contacts: Iterable[Contact]) -> dict[tuple[str, str], str | None]:
    """(kind, value) -> contact id (None for the customer itself); the first owner of a value wins."""
    keys: dict[tuple[str, str], str | None] = {}
    for e in customer.emails or []:
        keys.setdefault(("EMAIL", e), None)
    for p in customer.phones or []:
        keys.setdefault(("PHONE", p), None)
    if customer.tax_id:
        keys.setdefault(("TAXID", customer.tax_id), None)
    if customer.external_id:
        keys.setdefault(("EXT", customer.external_id), None)
    if customer.kind == "company":  # partner deal registrations match companies by web domain (not a duplicate key)
        for d in company_domains(customer.website, list(customer.emails or [])):
            keys.setdefault(("DOMAIN", d), None)
    for c in contacts:
        for e in c.emails or []:
            keys.setdefault(("EMAIL", e), c.contact_id)
        for p in c.phones or []:
            keys.setdefault(("PHONE", p), c.contact_id)
    return keys


def identifier_item(customer_id: str, kind: str, value: str, contact_id: str | None) -> Identifier:
    return Identifier(
        pk=customer_pk(customer_id),
        sk=f"{IDENT_PREFIX}{kind}#{value}",
        gsi1pk=f"{kind}#{value}",
        gsi1sk=customer_pk(customer_id),
        customer_id=customer_id,
        kind=kind,
        value=value,
        contact_id=contact_id,
    )


def tag_item(customer: Customer, tag: str) -> Tag:
    return Tag(
        pk=customer.pk,
        sk=f"{TAG_PREFIX}{tag.lower()}",
        gsi1pk=f"TAG#{tag.lower()}",
        gsi1sk=name_key(customer),
        customer_id=customer.customer_id,
        tag=tag,
    )


def name_key(customer: Customer) -> str:
    return f"{customer.name.casefold()}#{customer.customer_id}"


def index_keys(customer: Customer) -> None:
    """Sparse index keys: only active customers appear in the owner's book and the A-Z list."""
    if customer.status == "active":
        customer.gsi1pk = f"OWNER#{customer.owner}" if customer.owner else None
        customer.gsi1sk = name_key(customer) if customer.owner else None
        customer.gsi2pk = ALL_CUSTOMERS
        customer.gsi2sk = name_key(customer)
    else:
        customer.gsi1pk = customer.gsi1sk = customer.gsi2pk = customer.gsi2sk = None


def load_profile(customer_id: str, *, allow_inactive: bool = False, prefetched: Prefetch | None = None) -> Customer:
    customer = get_or_404(
        Customer,
        customer_pk(customer_id),
        PROFILE_SK,
        f"customer {customer_id} does not exist",
        {"customer_id": "unknown"},
        prefetched,
    )
    if not allow_inactive and customer.status == "erased":
        raise Gone(f"customer {customer_id}'s personal data was erased", {"customer_id": "erased"})
    if not allow_inactive and customer.status == "deleted":
        raise Gone(f"customer {customer_id} was deleted", {"customer_id": "deleted"})
    if not allow_inactive and customer.status == "merged":
        raise Gone(
            f"customer {customer_id} was merged into {customer.merged_into}",
            {"customer_id": "merged"},
            merged_into=customer.merged_into,
        )
    return customer


def contacts_of(customer_id: str) -> list[Contact]:
    return list(Contact.query(customer_pk(customer_id), Contact.sk.startswith(CONTACT_PREFIX)))


def load_contact(customer_id: str, contact_id: str) -> Contact:
    return get_or_404(
        Contact,
        customer_pk(customer_id),
        f"{CONTACT_PREFIX}{contact_id}",
        f"contact {contact_id} does not exist",
        {"contact_id": "unknown"},
    )


def find_duplicates(keys: Iterable[tuple[str, str]], exclude: str | None = None) -> list[dict[str, str]]:
    """Active customers already holding any of these identifiers (one gsi1 Query per identifier)."""
    found: list[dict[str, str]] = []
    seen: set[str] = set()
    for kind, value in keys:
        if kind not in DUPLICATE_KINDS:
            continue
        for ident in Identifier.gsi1.query(f"{kind}#{value}"):
            if ident.customer_id == exclude or ident.customer_id in seen:
                continue
            seen.add(ident.customer_id)
            found.append({"customer_id": ident.customer_id, "matched_on": f"{kind.lower()}:{value}"})
    return found


def customer_names(ids: list[str]) -> dict[str, str]:
    """id -> name of the given customers: one BatchGet (the managers' report names its at-risk customers)."""
    if not ids:
        return {}
    return {c.customer_id: c.name for c in Customer.batch_get([(customer_pk(i), PROFILE_SK) for i in ids])}


def customers_page(
    owner: str | None, tag: str | None, prefix: str | None, limit: int, cursor: str | None
) -> tuple[list[Customer], str | None]:
    """By owner (gsi1 OWNER#), by tag (gsi1 TAG#, then one BatchGet of the active profiles), or everyone A-Z
    (gsi2); optionally only names starting with `prefix` (casefolded)."""
    index: Index
    if tag:
        hash_key, index, attr = f"TAG#{tag.lower()}", Tag.gsi1, "gsi1"
    elif owner:
        hash_key, index, attr = f"OWNER#{owner}", Customer.gsi1, "gsi1"
    else:
        hash_key, index, attr = ALL_CUSTOMERS, Customer.gsi2, "gsi2"
    start = decode_cursor(cursor, expect={f"{attr}pk": hash_key})
    range_cond = (Tag.gsi1sk if attr == "gsi1" else Customer.gsi2sk).startswith(prefix) if prefix else None
    result = index.query(hash_key, range_cond, limit=limit, last_evaluated_key=start)
    items = list(result)
    if not tag:
        return items, encode_cursor(result.last_evaluated_key)
    ids = [t.customer_id for t in items]
    by_id = {c.customer_id: c for c in Customer.batch_get([(customer_pk(i), PROFILE_SK) for i in ids])}
    return [by_id[i] for i in ids if i in by_id and by_id[i].status == "active"], encode_cursor(
        result.last_evaluated_key
    )
