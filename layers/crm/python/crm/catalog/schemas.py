"""Request and response shapes for the catalog and pricing."""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from crm.shapes import Amount, Currency, Id, LongText, Name, Out, Page, Quantity, Sku, Strict, check_window

UnitCost = Annotated[
    Decimal, Field(ge=0, le=Decimal("1e9"), decimal_places=4, description="standard cost per unit in EUR, for margins")
]
TaxRate = Annotated[Decimal, Field(ge=0, le=1, decimal_places=4, description="0.19 means 19 %")]
Category = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Unit = Literal["piece", "hour", "day", "month", "year", "kg", "litre", "metre", "licence", "package"]
AttrValue = Annotated[str, Field(max_length=200)]
MAX_PRICES_PER_LIST_REQUEST = 45  # each price writes itself and a history item; 100 items per transaction


class ProductIn(Strict):
    sku: Sku
    name: Name
    kind: Literal["product", "service"] = "product"
    category: Category
    unit: Unit = "piece"
    tax_rate: TaxRate
    unit_cost: UnitCost | None = None
    description: LongText | None = None
    attributes: Annotated[
        dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")], AttrValue], Field(max_length=30)
    ] = {}


class ProductPatch(Strict):
    name: Name | None = None
    category: Category | None = None
    unit: Unit | None = None
    tax_rate: TaxRate | None = None
    unit_cost: UnitCost | None = None
    status: Literal["active", "discontinued"] | None = None
    description: LongText | None = None
    attributes: dict[str, AttrValue] | None = None
    version: int | None = None


class ProductQuery(Page):
    category: Category | None = None


class ProductOut(Out):
    sku: str
    name: str
    kind: str
    category: str
    unit: str
    tax_rate: Decimal
    status: str
    description: str | None = None
    attributes: dict[str, str] = {}
    created_at: str
    updated_at: str
    version: int


class ProductPage(Out):
    items: list[ProductOut]
    next: str | None = None


class PriceIn(Strict):
    sku: Sku
    unit_price: Amount


class PriceListIn(Strict):
    name: Name
    currency: Currency
    valid_from: date
    valid_to: date | None = None
    prices: Annotated[list[PriceIn], Field(max_length=MAX_PRICES_PER_LIST_REQUEST)] = []

    @model_validator(mode="after")
    def _window(self) -> PriceListIn:
        check_window(self.valid_from, self.valid_to)
        if len({p.sku for p in self.prices}) != len(self.prices):
            raise ValueError("each sku appears once in prices")
        return self


class PriceSet(Strict):
    unit_price: Amount


class ListPriceOut(Out):
    sku: str
    unit_price: Decimal
    currency: str
    updated_at: str


class PriceListOut(Out):
    list_id: str
    name: str
    currency: str
    valid_from: str
    valid_to: str | None = None
    prices: list[ListPriceOut] = []
    next: str | None = None


class PriceListPage(Out):
    items: list[PriceListOut]
    next: str | None = None


class PriceListQuery(Page):
    currency: Currency | None = None


class BreakIn(Strict):
    min_quantity: Quantity = Decimal(1)
    value: Amount


class PriceRuleIn(Strict):
    sku: Sku
    name: Name | None = None
    customer_id: Id | None = None
    group: Annotated[str, Field(min_length=1, max_length=40)] | None = Field(
        default=None, description="a customer group = a customer tag"
    )
    kind: Literal["price", "percent", "amount"]
    currency: Currency | None = None
    breaks: Annotated[list[BreakIn], Field(min_length=1, max_length=10)]
    valid_from: date
    valid_to: date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> PriceRuleIn:
        if (self.customer_id is None) == (self.group is None):
            raise ValueError("give exactly one of customer_id or group")
        if self.kind in ("price", "amount") and self.currency is None:
            raise ValueError(f"a {self.kind} rule needs a currency")
        if self.kind == "percent":
            if self.currency is not None:
                raise ValueError("a percent rule has no currency")
            if any(b.value > 100 for b in self.breaks):
                raise ValueError("a percentage is at most 100")
        if len({b.min_quantity for b in self.breaks}) != len(self.breaks):
            raise ValueError("each min_quantity appears once in breaks")
        check_window(self.valid_from, self.valid_to)
        return self


class PriceRuleOut(Out):
    rule_id: str
    sku: str
    name: str | None = None
    customer_id: str | None = None
    group: str | None = None
    kind: str
    currency: str | None = None
    breaks: list[dict[str, Decimal]]
    valid_from: str
    valid_to: str | None = None
    status: str
    created_at: str
    version: int


class PriceRulePage(Out):
    items: list[PriceRuleOut]
    next: str | None = None


class PriceChangeOut(Out):
    sku: str
    source: str
    source_id: str
    currency: str | None = None
    change: str
    old_value: Decimal | None = None
    new_value: Decimal | None = None
    detail: str | None = None
    changed_at: str
    changed_by: str | None = None


class PriceHistoryPage(Out):
    items: list[PriceChangeOut]
    next: str | None = None


class PriceQuery(Strict):
    customer_id: Id | None = None
    sku: Sku
    quantity: Quantity = Decimal(1)
    currency: Currency
    date: dt.date | None = Field(default=None, description="defaults to today (UTC)")


class AppliedRule(Out):
    rule_id: str
    kind: str
    name: str | None = None
    min_quantity: Decimal
    value: Decimal
    target: str


class ConsideredRule(Out):
    rule_id: str
    kind: str
    applies: bool
    unit_price: Decimal | None = None
    reason: str


class PriceQuoteOut(Out):
    sku: str
    customer_id: str | None = None
    quantity: Decimal
    date: str
    currency: str
    unit_price: Decimal
    list_price: Decimal | None = None
    list_id: str | None = None
    net_amount: Decimal
    rule: AppliedRule | None = None
    explanation: str
    considered: list[ConsideredRule]


class PriceRuleQuery(Page):
    sku: Sku | None = None
    customer_id: Id | None = None
    group: str | None = None
