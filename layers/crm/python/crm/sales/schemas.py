"""Request and response shapes for leads, opportunities, pipeline and forecast."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from crm.contactinfo import normalize_email, normalize_phone
from crm.customfields.public import CustomValues
from crm.shapes import Actor, Amount, Currency, Id, LongText, Name, Out, Page, Strict

Source = Literal["referral", "partner", "event", "web", "campaign", "cold_call", "other"]
Timeframe = Literal["0-3m", "3-6m", "6-12m", "unknown"]
Stage = Literal["prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"]
Month = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")]

STAGE_PROBABILITY = {
    "prospecting": 10,
    "qualification": 20,
    "proposal": 50,
    "negotiation": 75,
    "closed_won": 100,
    "closed_lost": 0,
}
OPEN_STAGES = ("prospecting", "qualification", "proposal", "negotiation")


class _LeadFields(Strict):
    company: Name | None = None
    first_name: Name | None = None
    title: Name | None = None
    email: Annotated[str, Field(max_length=254)] | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    industry: Annotated[str, Field(max_length=60)] | None = None
    employees: Annotated[int, Field(ge=1, le=10_000_000)] | None = None
    budget: Amount | None = None
    currency: Currency | None = None
    timeframe: Timeframe | None = None
    campaign_id: Id | None = None
    partner_id: Id | None = None
    notes: LongText | None = None
    owner: Actor | None = None
    custom: CustomValues | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        return normalize_email(v) if v else v

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str | None, info: ValidationInfo) -> str | None:
        if not v:
            return v
        country = info.data.get("country") or (info.context or {}).get("default_region")
        return normalize_phone(v, country)

    @model_validator(mode="after")
    def _budget_currency(self) -> _LeadFields:
        if self.budget is not None and self.currency is None:
            raise ValueError("a budget needs a currency")
        return self


class LeadIn(_LeadFields):
    last_name: Name
    source: Source


class LeadPatch(_LeadFields):
    last_name: Name | None = None
    source: Source | None = None
    status: Literal["new", "working", "qualified", "disqualified"] | None = None
    disqualify_reason: Annotated[str, Field(max_length=400)] | None = None
    version: int | None = None


class LeadQuery(Page):
    owner: Actor | None = None
    status: Literal["new", "working", "qualified", "disqualified", "converted"] | None = None


class OpportunityIn(Strict):
    name: Name
    customer_id: Id
    amount: Amount
    currency: Currency
    expected_close: date
    stage: Stage = "prospecting"
    probability: Annotated[int, Field(ge=0, le=100)] | None = Field(default=None, description="defaults per stage")
    owner: Actor | None = None
    partner_id: Id | None = None
    custom: CustomValues | None = None


class ConvertIn(Strict):
    customer_id: Id | None = Field(default=None, description="attach to this existing customer instead of creating")
    opportunity_name: Name | None = None
    amount: Amount
    currency: Currency
    expected_close: date
    stage: Literal["prospecting", "qualification", "proposal", "negotiation"] = "qualification"


class OpportunityPatch(Strict):
    name: Name | None = None
    stage: Stage | None = None
    probability: Annotated[int, Field(ge=0, le=100)] | None = None
    amount: Amount | None = None
    expected_close: date | None = None
    owner: Actor | None = None
    close_reason: Annotated[str, Field(min_length=1, max_length=400)] | None = None
    custom: CustomValues | None = None
    version: int | None = None


class OpportunityQuery(Page):
    owner: Actor | None = None
    stage: Stage | None = None
    close_from: date | None = None
    close_to: date | None = None


class ForecastQuery(Strict):
    from_month: Month = Field(alias="from")
    to_month: Month = Field(alias="to")
    owner: Actor | None = None

    @model_validator(mode="after")
    def _range(self) -> ForecastQuery:
        if self.to_month < self.from_month:
            raise ValueError("to is before from")
        y1, m1 = map(int, self.from_month.split("-"))
        y2, m2 = map(int, self.to_month.split("-"))
        if (y2 - y1) * 12 + m2 - m1 >= 24:
            raise ValueError("at most 24 months")
        return self


class PipelineQuery(Strict):
    owner: Actor | None = None


class LeadOut(Out):
    lead_id: str
    company: str | None = None
    first_name: str | None = None
    last_name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    country: str | None = None
    industry: str | None = None
    employees: int | None = None
    budget: Decimal | None = None
    currency: str | None = None
    timeframe: str | None = None
    source: str
    campaign_id: str | None = None
    partner_id: str | None = None
    notes: str | None = None
    owner: str | None = None
    status: str
    score: int
    grade: str
    score_reasons: list[str]
    disqualify_reason: str | None = None
    customer_id: str | None = None
    opportunity_id: str | None = None
    replied_at: str | None = Field(default=None, description="the lead answered an email")
    unsubscribed_at: str | None = Field(default=None, description="the lead's address unsubscribed")
    custom: CustomValues = {}
    created_at: str
    updated_at: str
    version: int


class LeadPage(Out):
    items: list[LeadOut]
    next: str | None = None


class StageChange(Out):
    stage: str
    probability: int
    at: str
    actor: str


class ForecastTotal(Out):
    month: str
    currency: str
    weighted: Decimal
    won: Decimal
    forecast: Decimal


class OpportunityOut(Out):
    opportunity_id: str
    name: str
    customer_id: str
    owner: str
    stage: str
    probability: int
    amount: Decimal
    currency: str
    weighted_amount: Decimal
    expected_close: str
    status: str
    close_reason: str | None = None
    closed_at: str | None = None
    lead_id: str | None = None
    partner_id: str | None = None
    history: list[StageChange]
    custom: CustomValues = {}
    created_at: str
    updated_at: str
    version: int


class OpportunityPage(Out):
    items: list[OpportunityOut]
    next: str | None = None


class ConversionOut(Out):
    lead: LeadOut
    customer_id: str
    customer_created: bool
    opportunity: OpportunityOut


class ForecastRow(Out):
    owner: str
    month: str
    currency: str
    open_count: int
    pipeline: Decimal
    weighted: Decimal
    won_count: int
    won: Decimal
    forecast: Decimal = Field(description="won + weighted open: the expected bookings of the month")


class Forecast(Out):
    rows: list[ForecastRow]
    totals: list[ForecastTotal]


class PipelineStage(Out):
    stage: str
    currency: str
    count: int
    amount: Decimal
    weighted: Decimal


class Pipeline(Out):
    stages: list[PipelineStage]
