"""Request and response shapes for suppliers, RFQs, offers, purchase orders, deliveries and SRM settings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from crm.contactinfo import normalize_email
from crm.customfields.public import CustomValues
from crm.shapes import Amount, Currency, Id, LongText, Name, Page, Quantity, Sku, Strict

Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]
Category = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Days = Annotated[int, Field(ge=0, le=730)]
Weight = Annotated[Decimal, Field(ge=0, le=1, decimal_places=4)]
Criterion = Literal["tco", "lead_time", "risk", "quality"]
DEFAULT_WEIGHTS: dict[Criterion, Decimal] = {
    "tco": Decimal("0.5"),
    "lead_time": Decimal("0.15"),
    "risk": Decimal("0.2"),
    "quality": Decimal("0.15"),
}


class CertificationIn(Strict):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    valid_until: date | None = None


class SupplierContactIn(Strict):
    name: Name
    role: Annotated[str, Field(max_length=80)] | None = None
    email: Annotated[str, Field(max_length=254)] | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        return normalize_email(v) if v else v


class SupplierIn(Strict):
    name: Name
    country: Country
    currency: Currency
    categories: Annotated[list[Category], Field(max_length=20)] = []
    certifications: Annotated[list[CertificationIn], Field(max_length=20)] = []
    payment_terms: Annotated[str, Field(pattern=r"^(prepaid|net\d{1,3}|\d{1,2}/\d{1,2} net\d{1,3})$")] | None = None
    status: Literal["prospective", "active", "blocked"] = "active"
    contacts: Annotated[list[SupplierContactIn], Field(max_length=20)] = []
    notes: LongText | None = None
    custom: CustomValues | None = None


class SupplierPatch(Strict):
    name: Name | None = None
    country: Country | None = None
    categories: Annotated[list[Category], Field(max_length=20)] | None = None
    certifications: Annotated[list[CertificationIn], Field(max_length=20)] | None = None
    payment_terms: str | None = None
    status: Literal["prospective", "active", "blocked"] | None = None
    contacts: Annotated[list[SupplierContactIn], Field(max_length=20)] | None = None
    notes: LongText | None = None
    custom: CustomValues | None = None
    version: int | None = None


class SuppliedItemIn(Strict):
    name: Name | None = None
    category: Category | None = None
    supplier_sku: Annotated[str, Field(max_length=64)] | None = None
    unit_price: Amount
    currency: Currency
    lead_time_days: Days
    min_quantity: Quantity = Decimal(1)


class RfqLineIn(Strict):
    sku: Sku
    quantity: Quantity
    need_by: date | None = None


class RfqIn(Strict):
    title: Name
    lines: Annotated[list[RfqLineIn], Field(min_length=1, max_length=50)]
    invited: Annotated[list[Id], Field(min_length=1, max_length=20)]
    currency: Currency = "EUR"
    deadline: date
    weights: dict[Criterion, Weight] = Field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS), description="criteria weights; they must sum to 1"
    )
    lateness_cost_per_day: Annotated[Decimal, Field(ge=0, le=Decimal("0.1"))] = Field(
        default=Decimal("0.005"), description="share of the goods value lost per day late (0.005 = 0.5 %)"
    )
    defect_cost_factor: Annotated[Decimal, Field(ge=0, le=10)] = Decimal(1)

    @model_validator(mode="after")
    def _check(self) -> RfqIn:
        if sum(self.weights.values()) != 1:
            raise ValueError(f"weights must sum to 1 (they sum to {sum(self.weights.values())})")
        if len({line.sku for line in self.lines}) != len(self.lines):
            raise ValueError("each sku appears once in lines")
        if len(set(self.invited)) != len(self.invited):
            raise ValueError("each supplier is invited once")
        return self


class OfferLineIn(Strict):
    sku: Sku
    unit_price: Amount
    min_quantity: Quantity = Decimal(1)
    lead_time_days: Days


class OfferIn(Strict):
    supplier_id: Id
    currency: Currency
    lines: Annotated[list[OfferLineIn], Field(min_length=1, max_length=50)]
    freight: Amount = Decimal(0)
    duties: Amount = Decimal(0)
    payment_terms: Annotated[str, Field(max_length=40)] | None = None
    valid_until: date
    warranty_months: Annotated[int, Field(ge=0, le=120)] | None = None
    quality_terms: LongText | None = None


class AwardIn(Strict):
    supplier_id: Id
    expected_date: date | None = Field(default=None, description="defaults to today + the offer's lead time")


class DeliveryLineIn(Strict):
    line_no: Annotated[int, Field(ge=1)]
    received: Quantity
    rejected: Annotated[Decimal, Field(ge=0, le=Decimal("1e6"), decimal_places=3)] = Decimal(0)
    invoiced_unit_price: Amount | None = Field(default=None, description="defaults to the agreed price")

    @model_validator(mode="after")
    def _rejected(self) -> DeliveryLineIn:
        if self.rejected > self.received:
            raise ValueError("rejected cannot exceed received")
        return self


class DeliveryIn(Strict):
    delivered_on: date
    lines: Annotated[list[DeliveryLineIn], Field(min_length=1, max_length=50)]
    landed_cost: Amount | None = Field(default=None, description="total landed cost in the PO currency")
    note: LongText | None = None


class RiskIn(Strict):
    title: Name
    category: Literal["delivery", "quality", "financial", "compliance", "geopolitical", "other"]
    likelihood: Annotated[int, Field(ge=1, le=5)]
    impact: Annotated[int, Field(ge=1, le=5)]
    mitigation: LongText | None = None
    owner: Annotated[str, Field(max_length=254)] | None = None


class RiskPatch(Strict):
    likelihood: Annotated[int, Field(ge=1, le=5)] | None = None
    impact: Annotated[int, Field(ge=1, le=5)] | None = None
    mitigation: LongText | None = None
    status: Literal["open", "mitigated", "closed"] | None = None
    version: int | None = None


class FxIn(Strict):
    rate_to_base: Annotated[Decimal, Field(gt=0, le=Decimal("100000"), decimal_places=8)]


class CountryRiskIn(Strict):
    score: Annotated[Decimal, Field(ge=0, le=1, decimal_places=4)]
    reason: Annotated[str, Field(max_length=200)] | None = None


class ComparisonQuery(Strict):
    """Weights to rank by instead of the RFQ's own (a what-if: nothing is saved); all four or none."""

    tco: Weight | None = None
    lead_time: Weight | None = None
    risk: Weight | None = None
    quality: Weight | None = None

    @model_validator(mode="after")
    def _check(self) -> ComparisonQuery:
        given = [w for w in (self.tco, self.lead_time, self.risk, self.quality) if w is not None]
        if given and len(given) != 4:
            raise ValueError("give all four weights (tco, lead_time, risk, quality) or none")
        if given and sum(given) != 1:
            raise ValueError(f"weights must sum to 1 (they sum to {sum(given)})")
        return self

    def weights(self) -> dict[str, Decimal] | None:
        if self.tco is None or self.lead_time is None or self.risk is None or self.quality is None:
            return None
        return {"tco": self.tco, "lead_time": self.lead_time, "risk": self.risk, "quality": self.quality}


class ScorecardQuery(Strict):
    quarters: Annotated[int, Field(ge=1, le=12)] = 4


class PortfolioQuery(Strict):
    impact_threshold: Annotated[Decimal, Field(gt=0, lt=1, decimal_places=4)] = Field(
        default=Decimal("0.15"), description="spend share from which profit impact is high"
    )
    risk_threshold: Annotated[Decimal, Field(gt=0, lt=1, decimal_places=4)] = Field(
        default=Decimal("0.45"), description="risk index from which supply risk is high"
    )


class PoQuery(Page):
    supplier_id: Id | None = None
    status: Literal["open", "partially_received", "received", "cancelled"] | None = None


class PoLineIn(Strict):
    sku: Sku
    quantity: Quantity
    unit_price: Amount | None = Field(default=None, description="defaults to the supplier's current item price")
    expected_date: date


class PoIn(Strict):
    supplier_id: Id
    currency: Currency
    lines: Annotated[list[PoLineIn], Field(min_length=1, max_length=50)]
    freight: Amount = Decimal(0)
    duties: Amount = Decimal(0)


class RfqQuery(Page):
    status: Literal["open", "awarded", "cancelled"] = "open"
