"""Quotes: priced by the server, valid until a date; accepting one places its order in the same transaction."""

from __future__ import annotations

from datetime import date

from crm.customers.public import (
    CustomerRef,
    customer_ref,
    new_entry,
)
from crm.db import (
    CrmItem,
    new_id,
    now_iso,
    today,
    transaction,
)
from crm.errors import Conflict, ValidationFailed
from crm.orders import schemas
from crm.orders.amounts import set_totals
from crm.orders.models import (
    Quote,
)
from crm.orders.placement import attributed_partner, new_order, place, price_lines
from crm.orders.repository import index_quote, load_quote
from crm.orders.views import order_out, quote_out

# ----------------------------------------------------------------- pricing and totals


def create_quote(data: schemas.QuoteIn, actor: str) -> schemas.QuoteOut:
    if data.valid_until < today():
        raise ValidationFailed(f"valid_until {data.valid_until} is in the past", {"valid_until": "in the past"})
    customer = customer_ref(data.customer_id)
    day = today()
    lines = price_lines(customer, data.currency, day, data.lines)
    at = now_iso()
    quote_id = new_id()
    quote = Quote(
        quote_id=quote_id,
        customer_id=data.customer_id,
        customer_name=customer.name,
        currency=data.currency,
        owner=customer.owner,
        partner_id=data.partner_id,
        campaign_id=data.campaign_id,
        notes=data.notes,
        created_at=at,
        created_by=actor,
        updated_at=at,
        status="open",
        quote_date=day.isoformat(),
        valid_until=data.valid_until.isoformat(),
    )
    index_quote(quote, at)
    set_totals(quote, lines)
    with transaction("quote id collision, retry") as tx:
        tx.save(quote, condition=CrmItem.pk.does_not_exist())
        tx.save(
            new_entry(
                data.customer_id,
                "quote",
                f"Quote {quote_id} sent: {quote.grand_total} {data.currency}, valid until {data.valid_until}",
                actor=actor,
                occurred_at=at,
                ref={"quote_id": quote_id},
            )
        )
    return quote_out(quote)


def _open_quote(quote: Quote) -> None:
    if quote.status != "open":
        raise Conflict(f"quote {quote.quote_id} is {quote.status}", {"quote_id": quote.status}, order_id=quote.order_id)
    if date.fromisoformat(quote.valid_until) < today():
        raise Conflict(f"quote {quote.quote_id} expired on {quote.valid_until}", {"quote_id": "expired"})


def accept_quote(quote_id: str, actor: str) -> schemas.OrderOut:
    """The quote's prices are honoured: the order copies its lines; quote and order commit together."""
    quote = load_quote(quote_id)
    _open_quote(quote)
    country = customer_ref(quote.customer_id).country
    customer = CustomerRef(quote.customer_id, quote.customer_name, frozenset(), quote.owner, country)
    partner_id, role = attributed_partner(quote.customer_id, quote.partner_id)
    order = new_order(
        customer,
        quote.currency,
        list(quote.lines),
        actor,
        partner_id=partner_id,
        campaign_id=quote.campaign_id,
        notes=quote.notes,
        quote_id=quote_id,
    )
    order.partner_role = role
    quote.status, quote.order_id, quote.updated_at = "accepted", order.order_id, now_iso()
    place(order, actor, new=True, extra=[(quote, Quote.status == "open")])
    return order_out(order)


def reject_quote(quote_id: str, actor: str) -> schemas.QuoteOut:
    quote = load_quote(quote_id)
    _open_quote(quote)
    quote.status, quote.updated_at = "rejected", now_iso()
    with transaction(lambda: Conflict("the quote was changed meanwhile", {"quote_id": "changed"})) as tx:
        tx.save(quote, condition=Quote.status == "open")
        tx.save(
            new_entry(quote.customer_id, "quote", f"Quote {quote_id} rejected", actor=actor, ref={"quote_id": quote_id})
        )
    return quote_out(quote)
