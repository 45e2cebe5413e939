"""Routes for leads, opportunities, pipeline and forecast, and for tasks, calendars and team activity."""

from __future__ import annotations

from typing import Any

from chalicelib.http import Call, CrmApi, Reply, etag
from chalicelib.idempotency import once
from crm.auth import Permission, is_allowed
from crm.sales import schemas as ss
from crm.sales import service as sales
from crm.tasks import schemas as ts
from crm.tasks import service as tasks


def _sees_all(call: Call) -> bool:
    assert call.principal is not None
    return is_allowed(call.principal, Permission.TEAM_ACTIVITY_READ)


def register(api: CrmApi) -> None:
    # ------------------------------------------------------------- leads

    @api.route(
        "/leads",
        "GET",
        permission=Permission.LEAD_READ,
        summary="Leads by owner (and status) or by status, best score first",
        query=ss.LeadQuery,
        response=ss.LeadPage,
    )
    def list_leads(call: Call) -> dict[str, Any]:
        return sales.list_leads(call.query)

    @api.route(
        "/leads",
        "POST",
        permission=Permission.LEAD_WRITE,
        summary="Capture a lead; it is scored at once (reasons included)",
        body=ss.LeadIn,
        response=ss.LeadOut,
        status=201,
        idempotent=True,
    )
    def create_lead(call: Call) -> Reply:
        body = once(
            call,
            scope="create_lead",
            payload=call.body.model_dump(mode="json"),
            work=lambda: sales.create_lead(call.body, call.actor),
        )
        return Reply(body, 201, etag(body))

    @api.route(
        "/leads/{lead_id}", "GET", permission=Permission.LEAD_READ, summary="A lead with its score", response=ss.LeadOut
    )
    def get_lead(call: Call, lead_id: str) -> Reply:
        body = sales.get_lead(lead_id)
        return Reply(body, 200, etag(body))

    @api.route(
        "/leads/{lead_id}",
        "PATCH",
        permission=Permission.LEAD_WRITE,
        summary="Change, qualify or disqualify a lead; it is re-scored",
        body=ss.LeadPatch,
        response=ss.LeadOut,
        headers=["If-Match"],
    )
    def update_lead(call: Call, lead_id: str) -> Reply:
        body = sales.update_lead(lead_id, call.body, call.if_match(call.body.version))
        return Reply(body, 200, etag(body))

    @api.route(
        "/leads/{lead_id}/convert",
        "POST",
        permission=Permission.LEAD_WRITE,
        summary="Convert a lead into a customer (or attach to one) and an opportunity, in one transaction",
        body=ss.ConvertIn,
        response=ss.ConversionOut,
        status=201,
        idempotent=True,
    )
    def convert_lead(call: Call, lead_id: str) -> Reply:
        body = once(
            call,
            scope=f"convert:{lead_id}",
            payload=call.body.model_dump(mode="json"),
            work=lambda: sales.convert_lead(lead_id, call.body, call.actor),
        )
        return Reply(body, 201)

    # ------------------------------------------------------------- opportunities

    @api.route(
        "/opportunities",
        "GET",
        permission=Permission.PIPELINE_READ,
        summary="Opportunities by owner or stage, by expected close date",
        query=ss.OpportunityQuery,
        response=ss.OpportunityPage,
    )
    def list_opportunities(call: Call) -> dict[str, Any]:
        return sales.list_opportunities(call.query)

    @api.route(
        "/opportunities",
        "POST",
        permission=Permission.PIPELINE_WRITE,
        summary="Open an opportunity",
        body=ss.OpportunityIn,
        response=ss.OpportunityOut,
        status=201,
        idempotent=True,
    )
    def create_opportunity(call: Call) -> Reply:
        body = once(
            call,
            scope="create_opportunity",
            payload=call.body.model_dump(mode="json"),
            work=lambda: sales.create_opportunity(call.body, call.actor),
        )
        return Reply(body, 201, etag(body))

    @api.route(
        "/opportunities/{opportunity_id}",
        "GET",
        permission=Permission.PIPELINE_READ,
        summary="An opportunity with its stage history",
        response=ss.OpportunityOut,
    )
    def get_opportunity(call: Call, opportunity_id: str) -> Reply:
        body = sales.get_opportunity(opportunity_id)
        return Reply(body, 200, etag(body))

    @api.route(
        "/opportunities/{opportunity_id}",
        "PATCH",
        permission=Permission.PIPELINE_WRITE,
        summary="Move stage, change amount or close date; closing needs close_reason",
        body=ss.OpportunityPatch,
        response=ss.OpportunityOut,
        headers=["If-Match"],
    )
    def update_opportunity(call: Call, opportunity_id: str) -> Reply:
        body = sales.update_opportunity(opportunity_id, call.body, call.if_match(call.body.version), call.actor)
        return Reply(body, 200, etag(body))

    @api.route(
        "/forecast",
        "GET",
        permission=Permission.FORECAST_READ,
        summary="Weighted forecast per owner and month (amount x probability, plus won)",
        query=ss.ForecastQuery,
        response=ss.Forecast,
    )
    def get_forecast(call: Call) -> dict[str, Any]:
        return sales.forecast(call.query)

    @api.route(
        "/pipeline",
        "GET",
        permission=Permission.PIPELINE_READ,
        summary="Open pipeline by stage: count, amount, weighted amount",
        query=ss.PipelineQuery,
        response=ss.Pipeline,
    )
    def get_pipeline(call: Call) -> dict[str, Any]:
        return sales.pipeline(call.query.owner)

    # ------------------------------------------------------------- tasks

    @api.route(
        "/tasks",
        "POST",
        permission=Permission.TASK,
        summary="A task, call, meeting or appointment, with an optional reminder",
        body=ts.TaskIn,
        response=ts.TaskOut,
        status=201,
        idempotent=True,
    )
    def create_task(call: Call) -> Reply:
        body = once(
            call,
            scope="create_task",
            payload=call.body.model_dump(mode="json"),
            work=lambda: tasks.create_task(call.body, call.actor),
        )
        return Reply(body, 201, etag(body))

    @api.route(
        "/tasks/{task_id}",
        "GET",
        permission=Permission.TASK,
        summary="A task (yours, or any for managers)",
        response=ts.TaskOut,
    )
    def get_task(call: Call, task_id: str) -> Reply:
        body = tasks.get_task(task_id, call.actor, _sees_all(call))
        return Reply(body, 200, etag(body))

    @api.route(
        "/tasks/{task_id}",
        "PATCH",
        permission=Permission.TASK,
        summary="Reschedule, reassign, change the reminder or cancel a task",
        body=ts.TaskPatch,
        response=ts.TaskOut,
        headers=["If-Match"],
    )
    def update_task(call: Call, task_id: str) -> Reply:
        body = tasks.update_task(task_id, call.body, call.if_match(call.body.version), call.actor, _sees_all(call))
        return Reply(body, 200, etag(body))

    @api.route(
        "/tasks/{task_id}/complete",
        "POST",
        permission=Permission.TASK,
        summary="Mark done (calls and meetings land on the customer's timeline)",
        body=ts.CompleteIn,
        response=ts.TaskOut,
    )
    def complete_task(call: Call, task_id: str) -> dict[str, Any]:
        return tasks.complete_task(task_id, call.body, call.actor, _sees_all(call))

    @api.route(
        "/calendar",
        "GET",
        permission=Permission.TASK,
        summary="A user's tasks and appointments in a date range",
        query=ts.CalendarQuery,
        response=ts.CalendarOut,
    )
    def get_calendar(call: Call) -> dict[str, Any]:
        user = call.query.user or call.actor
        tasks.check_calendar_access(user, call.actor, _sees_all(call))
        return tasks.calendar(user, call.query.from_, call.query.to)

    @api.route(
        "/activities",
        "GET",
        permission=Permission.TEAM_ACTIVITY_READ,
        summary="Done activities per rep in an ISO week (managers)",
        query=ts.ActivityQuery,
        response=ts.ActivityReport,
    )
    def team_activity(call: Call) -> dict[str, Any]:
        return tasks.team_activity(call.query.week)
