"""Request and response shapes for the communication routes (routing configuration, IVR PIN, screen pop)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, model_validator

from crm.customers.public import Customer360
from crm.shapes import Id, Out, Strict

QueueArn = Annotated[str, Field(pattern=r"^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance/[^/]+/queue/.+$")]


class RoutingConfigIn(Strict):
    general: QueueArn
    priority: QueueArn
    partner_desk: QueueArn
    by_language: dict[Annotated[str, Field(pattern=r"^[a-z]{2}$")], QueueArn] = {}
    by_owner: dict[Annotated[str, Field(max_length=254)], QueueArn] = {}
    names: dict[QueueArn, Annotated[str, Field(max_length=80)]] = {}
    aht_seconds: Annotated[int, Field(ge=10, le=7200)] = 300


class PinIn(Strict):
    pin: Annotated[str, Field(pattern=r"^\d{4,8}$", description="4-8 digits; stored as a salted PBKDF2 hash")]


class ScreenPopQuery(Strict):
    phone: Annotated[str, Field(max_length=40)] | None = None
    contact_id: Id | None = None

    @model_validator(mode="after")
    def _one(self) -> ScreenPopQuery:
        if (self.phone is None) == (self.contact_id is None):
            raise ValueError("give phone or contact_id")
        return self


class QueueMetricsOut(Out):
    expected_wait_s: int
    contacts_in_queue: int
    agents_online: int
    refreshed_at: str
    source: str


class RoutingConfigOut(Out):
    general: str
    priority: str
    partner_desk: str
    by_language: dict[str, str] = Field(description="language -> queue ARN")
    by_owner: dict[str, str] = Field(description="owner's email -> their personal queue ARN")
    names: dict[str, str] = Field(description="queue ARN -> display name")
    aht_seconds: int
    metrics: dict[str, QueueMetricsOut] = Field(description="queue ARN -> its latest metrics")


class PinSet(Out):
    customer_id: str
    pin_set: bool


class Caller(Out):
    """The caller card the ACD reads: who is calling and what routing needs to know."""

    phone: str
    customer_id: str | None = None
    name: str | None = None
    language: str | None = None
    vip: bool = False
    owner: str | None = None
    rfm_segment: str | None = None
    clv_band: str | None = None
    open_case_id: str | None = None
    partner_id: str | None = None


class ContactRef(Out):
    contact_id: str
    channel: str
    initiated_at: str
    queue: str | None = None
    caller: str | None = None


class ScreenPop(Out):
    caller: Caller
    customer_360: Customer360 | None = None
    contact: ContactRef | None = None


def screen_pop_body(card: Any, view: Customer360 | None, contact: dict[str, Any] | None) -> ScreenPop:
    return ScreenPop(
        caller=Caller.model_validate(card, from_attributes=True),
        customer_360=view,
        contact=ContactRef.model_validate(contact) if contact else None,
    )
