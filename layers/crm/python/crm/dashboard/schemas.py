"""The dashboard's shape: the report job's tables (analytics_jobs/report.py), typed row by row."""

from __future__ import annotations

from crm.shapes import Out


class Headline(Out):
    revenue: float
    orders: int
    customers: int
    new_customers: int
    previous_revenue: float | None = None
    previous_orders: int | None = None
    previous_customers: int | None = None
    previous_new_customers: int | None = None
    revenue_change_pct: float | None = None
    orders_change_pct: float | None = None
    customers_change_pct: float | None = None
    new_customers_change_pct: float | None = None
    previous_start: str | None = None
    previous_end: str | None = None


class MonthRevenue(Out):
    month: str
    revenue: float
    orders: int | None = None


class ForecastMonth(Out):
    month: str
    revenue: float
    low: float
    high: float


class SegmentCount(Out):
    segment: str
    now: int
    before: int
    revenue: float | None = None  # all-time spend of the segment's customers now (EUR)


class SegmentMove(Out):
    from_segment: str
    to_segment: str
    customers: int


class AtRiskCustomer(Out):
    customer_id: str
    name: str
    churn_risk: float
    contribution: float | None = None
    revenue: float | None = None
    last_order_at: str | None = None
    clv: float | None = None


class SupplierHighlight(Out):
    supplier_id: str
    name: str
    deliveries: int
    otif_pct: str | None = None
    defect_ppm: int | None = None
    lead_time_mean_days: str | None = None
    spend_eur: str | None = None
    otif_trend: str


class PartnerContribution(Out):
    rank: int
    partner_id: str
    name: str
    tier: str
    revenue_eur: str
    orders: int


class ClvBand(Out):
    band: str
    customers: int
    clv: float


class RfmCell(Out):
    r_score: int
    fm_score: int
    segment: str
    customers: int
    revenue: float


class SeasonMonth(Out):
    calendar_month: int
    seasonal_index: float
    observations: int


class BasketRule(Out):
    antecedent: str
    consequent: str
    orders_both: int
    support: float
    confidence: float
    lift: float


class NextProductCoverage(Out):
    basis: str  # "rule" or "popular"
    customers: int
    share: float


class PriceEffect(Out):
    sku: str
    category: str | None = None
    windows_from: str
    discount_weeks: int
    mean_discount_pct: float | None = None
    uplift: float | None = None
    uplift_low: float | None = None
    uplift_high: float | None = None
    uplift_p: float | None = None
    elasticity: float | None = None
    elasticity_low: float | None = None
    elasticity_high: float | None = None


class CampaignUplift(Out):
    campaign_id: str
    name: str
    mailed: int
    holdout: int
    open_rate: float | None = None
    click_rate: float | None = None
    conversion_mailed: float | None = None
    conversion_holdout: float | None = None
    conversion_uplift_pts: float | None = None
    conversion_p: float | None = None
    revenue_uplift_per_customer: float | None = None
    incremental_revenue: float | None = None
    revenue_p: float | None = None


class ServiceFigures(Out):
    """Service over the cases opened in the last 90 days, for one cut (all, priority, category, team, agent)."""

    cut: str
    value: str
    cases: int
    first_response_median_minutes: float | None = None
    first_response_within_sla: float | None = None
    resolution_median_hours: float | None = None
    resolution_within_sla: float | None = None
    first_contact_resolution: float | None = None
    csat: float | None = None
    csat_answers: int = 0
    nps: float | None = None
    nps_answers: int = 0


class LifecycleMove(Out):
    from_stage: str
    to_stage: str
    customers: int


class BestChannelCount(Out):
    best_channel: str
    customers: int
    share: float


class Tables(Out):
    revenue_by_month: list[MonthRevenue] = []
    forecast: list[ForecastMonth] = []
    segments: list[SegmentCount] = []
    segment_movements: list[SegmentMove] = []
    at_risk_customers: list[AtRiskCustomer] = []
    suppliers: list[SupplierHighlight] = []
    partners: list[PartnerContribution] = []
    clv_bands: list[ClvBand] = []
    rfm_grid: list[RfmCell] = []
    seasonality: list[SeasonMonth] = []
    basket_rules: list[BasketRule] = []
    next_product_coverage: list[NextProductCoverage] = []
    price_effects: list[PriceEffect] = []
    campaign_uplift: list[CampaignUplift] = []
    service: list[ServiceFigures] = []
    lifecycle_movements: list[LifecycleMove] = []
    best_channels: list[BestChannelCount] = []


class Dashboard(Out):
    period: str
    start: str
    end: str
    generated_at: str
    runs: dict[str, str | None]
    notes: list[str]
    headline: Headline
    tables: Tables
