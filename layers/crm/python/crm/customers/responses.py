"""The customers' answers (pydantic v2): profile, contacts, timeline, the 360, lookups and the import report."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from crm.customfields.public import CustomValues
from crm.shapes import Out


class AddressOut(Out):
    line1: str | None = None
    line2: str | None = None
    postal_code: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class ConsentOut(Out):
    email_marketing: bool = False
    sms_marketing: bool = False
    phone_marketing: bool = False
    newsletter: bool = False
    updated_at: str | None = None
    source: str | None = None


TimelineRef = dict[str, str | int | list[str] | None]


class OrderCounters(Out):
    """The customer's orders in one currency (kept by the order transactions)."""

    currency: str
    orders_count: int
    cancelled_count: int
    returns_count: int
    revenue: Decimal
    first_order_at: str | None = None
    last_order_at: str | None = None


class ChannelFigures(Out):
    """How a customer uses one channel, over the last 365 days."""

    channel: Literal["email", "sms", "phone", "chat", "in_person"]
    inbound_share: Decimal = Field(description="share of the customer's own contacts made on this channel")
    response_rate: Decimal | None = Field(
        default=None, description="share of our contacts on this channel the customer answered (none: never tried)"
    )


class CustomerFigures(Out):
    """Headline figures the analytics jobs write back: segment, value, churn, the next product to offer, the
    lifecycle stage and how the customer prefers to be reached."""

    rfm_segment: str | None = None
    clv_band: str | None = None
    clv: Decimal | None = None
    p_alive: Decimal | None = None
    churn_risk: Decimal | None = None
    churn_level: str | None = None
    next_product: str | None = None
    next_product_reason: str | None = None
    lifecycle_stage: Literal["lead", "first_purchase", "repeat", "loyal", "at_risk", "lost"] | None = None
    best_channel: Literal["email", "sms", "phone"] | None = Field(
        default=None, description="the channel this customer answers on best (channel preference job)"
    )
    channels: list[ChannelFigures] = []
    computed_at: str


class ContactOut(Out):
    contact_id: str
    first_name: str | None = None
    last_name: str
    title: str | None = None
    emails: list[str] = []
    phones: list[str] = []
    language: str | None = None
    is_primary: bool = False
    custom: CustomValues = {}
    version: int


class CustomerOut(Out):
    customer_id: str
    kind: str
    name: str
    first_name: str | None = None
    last_name: str | None = None
    tax_id: str | None = None
    external_id: str | None = None
    website: str | None = None
    industry: str | None = None
    address: AddressOut | None = None
    emails: list[str] = []
    phones: list[str] = []
    language: str | None = None
    preferred_channel: str | None = None
    needs: str | None = None
    expectations: str | None = None
    buying_habits: str | None = None
    offer_fit_notes: str | None = None
    tags: list[str] = []
    owner: str | None = None
    consent: ConsentOut | None = None
    custom: CustomValues = {}
    status: str
    merged_into: str | None = None
    created_at: str
    created_by: str | None = None
    updated_at: str
    updated_by: str | None = None
    version: int


class TimelineEntryOut(Out):
    entry_id: str
    kind: str
    channel: str | None = None
    direction: Literal["inbound", "outbound"] | None = Field(
        default=None, description="inbound: the customer reached us; outbound: we reached out"
    )
    summary: str
    body: str | None = None
    occurred_at: str
    actor: str | None = None
    ref: TimelineRef | None = Field(default=None, description="ids of what the entry is about")


class CustomerPage(Out):
    items: list[CustomerOut]
    next: str | None = Field(default=None, description="pass as `cursor` for the next page")


class TimelinePage(Out):
    items: list[TimelineEntryOut]
    next: str | None = None


class Customer360(Out):
    customer: CustomerOut
    contacts: list[ContactOut]
    timeline: list[TimelineEntryOut]
    timeline_next: str | None = None
    stats: list[OrderCounters] = Field(default=[], description="order counters per currency")
    figures: CustomerFigures | None = Field(default=None, description="analytics: RFM segment, CLV, churn")


class LookupMatch(Out):
    matched_on: str
    contact_id: str | None = None
    customer: CustomerOut


class LookupResult(Out):
    items: list[LookupMatch]


class ImportRowError(Out):
    row: int
    reason: str
    fields: dict[str, str] = {}


class ImportReport(Out):
    total: int
    created: int
    updated: int
    rejected: int
    errors: list[ImportRowError]
