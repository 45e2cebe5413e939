"""Audit trail: who changed which fields of which customer-related item, and when — projected from the table's
stream (so no write path can forget it) into the customer's audit partition, readable by admins. Changes to the
settings (SLA targets and calendars, PRM tiers and commissions, routing, exchange rates, country risk) land the
same way in one settings partition, beside the user administration's changes, which happen in Cognito rather than
the table and are recorded by crm.users through `record_admin_change`.

An entry names the fields, not their values: the trail survives a GDPR erasure without keeping the erased data.
The entry's key is the record's time and stream sequence number (ordered within an item's shard, where the
time has only second precision), so a redelivered record rewrites the same entry (idempotent).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pynamodb.attributes import ListAttribute, UnicodeAttribute

from crm.db import CrmItem, decode_cursor, encode_cursor, new_id
from crm.privacy import schemas

AUDITED_TYPES = frozenset({"customer", "contact", "customer_card", "order", "quote", "case", "opportunity"})
SETTINGS_TYPES = frozenset(
    {"sla_policy", "sla_calendar", "prm_settings", "routing_config", "fx_rate", "country_risk", "field_def"}
)
SETTINGS = "SETTINGS"  # the audit partition of settings and user administration
# bookkeeping that changes on every write and says nothing a reader needs
IGNORED_FIELDS = frozenset(
    {
        "pk",
        "sk",
        "type",
        "version",
        "updated_at",
        "updated_by",
        "gsi1pk",
        "gsi1sk",
        "gsi2pk",
        "gsi2sk",
        "gsi3pk",
        "gsi3sk",
    }
)
ACTIONS = {"INSERT": "created", "MODIFY": "changed", "REMOVE": "removed"}
ACTOR_FIELDS = ("updated_by", "created_by", "actor")


class AuditEntry(CrmItem, discriminator="audit_entry"):
    customer_id = UnicodeAttribute(null=True)  # none for settings
    item_type = UnicodeAttribute()
    item_key = UnicodeAttribute()
    action = UnicodeAttribute()
    fields = ListAttribute(of=UnicodeAttribute, default=list)
    actor = UnicodeAttribute()
    at = UnicodeAttribute()

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "item_type": self.item_type,
            "item_key": self.item_key,
            "fields": list(self.fields or []),
        }


def _changed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The changed fields' names; custom field values by their own names (custom.<key>)."""
    names = [k for k in set(old) | set(new) if k not in IGNORED_FIELDS | {"custom"} and old.get(k) != new.get(k)]
    before, after = dict(old.get("custom") or {}), dict(new.get("custom") or {})
    return names + [f"custom.{k}" for k in set(before) | set(after) if before.get(k) != after.get(k)]


def audit_pk(customer_id: str) -> str:
    return f"AUDIT#{customer_id}"


def project(
    event_name: str, sequence: str, old: dict[str, Any] | None, new: dict[str, Any] | None, at: datetime | None = None
) -> AuditEntry | None:
    """The audit entry for one stream record, or None when the item is not audited or nothing that matters
    changed."""
    image = new or old or {}
    item_type, customer_id = image.get("type"), image.get("customer_id")
    settings = item_type in SETTINGS_TYPES
    if not (settings or (item_type in AUDITED_TYPES and customer_id)) or event_name not in ACTIONS:
        return None
    old, new = old or {}, new or {}
    fields = sorted(_changed(old, new))
    if event_name == "MODIFY" and not fields:
        return None
    # a removed item names its last writer: hard deletes here are system clean-ups (soft deletes are changes)
    actor = next((str(image[f]) for f in ACTOR_FIELDS if image.get(f)), "system")
    when = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return AuditEntry(
        pk=audit_pk(SETTINGS if settings else str(customer_id)),
        sk=f"{when}#{sequence:0>40}",
        customer_id=None if settings else str(customer_id),
        item_type=item_type,
        item_key=f"{image.get('pk')}|{image.get('sk')}",
        action=ACTIONS[event_name],
        fields=fields,
        actor=actor,
        at=when,
    )


def list_audit(customer_id: str, limit: int, cursor: str | None) -> schemas.AuditPage:
    """Newest first, one Query per page."""
    pk = audit_pk(customer_id)
    page = AuditEntry.query(
        pk, scan_index_forward=False, limit=limit, last_evaluated_key=decode_cursor(cursor, expect={"pk": pk})
    )
    items = [e.to_dict() for e in page]
    return schemas.AuditPage.model_validate({"items": items, "next": encode_cursor(page.last_evaluated_key)})


def record_admin_change(actor: str, action: str, item_type: str, item_key: str, fields: list[str]) -> None:
    """A change made outside the table (a Cognito user created, its groups changed), in the settings trail."""
    when = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    AuditEntry(
        pk=audit_pk(SETTINGS),
        sk=f"{when}#{new_id(12)}",
        item_type=item_type,
        item_key=item_key,
        action=action,
        fields=sorted(fields),
        actor=actor,
        at=when,
    ).save()


def list_settings_audit(limit: int, cursor: str | None) -> schemas.AuditPage:
    """The settings and user administration trail, newest first."""
    return list_audit(SETTINGS, limit, cursor)
