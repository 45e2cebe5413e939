"""Webhook keys: the only module that spells WEBHOOK#, WEBHOOKS and DELIVERY# (models.py's docstring)."""

from __future__ import annotations

from typing import Any

from crm.db import decode_cursor, encode_cursor, get_or_404, newest_first
from crm.webhooks.models import Delivery, Subscription

WEBHOOKS = "WEBHOOKS"
MAX_SUBSCRIPTIONS = 100  # every event reads them all (one Query): a bound on that read


def webhook_pk(webhook_id: str) -> str:
    return f"WEBHOOK#{webhook_id}"


def new_subscription(webhook_id: str, created_at: str, **fields: Any) -> Subscription:
    return Subscription(
        pk=webhook_pk(webhook_id),
        sk="WEBHOOK",
        gsi1pk=WEBHOOKS,
        gsi1sk=f"{created_at}#{webhook_id}",
        webhook_id=webhook_id,
        created_at=created_at,
        **fields,
    )


def load(webhook_id: str) -> Subscription:
    return get_or_404(
        Subscription, webhook_pk(webhook_id), "WEBHOOK", f"no webhook {webhook_id}", {"webhook_id": "unknown"}
    )


def all_subscriptions() -> list[Subscription]:
    return list(Subscription.gsi1.query(WEBHOOKS, limit=MAX_SUBSCRIPTIONS))


def subscriptions_page(limit: int, cursor: str | None) -> tuple[list[Subscription], str | None]:
    start = decode_cursor(cursor, expect={"gsi1pk": WEBHOOKS})
    page = Subscription.gsi1.query(WEBHOOKS, limit=limit, last_evaluated_key=start)
    return list(page), encode_cursor(page.last_evaluated_key)


def new_delivery(webhook_id: str, delivery_id: str, at: str, **fields: Any) -> Delivery:
    return Delivery(
        pk=webhook_pk(webhook_id),
        sk=f"DELIVERY#{at}#{delivery_id}",
        webhook_id=webhook_id,
        delivery_id=delivery_id,
        at=at,
        **fields,
    )


def deliveries_page(webhook_id: str, limit: int, cursor: str | None) -> tuple[list[Delivery], str | None]:
    return newest_first(Delivery, webhook_pk(webhook_id), "DELIVERY#", limit, cursor)
