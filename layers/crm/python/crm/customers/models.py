"""Customer items in the single table (keys: docs/access-patterns.md).

Partition CUST#<id> holds the profile, contacts, identifier and tag items and the timeline, so the 360 view
is one Query. Identifier items (emails, phones, tax id, external id) and tag items carry gsi1 keys, which
gives lookup by email/phone and list-by-tag without a Scan.
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

from crm.db import CrmItem, DecimalAttribute

MAX_CONTACTS = 50  # contacts per customer: the 360 reads them all in its one Query


class Address(MapAttribute):
    line1 = UnicodeAttribute(null=True)
    line2 = UnicodeAttribute(null=True)
    postal_code = UnicodeAttribute(null=True)
    city = UnicodeAttribute(null=True)
    region = UnicodeAttribute(null=True)
    country = UnicodeAttribute(null=True)
    latitude = NumberAttribute(null=True)
    longitude = NumberAttribute(null=True)


class Consent(MapAttribute):
    email_marketing = BooleanAttribute(default=False)
    sms_marketing = BooleanAttribute(default=False)
    phone_marketing = BooleanAttribute(default=False)
    newsletter = BooleanAttribute(default=False)
    updated_at = UnicodeAttribute(null=True)
    source = UnicodeAttribute(null=True)


class Customer(CrmItem, discriminator="customer"):
    """The profile item (sk=PROFILE); gsi1 = owner's book, gsi2 = everyone by name. Both are cleared on delete."""

    customer_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # company | person
    name = UnicodeAttribute()
    first_name = UnicodeAttribute(null=True)
    last_name = UnicodeAttribute(null=True)
    tax_id = UnicodeAttribute(null=True)
    external_id = UnicodeAttribute(null=True)
    website = UnicodeAttribute(null=True)
    industry = UnicodeAttribute(null=True)
    emails = ListAttribute[str](default=list)
    phones = ListAttribute[str](default=list)
    address = Address(null=True)
    language = UnicodeAttribute(null=True)
    preferred_channel = UnicodeAttribute(null=True)
    needs = UnicodeAttribute(null=True)
    expectations = UnicodeAttribute(null=True)
    buying_habits = UnicodeAttribute(null=True)
    offer_fit_notes = UnicodeAttribute(null=True)
    tags = ListAttribute[str](default=list)
    owner = UnicodeAttribute(null=True)
    consent = Consent(null=True)
    status = UnicodeAttribute(default="active")  # active | deleted | merged
    merged_into = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute(null=True)
    custom = MapAttribute[str, Any](null=True)  # values of the admin-defined fields (crm.customfields)
    version = VersionAttribute()


class Contact(CrmItem, discriminator="contact"):
    contact_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    first_name = UnicodeAttribute(null=True)
    last_name = UnicodeAttribute()
    title = UnicodeAttribute(null=True)
    emails = ListAttribute[str](default=list)
    phones = ListAttribute[str](default=list)
    language = UnicodeAttribute(null=True)
    is_primary = BooleanAttribute(default=False)
    custom = MapAttribute[str, Any](null=True)  # values of the admin-defined fields (crm.customfields)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    version = VersionAttribute()


class Identifier(CrmItem, discriminator="identifier"):
    """One normalized email/phone/tax id/external id of a customer; gsi1pk=<KIND>#<value> finds its owner."""

    customer_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # EMAIL | PHONE | TAXID | EXT
    value = UnicodeAttribute()
    contact_id = UnicodeAttribute(null=True)


class Tag(CrmItem, discriminator="tag"):
    customer_id = UnicodeAttribute()
    tag = UnicodeAttribute()


def as_plain(value: Any) -> Any:
    """pynamodb MapAttribute -> dict, recursively; other values unchanged."""
    if isinstance(value, MapAttribute):
        return {k: as_plain(v) for k, v in value.as_dict().items()}
    return value


class Attribution(CrmItem, discriminator="partner_attribution"):
    """CUST#<id> / PARTNER: the partner that sourced the customer (a converted deal registration); the customer's
    orders are credited to it."""

    customer_id = UnicodeAttribute()
    partner_id = UnicodeAttribute()
    registration_id = UnicodeAttribute()
    since = UnicodeAttribute()


class CustomerFigures(CrmItem, discriminator="customer_figures"):
    """CUST#<id> / FIGURES: headline figures the analytics jobs write back (each job its own fields, UpdateItem
    only, so jobs never undo each other nor what users edit)."""

    customer_id = UnicodeAttribute()
    rfm_segment = UnicodeAttribute(null=True)
    clv_band = UnicodeAttribute(null=True)
    clv = DecimalAttribute(null=True)
    p_alive = DecimalAttribute(null=True)  # BG/NBD probability the customer still buys (LTV job)
    churn_risk = DecimalAttribute(null=True)  # P(no purchase in 26 weeks), MBG/NBD, as of the churn job's run
    churn_level = UnicodeAttribute(null=True)  # low | medium | high
    next_product = UnicodeAttribute(null=True)  # the basket job's offer, sku
    next_product_reason = UnicodeAttribute(null=True)
    lifecycle_stage = UnicodeAttribute(null=True)  # lead | first_purchase | repeat | loyal | at_risk | lost
    best_channel = UnicodeAttribute(null=True)  # email | sms | phone: the channel they answer on (channels job)
    share_email = DecimalAttribute(null=True)  # their own contacts' share per channel, last 365 days
    share_sms = DecimalAttribute(null=True)
    share_phone = DecimalAttribute(null=True)
    share_chat = DecimalAttribute(null=True)
    share_in_person = DecimalAttribute(null=True)
    response_email = DecimalAttribute(null=True)  # share of our contacts per channel they answered
    response_sms = DecimalAttribute(null=True)
    response_phone = DecimalAttribute(null=True)
    computed_at = UnicodeAttribute(null=True)

    def for_360(self) -> tuple[str, dict[str, object]]:
        return "figures", {
            "rfm_segment": self.rfm_segment,
            "clv_band": self.clv_band,
            "clv": self.clv,
            "p_alive": self.p_alive,
            "churn_risk": self.churn_risk,
            "churn_level": self.churn_level,
            "next_product": self.next_product,
            "next_product_reason": self.next_product_reason,
            "lifecycle_stage": self.lifecycle_stage,
            "best_channel": self.best_channel,
            "channels": [
                {
                    "channel": ch,
                    "inbound_share": getattr(self, f"share_{ch}"),
                    "response_rate": getattr(self, f"response_{ch}", None),
                }
                for ch in ("email", "sms", "phone", "chat", "in_person")
                if getattr(self, f"share_{ch}") or getattr(self, f"response_{ch}", None) is not None
            ],
            "computed_at": self.computed_at,
        }
