"""Request and response shapes for quotes, orders and payments. Clients send skus and quantities only:
prices, discounts, tax and totals are always computed by the server."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from crm.customfields.public import CustomValues
from crm.shapes import Currency, Id, LongText, Out, Page, Quantity, Sku, Strict

MAX_LINES = 100


class LineIn(Strict):
    sku: Sku
    quantity: Quantity


class _PricedIn(Strict):
    customer_id: Id
    currency: Currency
    lines: Annotated[list[LineIn], Field(min_length=1, max_length=MAX_LINES)]
    notes: LongText | None = None
    campaign_id: Id | None = None
    partner_id: Id | None = Field(default=None, description="the partner the order is attributed to (PRM)")


class OrderIn(_PricedIn):
    status: Literal["draft", "placed"] = Field(default="placed", description="draft = not yet binding")
    custom: CustomValues | None = None


class OrderPatch(Strict):
    custom: CustomValues
    version: int | None = None


class QuoteIn(_PricedIn):
    valid_until: date


class StatusIn(Strict):
    status: Literal["placed", "shipped", "delivered", "cancelled", "returned"]
    note: LongText | None = None
    shipping_carrier: Annotated[str, Field(max_length=60)] | None = None
    tracking_number: Annotated[str, Field(max_length=80)] | None = None
    return_reason: Annotated[str, Field(max_length=400)] | None = None
    version: int | None = None

    @model_validator(mode="after")
    def _reason(self) -> StatusIn:
        if self.status == "returned" and not self.return_reason:
            raise ValueError("a return needs a return_reason")
        return self


class PaymentIn(Strict):
    kind: Literal["payment", "refund"] = "payment"
    amount: Annotated[Decimal, Field(gt=0, le=Decimal("1e12"), decimal_places=4)]
    currency: Currency
    method: Literal["card", "transfer", "cash", "paypal", "direct_debit", "other"]
    reference: Annotated[str, Field(max_length=120)] | None = None


class OrderQuery(Page):
    customer_id: Id | None = None
    status: Literal["draft", "placed", "paid", "shipped", "delivered", "cancelled", "returned"] | None = None
    partner_id: Id | None = None
    date_from: date | None = Field(default=None, alias="from")
    date_to: date | None = Field(default=None, alias="to")


class QuoteQuery(Page):
    customer_id: Id


class LineOut(Out):
    line_no: int
    sku: str
    name: str
    category: str
    unit: str
    quantity: Decimal
    list_price: Decimal | None = None
    unit_price: Decimal
    discount: Decimal
    net: Decimal
    tax_rate: Decimal
    tax: Decimal
    gross: Decimal
    price_rule: str | None = None
    price_explanation: str | None = None


class _PricedOut(Out):
    customer_id: str
    customer_name: str | None = None
    currency: str
    lines: list[LineOut]
    subtotal: Decimal
    discount_total: Decimal
    net_total: Decimal
    tax_total: Decimal
    grand_total: Decimal
    owner: str | None = None
    partner_id: str | None = None
    campaign_id: str | None = None
    notes: str | None = None
    created_at: str
    created_by: str | None = None
    updated_at: str
    version: int


class Transaction(Out):
    txn_id: str
    kind: Literal["payment", "refund"]
    amount: Decimal
    currency: str
    method: str | None = None
    reference: str | None = None
    at: str
    actor: str


class StatusChange(Out):
    status: str
    at: str
    actor: str
    note: str | None = None


class OrderOut(_PricedOut):
    order_id: str
    status: str
    order_date: str
    placed_at: str | None = None
    quote_id: str | None = None
    partner_role: str | None = Field(default=None, description="sourced (deal registration) or influenced")
    paid_total: Decimal
    refunded_total: Decimal
    balance_due: Decimal = Field(description="grand total minus payments plus refunds, while the order stands")
    refund_due: Decimal = Field(description="money to give back (cancelled or returned after payment)")
    transactions: list[Transaction]
    history: list[StatusChange]
    invoice_number: str | None = None
    invoice_date: str | None = None
    shipping_carrier: str | None = None
    tracking_number: str | None = None
    return_reason: str | None = None
    custom: CustomValues = {}
    allowed_transitions: list[str]


class OrderPage(Out):
    items: list[OrderOut]
    next: str | None = None


class QuoteOut(_PricedOut):
    quote_id: str
    status: str
    quote_date: str
    valid_until: str
    order_id: str | None = None


class QuotePage(Out):
    items: list[QuoteOut]
    next: str | None = None
