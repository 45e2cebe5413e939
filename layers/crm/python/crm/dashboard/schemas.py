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


class Tables(Out):
    revenue_by_month: list[MonthRevenue] = []
    forecast: list[ForecastMonth] = []
    segments: list[SegmentCount] = []
    segment_movements: list[SegmentMove] = []
    at_risk_customers: list[AtRiskCustomer] = []
    suppliers: list[SupplierHighlight] = []
    partners: list[PartnerContribution] = []
    clv_bands: list[ClvBand] = []


class Dashboard(Out):
    period: str
    start: str
    end: str
    generated_at: str
    runs: dict[str, str | None]
    notes: list[str]
    headline: Headline
    tables: Tables
