"""Request and response shapes for the communication routes (routing configuration, IVR PIN, screen pop)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, model_validator

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


class Detail(Out):
    model_config = {"extra": "allow", "defer_build": True}


def screen_pop_body(card: Any, view: dict[str, Any] | None, contact: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "caller": {
            k: getattr(card, k)
            for k in (
                "phone",
                "customer_id",
                "name",
                "language",
                "vip",
                "owner",
                "rfm_segment",
                "clv_band",
                "open_case_id",
                "partner_id",
            )
        },
        "customer_360": view,
        "contact": contact,
    }
