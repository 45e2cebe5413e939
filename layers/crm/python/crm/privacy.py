"""GDPR: export everything the CRM holds about a customer (Art. 15/20) and erase their personal data (Art. 17).

What erasure keeps, and why:
- orders, quotes and invoices as they are (with the customer name printed on them): statutory bookkeeping
  retention (Art. 17(3)(b)); they go when that period ends, not on request;
- the consent history (CONSENT#<email> events): proof of what the person agreed to or refused, kept as evidence,
  and a suppression entry so the erased address is never mailed again;
- the audit trail (field names only) and the analytics zone (pseudonymous ids and figures, no names);
- timeline entries' dates, kinds and reference ids (REF_KEYS), with their text removed.
Everything else personal goes: profile fields, contacts, identifiers (lookups by email/phone/tax id), tags, the
IVR PIN card, newsletter subscriptions, timeline text, the contact-center records of their calls and chats
(caller number, attributes, transcripts) and callback requests, voicemail audio and transcripts, chat transcripts,
inbound emails as SES stored them and their attachments.
Every lookup is a GetItem or Query on a key the customer's own items name; erasure is idempotent.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from crm.audit import AuditEntry, audit_pk
from crm.customers.models import Contact, Customer, Identifier, Tag, customer_pk
from crm.customers.timeline import TIMELINE_PREFIX, TimelineEntry, new_entry
from crm.db import CrmItem, now_iso, transaction
from crm.errors import NotFound, ValidationFailed

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


def _plain(item: CrmItem) -> dict[str, Any]:
    data = item.to_simple_dict()
    for key in ("gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"):
        data.pop(key, None)
    return data


def _profile(customer_id: str) -> Customer:
    try:
        return Customer.get(customer_pk(customer_id), "PROFILE")
    except Customer.DoesNotExist as exc:
        raise NotFound(f"customer {customer_id} does not exist", {"customer_id": "unknown"}) from exc


def _partition(customer_id: str) -> list[CrmItem]:
    return list(CrmItem.query(customer_pk(customer_id)))


def _emails(items: list[CrmItem]) -> list[str]:
    found: list[str] = []
    for item in items:
        if isinstance(item, Customer | Contact):
            found += [e for e in item.emails or [] if e not in found]
    return found


def _refs(items: list[CrmItem], key: str) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, TimelineEntry) and item.ref is not None:
            value = item.ref.as_dict().get(key)
            if isinstance(value, str) and value not in out:
                out.append(value)
    return out


def _attachments(items: list[CrmItem]) -> list[str]:
    keys: list[str] = []
    for item in items:
        if isinstance(item, TimelineEntry) and item.ref is not None:
            ref = item.ref.as_dict()
            keys += [k for k in [*(ref.get("attachments") or []), ref.get("raw_key")] if isinstance(k, str)]
    return keys


def _contact_center(items: list[CrmItem]) -> list[CrmItem]:
    """The Connect contact records (CONNECT#<contact id>) and callback requests of the calls and chats on the
    timeline: one GetItem each."""
    found: list[CrmItem] = []
    for contact_id in _refs(items, "contact_id"):
        for pk, sk in ((f"CONNECT#{contact_id}", "CONTACT"), (f"CALLBACK#{contact_id}", "CALLBACK")):
            try:
                found.append(CrmItem.get(pk, sk))
            except CrmItem.DoesNotExist:
                continue
    return found


def _s3_objects(items: list[CrmItem], contacts: list[CrmItem]) -> list[tuple[str, str]]:
    """(bucket, key) of the stored files about this customer: voicemail audio and transcripts and chat
    transcripts of their contacts, their inbound emails and attachments."""
    out: list[tuple[str, str]] = []
    voicemail, mail = os.environ.get("VOICEMAIL_BUCKET"), os.environ.get("MAIL_BUCKET")
    if voicemail:
        for contact_id in _refs(items, "contact_id"):
            out += [(voicemail, f"voicemail/{contact_id}.wav"), (voicemail, f"transcripts/{contact_id}.json")]
        prefix = os.environ.get("CHAT_TRANSCRIPT_PREFIX", "chat")
        for c in contacts:  # Connect names them <prefix>/<yyyy>/<mm>/<dd>/<contactId>_<time>_UTC.json
            if getattr(c, "channel", None) == "CHAT" and getattr(c, "initiated_at", None):
                day = c.initiated_at[:10].replace("-", "/")
                listed = _s3().list_objects_v2(Bucket=voicemail, Prefix=f"{prefix}/{day}/{c.contact_id}")
                out += [(voicemail, o["Key"]) for o in listed.get("Contents", [])]
    if mail:
        out += [(mail, key) for key in _attachments(items)]
    return out


def _send_record(send_id: str) -> CrmItem | None:
    try:
        return CrmItem.get(f"SEND#{send_id}", "SEND")
    except CrmItem.DoesNotExist:
        return None


def _s3() -> Any:
    import boto3

    return boto3.client("s3")


def export_customer(customer_id: str) -> dict[str, Any]:
    """Everything about one customer as JSON-ready data."""
    profile = _profile(customer_id)
    items = _partition(customer_id)
    from crm.cases.models import Case, CaseComment
    from crm.messaging.models import ConsentEvent
    from crm.orders.models import Order, Quote
    from crm.sales.models import Opportunity

    orders = [_plain(o) for o in Order.gsi1.query(f"CUSTORDERS#{customer_id}")]
    quotes = [_plain(q) for q in Quote.gsi1.query(f"CUSTQUOTES#{customer_id}")]
    opportunities = [_plain(o) for o in Opportunity.gsi3.query(f"OPPS#CUST#{customer_id}")]
    cases = []
    for case_id in _refs(items, "case_id"):
        case_items = list(CrmItem.query(f"CASE#{case_id}"))
        case = next((c for c in case_items if isinstance(c, Case)), None)
        if case is not None:
            cases.append({**_plain(case), "comments": [_plain(c) for c in case_items if isinstance(c, CaseComment)]})
    consent = [_plain(e) for email in _emails(items) for e in ConsentEvent.query(f"CONSENT#{email}")]
    contacts = _contact_center(items)
    from botocore.exceptions import ClientError

    files = []
    for bucket, key in _s3_objects(items, contacts):
        try:
            head = _s3().head_object(Bucket=bucket, Key=key)
            files.append({"bucket": bucket, "key": key, "bytes": head["ContentLength"]})
        except ClientError as exc:  # a call without voicemail has no audio: 404 is an answer, not an error
            if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchKey", "NotFound"):
                raise
    return {
        "customer_id": customer_id,
        "exported_at": now_iso(),
        "profile": _plain(profile),
        "contacts": [_plain(i) for i in items if isinstance(i, Contact)],
        "timeline": [_plain(i) for i in items if isinstance(i, TimelineEntry)],
        "other_items": [_plain(i) for i in items if not isinstance(i, Customer | Contact | TimelineEntry)],
        "orders": orders,
        "quotes": quotes,
        "opportunities": opportunities,
        "cases": cases,
        "contact_center": [_plain(c) for c in contacts],
        "consent_history": consent,
        "audit_trail": [e.to_dict() for e in AuditEntry.query(audit_pk(customer_id))],
        "files": files,
    }


def erase_customer(customer_id: str, confirm: str, reason: str, actor: str) -> dict[str, Any]:
    """Remove the customer's personal data (see the module doc for what stays). Safe to repeat."""
    if confirm != customer_id:
        raise ValidationFailed("confirm the erasure by repeating the customer id", {"confirm": "must equal the id"})
    profile = _profile(customer_id)
    items = _partition(customer_id)
    emails = _emails(items)
    contacts = _contact_center(items)
    files = _s3_objects(items, contacts)  # before the timeline refs that name them are cleared
    from crm.contact_centre.models import CustomerCard
    from crm.messaging.models import NewsletterList, Subscriber, Suppression

    at = now_iso()
    writes: list[tuple[str, CrmItem]] = [("delete", c) for c in contacts]
    for item in items:
        if isinstance(item, Contact | CustomerCard | Identifier | Tag):
            writes.append(("delete", item))
        elif isinstance(item, TimelineEntry) and (item.summary != ERASED or item.body):
            ref = item.ref.as_dict() if item.ref is not None else {}
            if isinstance(ref.get("send_id"), str):  # the send record's key embeds the address
                send = _send_record(ref["send_id"])
                if send is not None:
                    writes.append(("delete", send))
            item.summary, item.body = ERASED, None
            item.ref = {k: v for k, v in ref.items() if k in REF_KEYS} or None
            if (item.actor or "").lower() in {e.lower() for e in emails}:
                item.actor = None  # an inbound email names its sender as the actor
            if item.entry_id.startswith("in-"):  # an inbound email's id is its Message-ID, with the sender's domain
                writes.append(("delete", TimelineEntry(pk=item.pk, sk=item.sk)))
                item.entry_id = "in-" + hashlib.sha256(item.entry_id.encode()).hexdigest()[:16]
                item.sk = f"{TIMELINE_PREFIX}{item.occurred_at}#{item.entry_id}"
            writes.append(("put", item))
    subscriptions = [
        s
        for lst in NewsletterList.gsi1.query("LISTS")
        for email in emails
        for s in Subscriber.query(f"LIST#{lst.list_id}", Subscriber.sk == f"SUB#{email}")
    ]
    writes += [("delete", s) for s in subscriptions]
    writes += [
        (
            "put",
            Suppression(pk="SUPPRESS#EMAIL", sk=e.lower(), channel="EMAIL", address=e.lower(), reason="erased", at=at),
        )
        for e in emails
    ]
    for i in range(0, len(writes), 90):  # transactions of <= 100 items; the profile goes last
        with transaction("the customer changed during erasure; retry") as tx:
            for op, item in writes[i : i + 90]:
                tx.delete(item) if op == "delete" else tx.save(item)
    removed_files = 0
    for bucket, key in files:
        versions = _s3().list_object_versions(Bucket=bucket, Prefix=key).get("Versions", [])
        for v in versions:
            if v["Key"] == key:  # versioned buckets: every version, or the data would survive as a noncurrent one
                _s3().delete_object(Bucket=bucket, Key=key, VersionId=v["VersionId"])
                removed_files += 1
    for field in PERSONAL_PROFILE_FIELDS:
        setattr(profile, field, None)
    profile.name, profile.emails, profile.phones, profile.tags = ERASED, [], [], []
    profile.consent, profile.status, profile.owner = None, ERASED, None
    profile.updated_at, profile.updated_by = at, actor
    profile.gsi1pk = profile.gsi1sk = profile.gsi2pk = profile.gsi2sk = None  # out of every list
    with transaction("the customer changed during erasure; retry") as tx:
        tx.save(profile)
        tx.save(new_entry(customer_id, "system", f"Personal data erased: {reason}"[:200], actor=actor))
    return {
        "customer_id": customer_id,
        "status": ERASED,
        "items_changed": len(writes) + 1,
        "files_removed": removed_files,
        "suppressed_addresses": len(emails),
    }
