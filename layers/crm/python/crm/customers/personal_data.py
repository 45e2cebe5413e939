"""The customers context's part of the GDPR export and erasure: the profile, contacts, identifiers, tags and the
timeline (its text goes; dates, kinds and the reference ids in REF_KEYS stay)."""

from __future__ import annotations

import hashlib

import crm.registry  # noqa: F401 - the partition holds items of every context
from crm.customers.models import Contact, Customer, Identifier, Tag
from crm.customers.repository import PROFILE_SK, TIMELINE_PREFIX, customer_pk
from crm.customers.timeline import TimelineEntry, new_entry
from crm.db import CrmItem, get_or_404, now_iso, transaction
from crm.personal_data import DataSubject, Erasure, PersonalData, record

ERASED = "erased"
# ids a timeline entry may keep after erasure; anything else in `ref` (send ids that embed an address, message
# ids, attachment keys) goes
REF_KEYS = frozenset(
    {
        "order_id",
        "invoice_number",
        "txn_id",
        "status",
        "case_id",
        "level",
        "quote_id",
        "opportunity_id",
        "lead_id",
        "task_id",
        "registration_id",
        "contact_id",
        "queue",
        "survey_id",
    }
)
PERSONAL_PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "tax_id",
    "external_id",
    "website",
    "address",
    "needs",
    "expectations",
    "buying_habits",
    "offer_fit_notes",
    "language",
    "preferred_channel",
)


def _profile(customer_id: str) -> Customer:
    return get_or_404(
        Customer,
        customer_pk(customer_id),
        PROFILE_SK,
        f"customer {customer_id} does not exist",
        {"customer_id": "unknown"},
    )


def _partition(customer_id: str) -> list[CrmItem]:
    return list(CrmItem.query(customer_pk(customer_id)))


def data_subject(customer_id: str) -> DataSubject:
    """The customer's addresses and the ids their timeline names: one Query of the partition (404 if unknown)."""
    _profile(customer_id)
    items = _partition(customer_id)
    emails: list[str] = []
    refs: dict[str, list[str]] = {}
    stored: list[str] = []
    for item in items:
        if isinstance(item, Customer | Contact):
            emails += [e for e in item.emails or [] if e not in emails]
        elif isinstance(item, TimelineEntry) and item.ref is not None:
            ref = item.ref.as_dict()
            for key, value in ref.items():
                if isinstance(value, str) and value not in refs.setdefault(key, []):
                    refs[key].append(value)
            stored += [k for k in [*(ref.get("attachments") or []), ref.get("raw_key")] if isinstance(k, str)]
    return DataSubject(customer_id, tuple(emails), {k: tuple(v) for k, v in refs.items()}, tuple(stored))


def personal_data(subject: DataSubject) -> PersonalData:
    items = _partition(subject.customer_id)
    profile = next(i for i in items if isinstance(i, Customer))
    return PersonalData(
        sections={
            "profile": [record(profile)],
            "contacts": [record(i) for i in items if isinstance(i, Contact)],
            "timeline": [record(i) for i in items if isinstance(i, TimelineEntry)],
            "other_items": [record(i) for i in items if not isinstance(i, Customer | Contact | TimelineEntry)],
        }
    )


def _scrub(entry: TimelineEntry, emails: set[str]) -> list[tuple[str, CrmItem]]:
    """The entry without its text and personal references (an inbound email's id embeds the sender's domain,
    so that entry moves to a hashed id)."""
    writes: list[tuple[str, CrmItem]] = []
    ref = entry.ref.as_dict() if entry.ref is not None else {}
    entry.summary, entry.body = ERASED, None
    entry.ref = {k: v for k, v in ref.items() if k in REF_KEYS} or None
    if (entry.actor or "").lower() in emails:
        entry.actor = None  # an inbound email names its sender as the actor
    if entry.entry_id.startswith("in-"):
        writes.append(("delete", TimelineEntry(pk=entry.pk, sk=entry.sk)))
        entry.entry_id = "in-" + hashlib.sha256(entry.entry_id.encode()).hexdigest()[:16]
        entry.sk = f"{TIMELINE_PREFIX}{entry.occurred_at}#{entry.entry_id}"
    return [*writes, ("put", entry)]


def erasure(subject: DataSubject) -> Erasure:
    """Contacts, identifiers and tags go; timeline entries lose their text. The profile is erased last."""
    emails = {e.lower() for e in subject.emails}
    plan = Erasure()
    for item in _partition(subject.customer_id):
        if isinstance(item, Contact | Identifier | Tag):
            plan.writes.append(("delete", item))
        elif isinstance(item, TimelineEntry) and (item.summary != ERASED or item.body):
            plan.writes += _scrub(item, emails)  # type: ignore[arg-type]
    return plan


def erase_profile(customer_id: str, reason: str, actor: str) -> None:
    """The profile keeps its id, dates and orders' reference; everything personal on it goes, and it leaves
    every list. The timeline says when and why (not what)."""
    profile = _profile(customer_id)
    for name in PERSONAL_PROFILE_FIELDS:
        setattr(profile, name, None)
    profile.name, profile.emails, profile.phones, profile.tags = ERASED, [], [], []
    profile.consent, profile.status, profile.owner = None, ERASED, None
    profile.custom = None  # admin-defined values may be personal: none stay
    profile.updated_at, profile.updated_by = now_iso(), actor
    profile.gsi1pk = profile.gsi1sk = profile.gsi2pk = profile.gsi2sk = None  # out of every list
    with transaction("the customer changed during erasure; retry") as tx:
        tx.save(profile)
        tx.save(new_entry(customer_id, "system", f"Personal data erased: {reason}"[:200], actor=actor))
