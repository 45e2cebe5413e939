"""Messaging keys: the only module that spells TEMPLATE#, SUPPRESS#, SEND#, LIST#, SUB#, CONSENT#, CAMPAIGN#,
... (the key design is in models.py's docstring and docs/access-patterns.md)."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from crm.db import decode_cursor, encode_cursor
from crm.messaging.models import Campaign, ConsentEvent, MessageTemplate, NewsletterList, SendRecord, Subscriber

META_SK = "META"
SEND_SK = "SEND"
ALL_CAMPAIGNS = "CAMPAIGNS"
ALL_LISTS = "LISTS"
ALL_TEMPLATES = "TEMPLATES"


def template_pk(name: str) -> str:
    return f"TEMPLATE#{name}"


def suppression_pk(channel: str) -> str:
    return f"SUPPRESS#{channel}"


def send_pk(send_id: str) -> str:
    return f"SEND#{send_id}"


def campaign_sends_index(campaign_id: str) -> str:
    """gsi1: a campaign's send records."""
    return f"CAMPAIGNSENDS#{campaign_id}"


def campaign_pk(campaign_id: str) -> str:
    return f"CAMPAIGN#{campaign_id}"


def track_sk(send_id: str, at: str, nonce: str) -> str:
    return f"TRACK#{send_id}#{at}#{nonce}"


TRACK_PREFIX = "TRACK#"
SUB_PREFIX = "SUB#"


def list_pk(list_id: str) -> str:
    return f"LIST#{list_id}"


def subscriber_sk(email: str) -> str:
    return f"{SUB_PREFIX}{email}"


def consent_pk(email: str) -> str:
    return f"CONSENT#{email.lower()}"


def find_template(name: str, language: str) -> MessageTemplate | None:
    try:
        return MessageTemplate.get(template_pk(name), language)
    except DoesNotExist:
        return None


def all_templates() -> list[MessageTemplate]:
    """gsi1 `TEMPLATES`: every saved template, by name then language (a few hundred at most)."""
    return list(MessageTemplate.gsi1.query(ALL_TEMPLATES))


def campaigns_page(limit: int, cursor: str | None) -> tuple[list[Campaign], str | None]:
    """gsi1 `CAMPAIGNS`: campaigns newest first, a page at a time."""
    start = decode_cursor(cursor, expect={"gsi1pk": ALL_CAMPAIGNS})
    result = Campaign.gsi1.query(ALL_CAMPAIGNS, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def find_send(send_id: str) -> SendRecord | None:
    try:
        return SendRecord.get(send_pk(send_id), SEND_SK)
    except DoesNotExist:
        return None


def campaign_names(ids: list[str]) -> dict[str, str]:
    """id -> name of the given campaigns: one BatchGet (the managers' dashboard names its campaigns)."""
    keys = [(campaign_pk(i), META_SK) for i in dict.fromkeys(ids)]
    return {c.campaign_id: c.name for c in Campaign.batch_get(keys)} if keys else {}


def lists_page(limit: int, cursor: str | None) -> tuple[list[NewsletterList], str | None]:
    """gsi1 `LISTS`: newsletter lists by name, a page at a time (each holds its subscriber counts)."""
    start = decode_cursor(cursor, expect={"gsi1pk": ALL_LISTS})
    result = NewsletterList.gsi1.query(ALL_LISTS, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def subscribers_page(list_id: str, limit: int, cursor: str | None) -> tuple[list[Subscriber], str | None]:
    """`LIST#<id>` begins_with `SUB#`: a list's subscribers by address, a page at a time."""
    pk = list_pk(list_id)
    start = decode_cursor(cursor, expect={"pk": pk})
    result = Subscriber.query(pk, Subscriber.sk.startswith(SUB_PREFIX), limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def consent_events(email: str) -> list[ConsentEvent]:
    """`CONSENT#<email>`: every consent step of an address, oldest first."""
    return list(ConsentEvent.query(consent_pk(email)))
