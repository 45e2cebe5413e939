"""Webhook subscriptions and their delivery log in the single table (keys: repository.py, docs/access-patterns.md).

WEBHOOK#<id>  WEBHOOK                          the subscription (gsi1 WEBHOOKS by creation)
WEBHOOK#<id>  DELIVERY#<at>#<delivery id>     one attempt to deliver one event (kept 30 days: TTL `expires`)
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    VersionAttribute,
)

from crm.db import CrmItem


class Subscription(CrmItem, discriminator="webhook"):
    webhook_id = UnicodeAttribute()
    url = UnicodeAttribute()
    events = ListAttribute[str]()
    filter = MapAttribute[str, Any](null=True)  # detail field -> the values that pass
    secret = UnicodeAttribute()
    description = UnicodeAttribute(null=True)
    active = BooleanAttribute(default=True)
    failures = NumberAttribute(default=0)  # events in a row that failed every attempt
    disabled_reason = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    version = VersionAttribute()


class Delivery(CrmItem, discriminator="webhook_delivery"):
    webhook_id = UnicodeAttribute()
    delivery_id = UnicodeAttribute()
    event_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    attempt = NumberAttribute()
    outcome = UnicodeAttribute()  # delivered | retrying | failed
    http_status = NumberAttribute(null=True)
    error = UnicodeAttribute(null=True)
    ms = NumberAttribute()
    at = UnicodeAttribute()
    expires = NumberAttribute()
