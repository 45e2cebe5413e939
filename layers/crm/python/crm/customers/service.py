"""Customer rules: create with duplicate detection, optimistic-locked updates, soft delete, merge, 360 view.

Plain values in, plain dicts out; every multi-item change is one DynamoDB transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

import crm.registry  # noqa: F401 - a Query of the customer's partition builds every item kind
from crm.config import get_settings
from crm.contactinfo import company_domains, normalize_phone
from crm.customers import schemas
from crm.customers.models import (
    ALL_CUSTOMERS,
    CONTACT_PREFIX,
    IDENT_PREFIX,
    PROFILE_SK,
    TAG_PREFIX,
    Address,
    Consent,
    Contact,
    Customer,
    Identifier,
    Tag,
    as_plain,
    customer_pk,
)
from crm.customers.timeline import TimelineEntry, list_entries, new_entry
from crm.db import CrmItem, Index, connection, decode_cursor, encode_cursor, now_iso
from crm.errors import (
    Conflict,
    DuplicateCustomer,
    Gone,
    NotFound,
    PreconditionRequired,
    ValidationFailed,
    VersionConflict,
)

MAX_ITEMS_PER_TRANSACTION = 100
DUPLICATE_KINDS = frozenset({"EMAIL", "PHONE", "TAXID", "EXT"})  # DOMAIN is indexed for matching, not for duplicates
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


# ----------------------------------------------------------------- shaping


def customer_to_dict(c: Customer) -> dict[str, Any]:
    return {
        "customer_id": c.customer_id,
        "kind": c.kind,
        "name": c.name,
        **{f: getattr(c, f) for f in PROFILE_FIELDS},
        "address": _address_out(c.address),
        "emails": list(c.emails or []),
        "phones": list(c.phones or []),
        "tags": list(c.tags or []),
        "consent": as_plain(c.consent) if c.consent is not None else None,
        "status": c.status,
        "merged_into": c.merged_into,
        "created_at": c.created_at,
        "created_by": c.created_by,
        "updated_at": c.updated_at,
        "updated_by": c.updated_by,
        "version": int(c.version),
    }


def _address_out(a: Address | None) -> dict[str, Any] | None:
    if a is None:
        return None
    out = as_plain(a)
    return {k: v for k, v in out.items() if v is not None}


def contact_to_dict(c: Contact) -> dict[str, Any]:
    return {
        "contact_id": c.contact_id,
        **{f: getattr(c, f) for f in CONTACT_FIELDS},
        "emails": list(c.emails or []),
        "phones": list(c.phones or []),
        "version": int(c.version),
    }


# ----------------------------------------------------------------- keys of derived items


def _identifier_keys(customer: Customer, contacts: Iterable[Contact]) -> dict[tuple[str, str], str | None]:
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


def _identifier_item(customer_id: str, kind: str, value: str, contact_id: str | None) -> Identifier:
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


def _tag_item(customer: Customer, tag: str) -> Tag:
    return Tag(
        pk=customer.pk,
        sk=f"{TAG_PREFIX}{tag.lower()}",
        gsi1pk=f"TAG#{tag.lower()}",
        gsi1sk=_name_key(customer),
        customer_id=customer.customer_id,
        tag=tag,
    )


def _name_key(customer: Customer) -> str:
    return f"{customer.name.casefold()}#{customer.customer_id}"


def _index_keys(customer: Customer) -> None:
    """Sparse index keys: only active customers appear in the owner's book and the A-Z list."""
    if customer.status == "active":
        customer.gsi1pk = f"OWNER#{customer.owner}" if customer.owner else None
        customer.gsi1sk = _name_key(customer) if customer.owner else None
        customer.gsi2pk = ALL_CUSTOMERS
        customer.gsi2sk = _name_key(customer)
    else:
        customer.gsi1pk = customer.gsi1sk = customer.gsi2pk = customer.gsi2sk = None


# ----------------------------------------------------------------- reads


def _load_profile(customer_id: str, *, allow_inactive: bool = False) -> Customer:
    try:
        customer = Customer.get(customer_pk(customer_id), PROFILE_SK)
    except DoesNotExist as exc:
        raise NotFound(f"customer {customer_id} does not exist", {"customer_id": "unknown"}) from exc
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


def get_customer(customer_id: str) -> dict[str, Any]:
    return customer_to_dict(_load_profile(customer_id))


def customer_360(customer_id: str, timeline_limit: int = 20) -> dict[str, Any]:
    """Profile, contacts and newest timeline entries in ONE descending Query of the customer's partition.

    Descending order reads PROFILE, then CONTACT#…, then #TL# newest-first; contacts are capped at
    MAX_CONTACTS, so a page of that size plus the wanted entries always holds all three.
    """
    pk = customer_pk(customer_id)
    # profile + derived items (per-currency order counters, figures) + contacts + entries + one to see if more
    limit = 2 + MAX_DERIVED_ITEMS + schemas.MAX_CONTACTS + timeline_limit
    result = CrmItem.query(pk, CrmItem.sk > "#", scan_index_forward=False, limit=limit, page_size=limit)
    profile: Customer | None = None
    contacts: list[Contact] = []
    timeline: list[TimelineEntry] = []
    derived: dict[str, list[dict[str, Any]]] = {}
    more = False
    for item in result:
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
        _load_profile(customer_id)  # raises the right 410 (no extra request for an active customer)
    next_cursor = encode_cursor({"pk": {"S": pk}, "sk": {"S": timeline[-1].sk}}) if more else None
    contacts.sort(key=lambda c: (not c.is_primary, c.last_name.casefold()))
    return {
        "customer": customer_to_dict(profile),
        "contacts": [contact_to_dict(c) for c in contacts],
        "timeline": [t.to_dict() for t in timeline],
        "timeline_next": next_cursor,
        "stats": derived.get("stats", []),
        "figures": next(iter(derived.get("figures", [])), None),
    }


def list_timeline(customer_id: str, limit: int, cursor: str | None) -> dict[str, Any]:
    entries, nxt = list_entries(customer_id, limit, cursor)
    if not entries and cursor is None:
        _load_profile(customer_id)  # 404/410 rather than an empty list for an unknown customer
    return {"items": [e.to_dict() for e in entries], "next": nxt}


def list_customers(
    *, owner: str | None, tag: str | None, name_prefix: str | None, limit: int, cursor: str | None
) -> dict[str, Any]:
    """By owner (gsi1 OWNER#), by tag (gsi1 TAG#, then one BatchGet), or everyone A-Z (gsi2)."""
    if owner and tag:
        raise ValidationFailed("filter by owner or by tag, not both", {"tag": "cannot combine with owner"})
    prefix = name_prefix.casefold() if name_prefix else None
    index: Index
    if tag:
        hash_key, index, attr = f"TAG#{tag.lower()}", Tag.gsi1, "gsi1"
    elif owner:
        hash_key, index, attr = f"OWNER#{owner}", Customer.gsi1, "gsi1"
    else:
        hash_key, index, attr = ALL_CUSTOMERS, Customer.gsi2, "gsi2"
    start = decode_cursor(cursor, expect={f"{attr}pk": hash_key})
    range_cond = None
    if prefix:
        range_cond = (Tag.gsi1sk if attr == "gsi1" else Customer.gsi2sk).startswith(prefix)
    result = index.query(hash_key, range_cond, limit=limit, last_evaluated_key=start)
    items = list(result)
    if tag:
        ids = [t.customer_id for t in items]
        by_id = {c.customer_id: c for c in Customer.batch_get([(customer_pk(i), PROFILE_SK) for i in ids])}
        customers = [by_id[i] for i in ids if i in by_id and by_id[i].status == "active"]
    else:
        customers = items
    return {"items": [customer_to_dict(c) for c in customers], "next": encode_cursor(result.last_evaluated_key)}


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


def lookup(
    *, email: str | None = None, phone: str | None = None, tax_id: str | None = None, external_id: str | None = None
) -> dict[str, Any]:
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
                {
                    "matched_on": f"{kind.lower()}:{value}",
                    "contact_id": ident.contact_id,
                    "customer": customer_to_dict(customer),
                }
            )
    return {"items": items}


# ----------------------------------------------------------------- writes


def _commit(writes: list[tuple[str, CrmItem]], conflict_message: str) -> None:
    """One TransactWrite of ('put'|'delete', item) pairs; a failed condition becomes a 409."""
    if len(writes) > MAX_ITEMS_PER_TRANSACTION:
        raise ValidationFailed(
            f"this change touches {len(writes)} items; at most {MAX_ITEMS_PER_TRANSACTION} change together",
            {"contacts": "add large numbers of contacts in separate requests"},
        )
    try:
        with TransactWrite(connection=connection()) as tx:
            for op, item in writes:
                if op == "put":
                    tx.save(item)
                elif op == "create":
                    tx.save(item, condition=CrmItem.pk.does_not_exist())
                else:
                    tx.delete(item)
    except TransactWriteError as exc:
        reasons = [getattr(r, "code", None) for r in (exc.cancellation_reasons or []) if r is not None]
        if "ConditionalCheckFailed" in reasons or "TransactionConflict" in reasons:
            raise VersionConflict(conflict_message) from exc
        raise


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
    contact_id = uuid.uuid4().hex[:12]
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
        created_at=at,
        updated_at=at,
    )


def new_customer_items(data: schemas.CustomerCreate, actor: str) -> tuple[Customer, list[CrmItem]]:
    """Every item a new customer consists of: profile, contacts, identifiers, tags and the "created" entry."""
    at = now_iso()
    customer_id = uuid.uuid4().hex[:16]
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
        status="active",
        created_at=at,
        created_by=actor,
        updated_at=at,
        updated_by=actor,
    )
    _index_keys(customer)
    contacts = [_contact_item(customer_id, c, at) for c in data.contacts]
    idents = _identifier_keys(customer, contacts)
    items: list[CrmItem] = [customer, *contacts]
    items += [_identifier_item(customer_id, k, v, cid) for (k, v), cid in idents.items()]
    items += [_tag_item(customer, t) for t in customer.tags]
    items.append(new_entry(customer_id, "system", f"Customer created by {actor}", actor=actor))
    return customer, items


def create_customer(data: schemas.CustomerCreate, actor: str, *, force: bool = False) -> dict[str, Any]:
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
    _commit([("create", customer), *[("put", i) for i in items[1:]]], "customer id collision, retry")
    return customer_to_dict(customer)


def _duplicate_fields(dups: list[dict[str, str]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for d in dups:
        kind, _, value = d["matched_on"].partition(":")
        field = {"email": "emails", "phone": "phones", "taxid": "tax_id", "ext": "external_id"}[kind]
        fields.setdefault(field, f"{value} belongs to customer {d['customer_id']}")
    return fields


def _check_version(item: Customer | Contact, expected: int | None, what: str) -> None:
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


def _contacts_of(customer_id: str) -> list[Contact]:
    return list(Contact.query(customer_pk(customer_id), Contact.sk.startswith(CONTACT_PREFIX)))


def _rewrite_derived(
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
            writes.append(("put", _identifier_item(cid, k, v, contact)))
    for k, v in old_customer_idents:
        if (k, v) not in new_idents:
            writes.append(("delete", _identifier_item(cid, k, v, None)))
    old = {t.lower() for t in old_tags}
    new = {t.lower(): t for t in customer.tags or []}
    for low, tag in new.items():
        if low not in old or rename:
            writes.append(("put", _tag_item(customer, tag)))
    for low in old - set(new):
        writes.append(("delete", _tag_item(customer, low)))
    return writes


def update_customer(
    customer_id: str, patch: schemas.CustomerPatch, expected_version: int | None, actor: str, *, force: bool = False
) -> dict[str, Any]:
    customer = _load_profile(customer_id)
    _check_version(customer, expected_version, "customer")
    contacts = _contacts_of(customer_id)
    before_idents = _identifier_keys(customer, contacts)
    before_tags = list(customer.tags or [])
    before_name = customer.name
    changes = patch.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        return customer_to_dict(customer)
    for f in PROFILE_FIELDS:
        if f in changes:
            setattr(customer, f, getattr(patch, f))
    for f in ("emails", "phones", "tags"):
        if f in changes:
            setattr(customer, f, getattr(patch, f) or [])
    # Nested objects merge like JSON Merge Patch (RFC 7386): given fields replace, null removes the object.
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
    if {"name", "first_name", "last_name"} & changes.keys():
        name = patch.name if "name" in changes else (None if customer.kind == "person" else customer.name)
        customer.name = _display_name(customer.kind, name, customer.first_name, customer.last_name)
    customer.updated_at = now_iso()
    customer.updated_by = actor
    _index_keys(customer)
    after_idents = _identifier_keys(customer, contacts)
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
    writes += _rewrite_derived(before_idents, after_idents, before_tags, customer, customer.name != before_name)
    changed = ", ".join(sorted(changes))
    writes.append(("put", new_entry(customer_id, "system", f"Updated {changed}", actor=actor)))
    _commit(writes, "customer was changed by someone else; reload and retry")
    return customer_to_dict(customer)


def delete_customer(customer_id: str, expected_version: int | None, actor: str) -> None:
    """Soft delete: the profile stays (status=deleted) for audit; identifiers and tags go, so the customer
    drops out of lists, lookups and duplicate checks."""
    customer = _load_profile(customer_id)
    _check_version(customer, expected_version, "customer")
    contacts = _contacts_of(customer_id)
    idents = _identifier_keys(customer, contacts)
    customer.status = "deleted"
    customer.updated_at = now_iso()
    customer.updated_by = actor
    _index_keys(customer)
    writes: list[tuple[str, CrmItem]] = [("put", customer)]
    writes += [("delete", _identifier_item(customer_id, k, v, None)) for k, v in idents]
    writes += [("delete", _tag_item(customer, t)) for t in customer.tags or []]
    writes.append(("put", new_entry(customer_id, "system", f"Deleted by {actor}", actor=actor)))
    _commit(writes, "customer was changed by someone else; reload and retry")


# ----------------------------------------------------------------- contacts and notes


def add_contact(customer_id: str, data: schemas.ContactIn, actor: str, *, force: bool = False) -> dict[str, Any]:
    customer = _load_profile(customer_id)
    contacts = _contacts_of(customer_id)
    if len(contacts) >= schemas.MAX_CONTACTS:
        raise ValidationFailed(f"a customer has at most {schemas.MAX_CONTACTS} contacts", {"contacts": "limit reached"})
    contact = _contact_item(customer_id, data, now_iso())
    before = _identifier_keys(customer, contacts)
    after = _identifier_keys(customer, [*contacts, contact])
    added = [k for k in after if k not in before]
    if added and not force:
        dups = find_duplicates(added, exclude=customer_id)
        if dups:
            raise DuplicateCustomer("another customer holds this identifier", _duplicate_fields(dups), duplicates=dups)
    writes: list[tuple[str, CrmItem]] = [("create", contact)]
    writes += [("put", _identifier_item(customer_id, k, v, c)) for (k, v), c in after.items() if (k, v) in added]
    name = " ".join(p for p in (data.first_name, data.last_name) if p)
    writes.append(("put", new_entry(customer_id, "system", f"Contact {name} added", actor=actor)))
    _commit(writes, "contact id collision, retry")
    return contact_to_dict(contact)


def _load_contact(customer_id: str, contact_id: str) -> Contact:
    try:
        return Contact.get(customer_pk(customer_id), f"{CONTACT_PREFIX}{contact_id}")
    except DoesNotExist as exc:
        raise NotFound(f"contact {contact_id} does not exist", {"contact_id": "unknown"}) from exc


def update_contact(
    customer_id: str, contact_id: str, patch: schemas.ContactPatch, expected: int | None, actor: str
) -> dict[str, Any]:
    customer = _load_profile(customer_id)
    contact = _load_contact(customer_id, contact_id)
    _check_version(contact, expected, "contact")
    contacts = _contacts_of(customer_id)
    before = _identifier_keys(customer, contacts)
    changes = patch.model_dump(exclude_unset=True, exclude={"version"})
    if "last_name" in changes and not patch.last_name:
        raise ValidationFailed("last_name cannot be removed", {"last_name": "required"})
    for f in CONTACT_FIELDS:
        if f in changes:
            value = getattr(patch, f)
            setattr(contact, f, [] if value is None and f in ("emails", "phones") else value)
    contact.updated_at = now_iso()
    after = _identifier_keys(customer, [contact if c.contact_id == contact_id else c for c in contacts])
    added = [k for k in after if k not in before]
    if added:
        dups = find_duplicates(added, exclude=customer_id)
        if dups:
            raise DuplicateCustomer("another customer holds this identifier", _duplicate_fields(dups), duplicates=dups)
    writes: list[tuple[str, CrmItem]] = [("put", contact)]
    writes += _rewrite_derived(before, after, customer.tags or [], customer, rename=False)
    writes.append(("put", new_entry(customer_id, "system", f"Contact {contact_id} updated", actor=actor)))
    _commit(writes, "contact was changed by someone else; reload and retry")
    return contact_to_dict(contact)


def delete_contact(customer_id: str, contact_id: str, expected: int | None, actor: str) -> None:
    customer = _load_profile(customer_id)
    contact = _load_contact(customer_id, contact_id)
    _check_version(contact, expected, "contact")
    contacts = _contacts_of(customer_id)
    before = _identifier_keys(customer, contacts)
    after = _identifier_keys(customer, [c for c in contacts if c.contact_id != contact_id])
    writes: list[tuple[str, CrmItem]] = [("delete", contact)]
    writes += _rewrite_derived(before, after, customer.tags or [], customer, rename=False)
    writes.append(("put", new_entry(customer_id, "system", f"Contact {contact_id} removed", actor=actor)))
    _commit(writes, "contact was changed by someone else; reload and retry")


def add_note(customer_id: str, data: schemas.NoteIn, actor: str) -> dict[str, Any]:
    _load_profile(customer_id)
    entry = new_entry(
        customer_id,
        data.kind,
        data.summary,
        body=data.body,
        channel=data.channel,
        actor=actor,
        occurred_at=data.occurred_at,
    )
    entry.save(condition=CrmItem.pk.does_not_exist())
    return entry.to_dict()


# ----------------------------------------------------------------- merge


def merge_customers(target_id: str, source_id: str, expected_version: int | None, actor: str) -> dict[str, Any]:
    """Move the source's contacts, timeline, identifiers and tags to the target; the source stays as a
    tombstone (status=merged, merged_into) and both timelines get an audit entry.

    Items move in transactions of up to 100 writes; the profiles change in the last one, so a merge that
    stops half-way can simply be run again.
    """
    if target_id == source_id:
        raise ValidationFailed("a customer cannot be merged into itself", {"source_id": "same as target"})
    target = _load_profile(target_id)
    _check_version(target, expected_version, "customer")
    source = _load_profile(source_id)
    if source.kind != target.kind:
        raise Conflict(f"cannot merge a {source.kind} into a {target.kind}", {"source_id": f"is a {source.kind}"})
    moved: list[tuple[str, CrmItem]] = []
    for item in CrmItem.query(source.pk, CrmItem.sk > "#"):
        if isinstance(item, Contact | TimelineEntry):
            copy = type(item).from_raw_data(item.serialize())
            copy.pk = target.pk
            copy.customer_id = target_id
            if isinstance(copy, Contact):
                copy.attribute_values.pop("version", None)  # new item in the target's partition: version 1
            moved.append(("put", copy))
            moved.append(("delete", item))
    source_contacts = [i for _, i in moved if isinstance(i, Contact) and i.pk == target.pk]
    target_contacts = _contacts_of(target_id)
    before_idents = _identifier_keys(target, target_contacts)
    before_tags = list(target.tags or [])
    source_idents = _identifier_keys(source, _contacts_of(source_id))

    # Target keeps its values; empty fields and list values are filled from the source.
    for f in PROFILE_FIELDS:
        if getattr(target, f) in (None, "") and getattr(source, f) not in (None, ""):
            setattr(target, f, getattr(source, f))
    for f in ("emails", "phones", "tags"):
        setattr(target, f, list(dict.fromkeys([*(getattr(target, f) or []), *(getattr(source, f) or [])])))
    if target.address is None:
        target.address = source.address
    if target.consent is None:
        target.consent = source.consent
    at = now_iso()
    target.updated_at = at
    target.updated_by = actor
    _index_keys(target)
    after_idents = _identifier_keys(target, [*target_contacts, *source_contacts])

    source.status = "merged"
    source.merged_into = target_id
    source.updated_at = at
    source.updated_by = actor
    _index_keys(source)

    final: list[tuple[str, CrmItem]] = [("put", target), ("put", source)]
    final += _rewrite_derived(before_idents, after_idents, before_tags, target, rename=False)
    final += [("delete", _identifier_item(source_id, k, v, None)) for k, v in source_idents]
    final += [("delete", _tag_item(source, t)) for t in source.tags or []]
    summary = f"Merged customer {source_id} ({source.name}) into this customer"
    final.append(("put", new_entry(target_id, "merge", summary, actor=actor, ref={"source_id": source_id})))
    final.append(
        ("put", new_entry(source_id, "merge", f"Merged into {target_id}", actor=actor, ref={"target_id": target_id}))
    )
    room = MAX_ITEMS_PER_TRANSACTION - len(final)
    if room < 0:
        raise ValidationFailed("too many identifiers to merge at once", {"source_id": "too many identifiers"})
    # Move pairs (put copy + delete original) never split across transactions.
    head, tail = moved[: room - room % 2], moved[room - room % 2 :]
    for i in range(0, len(tail), MAX_ITEMS_PER_TRANSACTION):
        _commit(tail[i : i + MAX_ITEMS_PER_TRANSACTION], "merge collided with another change; run it again")
    _commit([*head, *final], "a customer changed during the merge; reload and retry")
    return customer_to_dict(target)
