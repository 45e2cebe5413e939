"""Messaging items in the single table (keys: docs/access-patterns.md).

TEMPLATE#<name>      <lang>               subject, text and HTML with {placeholders}
SUPPRESS#<EMAIL|SMS> <address>            never send there again (bounce, complaint, STOP, one-click unsubscribe)
SEND#<send id>       SEND                 one message: claimed before sending (idempotent), then sent/skipped
LIST#<id>            META                 a newsletter list
LIST#<id>            SUB#<email>          a subscriber: pending → confirmed → unsubscribed
CONSENT#<email>      <at>#<n>             consent evidence: action, list, source, wording version, time
CAMPAIGN#<id>        META                 a campaign: audience, template, holdout, status, counters
CAMPAIGN#<id>        TRACK#<send>#<at>#n  an open or click, with what flagged it as automated
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import BooleanAttribute, ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute

from crm.db import CrmItem


class MessageTemplate(CrmItem, discriminator="message_template"):
    name = UnicodeAttribute()
    language = UnicodeAttribute()
    subject = UnicodeAttribute()
    text = UnicodeAttribute()
    html = UnicodeAttribute(null=True)
    sms = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute()


class Suppression(CrmItem, discriminator="suppression"):
    channel = UnicodeAttribute()  # EMAIL | SMS
    address = UnicodeAttribute()
    reason = UnicodeAttribute()
    at = UnicodeAttribute()


class SendRecord(CrmItem, discriminator="send_record"):
    send_id = UnicodeAttribute()
    channel = UnicodeAttribute()
    to = UnicodeAttribute(null=True)
    customer_id = UnicodeAttribute(null=True)
    campaign_id = UnicodeAttribute(null=True)
    template = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # claimed | sent | skipped
    reason = UnicodeAttribute(null=True)
    message_id = UnicodeAttribute(null=True)
    sent_at = UnicodeAttribute(null=True)
    holdout = BooleanAttribute(default=False)


class NewsletterList(CrmItem, discriminator="newsletter_list"):
    """A list with its subscribers counted per status: every status change moves the counts in the same
    transaction (crm.messaging.newsletters), so the console reads them with the list, never by counting."""

    list_id = UnicodeAttribute()
    name = UnicodeAttribute()
    wording_version = UnicodeAttribute()
    created_at = UnicodeAttribute()
    pending = NumberAttribute(default=0)
    confirmed = NumberAttribute(default=0)
    unsubscribed = NumberAttribute(default=0)


class Subscriber(CrmItem, discriminator="subscriber"):
    list_id = UnicodeAttribute()
    email = UnicodeAttribute()
    first_name = UnicodeAttribute(null=True)
    language = UnicodeAttribute(null=True)
    customer_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # pending | confirmed | unsubscribed
    updated_at = UnicodeAttribute()
    # evidence of the current status: when and how it was given, under which consent wording (the full history
    # is the address's ConsentEvent partition)
    consent_at = UnicodeAttribute(null=True)
    consent_source = UnicodeAttribute(null=True)
    consent_wording = UnicodeAttribute(null=True)


class ConsentEvent(CrmItem, discriminator="consent_event"):
    email = UnicodeAttribute()
    action = UnicodeAttribute()  # subscribe_requested | confirmed | unsubscribed | preferences
    list_id = UnicodeAttribute(null=True)
    source = UnicodeAttribute(null=True)
    wording_version = UnicodeAttribute(null=True)
    at = UnicodeAttribute()
    detail = UnicodeAttribute(null=True)


class Campaign(CrmItem, discriminator="campaign"):
    campaign_id = UnicodeAttribute()
    name = UnicodeAttribute()
    template = UnicodeAttribute()
    list_id = UnicodeAttribute(null=True)
    segment = MapAttribute[str, Any](null=True)
    channel = UnicodeAttribute(default="email")  # email | sms | best (each customer's best channel)
    holdout_pct = NumberAttribute(default=0)
    conversion_days = NumberAttribute(default=14)
    status = UnicodeAttribute()  # draft | sending | sent
    links = ListAttribute[str](default=list)
    created_at = UnicodeAttribute()
    launched_at = UnicodeAttribute(null=True)


class TrackEvent(CrmItem, discriminator="track_event"):
    campaign_id = UnicodeAttribute()
    send_id = UnicodeAttribute()
    customer_id = UnicodeAttribute(null=True)
    kind = UnicodeAttribute()  # open | click
    url = UnicodeAttribute(null=True)
    at = UnicodeAttribute()
    method = UnicodeAttribute(null=True)
    user_agent = UnicodeAttribute(null=True)
    automated = ListAttribute[str](default=list)  # why it looks like a machine, empty = human
