"""Changing customers: create with duplicate detection, optimistic-locked updates, soft delete, contacts and
notes. Every multi-item change is one DynamoDB transaction; answers are the customers context's models."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crm.customers import responses, schemas
from crm.customers.models import MAX_CONTACTS, Address, Consent, Contact, Customer, Identifier, as_plain
from crm.customers.repository import (
    CONTACT_PREFIX,
    PROFILE_SK,
    contacts_of,
    customer_pk,
    find_duplicates,
    identifier_item,
    identifier_keys,
    index_keys,
    load_contact,
    load_profile,
    tag_item,
)
from crm.customers.timeline import new_entry
from crm.customers.views import CONTACT_FIELDS, PROFILE_FIELDS, contact_out, customer_out
from crm.customfields.public import apply_custom
from crm.db import CrmItem, new_id, now_iso, transaction
from crm.errors import DuplicateCustomer, PreconditionRequired, ValidationFailed, VersionConflict

MAX_ITEMS_PER_TRANSACTION = 100


def commit(writes: list[tuple[str, CrmItem]], conflict_message: str) -> None:
    """One TransactWrite of ('put'|'delete', item) pairs; a failed condition becomes a 409."""
    if len(writes) > MAX_ITEMS_PER_TRANSACTION:
        raise ValidationFailed(
            f"this change touches {len(writes)} items; at most {MAX_ITEMS_PER_TRANSACTION} change together",
            {"contacts": "add large numbers of contacts in separate requests"},
        )
    with transaction(lambda: VersionConflict(conflict_message)) as tx:
        for op, item in writes:
            if op == "put":
                tx.save(item)
            elif op == "create":
                tx.save(item, condition=CrmItem.pk.does_not_exist())
            else:
                tx.delete(item)


def _display_name(kind: str, name: str | None, first: str | None, last: str | None) -> str:
    if name:
        return name
    parts = [p for p in (first, last) if p]
    if kind == "person" and parts:
        return " ".join(parts)
    raise ValidationFailed(
        "a name is required",
        {"name": "required for a company"} if kind == "company" else {"last_name": "required for a person"},
    )


def _consent(value: schemas.Consent | None, previous: Consent | None = None) -> Consent | None:
    if value is None:
        return previous
    return Consent(**value.model_dump(), updated_at=now_iso())


def _contact_item(customer_id: str, data: schemas.ContactIn, at: str) -> Contact:
    contact_id = new_id()
    return Contact(
        pk=customer_pk(customer_id),
        sk=f"{CONTACT_PREFIX}{contact_id}",
        contact_id=contact_id,
        customer_id=customer_id,
        first_name=data.first_name,
        last_name=data.last_name,
        title=data.title,
        emails=data.emails,
        phones=data.phones,
        language=data.language,
        is_primary=data.is_primary,
        custom=apply_custom("contact", data.custom, None, creating=True),
        created_at=at,
        updated_at=at,
    )


def new_customer_items(data: schemas.CustomerCreate, actor: str) -> tuple[Customer, list[CrmItem]]:
    """Every item a new customer consists of: profile, contacts, identifiers, tags and the "created" entry."""
    at = now_iso()
    customer_id = new_id(16)
    customer = Customer(
        pk=customer_pk(customer_id),
        sk=PROFILE_SK,
        customer_id=customer_id,
        kind=data.kind,
        name=_display_name(data.kind, data.name, data.first_name, data.last_name),
        **{f: getattr(data, f) for f in PROFILE_FIELDS},
        emails=data.emails or [],
        phones=data.phones or [],
        tags=data.tags or [],
        address=Address(**data.address.model_dump()) if data.address else None,
        consent=_consent(data.consent),
        custom=apply_custom("customer", data.custom, None, creating=True),
        status="active",
        created_at=at,
        created_by=actor,
        updated_at=at,
        updated_by=actor,
    )
    index_keys(customer)
    contacts = [_contact_item(customer_id, c, at) for c in data.contacts]
    idents = identifier_keys(customer, contacts)
    items: list[CrmItem] = [customer, *contacts]
    items += [identifier_item(customer_id, k, v, cid) for (k, v), cid in idents.items()]
    items += [tag_item(customer, t) for t in customer.tags]
    items.append(new_entry(customer_id, "system", f"Customer created by {actor}", actor=actor))
    return customer, items


def create_customer(data: schemas.CustomerCreate, actor: str, *, force: bool = False) -> responses.CustomerOut:
    customer, items = new_customer_items(data, actor)
    if not force:
        keys = [(i.kind, i.value) for i in items if isinstance(i, Identifier)]
        dups = find_duplicates(keys)
        if dups:
            raise DuplicateCustomer(
                "a customer with the same email, phone, tax id or external id exists; "
                "merge, or create with ?force=true",
                _duplicate_fields(dups),
                duplicates=dups,
            )
    commit([("create", customer), *[("put", i) for i in items[1:]]], "customer id collision, retry")
    return customer_out(customer)


def _duplicate_fields(dups: list[dict[str, str]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for d in dups:
        kind, _, value = d["matched_on"].partition(":")
        field = {"email": "emails", "phone": "phones", "taxid": "tax_id", "ext": "external_id"}[kind]
        fields.setdefault(field, f"{value} belongs to customer {d['customer_id']}")
    return fields


def check_version(item: Customer | Contact, expected: int | None, what: str) -> None:
    if expected is None:
        raise PreconditionRequired(
            f"send the {what}'s current version in If-Match (or `version`) to update it",
            {"If-Match": "required"},
        )
    if int(item.version) != expected:
        raise VersionConflict(
            f"{what} was changed by someone else (current version {item.version}, yours {expected})",
            {"version": f"stale; current is {item.version}"},
            current_version=int(item.version),
        )


def rewrite_derived(
    old_customer_idents: dict[tuple[str, str], str | None],
    new_idents: dict[tuple[str, str], str | None],
    old_tags: Iterable[str],
    customer: Customer,
    rename: bool,
) -> list[tuple[str, CrmItem]]:
    """Deletes and puts that keep identifier and tag items in step with the profile and contacts."""
    cid = customer.customer_id
    writes: list[tuple[str, CrmItem]] = []
    for (k, v), contact in new_idents.items():
        if old_customer_idents.get((k, v), "missing") != contact:
            writes.append(("put", identifier_item(cid, k, v, contact)))
    for k, v in old_customer_idents:
        if (k, v) not in new_idents:
            writes.append(("delete", identifier_item(cid, k, v, None)))
    old = {t.lower() for t in old_tags}
    new = {t.lower(): t for t in customer.tags or []}
    for low, tag in new.items():
        if low not in old or rename:
            writes.append(("put", tag_item(customer, tag)))
    for low in old - set(new):
        writes.append(("delete", tag_item(customer, low)))
    return writes


def _merge_nested(customer: Customer, patch: schemas.CustomerPatch, changes: dict[str, Any]) -> None:
    """Nested objects merge like JSON Merge Patch (RFC 7386): given fields replace, null removes the object; custom
    values merge field by field, checked against their definitions."""
    if "address" in changes:
        merged = (
            {**(as_plain(customer.address) or {}), **patch.address.model_dump(exclude_unset=True)}
            if patch.address
            else None
        )
        customer.address = Address(**merged) if merged else None
    if "consent" in changes:
        if patch.consent is None:
            customer.consent = None
        else:
            given = patch.consent.model_dump(exclude_unset=True)
            previous = {k: v for k, v in (as_plain(customer.consent) or {}).items() if k != "updated_at"}
            customer.consent = Consent(**{**previous, **given}, updated_at=now_iso())
    if "custom" in changes:
        customer.custom = apply_custom("customer", patch.custom, customer.custom, creating=False)


def update_customer(
    customer_id: str, patch: schemas.CustomerPatch, expected_version: int | None, actor: str, *, force: bool = False
) -> responses.CustomerOut:
    customer = load_profile(customer_id)
    check_version(customer, expected_version, "customer")
    contacts = contacts_of(customer_id)
    before_idents = identifier_keys(customer, contacts)
    before_tags = list(customer.tags or [])
    before_name = customer.name
    changes = patch.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        return customer_out(customer)
    for f in PROFILE_FIELDS:
        if f in changes:
            setattr(customer, f, getattr(patch, f))
    for f in ("emails", "phones", "tags"):
        if f in changes:
            setattr(customer, f, getattr(patch, f) or [])
    _merge_nested(customer, patch, changes)
    if {"name", "first_name", "last_name"} & changes.keys():
        name = patch.name if "name" in changes else (None if customer.kind == "person" else customer.name)
        customer.name = _display_name(customer.kind, name, customer.first_name, customer.last_name)
    customer.updated_at = now_iso()
    customer.updated_by = actor
    index_keys(customer)
    after_idents = identifier_keys(customer, contacts)
    added = [k for k in after_idents if k not in before_idents]
    if added and not force:
        dups = find_duplicates(added, exclude=customer_id)
        if dups:
            raise DuplicateCustomer(
                "another customer holds this identifier; merge, or update with ?force=true",
                _duplicate_fields(dups),
                duplicates=dups,
            )
    writes: list[tuple[str, CrmItem]] = [("put", customer)]
    writes += rewrite_derived(before_idents, after_idents, before_tags, customer, customer.name != before_name)
    changed = ", ".join(sorted(changes))
    writes.append(("put", new_entry(customer_id, "system", f"Updated {changed}", actor=actor)))
    commit(writes, "customer was changed by someone else; reload and retry")
    return customer_out(customer)


def delete_customer(customer_id: str, expected_version: int | None, actor: str) -> None:
    """Soft delete: the profile stays (status=deleted) for audit; identifiers and tags go, so the customer
    drops out of lists, lookups and duplicate checks."""
    customer = load_profile(customer_id)
    check_version(customer, expected_version, "customer")
    contacts = contacts_of(customer_id)
    idents = identifier_keys(customer, contacts)
    customer.status = "deleted"
    customer.updated_at = now_iso()
    customer.updated_by = actor
    index_keys(customer)
    writes: list[tuple[str, CrmItem]] = [("put", customer)]
    writes += [("delete", identifier_item(customer_id, k, v, None)) for k, v in idents]
    writes += [("delete", tag_item(customer, t)) for t in customer.tags or []]
    writes.append(("put", new_entry(customer_id, "system", f"Deleted by {actor}", actor=actor)))
    commit(writes, "customer was changed by someone else; reload and retry")


# ----------------------------------------------------------------- contacts and notes


def add_contact(customer_id: str, data: schemas.ContactIn, actor: str, *, force: bool = False) -> responses.ContactOut:
    customer = load_profile(customer_id)
    contacts = contacts_of(customer_id)
    if len(contacts) >= MAX_CONTACTS:
        raise ValidationFailed(f"a customer has at most {MAX_CONTACTS} contacts", {"contacts": "limit reached"})
    contact = _contact_item(customer_id, data, now_iso())
    before = identifier_keys(customer, contacts)
    after = identifier_keys(customer, [*contacts, contact])
    added = [k for k in after if k not in before]
    if added and not force:
        dups = find_duplicates(added, exclude=customer_id)
        if dups:
            raise DuplicateCustomer("another customer holds this identifier", _duplicate_fields(dups), duplicates=dups)
    writes: list[tuple[str, CrmItem]] = [("create", contact)]
    writes += [("put", identifier_item(customer_id, k, v, c)) for (k, v), c in after.items() if (k, v) in added]
    name = " ".join(p for p in (data.first_name, data.last_name) if p)
    writes.append(("put", new_entry(customer_id, "system", f"Contact {name} added", actor=actor)))
    commit(writes, "contact id collision, retry")
    return contact_out(contact)


def update_contact(
    customer_id: str, contact_id: str, patch: schemas.ContactPatch, expected: int | None, actor: str
) -> responses.ContactOut:
    customer = load_profile(customer_id)
    contact = load_contact(customer_id, contact_id)
    check_version(contact, expected, "contact")
    contacts = contacts_of(customer_id)
    before = identifier_keys(customer, contacts)
    changes = patch.model_dump(exclude_unset=True, exclude={"version"})
    if "last_name" in changes and not patch.last_name:
        raise ValidationFailed("last_name cannot be removed", {"last_name": "required"})
    for f in CONTACT_FIELDS:
        if f in changes:
            value = getattr(patch, f)
            setattr(contact, f, [] if value is None and f in ("emails", "phones") else value)
    if "custom" in changes:
        contact.custom = apply_custom("contact", patch.custom, contact.custom, creating=False)
    contact.updated_at = now_iso()
    after = identifier_keys(customer, [contact if c.contact_id == contact_id else c for c in contacts])
    added = [k for k in after if k not in before]
    if added:
        dups = find_duplicates(added, exclude=customer_id)
        if dups:
            raise DuplicateCustomer("another customer holds this identifier", _duplicate_fields(dups), duplicates=dups)
    writes: list[tuple[str, CrmItem]] = [("put", contact)]
    writes += rewrite_derived(before, after, customer.tags or [], customer, rename=False)
    writes.append(("put", new_entry(customer_id, "system", f"Contact {contact_id} updated", actor=actor)))
    commit(writes, "contact was changed by someone else; reload and retry")
    return contact_out(contact)


def delete_contact(customer_id: str, contact_id: str, expected: int | None, actor: str) -> None:
    customer = load_profile(customer_id)
    contact = load_contact(customer_id, contact_id)
    check_version(contact, expected, "contact")
    contacts = contacts_of(customer_id)
    before = identifier_keys(customer, contacts)
    after = identifier_keys(customer, [c for c in contacts if c.contact_id != contact_id])
    writes: list[tuple[str, CrmItem]] = [("delete", contact)]
    writes += rewrite_derived(before, after, customer.tags or [], customer, rename=False)
    writes.append(("put", new_entry(customer_id, "system", f"Contact {contact_id} removed", actor=actor)))
    commit(writes, "contact was changed by someone else; reload and retry")


def add_note(customer_id: str, data: schemas.NoteIn, actor: str) -> responses.TimelineEntryOut:
    load_profile(customer_id)
    entry = new_entry(
        customer_id,
        data.kind,
        data.summary,
        body=data.body,
        channel=data.channel,
        direction=data.direction,
        actor=actor,
        occurred_at=data.occurred_at,
    )
    entry.save(condition=CrmItem.pk.does_not_exist())
    return responses.TimelineEntryOut.model_validate(entry.to_dict())


# ----------------------------------------------------------------- merge
