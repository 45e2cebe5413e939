"""What the PRM answers. Partner users get their own shapes (`PartnerRegistration`, `PartnerConflict`): a
partner learns that a conflict exists, never whose records it is."""

from __future__ import annotations

from decimal import Decimal

from pydantic import ConfigDict, Field

from crm.shapes import Out

RegistrationStatus = str  # submitted | approved | rejected | expired | converted


class PartnerContact(Out):
    name: str
    email: str | None = None
    phone: str | None = None
    role: str | None = None


class PartnerOut(Out):
    partner_id: str
    name: str
    kind: str
    tier: str
    tier_evaluated_at: str | None = None
    territory: list[str]
    contacts: list[PartnerContact]
    status: str
    created_at: str
    updated_at: str
    version: int


class PartnerPage(Out):
    items: list[PartnerOut]
    next: str | None = None


# ----------------------------------------------------------------- deal registrations


class RegistrationFields(Out):
    registration_id: str
    partner_id: str
    company: str
    domain: str | None = None
    tax_id: str | None = None
    country: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    expected_value: Decimal
    currency: str
    close_date: str
    products: list[str]
    notes: str | None = None
    status: RegistrationStatus
    decided_at: str | None = None
    decision_note: str | None = None
    protected_until: str | None = None
    customer_id: str | None = None
    opportunity_id: str | None = None
    created_at: str
    updated_at: str
    version: int


class PartnerConflict(Out):
    kind: str = Field(description="your earlier registration, another registration, or existing relationship")
    matched_on: str = Field(description="which kind of key matched (domain, tax id, name), never the record")


class PartnerRegistration(RegistrationFields):
    """A registration as its partner sees it."""

    conflicts: list[PartnerConflict]


class PartnerRegistrationPage(Out):
    items: list[PartnerRegistration]
    next: str | None = None


class RegistrationConflict(Out):
    kind: str = Field(description="registration, customer or opportunity")
    matched_on: str
    ref_id: str
    detail: str | None = None
    partner_id: str | None = None


class Registration(RegistrationFields):
    """A registration as channel managers see it: full conflict details and who decided."""

    conflicts: list[RegistrationConflict]
    decided_by: str | None = None


class RegistrationPage(Out):
    items: list[Registration]
    next: str | None = None


class RegistrationConverted(Out):
    registration: Registration
    customer_id: str
    customer_created: bool
    opportunity_id: str


# ----------------------------------------------------------------- contribution, tiers, commissions


class CurrencyRevenue(Out):
    currency: str
    sourced: Decimal
    influenced: Decimal
    total: Decimal
    company_total: Decimal
    share_pct: Decimal | None = None


class RegistrationCounts(Out):
    submitted: int = 0
    approved: int = 0
    rejected: int = 0
    expired: int = 0
    converted: int = 0


class PipelineAmount(Out):
    currency: str
    open: Decimal
    weighted: Decimal


class TierRule(Out):
    tier: str
    min_revenue: Decimal


class TierStanding(Out):
    current: str
    evaluated: str = Field(description="the tier the trailing 12 months of attributed revenue earn")
    revenue_12m_eur: Decimal
    thresholds: list[TierRule]


class Period(Out):
    model_config = ConfigDict(populate_by_name=True, defer_build=True)

    from_: str = Field(alias="from")
    to: str


class PartnerPerformance(Period):
    partner: PartnerOut
    revenue: list[CurrencyRevenue]
    orders: int
    registrations: RegistrationCounts
    win_rate_pct: Decimal | None = None
    deal_velocity_days: Decimal | None = None
    pipeline: list[PipelineAmount]
    tier: TierStanding


class RankedPartner(Out):
    rank: int
    partner_id: str
    name: str
    kind: str
    tier: str
    revenue_eur: Decimal
    orders: int
    win_rate_pct: Decimal | None = None
    deal_velocity_days: Decimal | None = None
    evaluated_tier: str


class PartnerRanking(Period):
    partners: list[RankedPartner]


class CommissionDetail(Out):
    """A commission line's parts (sku, category, net, rate), or a clawback's reason."""

    sku: str | None = None
    category: str | None = None
    net: Decimal | None = None
    rate: Decimal | None = None
    reason: str | None = None


class StatementLine(Out):
    order_id: str
    kind: str = Field(description="commission or clawback")
    at: str
    currency: str
    net: Decimal
    amount: Decimal
    detail: list[CommissionDetail]


class CurrencyAmount(Out):
    currency: str
    amount: Decimal


class Statement(Out):
    partner_id: str
    month: str
    tier: str
    lines: list[StatementLine]
    totals: list[CurrencyAmount]


class PartnerOrder(Out):
    order_id: str
    order_date: str
    status: str
    currency: str
    net_total: Decimal
    grand_total: Decimal
    partner_role: str | None = None
    customer_name: str


class PartnerOrderList(Out):
    items: list[PartnerOrder]


class CommissionRule(Out):
    tier: str
    category: str
    rate: Decimal


class PrmSettingsOut(Out):
    tiers: list[TierRule]
    commission_rules: list[CommissionRule]
    protection_days: int
    updated_at: str | None = None
    version: int
    base_currency: str
