"""Routes for PRM. /partner/* is the partner's own view: every one of those routes acts on the partner id in the
caller's token and nothing else. /partners, /deal-registrations and /prm are the internal side."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.http import Call, CrmApi, Reply, etag
from chalicelib.idempotency import once
from crm.auth import Permission
from crm.errors import ValidationFailed
from crm.partners import schemas as s
from crm.partners import service as prm
from crm.shapes import Page

PORTAL = Permission.PARTNER_PORTAL


def _pid(call: Call) -> str | None:
    assert call.principal is not None
    return call.principal.partner_id


def _month(month: str) -> str:
    try:
        datetime.strptime(month, "%Y-%m")
    except ValueError as exc:
        raise ValidationFailed("month is YYYY-MM", {"month": "not YYYY-MM"}) from exc
    return month


def register(api: CrmApi) -> None:
    # ------------------------------------------------------------- the partner's own view

    @api.route("/partner/profile", "GET", permission=PORTAL, summary="Your partner company", response=s.PartnerOut)
    def partner_profile(call: Call) -> dict[str, Any]:
        return prm.partner_to_dict(prm.own_partner(_pid(call)))

    @api.route(
        "/partner/registrations",
        "GET",
        permission=PORTAL,
        summary="Your deal registrations, newest first",
        query=s.PartnerRegQuery,
        response=s.Detail,
    )
    def partner_list_registrations(call: Call) -> dict[str, Any]:
        return prm.partner_registrations(_pid(call), call.query.limit, call.query.cursor)

    @api.route(
        "/partner/registrations",
        "POST",
        permission=PORTAL,
        summary="Register a deal; conflicts with existing customers, deals or registrations are flagged",
        body=s.RegistrationIn,
        response=s.Detail,
        status=201,
        idempotent=True,
    )
    def partner_register_deal(call: Call) -> Reply:
        body = once(
            call,
            scope="register_deal",
            payload=call.body.model_dump(mode="json"),
            work=lambda: prm.submit_registration(_pid(call), call.body, call.actor),
        )
        return Reply(body, 201)

    @api.route(
        "/partner/registrations/{registration_id}",
        "GET",
        permission=PORTAL,
        summary="One of your registrations (another partner's is a 404)",
        response=s.Detail,
    )
    def partner_get_registration(call: Call, registration_id: str) -> dict[str, Any]:
        return prm.get_registration(registration_id, partner_id=prm.own_partner(_pid(call)).partner_id)

    @api.route(
        "/partner/orders",
        "GET",
        permission=PORTAL,
        summary="Orders attributed to you in a period",
        query=s.PeriodQuery,
        response=s.Detail,
    )
    def partner_orders(call: Call) -> dict[str, Any]:
        return prm.partner_orders(_pid(call), call.query.from_, call.query.to)

    @api.route(
        "/partner/scorecard",
        "GET",
        permission=PORTAL,
        summary="Your contribution, win rate, pipeline, tier",
        query=s.PeriodQuery,
        response=s.Detail,
    )
    def partner_scorecard(call: Call) -> dict[str, Any]:
        return prm.performance(prm.own_partner(_pid(call)).partner_id, call.query.from_, call.query.to)

    @api.route(
        "/partner/statements/{month}",
        "GET",
        permission=PORTAL,
        summary="Your commission statement of a month (commissions and clawbacks)",
        response=s.Detail,
    )
    def partner_statement(call: Call, month: str) -> dict[str, Any]:
        return prm.statement(prm.own_partner(_pid(call)).partner_id, _month(month))

    # ------------------------------------------------------------- internal

    @api.route(
        "/partners",
        "GET",
        permission=Permission.PARTNER_READ,
        summary="Partners A-Z",
        query=Page,
        response=s.PartnerPage,
    )
    def list_partners(call: Call) -> dict[str, Any]:
        return prm.list_partners(call.query.limit, call.query.cursor)

    @api.route(
        "/partners",
        "POST",
        permission=Permission.PARTNER_ADMIN,
        summary="Add a partner (reseller, distributor, agent or referral)",
        body=s.PartnerIn,
        response=s.PartnerOut,
        status=201,
    )
    def create_partner(call: Call) -> Reply:
        body = prm.create_partner(call.body)
        return Reply(body, 201, etag(body))

    @api.route(
        "/partners/ranking",
        "GET",
        permission=Permission.PARTNER_READ,
        summary="Partners ranked by attributed revenue in a period",
        query=s.PeriodQuery,
        response=s.Detail,
    )
    def partner_ranking(call: Call) -> dict[str, Any]:
        return prm.ranking(call.query.from_, call.query.to)

    @api.route(
        "/partners/{partner_id}", "GET", permission=Permission.PARTNER_READ, summary="A partner", response=s.PartnerOut
    )
    def get_partner(call: Call, partner_id: str) -> dict[str, Any]:
        return prm.get_partner(partner_id)

    @api.route(
        "/partners/{partner_id}/performance",
        "GET",
        permission=Permission.PARTNER_READ,
        summary="Sourced and influenced revenue, share, win rate, velocity, pipeline, evaluated tier",
        query=s.PeriodQuery,
        response=s.Detail,
    )
    def partner_performance(call: Call, partner_id: str) -> dict[str, Any]:
        return prm.performance(partner_id, call.query.from_, call.query.to)

    @api.route(
        "/partners/{partner_id}/tier",
        "POST",
        permission=Permission.PARTNER_ADMIN,
        summary="Apply the tier that the trailing 12 months earn",
        response=s.PartnerOut,
    )
    def apply_partner_tier(call: Call, partner_id: str) -> dict[str, Any]:
        return prm.apply_tier(partner_id, call.actor)

    @api.route(
        "/partners/{partner_id}/statements/{month}",
        "GET",
        permission=Permission.PARTNER_READ,
        summary="A partner's commission statement of a month",
        response=s.Detail,
    )
    def partner_statement_internal(call: Call, partner_id: str, month: str) -> dict[str, Any]:
        return prm.statement(partner_id, _month(month))

    @api.route(
        "/deal-registrations",
        "GET",
        permission=Permission.PARTNER_READ,
        summary="Registrations by status (the approval queue is status=submitted)",
        query=s.RegQuery,
        response=s.Detail,
    )
    def list_registrations(call: Call) -> dict[str, Any]:
        return prm.list_registrations(call.query.status, call.query.limit, call.query.cursor)

    @api.route(
        "/deal-registrations/{registration_id}",
        "GET",
        permission=Permission.PARTNER_READ,
        summary="A registration with its conflicts",
        response=s.Detail,
    )
    def get_registration(call: Call, registration_id: str) -> dict[str, Any]:
        return prm.get_registration(registration_id)

    @api.route(
        "/deal-registrations/{registration_id}/approve",
        "POST",
        permission=Permission.PARTNER_ADMIN,
        summary="Approve: starts the protection window (409 if decided or another partner is protected)",
        body=s.DecisionIn,
        response=s.Detail,
    )
    def approve_registration(call: Call, registration_id: str) -> dict[str, Any]:
        return prm.approve(registration_id, call.body, call.actor)

    @api.route(
        "/deal-registrations/{registration_id}/reject",
        "POST",
        permission=Permission.PARTNER_ADMIN,
        summary="Reject with a reason",
        body=s.RejectIn,
        response=s.Detail,
    )
    def reject_registration(call: Call, registration_id: str) -> dict[str, Any]:
        return prm.reject(registration_id, call.body, call.actor)

    @api.route(
        "/deal-registrations/{registration_id}/convert",
        "POST",
        permission=Permission.REGISTRATION_CONVERT,
        summary="Convert an approved registration: customer + opportunity, orders attributed to the partner",
        body=s.ConvertRegIn,
        response=s.Detail,
        status=201,
        idempotent=True,
    )
    def convert_registration(call: Call, registration_id: str) -> Reply:
        body = once(
            call,
            scope=f"convert_reg:{registration_id}",
            payload=call.body.model_dump(mode="json"),
            work=lambda: prm.convert(registration_id, call.body, call.actor),
        )
        return Reply(body, 201)

    @api.route(
        "/prm/settings",
        "GET",
        permission=Permission.PARTNER_READ,
        summary="Tiers, commission rules, protection window",
        response=s.Detail,
    )
    def prm_settings(call: Call) -> dict[str, Any]:
        return prm.get_settings()

    @api.route(
        "/prm/settings",
        "PUT",
        permission=Permission.PARTNER_ADMIN,
        summary="Set tiers, commission rules and the protection window",
        body=s.SettingsIn,
        response=s.Detail,
        headers=["If-Match"],
    )
    def put_prm_settings(call: Call) -> dict[str, Any]:
        return prm.put_settings(call.body, call.if_match(call.body.version))
