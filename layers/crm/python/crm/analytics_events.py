"""The analytics raw zone: which table changes become events in S3, and where each is stored.

Pure: (old image, new image) of one stream record -> raw events. Orders (placed, cancelled, returned, with their
lines), payments and refunds, interactions (calls, emails, SMS, chats and survey answers from the timeline, with
their direction), cases as they change, survey scores, new customers, campaign sends and tracking, and the price
history: price lists with their validity and every list-price and rule change; custom field values that the
admin did not mark personal (`custom_value`, one event per record, field and change). Ids and figures only: no
names, addresses, emails or phone numbers.

Events reach S3 in batches: one NDJSON object per kind and day of a delivered stream batch
(raw/<kind>/date=<day>/batch-<hash of its event ids>.ndjson), so a batch delivered twice is one object, and the
daily compaction (analytics_jobs.rawzone) merges a day's batches into Parquet, keeping each event id once.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    return v


def _event(kind: str, event_id: str, at: str, body: dict[str, Any]) -> dict[str, Any]:
    return {**_plain(body), "kind": kind, "event_id": event_id, "at": at}  # the body never renames the event


def _order(old: dict[str, Any] | None, new: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    before = (old or {}).get("status")
    status = new.get("status")
    keys = (
        "order_id",
        "customer_id",
        "country",
        "currency",
        "partner_id",
        "partner_role",
        "campaign_id",
        "order_date",
        "net_total",
        "tax_total",
        "grand_total",
        "discount_total",
    )
    base = {k: new.get(k) for k in keys}
    line_keys = ("sku", "category", "quantity", "unit_price", "list_price", "net", "unit_cost")
    base["lines"] = [{k: line.get(k) for k in line_keys} for line in new.get("lines", [])]
    if status != before and status in ("placed", "cancelled", "returned"):
        at = new.get("placed_at") if status == "placed" else new.get("updated_at")
        out.append(_event(f"order_{status}", f"{new['order_id']}|{status}", at or "", base))
    seen = {t["txn_id"] for t in (old or {}).get("transactions", [])}
    for t in new.get("transactions", []):
        if t["txn_id"] not in seen:
            out.append(
                _event(
                    t.get("kind", "payment"),
                    t["txn_id"],
                    t.get("at", ""),
                    {
                        "order_id": new["order_id"],
                        "customer_id": new.get("customer_id"),
                        "amount": t.get("amount"),
                        "currency": t.get("currency"),
                        "method": t.get("method"),
                    },
                )
            )
    return out


INTERACTION_KINDS = {"call", "email", "sms", "chat", "meeting", "voicemail", "feedback"}


Events = list[dict[str, Any]]


def _interaction(old: dict[str, Any] | None, new: dict[str, Any]) -> Events:
    """A contact on the timeline, once (a call's entry is rewritten as Connect reports it: the first image counts,
    and a later one only to say the call was answered)."""
    if new.get("kind") not in INTERACTION_KINDS:
        return []
    ref = new.get("ref") or {}
    answered = bool(ref.get("connected_at")) if new.get("kind") == "call" and "contact_id" in ref else None
    if old is not None and not (answered and not (old.get("ref") or {}).get("connected_at")):
        return []
    event_id = new["entry_id"] if old is None else f"{new['entry_id']}|answered"  # the first of each stays
    fields = {
        "customer_id": new.get("customer_id"),
        "channel": new.get("channel") or new.get("kind"),
        "interaction": new.get("kind"),
        "direction": new.get("direction"),
        "answered": answered,
    }
    return [_event("interaction", event_id, new.get("occurred_at", ""), fields)]


CASE_FIELDS = (
    "case_id",
    "customer_id",
    "channel",
    "category",
    "priority",
    "team",
    "owner",
    "status",
    "created_at",
    "first_responded_at",
    "resolved_at",
    "first_response_due",
    "resolution_due",
    "first_response_breached",
    "resolution_breached",
)


def _case(old: dict[str, Any] | None, new: dict[str, Any]) -> Events:
    """A case as it stands after each change that service analysis reads (opened, answered, status, owner, team,
    priority or category moved): the latest snapshot per case wins."""
    watched = ("status", "first_responded_at", "owner", "team", "priority", "category")
    if old is not None and all(old.get(k) == new.get(k) for k in watched):
        return []
    fields = {k: new.get(k) for k in CASE_FIELDS}
    history = new.get("history") or []
    fields["reopened"] = sum(
        1
        for h in history
        if h.get("event") == "status"
        and h.get("from_value") in ("resolved", "closed")
        and h.get("to_value") not in ("resolved", "closed")
    )
    fields["waited_on_customer"] = any(h.get("event") == "status" and h.get("to_value") == "pending" for h in history)
    return [_event("case", f"{new['case_id']}|{new.get('updated_at', '')}", new.get("updated_at", ""), fields)]


def _survey(old: dict[str, Any] | None, new: dict[str, Any]) -> Events:
    if new.get("score") is None or (old or {}).get("score") is not None:
        return []
    keys = ("survey_id", "customer_id", "case_id", "campaign_id", "channel", "score")
    fields = {"survey": new.get("kind"), **{k: new.get(k) for k in keys}}  # "kind" names the event itself
    return [_event("survey_answer", new["survey_id"], new.get("answered_at", ""), fields)]


def _customer(old: dict[str, Any] | None, new: dict[str, Any]) -> Events:
    if old is not None:
        return []
    fields = {"customer_id": new.get("customer_id")}
    return [_event("customer_created", new["customer_id"], new.get("created_at", ""), fields)]


def _campaign_send(old: dict[str, Any] | None, new: dict[str, Any]) -> Events:
    status = new.get("status")
    if status not in ("sent", "holdout") or (old or {}).get("status") == status or not new.get("campaign_id"):
        return []
    fields = {
        "campaign_id": new.get("campaign_id"),
        "customer_id": new.get("customer_id"),
        "holdout": status == "holdout",
    }
    return [_event("campaign_send", new["send_id"], new.get("sent_at") or "", fields)]


def _price_list(old: dict[str, Any] | None, new: dict[str, Any]) -> Events:
    if old is not None:  # a list's currency and validity never change
        return []
    fields = {k: new.get(k) for k in ("list_id", "currency", "valid_from", "valid_to")}
    return [_event("price_list", new["list_id"], new.get("created_at", ""), fields)]


def _price_change(old: dict[str, Any] | None, new: dict[str, Any]) -> Events:
    if old is not None:
        return []
    fields = {k: new.get(k) for k in ("sku", "source", "source_id", "currency", "change", "old_value", "new_value")}
    return [_event("price_change", f"{new['pk']}|{new['sk']}", new.get("changed_at", ""), fields)]


def _track(old: dict[str, Any] | None, new: dict[str, Any]) -> Events:
    if old is not None:
        return []
    fields = {
        "campaign_id": new.get("campaign_id"),
        "customer_id": new.get("customer_id"),
        "automated": bool(new.get("automated")),
    }
    return [_event(f"campaign_{new.get('kind')}", f"{new['pk']}|{new['sk']}", new.get("at", ""), fields)]


PROJECTORS = {
    "order": _order,
    "timeline": _interaction,
    "send_record": _campaign_send,
    "price_list": _price_list,
    "price_change": _price_change,
    "track_event": _track,
    "case": _case,
    "survey": _survey,
    "customer": _customer,
}


def custom_events(entity: str, old: dict[str, Any] | None, new: dict[str, Any] | None, shared: set[str]) -> Events:
    """A record's custom values that changed, one long-format event each (entity, record, field, value; a removed
    value is null), for the fields in `shared` only: those not marked personal."""
    image = new or old or {}
    record_id, at = image.get(f"{entity}_id"), str((new or {}).get("updated_at") or image.get("created_at") or "")
    before, after = dict((old or {}).get("custom") or {}), dict((new or {}).get("custom") or {})
    if not record_id:
        return []
    changed = sorted(k for k in set(before) | set(after) if k in shared and before.get(k) != after.get(k))
    return [
        _event(
            "custom_value",
            f"{entity}|{record_id}|{key}|{at}",
            at,
            {
                "entity": entity,
                "record_id": record_id,
                "customer_id": image.get("customer_id"),
                "field": key,
                "value": json.dumps(_plain(after[key]), sort_keys=True) if key in after else None,
            },
        )
        for key in changed
    ]


def raw_events(old: dict[str, Any] | None, new: dict[str, Any] | None) -> Events:
    """The analytics events a change of one item makes (ids and figures only), by its type."""
    if not new:
        return []
    project = PROJECTORS.get(str(new.get("type")))
    return project(old or None, new) if project else []


def batches(events: list[dict[str, Any]]) -> list[tuple[str, bytes]]:
    """(key, NDJSON body) per kind and day of these events; the key names the batch by its event ids."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in events:
        day = (e.get("at") or "unknown")[:10] or "unknown"
        groups.setdefault((e["kind"], day), []).append(e)
    out = []
    for (kind, day), group in sorted(groups.items()):
        group.sort(key=lambda e: str(e["event_id"]))
        ids = "\n".join(str(e["event_id"]) for e in group)
        digest = hashlib.sha256(f"{kind}|{ids}".encode()).hexdigest()[:24]
        body = b"".join((json.dumps(e, separators=(",", ":"), sort_keys=True) + "\n").encode() for e in group)
        out.append((f"raw/{kind}/date={day}/batch-{digest}.ndjson", body))
    return out


def history_events(order: dict[str, Any]) -> list[dict[str, Any]]:
    """Every raw event an order's recorded history implies (placement, payments, cancellation or return): the
    backfill for history written without the stream (the demo seed, imports)."""
    out = _order(None, {**order, "status": "placed", "transactions": []}) if order.get("placed_at") else []
    out += _order({**order, "status": "placed", "transactions": []}, {**order, "status": "placed"})
    for h in order.get("history", []):
        if h.get("status") in ("cancelled", "returned"):
            out += _order(
                {**order, "status": "placed", "transactions": order.get("transactions", [])},
                {**order, "status": h["status"], "updated_at": h.get("at")},
            )
    return out
