"""Shops: registering one (admins), and taking its order webhooks: verify the signature, map the buyer to a
customer by the duplicate rules (email, then phone; a new customer otherwise), check every sku before anything
is written, and place the order through the orders' own placement, once per shop order; then its payment,
refunds and cancellation, once each. A delivery that cannot be taken is answered 4xx and kept as a problem the
admins read (the shop retries it; fixing the catalog lets the retry through)."""

from __future__ import annotations

import json
import secrets
from typing import Any

from pydantic import ValidationError

from crm.customers.public import Address, CustomerCreate, find_duplicates, new_customer_items
from crm.db import CrmItem, now_iso, transaction
from crm.errors import Conflict, CrmError, NotAuthenticated, NotFound, ValidationFailed
from crm.orders.public import (
    ExternalLine,
    cancel_external,
    check_lines,
    external_order_id,
    place_external,
    record_external_money,
)
from crm.shops import mapping, repository, schemas, signatures
from crm.shops.models import Shop

WEBHOOK_PATH = "/shops/{shop_id}/orders"


def shop_out(s: Shop) -> schemas.ShopOut:
    return schemas.ShopOut(
        shop_id=s.shop_id,
        name=s.name,
        platform=s.platform,
        pricing=s.pricing,
        currency=s.currency,
        webhook_path=WEBHOOK_PATH.format(shop_id=s.shop_id),
        created_at=s.created_at,
        created_by=s.created_by,
        version=int(s.version),
    )


def register(data: schemas.ShopIn, actor: str) -> schemas.ShopCreated:
    secret = data.secret or secrets.token_urlsafe(32)
    at = now_iso()
    shop = repository.new_shop(
        data.shop_id,
        name=data.name,
        platform=data.platform,
        pricing=data.pricing,
        currency=data.currency,
        secret=secret,
        created_at=at,
        created_by=actor,
        updated_at=at,
    )
    with transaction(lambda: Conflict(f"a shop {data.shop_id} exists", {"shop_id": "taken"})) as tx:
        tx.save(shop, condition=CrmItem.pk.does_not_exist())
    return schemas.ShopCreated(shop=shop_out(shop), secret=secret)


def list_shops(limit: int, cursor: str | None) -> schemas.ShopPage:
    shops, nxt = repository.shops_page(limit, cursor)
    return schemas.ShopPage(items=[shop_out(s) for s in shops], next=nxt)


def list_problems(shop_id: str, limit: int, cursor: str | None) -> schemas.ProblemPage:
    repository.load_shop(shop_id)
    found, nxt = repository.problems_page(shop_id, limit, cursor)
    items = [
        schemas.ProblemOut(
            at=p.at,
            delivery=p.delivery,
            topic=p.topic,
            shop_order_id=p.shop_order_id,
            reason=p.reason,
            fields={k: str(v) for k, v in (p.fields.as_dict() if p.fields else {}).items()},
        )
        for p in found
    ]
    return schemas.ProblemPage(items=items, next=nxt)


# ----------------------------------------------------------------- webhooks


def _parse(shop: Shop, topic: str, raw: bytes) -> mapping.Incoming | None:
    if raw.startswith(b"webhook_id="):  # WooCommerce's ping when the webhook is saved
        return None
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise ValidationFailed("the body is not JSON", {"body": "not JSON"}) from exc
    if not isinstance(body, dict):
        raise ValidationFailed("the body is not a JSON object", {"body": "not an object"})
    try:
        return mapping.PARSERS[shop.platform](topic, body)
    except ValidationError as exc:
        fields = {".".join(str(p) for p in e["loc"]): e["msg"] for e in exc.errors()}
        raise ValidationFailed(f"not a {shop.platform} order", fields) from exc


def _customer(shop: Shop, buyer: mapping.Buyer | None) -> tuple[str, bool]:
    """The buyer's customer by the duplicate rules (email, then phone), or a new one (no marketing consent)."""
    if buyer is None or not (buyer.email or buyer.phone):
        raise ValidationFailed("the order has no buyer email or phone", {"billing.email": "required"})
    body = CustomerCreate.model_validate(
        {
            "kind": "company" if buyer.company else "person",
            "name": buyer.company,
            "first_name": None if buyer.company else buyer.first_name,
            "last_name": None if buyer.company else (buyer.last_name or buyer.email or buyer.phone),
            "emails": [buyer.email] if buyer.email else [],
            "phones": [buyer.phone] if buyer.phone else [],
            "address": Address(country=buyer.country, city=buyer.city, line1=buyer.line1, postal_code=buyer.postal_code)
            if buyer.country
            else None,
            "tags": [f"shop-{shop.shop_id}"],
        },
        context={"default_region": buyer.country or None},
    )
    for kind, values in (("EMAIL", body.emails or []), ("PHONE", body.phones or [])):
        found = find_duplicates([(kind, v) for v in values])
        if found:
            return found[0]["customer_id"], False
    customer, items = new_customer_items(body, f"shop:{shop.shop_id}")
    with transaction("the buyer was just added by another delivery; retry") as tx:
        for item in items:
            tx.save(item, condition=CrmItem.pk.does_not_exist())
    return customer.customer_id, True


def _place(shop: Shop, incoming: mapping.Incoming, topic: str, delivery: str) -> schemas.WebhookResult:
    lines = [
        ExternalLine(line.sku, line.quantity, line.unit_price if shop.pricing == "as_sold" else None, line.includes_tax)
        for line in incoming.lines
    ]
    if not lines:
        raise ValidationFailed("the order has no lines", {"line_items": "empty"})
    check_lines(lines)  # every sku known before a customer or an order is written
    customer_id, created = _customer(shop, incoming.buyer)
    actor = f"shop:{shop.shop_id}"
    order, placed = place_external(shop.shop_id, incoming.shop_order_id, customer_id, incoming.currency, lines, actor)
    outcome: Any = "placed" if placed else "already_placed"
    if incoming.paid and order.balance_due > 0:  # paid in full in the shop: the order's balance is settled
        reference = f"{shop.platform}-order-{incoming.number}"
        paid = record_external_money(order.order_id, "payment", order.balance_due, order.currency, reference, actor)
        outcome = "paid" if paid is not None and not placed else outcome
    if placed and incoming.total is not None and incoming.total != order.grand_total:
        reason = (
            f"the shop's total {incoming.total} differs from the CRM's {order.grand_total} {order.currency} "
            "(tax rates or prices): the order is kept with the CRM's amounts"
        )
        repository.new_problem(
            shop.shop_id, delivery, topic=topic, shop_order_id=incoming.shop_order_id, reason=reason
        ).save()
    return schemas.WebhookResult(
        outcome=outcome, order_id=order.order_id, customer_id=order.customer_id, customer_created=created
    )


def _follow(shop: Shop, incoming: mapping.Incoming, result: schemas.WebhookResult | None) -> schemas.WebhookResult:
    """Refunds and cancellation of an order placed before (or just now)."""
    order_id = external_order_id(shop.shop_id, incoming.shop_order_id)
    actor = f"shop:{shop.shop_id}"
    done = result or schemas.WebhookResult(outcome="ignored", order_id=order_id)
    for reference, amount in incoming.refunds:
        currency = incoming.currency or shop.currency
        if record_external_money(order_id, "refund", amount, currency, reference, actor) is not None:
            done = done.model_copy(update={"outcome": "refunded"})
    if incoming.cancelled:
        cancel_external(order_id, incoming.reason, actor)
        done = done.model_copy(update={"outcome": "cancelled"})
    return done


def receive(shop_id: str, headers: dict[str, str], raw: bytes) -> schemas.WebhookResult:
    shop = repository.load_shop(shop_id)
    if not signatures.verified(shop.platform, headers, raw, shop.secret):
        raise NotAuthenticated("the signature does not match this shop's secret", {"signature": "not valid"})
    topic = headers.get(signatures.TOPICS[shop.platform], "")
    delivery = headers.get(signatures.DELIVERIES[shop.platform], "")
    incoming = _parse(shop, topic, raw)
    if incoming is None:
        return schemas.WebhookResult(outcome="ignored")
    try:
        placed = _place(shop, incoming, topic, delivery) if incoming.lines or incoming.buyer else None
        return _follow(shop, incoming, placed)
    except NotFound as exc:  # a refund of an order the CRM never got
        _problem(shop, delivery, topic, incoming, exc)
        raise
    except CrmError as exc:
        if exc.status < 500:
            _problem(shop, delivery, topic, incoming, exc)
        raise


def _problem(shop: Shop, delivery: str, topic: str, incoming: mapping.Incoming, exc: CrmError) -> None:
    repository.new_problem(
        shop.shop_id,
        delivery,
        topic=topic,
        shop_order_id=incoming.shop_order_id,
        reason=exc.message,
        fields=dict(exc.fields) or None,
    ).save()
