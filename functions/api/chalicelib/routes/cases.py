"""Routes for service cases and SLA settings: parse -> authorize -> service -> reply."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.cases import schemas as s
from crm.cases import service as cases
from crm.cases import sla_settings as sla

routes = Routes(__name__)


@routes.route(
    "/cases",
    "GET",
    permission=Permission.CASE_READ,
    summary="Cases by owner (and status), by status (soonest deadline first), or breached",
    query=s.CaseQuery,
    response=s.CasePage,
)
def list_cases(call: Call[None, s.CaseQuery]) -> s.CasePage:
    return cases.list_cases(call.query)


@routes.route(
    "/cases",
    "POST",
    permission=Permission.CASE_WRITE,
    summary="Open a case from any channel; SLA deadlines are set from its priority",
    body=s.CaseIn,
    response=s.CaseOut,
    status=201,
    idempotent=True,
)
def open_case(call: Call[s.CaseIn, None]) -> s.CaseOut:
    return cases.open_case(call.body, call.actor)


@routes.route(
    "/cases/{case_id}",
    "GET",
    permission=Permission.CASE_READ,
    summary="A case with its comments",
    response=s.CaseOut,
)
def get_case(call: Call[None, None], case_id: str) -> s.CaseOut:
    return cases.get_case(case_id)


@routes.route(
    "/cases/{case_id}",
    "PATCH",
    permission=Permission.CASE_WRITE,
    summary="Change subject, priority (deadlines follow), owner or category (If-Match optional)",
    body=s.CasePatch,
    response=s.CaseOut,
    headers=["If-Match"],
)
def update_case(call: Call[s.CasePatch, None], case_id: str) -> s.CaseOut:
    return cases.update_case(case_id, call.body, call.if_match(call.body.version), call.actor)


@routes.route(
    "/cases/{case_id}/comments",
    "POST",
    permission=Permission.CASE_WRITE,
    summary="Comment; the first public comment is the first response",
    body=s.CommentIn,
    response=s.CaseOut,
    status=201,
    idempotent=True,
)
def comment_case(call: Call[s.CommentIn, None], case_id: str) -> s.CaseOut:
    return cases.add_comment(case_id, call.body, call.actor)


@routes.route(
    "/cases/{case_id}/status",
    "POST",
    permission=Permission.CASE_WRITE,
    summary="Open, pend (pauses the resolution clock), resolve, close or reopen (409 when not allowed)",
    body=s.CaseStatusIn,
    response=s.CaseOut,
    headers=["If-Match"],
)
def case_status(call: Call[s.CaseStatusIn, None], case_id: str) -> s.CaseOut:
    return cases.change_status(case_id, call.body, call.if_match(call.body.version), call.actor)


@routes.route(
    "/sla",
    "GET",
    permission=Permission.CASE_READ,
    summary="SLA policies per priority and calendars",
    response=s.SlaSettings,
)
def sla_settings(call: Call[None, None]) -> s.SlaSettings:
    return sla.sla_settings()


@routes.route(
    "/sla/policies/{priority}",
    "PUT",
    permission=Permission.SLA_ADMIN,
    summary="Set the SLA targets of a priority (business minutes on a calendar)",
    body=s.PolicyIn,
    response=s.SlaSettings,
)
def put_sla_policy(call: Call[s.PolicyIn, None], priority: str) -> s.SlaSettings:
    return sla.put_policy(priority, call.body, call.actor)


@routes.route(
    "/sla/calendars/{calendar_id}",
    "PUT",
    permission=Permission.SLA_ADMIN,
    summary="Set a business-hours calendar (time zone, hours per weekday, holidays)",
    body=s.CalendarIn,
    response=s.SlaSettings,
)
def put_sla_calendar(call: Call[s.CalendarIn, None], calendar_id: str) -> s.SlaSettings:
    return sla.put_calendar(calendar_id, call.body, call.actor)
