"""Sales routes: leads with their score, conversion, opportunities, pipeline and forecast."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.sales import forecast, leads, opportunities
from crm.sales import schemas as ss

routes = Routes(__name__)


# ------------------------------------------------------------- leads


@routes.route(
    "/leads",
    "GET",
    permission=Permission.LEAD_READ,
    summary="Leads by owner (and status) or by status, best score first",
    query=ss.LeadQuery,
    response=ss.LeadPage,
)
def list_leads(call: Call[None, ss.LeadQuery]) -> ss.LeadPage:
    return leads.list_leads(call.query)


@routes.route(
    "/leads",
    "POST",
    permission=Permission.LEAD_WRITE,
    summary="Capture a lead; it is scored at once (reasons included)",
    body=ss.LeadIn,
    response=ss.LeadOut,
    status=201,
    idempotent=True,
)
def create_lead(call: Call[ss.LeadIn, None]) -> ss.LeadOut:
    return leads.create_lead(call.body, call.actor)


@routes.route(
    "/leads/{lead_id}", "GET", permission=Permission.LEAD_READ, summary="A lead with its score", response=ss.LeadOut
)
def get_lead(call: Call[None, None], lead_id: str) -> ss.LeadOut:
    return leads.get_lead(lead_id)


@routes.route(
    "/leads/{lead_id}",
    "PATCH",
    permission=Permission.LEAD_WRITE,
    summary="Change, qualify or disqualify a lead; it is re-scored",
    body=ss.LeadPatch,
    response=ss.LeadOut,
    headers=["If-Match"],
)
def update_lead(call: Call[ss.LeadPatch, None], lead_id: str) -> ss.LeadOut:
    return leads.update_lead(lead_id, call.body, call.if_match(call.body.version))


@routes.route(
    "/leads/{lead_id}/convert",
    "POST",
    permission=Permission.LEAD_WRITE,
    summary="Convert a lead into a customer (or attach to one) and an opportunity, in one transaction",
    body=ss.ConvertIn,
    response=ss.ConversionOut,
    status=201,
    idempotent=True,
)
def convert_lead(call: Call[ss.ConvertIn, None], lead_id: str) -> ss.ConversionOut:
    return leads.convert_lead(lead_id, call.body, call.actor)


# ------------------------------------------------------------- opportunities


@routes.route(
    "/opportunities",
    "GET",
    permission=Permission.PIPELINE_READ,
    summary="Opportunities by owner or stage, by expected close date",
    query=ss.OpportunityQuery,
    response=ss.OpportunityPage,
)
def list_opportunities(call: Call[None, ss.OpportunityQuery]) -> ss.OpportunityPage:
    return opportunities.list_opportunities(call.query)


@routes.route(
    "/opportunities",
    "POST",
    permission=Permission.PIPELINE_WRITE,
    summary="Open an opportunity",
    body=ss.OpportunityIn,
    response=ss.OpportunityOut,
    status=201,
    idempotent=True,
)
def create_opportunity(call: Call[ss.OpportunityIn, None]) -> ss.OpportunityOut:
    return opportunities.create_opportunity(call.body, call.actor)


@routes.route(
    "/opportunities/{opportunity_id}",
    "GET",
    permission=Permission.PIPELINE_READ,
    summary="An opportunity with its stage history",
    response=ss.OpportunityOut,
)
def get_opportunity(call: Call[None, None], opportunity_id: str) -> ss.OpportunityOut:
    return opportunities.get_opportunity(opportunity_id)


@routes.route(
    "/opportunities/{opportunity_id}",
    "PATCH",
    permission=Permission.PIPELINE_WRITE,
    summary="Move stage, change amount or close date; closing needs close_reason",
    body=ss.OpportunityPatch,
    response=ss.OpportunityOut,
    headers=["If-Match"],
)
def update_opportunity(call: Call[ss.OpportunityPatch, None], opportunity_id: str) -> ss.OpportunityOut:
    return opportunities.update_opportunity(opportunity_id, call.body, call.if_match(call.body.version), call.actor)


@routes.route(
    "/forecast",
    "GET",
    permission=Permission.FORECAST_READ,
    summary="Weighted forecast per owner and month (amount x probability, plus won)",
    query=ss.ForecastQuery,
    response=ss.Forecast,
)
def get_forecast(call: Call[None, ss.ForecastQuery]) -> ss.Forecast:
    return forecast.forecast(call.query)


@routes.route(
    "/pipeline",
    "GET",
    permission=Permission.PIPELINE_READ,
    summary="Open pipeline by stage: count, amount, weighted amount",
    query=ss.PipelineQuery,
    response=ss.Pipeline,
)
def get_pipeline(call: Call[None, ss.PipelineQuery]) -> ss.Pipeline:
    return forecast.pipeline(call.query.owner)


# ------------------------------------------------------------- tasks
