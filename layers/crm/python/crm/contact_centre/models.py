"""Routing and contact items in the single table (keys: docs/access-patterns.md).

CUST#<id>        CARD              what the phone channel needs about a customer besides the profile: IVR PIN hash
                                   and lockout (UpdateItem only); the caller card's BatchGetItem also reads the profile,
                                   the figures, the source partner and the cases' OPENCASE pointer
PARTNER#<id>     !ID#PHONE#<e164>  a partner contact's phone; gsi1 PHONE#<e164> (same index as customers' phones)
ROUTING          CONFIG            queues by purpose, language and owner; handle time
ROUTING          METRICS#<queue>   Connect's current queue metrics, refreshed every minute
CONNECT#<id>     CONTACT           one interaction per contact, merged from contact events and trace records
CALLBACK#<id>    CALLBACK          a callback requested in the IVR (scheduled with EventBridge Scheduler)
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute

from crm.db import CrmItem


class CustomerCard(CrmItem, discriminator="customer_card"):
    customer_id = UnicodeAttribute()
    pin_hash = UnicodeAttribute(null=True)
    pin_salt = UnicodeAttribute(null=True)
    failed_attempts = NumberAttribute(null=True)
    locked_until = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute(null=True)


class PartnerPhone(CrmItem, discriminator="partner_phone"):
    partner_id = UnicodeAttribute()
    phone = UnicodeAttribute()
    contact_name = UnicodeAttribute(null=True)


class RoutingConfig(CrmItem, discriminator="routing_config"):
    general = UnicodeAttribute()
    priority = UnicodeAttribute()
    partner_desk = UnicodeAttribute()
    by_language = MapAttribute[str, Any](default=dict)  # "pl" -> queue ARN
    by_owner = MapAttribute[str, Any](default=dict)  # owner email -> queue ARN (the agent's queue)
    names = MapAttribute[str, Any](default=dict)  # queue ARN -> display name
    aht_seconds = NumberAttribute(default=300)
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute(null=True)


class QueueMetrics(CrmItem, discriminator="queue_loads"):
    """ROUTING / METRICS: every queue's latest load in one item, written whole by each refresh, so the ACD reads
    it by key together with the caller's card (one BatchGetItem)."""

    queues = MapAttribute[str, Any](default=dict)  # queue ARN -> its load (crm.contact_centre.routing.QueueLoad)


class Interaction(CrmItem, discriminator="interaction"):
    contact_id = UnicodeAttribute()
    customer_id = UnicodeAttribute(null=True)
    caller = UnicodeAttribute(null=True)
    channel = UnicodeAttribute(null=True)
    initiation_method = UnicodeAttribute(null=True)
    initiated_at = UnicodeAttribute(null=True)
    connected_at = UnicodeAttribute(null=True)
    disconnected_at = UnicodeAttribute(null=True)
    duration_s = NumberAttribute(null=True)
    queue = UnicodeAttribute(null=True)
    agent = UnicodeAttribute(null=True)
    disconnect_reason = UnicodeAttribute(null=True)
    attributes = MapAttribute[str, Any](null=True)
    voicemail = MapAttribute[str, Any](null=True)  # audio key, transcript, callback task ids
    timeline_sk = UnicodeAttribute(null=True)
    last_event_at = UnicodeAttribute(null=True)


class Callback(CrmItem, discriminator="callback"):
    contact_id = UnicodeAttribute()
    customer_id = UnicodeAttribute(null=True)
    phone = UnicodeAttribute()
    at = UnicodeAttribute()
    status = UnicodeAttribute()  # scheduled | done
    schedule_name = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
