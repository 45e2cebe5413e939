"""The contact centre's part of the GDPR export and erasure: the records of the customer's calls and chats
(caller number, attributes, transcripts), callback requests, the IVR PIN card, and the stored voicemail audio,
voicemail transcripts and chat transcripts."""

from __future__ import annotations

import contextlib

from crm.aws import client
from crm.config import env
from crm.contact_centre.models import CustomerCard, Interaction
from crm.contact_centre.repository import customer_card, find_callback, find_interaction
from crm.db import CrmItem
from crm.personal_data import DataSubject, Erasure, PersonalData, record


def _records(subject: DataSubject) -> list[CrmItem]:
    """The contact records and callback requests of the contacts on the timeline: one GetItem each."""
    found: list[CrmItem] = []
    for contact_id in subject.ids("contact_id"):
        found += [r for r in (find_interaction(contact_id), find_callback(contact_id)) if r is not None]
    return found


def _files(subject: DataSubject, records: list[CrmItem]) -> list[tuple[str, str]]:
    """Voicemail audio and transcripts of the customer's contacts, and chat transcripts (Connect names them
    <prefix>/<yyyy>/<mm>/<dd>/<contactId>_<time>_UTC.json)."""
    bucket = env("VOICEMAIL_BUCKET")
    if not bucket:
        return []
    files = [
        (bucket, key)
        for contact_id in subject.ids("contact_id")
        for key in (f"voicemail/{contact_id}.wav", f"transcripts/{contact_id}.json")
    ]
    prefix = env("CHAT_TRANSCRIPT_PREFIX", "chat")
    for c in records:
        if isinstance(c, Interaction) and c.channel == "CHAT" and c.initiated_at:
            day = c.initiated_at[:10].replace("-", "/")
            listed = client("s3").list_objects_v2(Bucket=bucket, Prefix=f"{prefix}/{day}/{c.contact_id}")
            files += [(bucket, o["Key"]) for o in listed.get("Contents", [])]
    return files


def personal_data(subject: DataSubject) -> PersonalData:
    records = _records(subject)
    return PersonalData(sections={"contact_center": [record(r) for r in records]}, files=_files(subject, records))


def erasure(subject: DataSubject) -> Erasure:
    records = _records(subject)
    card = customer_card(subject.customer_id)
    writes: list[tuple[str, CrmItem]] = [("delete", r) for r in records]
    with contextlib.suppress(CustomerCard.DoesNotExist):  # the IVR PIN and its lockout
        writes.append(("delete", CustomerCard.get(card.pk, card.sk)))
    return Erasure(writes=writes, files=_files(subject, records))  # type: ignore[arg-type]
