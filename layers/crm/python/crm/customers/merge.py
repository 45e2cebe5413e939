"""Merging a duplicate into a customer: contacts, timeline, identifiers and tags move; the source stays as a
tombstone pointing at the target."""

from __future__ import annotations

from crm.customers import responses
from crm.customers.models import Contact, Customer
from crm.customers.repository import contacts_of, identifier_item, identifier_keys, index_keys, load_profile, tag_item
from crm.customers.service import MAX_ITEMS_PER_TRANSACTION, check_version, commit, rewrite_derived
from crm.customers.timeline import TimelineEntry, new_entry
from crm.customers.views import PROFILE_FIELDS, customer_out
from crm.db import CrmItem, now_iso
from crm.errors import Conflict, ValidationFailed


def _moves(source: Customer, target: Customer) -> list[tuple[str, CrmItem]]:
    """A copy in the target's partition and the delete of the original, for each contact and timeline entry."""
    moved: list[tuple[str, CrmItem]] = []
    for item in CrmItem.query(source.pk, CrmItem.sk > "#"):
        if isinstance(item, Contact | TimelineEntry):
            copy = type(item).from_raw_data(item.serialize())
            copy.pk = target.pk
            copy.customer_id = target.customer_id
            if isinstance(copy, Contact):
                copy.attribute_values.pop("version", None)  # new item in the target's partition: version 1
            moved += [("put", copy), ("delete", item)]
    return moved


def _fill_from(target: Customer, source: Customer) -> None:
    """The target keeps its values; empty fields, lists, address and consent are filled from the source."""
    for f in PROFILE_FIELDS:
        if getattr(target, f) in (None, "") and getattr(source, f) not in (None, ""):
            setattr(target, f, getattr(source, f))
    for f in ("emails", "phones", "tags"):
        setattr(target, f, list(dict.fromkeys([*(getattr(target, f) or []), *(getattr(source, f) or [])])))
    target.address = target.address if target.address is not None else source.address
    target.consent = target.consent if target.consent is not None else source.consent


def _final_writes(
    target: Customer, source: Customer, moved: list[tuple[str, CrmItem]], actor: str
) -> list[tuple[str, CrmItem]]:
    """Both profiles, the identifier and tag items following them, and an entry on each timeline."""
    source_contacts = [i for _, i in moved if isinstance(i, Contact) and i.pk == target.pk]
    target_contacts = contacts_of(target.customer_id)
    before_idents = identifier_keys(target, target_contacts)
    before_tags = list(target.tags or [])
    source_idents = identifier_keys(source, contacts_of(source.customer_id))
    _fill_from(target, source)
    at = now_iso()
    target.updated_at, target.updated_by = at, actor
    index_keys(target)
    after_idents = identifier_keys(target, [*target_contacts, *source_contacts])
    source.status, source.merged_into, source.updated_at, source.updated_by = "merged", target.customer_id, at, actor
    index_keys(source)
    final: list[tuple[str, CrmItem]] = [("put", target), ("put", source)]
    final += rewrite_derived(before_idents, after_idents, before_tags, target, rename=False)
    final += [("delete", identifier_item(source.customer_id, k, v, None)) for k, v in source_idents]
    final += [("delete", tag_item(source, t)) for t in source.tags or []]
    summary = f"Merged customer {source.customer_id} ({source.name}) into this customer"
    final.append(
        ("put", new_entry(target.customer_id, "merge", summary, actor=actor, ref={"source_id": source.customer_id}))
    )
    merged = f"Merged into {target.customer_id}"
    final.append(
        ("put", new_entry(source.customer_id, "merge", merged, actor=actor, ref={"target_id": target.customer_id}))
    )
    return final


def merge_customers(target_id: str, source_id: str, expected_version: int | None, actor: str) -> responses.CustomerOut:
    """Move the source's contacts, timeline, identifiers and tags to the target; the source stays as a
    tombstone (status=merged, merged_into) and both timelines get an audit entry.

    Items move in transactions of up to 100 writes; the profiles change in the last one, so a merge that
    stops half-way can simply be run again.
    """
    if target_id == source_id:
        raise ValidationFailed("a customer cannot be merged into itself", {"source_id": "same as target"})
    target = load_profile(target_id)
    check_version(target, expected_version, "customer")
    source = load_profile(source_id)
    if source.kind != target.kind:
        raise Conflict(f"cannot merge a {source.kind} into a {target.kind}", {"source_id": f"is a {source.kind}"})
    moved = _moves(source, target)
    final = _final_writes(target, source, moved, actor)
    room = MAX_ITEMS_PER_TRANSACTION - len(final)
    if room < 0:
        raise ValidationFailed("too many identifiers to merge at once", {"source_id": "too many identifiers"})
    # Move pairs (put copy + delete original) never split across transactions.
    head, tail = moved[: room - room % 2], moved[room - room % 2 :]
    for i in range(0, len(tail), MAX_ITEMS_PER_TRANSACTION):
        commit(tail[i : i + MAX_ITEMS_PER_TRANSACTION], "merge collided with another change; run it again")
    commit([*head, *final], "a customer changed during the merge; reload and retry")
    return customer_out(target)
