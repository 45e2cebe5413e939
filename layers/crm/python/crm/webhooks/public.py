"""What other contexts may use of webhooks: one signed delivery to one subscription, logged like every other,
for a workflow's "call a webhook" step (its retries are the workflow's own)."""

from __future__ import annotations

from typing import Any

__all__ = ["deliver_now", "exists", "verify_signature"]


def deliver_now(webhook_id: str, event_type: str, detail: dict[str, Any], delivery_id: str) -> int | None:
    """POST now; the HTTP status of a 2xx answer. Raises ActionFailed otherwise (the caller retries)."""
    from crm.webhooks.delivery import deliver_once

    return deliver_once(webhook_id, event_type, detail, delivery_id)


def verify_signature(secret: str, header: str, body: bytes) -> bool:
    """The webhooks' signature scheme (t=..,v1=.., 5-minute window), for calls the CRM receives (docs/webhooks.md)."""
    from crm.webhooks.signing import verify

    return verify(secret, header, body)


def exists(webhook_id: str) -> bool:
    from crm.errors import NotFound
    from crm.webhooks.repository import load

    try:
        load(webhook_id)
    except NotFound:
        return False
    return True
