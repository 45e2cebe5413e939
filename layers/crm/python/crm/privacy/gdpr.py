"""GDPR: export everything the CRM holds about a customer (Art. 15/20) and erase their personal data (Art. 17).

Each context answers for its own items and files (its `personal_data` module, the context's second public
face, kept apart from `public` so that reading a context never imports what erasure needs); this module gathers
the answers, runs the writes in transactions and removes the files. What erasure keeps, and why:
- orders, quotes and invoices as they are: statutory bookkeeping retention (Art. 17(3)(b));
- the consent history: proof of what the person agreed to or refused, and a suppression entry so the erased
  address is never mailed again;
- the audit trail (field names only) and the analytics zone (pseudonymous ids and figures, no names);
- timeline entries' dates, kinds and reference ids, with their text removed.
Everything else personal goes: profile fields, contacts, identifiers, tags, the IVR PIN card, newsletter
subscriptions, send records, timeline text, contact-center records of calls and chats and callback requests,
voicemail audio and transcripts, chat transcripts, inbound emails as stored and their attachments.
Every lookup is a GetItem or Query on a key the customer's own items name; erasure is idempotent.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from crm.aws import client
from crm.cases import personal_data as cases
from crm.contact_centre import personal_data as contact_centre
from crm.customers import personal_data as customers
from crm.db import now_iso, transaction
from crm.errors import ValidationFailed
from crm.feedback import personal_data as feedback
from crm.messaging import personal_data as messaging
from crm.orders import personal_data as orders
from crm.personal_data import DataSubject, Erasure, PersonalData
from crm.privacy.audit import AuditEntry, audit_pk
from crm.privacy.schemas import CustomerExport, ErasureOut
from crm.sales import personal_data as sales

HOLDERS = (customers, orders, sales, cases, contact_centre, messaging, feedback)
ERASERS = (contact_centre, feedback, customers, messaging)  # in this order; the profile goes last


def _existing(files: list[tuple[str, str]]) -> list[dict[str, Any]]:
    found = []
    for bucket, key in files:
        try:
            head = client("s3").head_object(Bucket=bucket, Key=key)
            found.append({"bucket": bucket, "key": key, "bytes": head["ContentLength"]})
        except ClientError as exc:  # a call without voicemail has no audio: 404 is an answer, not an error
            if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchKey", "NotFound"):
                raise
    return found


def export_customer(customer_id: str) -> CustomerExport:
    """Everything about one customer, section by section from the contexts that hold it."""
    subject = customers.data_subject(customer_id)
    parts: list[PersonalData] = [holder.personal_data(subject) for holder in HOLDERS]
    sections = {name: records for part in parts for name, records in part.sections.items()}
    return CustomerExport.model_validate(
        {
            **sections,
            "customer_id": customer_id,
            "exported_at": now_iso(),
            "profile": sections["profile"][0],
            "audit_trail": [e.to_dict() for e in AuditEntry.query(audit_pk(customer_id))],
            "files": _existing([f for part in parts for f in part.files]),
        }
    )


def _remove_files(files: list[tuple[str, str]]) -> int:
    """Every version of each object: in a versioned bucket the data would survive as a noncurrent one."""
    removed = 0
    s3 = client("s3")
    for bucket, key in files:
        for v in s3.list_object_versions(Bucket=bucket, Prefix=key).get("Versions", []):
            if v["Key"] == key:
                s3.delete_object(Bucket=bucket, Key=key, VersionId=v["VersionId"])
                removed += 1
    return removed


def _write(plan: Erasure) -> None:
    """A plan's writes in transactions of <= 100 items; its updates go with the first."""
    if not plan.writes and not plan.updates:
        return
    first = 90 - len(plan.updates)
    bounds = [0, *range(first, len(plan.writes), 90), len(plan.writes)]
    for n, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        with transaction("the customer changed during erasure; retry") as tx:
            for item, actions in plan.updates if n == 0 else []:
                tx.update(item, actions)
            for op, item in plan.writes[a:b]:
                tx.delete(item) if op == "delete" else tx.save(item)


def erase_customer(customer_id: str, confirm: str, reason: str, actor: str) -> ErasureOut:
    """Remove the customer's personal data (see the module doc for what stays). Safe to repeat."""
    if confirm != customer_id:
        raise ValidationFailed("confirm the erasure by repeating the customer id", {"confirm": "must equal the id"})
    subject: DataSubject = customers.data_subject(customer_id)
    plans = [holder.erasure(subject) for holder in ERASERS]  # every plan before any write: refs still name files
    writes = [w for plan in plans for w in plan.writes]
    for plan in plans:
        _write(plan)
    removed = _remove_files([f for plan in plans for f in plan.files])
    customers.erase_profile(customer_id, reason, actor)
    return ErasureOut(
        customer_id=customer_id,
        status="erased",
        items_changed=len(writes) + 1,
        files_removed=removed,
        suppressed_addresses=len(subject.emails),
    )
