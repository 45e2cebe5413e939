"""Delivering domain events to the subscriptions that want them (WebhookFunction, fed by an EventBridge rule on
the CRM bus through WebhookQueue).

Each event goes to every active subscription whose event types and filter match; each delivery is a signed POST
(signing.py) with a 10 s timeout. A 2xx is delivered; anything else is retried through the same queue with a
growing delay (BACKOFF), the same delivery id each time, so receivers de-duplicate. After the last attempt the
event counts as failed for that subscription; DISABLE_AFTER failed events in a row disable it and notify the
admins. Every attempt is logged (30 days). Targets on private, loopback or link-local addresses are refused
unless their host is listed in WEBHOOK_PRIVATE_HOSTS (an endpoint inside the company's own network)."""

from __future__ import annotations

import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from crm.aws import client
from crm.config import env, required
from crm.db import new_id, now_iso, update_unversioned
from crm.errors import ActionFailed
from crm.notify import notify
from crm.webhooks import repository, signing
from crm.webhooks.models import Subscription

BACKOFF_S = (30, 120, 600, 900, 900)  # the waits before attempts 2..6 (SQS delays reach 15 minutes)
MAX_ATTEMPTS = len(BACKOFF_S) + 1
DISABLE_AFTER = 5
TIMEOUT_S = 10
KEEP_LOG_S = 30 * 86400


def matches(s: Subscription, event_type: str, detail: dict[str, Any]) -> bool:
    if not s.active or event_type not in (s.events or []):
        return False
    wanted = s.filter.as_dict() if s.filter else {}
    return all(str(detail.get(field)) in values for field, values in wanted.items())


def _allowed(url: str) -> str | None:
    """Why the target may not be called (None: it may)."""
    host = urlsplit(url).hostname or ""
    if host in {h.strip() for h in (env("WEBHOOK_PRIVATE_HOSTS") or "").split(",") if h.strip()}:
        return None
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except OSError:
        return f"cannot resolve {host}"
    for a in addresses:
        ip = ipaddress.ip_address(a.split("%")[0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            return f"{host} is a private address"
    return None


def _post(s: Subscription, body: bytes, event_type: str, delivery_id: str) -> tuple[int | None, str | None]:
    refused = _allowed(s.url)
    if refused:
        return None, refused
    request = urllib.request.Request(
        s.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "CRM-Webhooks/1",
            "X-CRM-Event": event_type,
            "X-CRM-Delivery": delivery_id,
            signing.HEADER: signing.sign(s.secret, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return int(response.status), None
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return None, str(getattr(exc, "reason", exc))[:200]


def _payload(event: dict[str, Any]) -> bytes:
    detail = event.get("detail") or {}
    body = {
        "id": detail.get("event_id") or event.get("id"),
        "type": event.get("detail-type"),
        "occurred_at": detail.get("occurred_at") or event.get("time"),
        "data": detail,
    }
    return json.dumps(body, separators=(",", ":"), sort_keys=True).encode()


def _retry(s: Subscription, event: dict[str, Any], attempt: int, delivery_id: str) -> None:
    message = {"webhook_delivery": {"webhook_id": s.webhook_id, "attempt": attempt + 1, "delivery_id": delivery_id}}
    client("sqs").send_message(
        QueueUrl=required("WEBHOOK_QUEUE_URL"),
        MessageBody=json.dumps({**message, "event": event}),
        DelaySeconds=BACKOFF_S[attempt - 1],
    )


def _count(s: Subscription, actions: list[Any]) -> int:
    """Change the delivery state (not a new version); the failures count after it."""
    return int(update_unversioned(s, actions).get("failures", {}).get("N", "0"))


def _failed(s: Subscription) -> None:
    """One more event that failed every attempt; DISABLE_AFTER in a row disable the subscription."""
    failures = _count(s, [Subscription.failures.add(1)])
    if failures >= DISABLE_AFTER and s.active:
        reason = f"{failures} events in a row could not be delivered"
        _count(s, [Subscription.active.set(False), Subscription.disabled_reason.set(reason)])
        notify("admins", "webhook_disabled", f"Webhook disabled: {s.url}"[:100], f"{reason}; last tried {now_iso()}")


def _log(
    s: Subscription,
    delivery_id: str,
    body: bytes,
    event_type: str,
    attempt: int,
    outcome: str,
    status: int | None,
    error: str | None,
    ms: int,
) -> None:
    repository.new_delivery(
        s.webhook_id,
        delivery_id,
        now_iso(),
        event_id=str(json.loads(body)["id"]),
        event_type=event_type,
        attempt=attempt,
        outcome=outcome,
        http_status=status,
        error=error,
        ms=ms,
        expires=int(time.time()) + KEEP_LOG_S,
    ).save()


def deliver(s: Subscription, event: dict[str, Any], attempt: int, delivery_id: str) -> str:
    """One attempt; returns its outcome (delivered, retrying, failed)."""
    body, event_type = _payload(event), str(event.get("detail-type"))
    started = time.perf_counter()
    status, error = _post(s, body, event_type, delivery_id)
    ms = int((time.perf_counter() - started) * 1000)
    ok = status is not None and 200 <= status < 300
    outcome = "delivered" if ok else "retrying" if attempt < MAX_ATTEMPTS else "failed"
    _log(s, delivery_id, body, event_type, attempt, outcome, status, error, ms)
    if ok and s.failures:
        _count(s, [Subscription.failures.set(0)])
    elif outcome == "retrying":
        _retry(s, event, attempt, delivery_id)
    elif outcome == "failed":
        _failed(s)
    return outcome


def deliver_once(webhook_id: str, event_type: str, detail: dict[str, Any], delivery_id: str) -> int | None:
    """One attempt for a caller that retries by itself (a workflow): logged; raises ActionFailed unless 2xx."""
    s = repository.load(webhook_id)
    if not s.active:
        raise ActionFailed(f"webhook {webhook_id} is disabled")
    event = {"detail-type": event_type, "detail": detail, "time": now_iso()}
    body = _payload(event)
    started = time.perf_counter()
    status, error = _post(s, body, event_type, delivery_id)
    ok = status is not None and 200 <= status < 300
    ms = int((time.perf_counter() - started) * 1000)
    _log(s, delivery_id, body, event_type, 1, "delivered" if ok else "failed", status, error, ms)
    if not ok:
        raise ActionFailed(f"webhook {webhook_id}: {error or status}")
    return status


def handle(message: dict[str, Any]) -> list[str]:
    """A queue message: an event from the bus (to every matching subscription) or a retry of one delivery."""
    retry = message.get("webhook_delivery")
    if retry:
        s = repository.load(retry["webhook_id"])
        if not s.active:
            return []
        return [deliver(s, message["event"], int(retry["attempt"]), retry["delivery_id"])]
    event_type, detail = str(message.get("detail-type")), message.get("detail") or {}
    wanted = [s for s in repository.all_subscriptions() if matches(s, event_type, detail)]
    return [deliver(s, message, 1, new_id(16)) for s in wanted]
