"""Outbound webhooks: admins subscribe an endpoint to the CRM's domain events (docs/events.md), with a filter;
deliveries are signed (X-CRM-Signature), retried, logged, and a failing endpoint is disabled (docs/webhooks.md)."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.webhooks import schemas, service

routes = Routes(__name__)


@routes.route(
    "/settings/webhooks",
    "POST",
    permission=Permission.WEBHOOKS_ADMIN,
    summary="Subscribe an endpoint to domain events (OrderPlaced, CaseOpened, OpportunityWon, ...), optionally "
    "filtered by detail fields; the signing secret is shown once",
    body=schemas.WebhookIn,
    response=schemas.WebhookCreated,
    status=201,
)
def create_webhook(call: Call[schemas.WebhookIn, None]) -> schemas.WebhookCreated:
    return service.create(call.body, call.actor)


@routes.route(
    "/settings/webhooks",
    "GET",
    permission=Permission.WEBHOOKS_ADMIN,
    summary="The webhook subscriptions, oldest first, with whether each is active and its failures in a row",
    query=schemas.WebhookQuery,
    response=schemas.WebhookPage,
)
def list_webhooks(call: Call[None, schemas.WebhookQuery]) -> schemas.WebhookPage:
    return service.list_webhooks(call.query.limit, call.query.cursor)


@routes.route(
    "/settings/webhooks/{webhook_id}",
    "PATCH",
    permission=Permission.WEBHOOKS_ADMIN,
    summary="Change a subscription, or re-enable one disabled after failures",
    body=schemas.WebhookPatch,
    response=schemas.WebhookOut,
    headers=["If-Match"],
)
def change_webhook(call: Call[schemas.WebhookPatch, None], webhook_id: str) -> schemas.WebhookOut:
    return service.change(webhook_id, call.body, call.if_match(call.body.version))


@routes.route(
    "/settings/webhooks/{webhook_id}/deliveries",
    "GET",
    permission=Permission.WEBHOOKS_ADMIN,
    summary="A subscription's delivery log, newest first: each attempt's outcome, HTTP status and time (30 days)",
    query=schemas.WebhookQuery,
    response=schemas.DeliveryPage,
)
def webhook_deliveries(call: Call[None, schemas.WebhookQuery], webhook_id: str) -> schemas.DeliveryPage:
    return service.deliveries(webhook_id, call.query.limit, call.query.cursor)
