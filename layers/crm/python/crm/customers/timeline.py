"""The customer's 360 timeline: every note, call, email, order or case lands as one item in the customer's
partition, sorted newest-last by time so a descending Query returns the newest first."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import MapAttribute, UnicodeAttribute

from crm.customers.repository import TIMELINE_PREFIX, customer_pk
from crm.db import CrmItem, decode_cursor, encode_cursor, new_id, now_iso


class TimelineEntry(CrmItem, discriminator="timeline"):
    entry_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # note, call, email, sms, chat, order, case, merge, system...
    channel = UnicodeAttribute(null=True)
    direction = UnicodeAttribute(null=True)  # inbound (the customer reached us) | outbound (we reached out)
    summary = UnicodeAttribute()
    body = UnicodeAttribute(null=True)
    occurred_at = UnicodeAttribute()
    actor = UnicodeAttribute(null=True)
    ref = MapAttribute[str, Any](null=True)  # ids of the order, case or contact this entry points at

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry_id": self.entry_id,
            "kind": self.kind,
            "channel": self.channel,
            "direction": self.direction,
            "summary": self.summary,
            "body": self.body,
            "occurred_at": self.occurred_at,
            "actor": self.actor,
            "ref": self.ref.as_dict() if self.ref is not None else None,
        }


def new_entry(
    customer_id: str,
    kind: str,
    summary: str,
    *,
    body: str | None = None,
    channel: str | None = None,
    direction: str | None = None,
    actor: str | None = None,
    occurred_at: str | None = None,
    ref: dict[str, Any] | None = None,
    entry_id: str | None = None,
) -> TimelineEntry:
    entry_id = entry_id or new_id(16)
    occurred_at = occurred_at or now_iso()
    return TimelineEntry(
        pk=customer_pk(customer_id),
        sk=f"{TIMELINE_PREFIX}{occurred_at}#{entry_id}",
        entry_id=entry_id,
        customer_id=customer_id,
        kind=kind,
        channel=channel,
        direction=direction,
        summary=summary,
        body=body,
        occurred_at=occurred_at,
        actor=actor,
        ref=ref,
    )


def list_entries(customer_id: str, limit: int, cursor: str | None) -> tuple[list[TimelineEntry], str | None]:
    """Newest first, one Query per page."""
    pk = customer_pk(customer_id)
    start = decode_cursor(cursor, expect={"pk": pk})
    result = TimelineEntry.query(
        pk,
        TimelineEntry.sk.startswith(TIMELINE_PREFIX),
        scan_index_forward=False,
        limit=limit,
        last_evaluated_key=start,
    )
    items = list(result)
    return items, encode_cursor(result.last_evaluated_key)


def find_entry(customer_id: str, occurred_at: str, entry_id: str) -> TimelineEntry | None:
    """One entry by the time and id it was written with (an entry kept up to date, such as a chat's transcript)."""
    try:
        return TimelineEntry.get(customer_pk(customer_id), f"{TIMELINE_PREFIX}{occurred_at}#{entry_id}")
    except TimelineEntry.DoesNotExist:
        return None
