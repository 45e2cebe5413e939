"""Messaging's part of the GDPR export and erasure: the consent history (kept after erasure as evidence), the
newsletter subscriptions and the records of messages sent (their keys embed the address), inbound emails as
stored, and a suppression entry per erased address so it is never mailed again."""

from __future__ import annotations

from crm.config import env
from crm.db import CrmItem, now_iso
from crm.messaging.models import ConsentEvent, NewsletterList, Subscriber, Suppression
from crm.messaging.newsletters import uncount
from crm.messaging.repository import ALL_LISTS, consent_pk, find_send, list_pk, subscriber_sk, suppression_pk
from crm.personal_data import DataSubject, Erasure, PersonalData, record


def _stored_mail(subject: DataSubject) -> list[tuple[str, str]]:
    bucket = env("MAIL_BUCKET")
    return [(bucket, key) for key in subject.stored_mail] if bucket else []


def personal_data(subject: DataSubject) -> PersonalData:
    consent = [record(e) for email in subject.emails for e in ConsentEvent.query(consent_pk(email))]
    return PersonalData(sections={"consent_history": consent}, files=_stored_mail(subject))


def _send_records(subject: DataSubject) -> list[CrmItem]:
    return [r for r in map(find_send, subject.ids("send_id")) if r is not None]


def erasure(subject: DataSubject) -> Erasure:
    subscriptions = [
        s
        for lst in NewsletterList.gsi1.query(ALL_LISTS)
        for email in subject.emails
        for s in Subscriber.query(list_pk(lst.list_id), Subscriber.sk == subscriber_sk(email))
    ]
    at = now_iso()
    suppressions = [
        Suppression(
            pk=suppression_pk("EMAIL"), sk=e.lower(), channel="EMAIL", address=e.lower(), reason="erased", at=at
        )
        for e in subject.emails
    ]
    plan = Erasure(files=_stored_mail(subject), updates=uncount(subscriptions))
    plan.writes += [("delete", s) for s in subscriptions]  # first: in one transaction with their lists' counts
    plan.writes += [("delete", s) for s in _send_records(subject)]
    plan.writes += [("put", s) for s in suppressions]
    return plan
