"""Webhook subscriptions (admins): create with a secret shown once, change, re-enable, read the delivery log."""

from __future__ import annotations

import secrets

from crm.db import CrmItem, check_version, new_id, now_iso, transaction
from crm.errors import ValidationFailed, VersionConflict
from crm.webhooks import repository, schemas
from crm.webhooks.models import Subscription


def webhook_out(s: Subscription) -> schemas.WebhookOut:
    return schemas.WebhookOut(
        webhook_id=s.webhook_id,
        url=s.url,
        events=list(s.events or []),
        filter={k: list(v) for k, v in s.filter.as_dict().items()} if s.filter else None,
        description=s.description,
        active=bool(s.active),
        failures=int(s.failures or 0),
        disabled_reason=s.disabled_reason,
        created_at=s.created_at,
        created_by=s.created_by,
        version=int(s.version),
    )


def create(data: schemas.WebhookIn, actor: str) -> schemas.WebhookCreated:
    if len(repository.all_subscriptions()) >= repository.MAX_SUBSCRIPTIONS:
        raise ValidationFailed(f"at most {repository.MAX_SUBSCRIPTIONS} webhooks", {"url": "limit reached"})
    at, secret = now_iso(), "whsec_" + secrets.token_urlsafe(32)
    s = repository.new_subscription(
        new_id(),
        at,
        url=data.url,
        events=list(data.events),
        filter=data.filter,
        description=data.description,
        secret=secret,
        active=True,
        failures=0,
        created_by=actor,
        updated_at=at,
    )
    with transaction("webhook id collision, retry") as tx:
        tx.save(s, condition=CrmItem.pk.does_not_exist())
    return schemas.WebhookCreated(webhook=webhook_out(s), secret=secret)


def change(webhook_id: str, patch: schemas.WebhookPatch, expected: int | None) -> schemas.WebhookOut:
    s = repository.load(webhook_id)
    check_version(int(s.version), expected, "webhook")
    given = patch.model_fields_set - {"version"}
    for name in given & {"url", "events", "active"}:
        if getattr(patch, name) is None:
            raise ValidationFailed(f"{name} cannot be removed", {name: "required"})
    for name in given & {"url", "events", "filter", "description"}:
        setattr(s, name, getattr(patch, name))
    if patch.active is not None:
        s.active = patch.active
        if patch.active:  # re-enabled: the count of failures starts again
            s.failures, s.disabled_reason = 0, None
    s.updated_at = now_iso()
    with transaction(lambda: VersionConflict("the webhook was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(s)
    return webhook_out(s)


def list_webhooks(limit: int, cursor: str | None) -> schemas.WebhookPage:
    found, nxt = repository.subscriptions_page(limit, cursor)
    return schemas.WebhookPage(items=[webhook_out(s) for s in found], next=nxt)


def deliveries(webhook_id: str, limit: int, cursor: str | None) -> schemas.DeliveryPage:
    repository.load(webhook_id)
    found, nxt = repository.deliveries_page(webhook_id, limit, cursor)
    items = [
        schemas.DeliveryOut(
            delivery_id=d.delivery_id,
            event_id=d.event_id,
            event_type=d.event_type,
            attempt=int(d.attempt),
            outcome=d.outcome,
            http_status=int(d.http_status) if d.http_status is not None else None,
            error=d.error,
            ms=int(d.ms),
            at=d.at,
        )
        for d in found
    ]
    return schemas.DeliveryPage(items=items, next=nxt)
