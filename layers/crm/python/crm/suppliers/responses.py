"""What the SRM answers: suppliers and their items, RFQs, offers and their comparison, purchase orders and
deliveries, scorecards, risk, the Kraljic portfolio and the SRM settings. Money is Decimal in the currency named
beside it; percentages are 0-100; risk figures 0 (none) .. 1 (high)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict, Field

from crm.customfields.public import CustomValues
from crm.shapes import Out

Quadrant = Literal["strategic", "leverage", "bottleneck", "non-critical"]
Trend = Literal["improving", "stable", "declining", "unknown"]


class Certification(Out):
    name: str
    valid_until: str | None = None


class SupplierContact(Out):
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None


class SupplierOut(Out):
    supplier_id: str
    name: str
    country: str
    currency: str
    categories: list[str]
    certifications: list[Certification]
    payment_terms: str | None = None
    status: str
    contacts: list[SupplierContact]
    notes: str | None = None
    custom: CustomValues = {}
    created_at: str
    updated_at: str
    version: int


class SupplierPage(Out):
    items: list[SupplierOut]
    next: str | None = None


class SuppliedItemOut(Out):
    supplier_id: str
    sku: str
    name: str | None = None
    category: str | None = None
    supplier_sku: str | None = None
    unit_price: Decimal
    currency: str
    min_quantity: Decimal
    lead_time_days: int
    updated_at: str


class SuppliedItemList(Out):
    items: list[SuppliedItemOut]


class SupplierPricePoint(Out):
    unit_price: Decimal
    currency: str
    source: Literal["catalog", "offer"]
    at: str


class SupplierPriceHistory(Out):
    supplier_id: str
    sku: str
    items: list[SupplierPricePoint]


# ----------------------------------------------------------------- RFQs, offers, comparison


class CriteriaWeights(Out):
    tco: Decimal
    lead_time: Decimal
    risk: Decimal
    quality: Decimal


class RfqLineOut(Out):
    sku: str
    quantity: Decimal
    need_by: str | None = None


class OfferLineOut(Out):
    sku: str
    unit_price: Decimal
    min_quantity: Decimal
    lead_time_days: int


class OfferOut(Out):
    supplier_id: str
    currency: str
    freight: Decimal
    duties: Decimal
    lines: list[OfferLineOut]
    payment_terms: str | None = None
    valid_until: str
    warranty_months: int | None = None
    quality_terms: str | None = None
    submitted_at: str
    version: int
    expired: bool


class RfqOut(Out):
    rfq_id: str
    title: str
    currency: str
    deadline: str
    status: Literal["open", "awarded", "cancelled"]
    lines: list[RfqLineOut]
    invited: list[str]
    weights: CriteriaWeights
    lateness_cost_per_day: Decimal
    defect_cost_factor: Decimal
    awarded_to: str | None = None
    po_id: str | None = None
    created_at: str
    created_by: str
    version: int
    offers: list[OfferOut]


class RfqPage(Out):
    items: list[RfqOut]
    next: str | None = None


class DeliveryStats(Out):
    """Delivery performance over a window; None where there were no deliveries to measure."""

    deliveries: int
    on_time_pct: Decimal | None = None
    in_full_pct: Decimal | None = None
    otif_pct: Decimal | None = None
    defect_ppm: int | None = None
    price_variance_pct: Decimal | None = None
    lead_time_mean_days: Decimal | None = None
    lead_time_stdev_days: Decimal | None = None
    spend: Decimal


class OfferHistory(DeliveryStats):
    uses_priors: bool = Field(description="no delivery history: the documented priors were used")


class QuarterStats(OfferHistory):
    quarter: str


class TcoComponents(Out):
    goods: Decimal
    freight: Decimal
    duties: Decimal
    expected_lateness: Decimal
    expected_defects: Decimal
    tco: Decimal


class RiskComponent(Out):
    value: Decimal
    weight: Decimal


class RiskComponents(Out):
    concentration: RiskComponent
    single_source: RiskComponent
    delivery_trend: RiskComponent
    country: RiskComponent
    incidents: RiskComponent


class RiskFacts(Out):
    spend_share_pct: Decimal
    single_source_items: list[str]
    items_supplied: int
    otif_trend: Trend
    country: str
    country_risk: Decimal
    open_risks: int


class RiskEntryOut(Out):
    risk_id: str
    title: str
    category: str
    likelihood: int
    impact: int
    severity: int
    mitigation: str | None = None
    owner: str | None = None
    status: Literal["open", "mitigated", "closed"]
    created_at: str
    updated_at: str
    version: int


class SupplierRisk(Out):
    model_config = ConfigDict(populate_by_name=True, defer_build=True)

    supplier_id: str
    name: str
    risk_index: Decimal
    components: RiskComponents
    facts: RiskFacts
    risk_register: list[RiskEntryOut] = Field(alias="register", description="the supplier's risk register")


class RankedOffer(Out):
    rank: int
    supplier_id: str
    supplier_name: str
    total_score: Decimal
    tco: Decimal
    components: TcoComponents
    scores: CriteriaWeights = Field(description="0-100 per criterion")
    history: OfferHistory
    risk: SupplierRisk
    explanation: list[str]


class ExpiredOffer(Out):
    supplier_id: str
    valid_until: str


class OfferComparison(Out):
    rfq_id: str
    currency: str
    weights: CriteriaWeights
    status: str
    ranking: list[RankedOffer]
    cheapest_unit_prices: dict[str, str] = Field(description="sku -> the supplier offering the lowest unit price")
    expired_offers: list[ExpiredOffer]


# ----------------------------------------------------------------- purchase orders and deliveries


class PoLineOut(Out):
    line_no: int
    sku: str
    quantity: Decimal
    unit_price: Decimal
    expected_date: str
    received: Decimal
    rejected: Decimal
    open: Decimal


class PurchaseOrderOut(Out):
    po_id: str
    supplier_id: str
    rfq_id: str | None = None
    currency: str
    status: Literal["open", "partially_received", "received", "cancelled"]
    order_date: str
    freight: Decimal
    duties: Decimal
    total: Decimal
    lines: list[PoLineOut]
    created_at: str
    created_by: str
    updated_at: str
    version: int


class PurchaseOrderPage(Out):
    items: list[PurchaseOrderOut]
    next: str | None = None


class DeliveryRecorded(Out):
    delivery_id: str
    spend_in_base: Decimal
    purchase_order: PurchaseOrderOut


# ----------------------------------------------------------------- performance, risk, portfolio, settings


class Scorecard(Out):
    supplier_id: str
    name: str
    currency: str
    window: DeliveryStats
    quarters: list[QuarterStats]
    otif_trend: Trend


class PortfolioSupplier(Out):
    supplier_id: str
    name: str
    quadrant: Quadrant
    spend_share_pct: Decimal
    risk_index: Decimal
    otif_pct: Decimal | None = None
    defect_ppm: int | None = None


class KeySupplierCandidate(Out):
    supplier_id: str
    name: str
    quadrant: Quadrant
    reasons: list[str]


class Portfolio(Out):
    impact_threshold: Decimal
    risk_threshold: Decimal
    suppliers: list[PortfolioSupplier]
    potential_key_suppliers: list[KeySupplierCandidate]


class SrmSettings(Out):
    base_currency: str
    fx_rates: dict[str, Decimal] = Field(description="currency -> units of the base currency per unit")
    country_risk: dict[str, Decimal] = Field(description="ISO country -> risk score 0 (low) .. 1 (high)")
    unknown_country_risk: Decimal
