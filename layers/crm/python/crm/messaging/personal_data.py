"""Messaging's part of the GDPR export and erasure: the consent history (kept after erasure as evidence), the
newsletter subscriptions and the records of messages sent (their keys embed the address), inbound emails as
stored, and a suppression entry per erased address so it is never mailed again."""

from __future__ import annotations

import os

from crm.db import CrmItem, now_iso
from crm.messaging.models import ConsentEvent, NewsletterList, SendRecord, Subscriber, Suppression
from crm.personal_data import DataSubject, Erasure, PersonalData, record


def _stored_mail(subject: DataSubject) -> list[tuple[str, str]]:
    bucket = os.environ.get("MAIL_BUCKET")
    return [(bucket, key) for key in subject.stored_mail] if bucket else []


def personal_data(subject: DataSubject) -> PersonalData:
    consent = [record(e) for email in subject.emails for e in ConsentEvent.query(f"CONSENT#{email}")]
    return PersonalData(sections={"consent_history": consent}, files=_stored_mail(subject))


def _send_records(subject: DataSubject) -> list[CrmItem]:
    found: list[CrmItem] = []
    for send_id in subject.ids("send_id"):
        try:
            found.append(SendRecord.get(f"SEND#{send_id}", "SEND"))
        except SendRecord.DoesNotExist:
            continue
    return found


def erasure(subject: DataSubject) -> Erasure:
    subscriptions = [
        s
        for lst in NewsletterList.gsi1.query("LISTS")
        for email in subject.emails
        for s in Subscriber.query(f"LIST#{lst.list_id}", Subscriber.sk == f"SUB#{email}")
    ]
    at = now_iso()
    suppressions = [
        Suppression(pk="SUPPRESS#EMAIL", sk=e.lower(), channel="EMAIL", address=e.lower(), reason="erased", at=at)
        for e in subject.emails
    ]
    plan = Erasure(files=_stored_mail(subject))
    plan.writes += [("delete", s) for s in _send_records(subject)]
    plan.writes += [("delete", s) for s in subscriptions]
    plan.writes += [("put", s) for s in suppressions]
    return plan
