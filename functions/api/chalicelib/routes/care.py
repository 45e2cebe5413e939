"""Routes for service cases and SLA settings: parse -> authorize -> service -> reply."""

from __future__ import annotations

from typing import Any

from chalicelib.http import Call, CrmApi, Reply, etag
from chalicelib.idempotency import once
from crm.auth import Permission
from crm.cases import schemas as s
from crm.cases import service as cases


def register(api: CrmApi) -> None:
    @api.route(
        "/cases",
        "GET",
        permission=Permission.CASE_READ,
        summary="Cases by owner (and status), by status (soonest deadline first), or breached",
        query=s.CaseQuery,
        response=s.CasePage,
    )
    def list_cases(call: Call) -> dict[str, Any]:
        return cases.list_cases(call.query)

    @api.route(
        "/cases",
        "POST",
        permission=Permission.CASE_WRITE,
        summary="Open a case from any channel; SLA deadlines are set from its priority",
        body=s.CaseIn,
        response=s.CaseOut,
        status=201,
        idempotent=True,
    )
    def open_case(call: Call) -> Reply:
        body = once(
            call,
            scope="open_case",
            payload=call.body.model_dump(mode="json"),
            work=lambda: cases.open_case(call.body, call.actor),
        )
        return Reply(body, 201, etag(body))

    @api.route(
        "/cases/{case_id}",
        "GET",
        permission=Permission.CASE_READ,
        summary="A case with its comments",
        response=s.CaseOut,
    )
    def get_case(call: Call, case_id: str) -> Reply:
        body = cases.get_case(case_id)
        return Reply(body, 200, etag(body))

    @api.route(
        "/cases/{case_id}",
        "PATCH",
        permission=Permission.CASE_WRITE,
        summary="Change subject, priority (deadlines follow), owner or category (If-Match optional)",
        body=s.CasePatch,
        response=s.CaseOut,
        headers=["If-Match"],
    )
    def update_case(call: Call, case_id: str) -> Reply:
        body = cases.update_case(case_id, call.body, call.if_match(call.body.version), call.actor)
        return Reply(body, 200, etag(body))

    @api.route(
        "/cases/{case_id}/comments",
        "POST",
        permission=Permission.CASE_WRITE,
        summary="Comment; the first public comment is the first response",
        body=s.CommentIn,
        response=s.CaseOut,
        status=201,
        idempotent=True,
    )
    def comment_case(call: Call, case_id: str) -> Reply:
        body = once(
            call,
            scope=f"comment:{case_id}",
            payload=call.body.model_dump(mode="json"),
            work=lambda: cases.add_comment(case_id, call.body, call.actor),
        )
        return Reply(body, 201, etag(body))

    @api.route(
        "/cases/{case_id}/status",
        "POST",
        permission=Permission.CASE_WRITE,
        summary="Open, pend (pauses the resolution clock), resolve, close or reopen (409 when not allowed)",
        body=s.CaseStatusIn,
        response=s.CaseOut,
        headers=["If-Match"],
    )
    def case_status(call: Call, case_id: str) -> Reply:
        body = cases.change_status(case_id, call.body, call.if_match(call.body.version), call.actor)
        return Reply(body, 200, etag(body))

    @api.route(
        "/sla",
        "GET",
        permission=Permission.CASE_READ,
        summary="SLA policies per priority and calendars",
        response=s.SlaSettings,
    )
    def sla_settings(call: Call) -> dict[str, Any]:
        return cases.sla_settings()

    @api.route(
        "/sla/policies/{priority}",
        "PUT",
        permission=Permission.SLA_ADMIN,
        summary="Set the SLA targets of a priority (business minutes on a calendar)",
        body=s.PolicyIn,
        response=s.SlaSettings,
    )
    def put_sla_policy(call: Call, priority: str) -> dict[str, Any]:
        return cases.put_policy(priority, call.body, call.actor)

    @api.route(
        "/sla/calendars/{calendar_id}",
        "PUT",
        permission=Permission.SLA_ADMIN,
        summary="Set a business-hours calendar (time zone, hours per weekday, holidays)",
        body=s.CalendarIn,
        response=s.SlaSettings,
    )
    def put_sla_calendar(call: Call, calendar_id: str) -> dict[str, Any]:
        return cases.put_calendar(calendar_id, call.body)
