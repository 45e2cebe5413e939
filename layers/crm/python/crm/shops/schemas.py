"""The shops API's shapes, and the parts of WooCommerce's and Shopify's order webhooks the CRM reads (every other
field of their payloads is ignored)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from crm.shapes import Currency, Name, Out, Page, Strict

Platform = Literal["woocommerce", "shopify"]
Pricing = Literal["server", "as_sold"]


class ShopIn(Strict):
    shop_id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,39}$", description="in the webhook's URL")]
    name: Name
    platform: Platform
    pricing: Pricing = Field(default="as_sold", description="as_sold: the shop's prices, marked on each line")
    currency: Currency
    secret: Annotated[str, Field(min_length=16, max_length=200)] | None = Field(
        default=None,
        description="the shop's signing secret (Shopify: the app's client secret); none: the CRM makes one",
    )


class ShopOut(Out):
    shop_id: str
    name: str
    platform: str
    pricing: str
    currency: str
    webhook_path: str = Field(description="where the shop sends its order webhooks")
    created_at: str
    created_by: str
    version: int


class ShopCreated(Out):
    shop: ShopOut
    secret: str = Field(description="shown once: enter it as the webhook's secret in the shop")


class ShopPage(Out):
    items: list[ShopOut]
    next: str | None = None


class ProblemOut(Out):
    at: str
    delivery: str
    topic: str
    shop_order_id: str | None = None
    reason: str
    fields: dict[str, str] = {}


class ProblemPage(Out):
    items: list[ProblemOut]
    next: str | None = None


class WebhookResult(Out):
    outcome: Literal["placed", "already_placed", "cancelled", "refunded", "paid", "ignored"]
    order_id: str | None = None
    customer_id: str | None = None
    customer_created: bool = False


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)


# ----------------------------------------------------------------- WooCommerce (REST API v3 order)


class WooAddress(_Payload):
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    address_1: str = ""
    city: str = ""
    postcode: str = ""
    country: str = ""
    email: str = ""
    phone: str = ""


class WooLine(_Payload):
    sku: str = ""
    name: str = ""
    quantity: Decimal
    total: Decimal = Field(description="the line's net total after discounts")


class WooRefund(_Payload):
    id: int
    total: Decimal = Field(description="negative: money given back")


class WooOrder(_Payload):
    id: int
    number: str = ""
    status: str
    currency: str
    total: Decimal
    billing: WooAddress = WooAddress()
    line_items: list[WooLine] = []
    refunds: list[WooRefund] = []


# ----------------------------------------------------------------- Shopify (Admin API order and refund)


class ShopifyAddress(_Payload):
    company: str | None = None
    address1: str | None = None
    city: str | None = None
    zip: str | None = None
    country_code: str | None = None
    phone: str | None = None
    first_name: str | None = None
    last_name: str | None = None


class ShopifyCustomer(_Payload):
    email: str | None = None
    phone: str | None = None
    first_name: str | None = None
    last_name: str | None = None


class ShopifyLine(_Payload):
    sku: str | None = None
    title: str = ""
    quantity: Decimal
    price: Decimal = Field(description="unit price; tax included when the order says so")
    total_discount: Decimal = Decimal(0)


class ShopifyOrder(_Payload):
    id: int
    name: str = ""
    email: str | None = None
    phone: str | None = None
    currency: str
    total_price: Decimal
    taxes_included: bool = False
    financial_status: str | None = None
    cancel_reason: str | None = None
    customer: ShopifyCustomer | None = None
    billing_address: ShopifyAddress | None = None
    line_items: list[ShopifyLine] = []


class ShopifyTransaction(_Payload):
    kind: str
    status: str | None = None
    amount: Decimal
    currency: str | None = None


class ShopifyRefund(_Payload):
    id: int
    order_id: int
    transactions: list[ShopifyTransaction] = []


class ProblemQuery(Page):
    pass


class ShopQuery(Page):
    pass
