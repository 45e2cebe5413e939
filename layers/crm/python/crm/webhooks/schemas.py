"""The webhooks API's shapes. Event types are the domain events of docs/events.md."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from crm.events import EventType
from crm.shapes import Out, Page, Strict

Url = Annotated[str, Field(pattern=r"^https?://[^\s/$.?#][^\s]{0,2000}$", description="where deliveries are POSTed")]
Filter = Annotated[
    dict[
        Annotated[str, Field(pattern=r"^[a-z_]{1,40}$")],
        Annotated[list[Annotated[str, Field(max_length=200)]], Field(min_length=1, max_length=20)],
    ],
    Field(max_length=10, description="detail field -> the values that pass (all fields must pass)"),
]


class WebhookIn(Strict):
    url: Url
    events: Annotated[list[EventType], Field(min_length=1, max_length=20)]
    filter: Filter | None = None
    description: Annotated[str, Field(max_length=200)] | None = None

    @field_validator("events")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))


class WebhookPatch(Strict):
    url: Url | None = None
    events: Annotated[list[EventType], Field(min_length=1, max_length=20)] | None = None
    filter: Filter | None = None
    description: Annotated[str, Field(max_length=200)] | None = None
    active: bool | None = Field(default=None, description="true re-enables a subscription disabled after failures")
    version: int | None = None


class WebhookOut(Out):
    webhook_id: str
    url: str
    events: list[str]
    filter: dict[str, list[str]] | None = None
    description: str | None = None
    active: bool
    failures: int = Field(description="events in a row that failed every attempt")
    disabled_reason: str | None = None
    created_at: str
    created_by: str
    version: int


class WebhookCreated(Out):
    webhook: WebhookOut
    secret: str = Field(description="shown once: the receiver checks X-CRM-Signature with it")


class WebhookPage(Out):
    items: list[WebhookOut]
    next: str | None = None


class DeliveryOut(Out):
    delivery_id: str
    event_id: str
    event_type: str
    attempt: int
    outcome: Literal["delivered", "retrying", "failed"]
    http_status: int | None = None
    error: str | None = None
    ms: int
    at: str


class DeliveryPage(Out):
    items: list[DeliveryOut]
    next: str | None = None


class WebhookQuery(Page):
    pass
