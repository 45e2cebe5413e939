"""Domain events for other systems (ERP, SCM, data platforms), projected from the table's stream images.

Pure: (old image, new image) of one item -> the business events it means. Customer events carry ids and the
names of changed fields, never personal data (subscribers read the customer through the API when allowed);
order events carry the whole commercial content (lines, amounts, partner, campaign), so an ERP needs no
callback. Every event has a deterministic `event_id` (item key + version + type) for consumers to de-duplicate
redelivered stream records. Schemas: docs/events.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

SOURCE = "crm"
# every detail type published on the CRM bus (docs/events.md): what webhooks and workflows subscribe to
EventType = Literal[
    "CustomerCreated",
    "CustomerUpdated",
    "CustomerDeleted",
    "CustomerMerged",
    "OrderDrafted",
    "OrderPlaced",
    "OrderStatusChanged",
    "PaymentRecorded",
    "RefundRecorded",
    "CaseOpened",
    "CaseStatusChanged",
    "CaseEscalated",
    "OpportunityCreated",
    "OpportunityStageChanged",
    "OpportunityWon",
    "OpportunityLost",
    "OpportunityUpdated",
    "LeadCreated",
    "LeadUpdated",
]
IGNORED_FIELDS = frozenset(
    {"updated_at", "updated_by", "version", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"}
)


@dataclass(frozen=True)
class DomainEvent:
    detail_type: str
    detail: dict[str, Any]


def _actor(image: dict[str, Any]) -> str | None:
    """Who made the change: a workflow's own changes carry `workflow:<id>`, so it is not started by them again."""
    history = image.get("history") or []
    last = history[-1].get("actor") if history and isinstance(history[-1], dict) else None
    return image.get("updated_by") or last or image.get("created_by")


def _event(kind: str, image: dict[str, Any], id_field: str, body: dict[str, Any]) -> DomainEvent:
    detail = {
        "event_id": f"{image['pk']}|{image['sk']}|{image.get('version', 0)}|{kind}",
        "occurred_at": image.get("updated_at") or image.get("created_at"),
        "actor": _actor(image),
        id_field: image[id_field],
        **body,
    }
    return DomainEvent(kind, _plain(detail))


def _plain(value: Any) -> Any:
    """Decimals become strings (exact money), sets become sorted lists: JSON-ready without float rounding."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    return value


def _changed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    keys = (set(old) | set(new)) - IGNORED_FIELDS
    return sorted(k for k in keys if old.get(k) != new.get(k))


def _customer(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[DomainEvent]:
    if new is None:
        return []
    if old is None:
        return [_event("CustomerCreated", new, "customer_id", {"kind": new.get("kind"), "owner": new.get("owner")})]
    if old.get("status") != new.get("status") and new.get("status") in ("deleted", "merged"):
        kind = "CustomerDeleted" if new["status"] == "deleted" else "CustomerMerged"
        return [_event(kind, new, "customer_id", {"merged_into": new.get("merged_into")})]
    changed = _changed(old, new)
    return [_event("CustomerUpdated", new, "customer_id", {"changed_fields": changed})] if changed else []


def _order_body(o: dict[str, Any]) -> dict[str, Any]:
    return {
        "customer_id": o.get("customer_id"),
        "status": o.get("status"),
        "order_date": o.get("order_date"),
        "currency": o.get("currency"),
        "partner_id": o.get("partner_id"),
        "partner_role": o.get("partner_role"),
        "campaign_id": o.get("campaign_id"),
        "quote_id": o.get("quote_id"),
        "invoice_number": o.get("invoice_number"),
        "net_total": o.get("net_total"),
        "tax_total": o.get("tax_total"),
        "grand_total": o.get("grand_total"),
        "discount_total": o.get("discount_total"),
        "paid_total": o.get("paid_total"),
        "refunded_total": o.get("refunded_total"),
        "lines": [
            {
                **{
                    k: line.get(k)
                    for k in (
                        "sku",
                        "category",
                        "quantity",
                        "unit_price",
                        "list_price",
                        "discount",
                        "net",
                        "tax",
                        "gross",
                    )
                },
                "line_no": int(line["line_no"]),
            }
            for line in o.get("lines", [])
        ],
    }


def _order(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[DomainEvent]:
    if new is None:
        return []
    events = []
    old_txns = {t["txn_id"] for t in (old or {}).get("transactions", [])}
    for txn in new.get("transactions", []):
        if txn["txn_id"] not in old_txns:
            kind = "PaymentRecorded" if txn.get("kind") == "payment" else "RefundRecorded"
            events.append(
                _event(
                    kind,
                    new,
                    "order_id",
                    {
                        "customer_id": new.get("customer_id"),
                        "txn_id": txn["txn_id"],
                        "amount": txn.get("amount"),
                        "currency": txn.get("currency"),
                        "method": txn.get("method"),
                        "at": txn.get("at"),
                    },
                )
            )
    before = (old or {}).get("status")
    if new.get("status") != before:
        if new.get("status") == "placed":
            events.append(_event("OrderPlaced", new, "order_id", _order_body(new)))
        elif new.get("status") == "draft":
            events.append(_event("OrderDrafted", new, "order_id", _order_body(new)))
        else:
            events.append(
                _event("OrderStatusChanged", new, "order_id", {**_order_body(new), "previous_status": before})
            )
    return events


def _case(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[DomainEvent]:
    if new is None:
        return []
    body = {
        k: new.get(k)
        for k in (
            "customer_id",
            "status",
            "priority",
            "category",
            "channel",
            "owner",
            "first_response_due",
            "resolution_due",
            "escalation_level",
        )
    }
    if old is None:
        return [_event("CaseOpened", new, "case_id", body)]
    events = []
    if old.get("status") != new.get("status"):
        events.append(_event("CaseStatusChanged", new, "case_id", {**body, "previous_status": old.get("status")}))
    if (new.get("escalation_level") or 0) > (old.get("escalation_level") or 0):
        events.append(_event("CaseEscalated", new, "case_id", {**body, "breached": bool(new.get("breached_at"))}))
    return events


def _opportunity(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[DomainEvent]:
    if new is None:
        return []
    body = {
        k: new.get(k)
        for k in (
            "customer_id",
            "owner",
            "stage",
            "probability",
            "amount",
            "currency",
            "expected_close",
            "partner_id",
            "lead_id",
        )
    }
    if old is None:
        return [_event("OpportunityCreated", new, "opportunity_id", body)]
    if old.get("stage") == new.get("stage"):
        changed = _changed(old, new)
        return (
            [_event("OpportunityUpdated", new, "opportunity_id", {**body, "changed_fields": changed})]
            if changed
            else []
        )
    kind = {"won": "OpportunityWon", "lost": "OpportunityLost"}.get(new.get("status", ""), "OpportunityStageChanged")
    return [
        _event(
            kind,
            new,
            "opportunity_id",
            {**body, "previous_stage": old.get("stage"), "close_reason": new.get("close_reason")},
        )
    ]


def _lead(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[DomainEvent]:
    """Ids, status and score only: a lead's name, email and phone are personal data."""
    if new is None:
        return []
    body = {k: new.get(k) for k in ("status", "score", "grade", "source", "owner", "campaign_id", "partner_id")}
    if old is None:
        return [_event("LeadCreated", new, "lead_id", body)]
    changed = _changed(old, new)
    previous = {"previous_status": old.get("status"), "previous_score": old.get("score")}
    return [_event("LeadUpdated", new, "lead_id", {**body, **previous, "changed_fields": changed})] if changed else []


PROJECTIONS = {"lead": _lead, "customer": _customer, "order": _order, "case": _case, "opportunity": _opportunity}


def project(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[DomainEvent]:
    """The domain events one stream record means (none for items other systems do not subscribe to)."""
    old, new = old or None, new or None  # an INSERT may carry an empty old image, a REMOVE an empty new one
    item_type = (new or old or {}).get("type")
    projection = PROJECTIONS.get(item_type or "")
    return projection(old, new) if projection else []
