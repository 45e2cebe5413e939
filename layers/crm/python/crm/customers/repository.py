"""Customer keys and the queries other contexts need answered (the key design is in models.py's docstring and
docs/access-patterns.md). Only the customers context spells CUST#, TAXID#, DOMAIN#, ... ."""

from __future__ import annotations

from collections.abc import Iterator

from pynamodb.exceptions import DoesNotExist

from crm.customers.models import (
    ALL_CUSTOMERS,
    PROFILE_SK,
    Attribution,
    Customer,
    CustomerFigures,
    Identifier,
    Tag,
    customer_pk,
)

SOURCE_PARTNER_SK = "PARTNER"


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


def source_partner(customer_id: str) -> str | None:
    """The partner that sourced the customer, if any (one GetItem)."""
    try:
        return Attribution.get(customer_pk(customer_id), SOURCE_PARTNER_SK).partner_id
    except DoesNotExist:
        return None


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


def figures_of(customer_id: str) -> CustomerFigures | None:
    """The analytics jobs' headline figures of a customer (one GetItem)."""
    try:
        return CustomerFigures.get(customer_pk(customer_id), "FIGURES")
    except DoesNotExist:
        return None
