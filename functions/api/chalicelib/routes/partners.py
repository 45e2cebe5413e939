"""Routes for PRM. /partner/* is the partner's own view: every one of those routes acts on the partner id in the
caller's token and nothing else. /partners, /deal-registrations and /prm are the internal side. The contribution
routes import crm.partners.contribution themselves: it brings the orders, sales and suppliers contexts, which a
cold start serving the directory or registrations never needs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.errors import ValidationFailed
from crm.partners import directory, registrations, settings
from crm.partners import responses as out
from crm.partners import schemas as s
from crm.shapes import Page

routes = Routes(__name__)

PORTAL = Permission.PARTNER_PORTAL


def _pid(call: Call[Any, Any]) -> str | None:
    assert call.principal is not None
    return call.principal.partner_id


def _month(month: str) -> str:
    try:
        datetime.strptime(month, "%Y-%m")
    except ValueError as exc:
        raise ValidationFailed("month is YYYY-MM", {"month": "not YYYY-MM"}) from exc
    return month


# ------------------------------------------------------------- the partner's own view


@routes.route("/partner/profile", "GET", permission=PORTAL, summary="Your partner company", response=out.PartnerOut)
def partner_profile(call: Call[None, None]) -> out.PartnerOut:
    return directory.partner_out(directory.own_partner(_pid(call)))


@routes.route(
    "/partner/registrations",
    "GET",
    permission=PORTAL,
    summary="Your deal registrations, newest first",
    query=s.PartnerRegQuery,
    response=out.PartnerRegistrationPage,
)
def partner_list_registrations(call: Call[None, s.PartnerRegQuery]) -> out.PartnerRegistrationPage:
    return registrations.partner_registrations(_pid(call), call.query.limit, call.query.cursor)


@routes.route(
    "/partner/registrations",
    "POST",
    permission=PORTAL,
    summary="Register a deal; conflicts with existing customers, deals or registrations are flagged",
    body=s.RegistrationIn,
    response=out.PartnerRegistration,
    status=201,
    idempotent=True,
)
def partner_register_deal(call: Call[s.RegistrationIn, None]) -> out.PartnerRegistration:
    return registrations.submit_registration(_pid(call), call.body, call.actor)


@routes.route(
    "/partner/registrations/{registration_id}",
    "GET",
    permission=PORTAL,
    summary="One of your registrations (another partner's is a 404)",
    response=out.PartnerRegistration,
)
def partner_get_registration(call: Call[None, None], registration_id: str) -> out.PartnerRegistration:
    return registrations.partner_registration(registration_id, _pid(call))


@routes.route(
    "/partner/orders",
    "GET",
    permission=PORTAL,
    summary="Orders attributed to you in a period",
    query=s.PeriodQuery,
    response=out.PartnerOrderList,
)
def partner_orders(call: Call[None, s.PeriodQuery]) -> out.PartnerOrderList:
    from crm.partners import contribution

    return contribution.partner_orders(_pid(call), call.query.from_, call.query.to)


@routes.route(
    "/partner/scorecard",
    "GET",
    permission=PORTAL,
    summary="Your contribution, win rate, pipeline, tier",
    query=s.PeriodQuery,
    response=out.PartnerPerformance,
)
def partner_scorecard(call: Call[None, s.PeriodQuery]) -> out.PartnerPerformance:
    from crm.partners import contribution

    return contribution.performance(directory.own_partner(_pid(call)).partner_id, call.query.from_, call.query.to)


@routes.route(
    "/partner/statements/{month}",
    "GET",
    permission=PORTAL,
    summary="Your commission statement of a month (commissions and clawbacks)",
    response=out.Statement,
)
def partner_statement(call: Call[None, None], month: str) -> out.Statement:
    from crm.partners import contribution

    return contribution.statement(directory.own_partner(_pid(call)).partner_id, _month(month))


# ------------------------------------------------------------- internal


@routes.route(
    "/partners",
    "GET",
    permission=Permission.PARTNER_READ,
    summary="Partners A-Z",
    query=Page,
    response=out.PartnerPage,
)
def list_partners(call: Call[None, Page]) -> out.PartnerPage:
    return directory.list_partners(call.query.limit, call.query.cursor)


@routes.route(
    "/partners",
    "POST",
    permission=Permission.PARTNER_ADMIN,
    summary="Add a partner (reseller, distributor, agent or referral)",
    body=s.PartnerIn,
    response=out.PartnerOut,
    status=201,
)
def create_partner(call: Call[s.PartnerIn, None]) -> out.PartnerOut:
    return directory.create_partner(call.body)


@routes.route(
    "/partners/ranking",
    "GET",
    permission=Permission.PARTNER_READ,
    summary="Partners ranked by attributed revenue in a period",
    query=s.PeriodQuery,
    response=out.PartnerRanking,
)
def partner_ranking(call: Call[None, s.PeriodQuery]) -> out.PartnerRanking:
    from crm.partners import contribution

    return contribution.ranking(call.query.from_, call.query.to)


@routes.route(
    "/partners/{partner_id}", "GET", permission=Permission.PARTNER_READ, summary="A partner", response=out.PartnerOut
)
def get_partner(call: Call[None, None], partner_id: str) -> out.PartnerOut:
    return directory.get_partner(partner_id)


@routes.route(
    "/partners/{partner_id}/performance",
    "GET",
    permission=Permission.PARTNER_READ,
    summary="Sourced and influenced revenue, share, win rate, velocity, pipeline, evaluated tier",
    query=s.PeriodQuery,
    response=out.PartnerPerformance,
)
def partner_performance(call: Call[None, s.PeriodQuery], partner_id: str) -> out.PartnerPerformance:
    from crm.partners import contribution

    return contribution.performance(partner_id, call.query.from_, call.query.to)


@routes.route(
    "/partners/{partner_id}/tier",
    "POST",
    permission=Permission.PARTNER_ADMIN,
    summary="Apply the tier that the trailing 12 months earn",
    response=out.PartnerOut,
)
def apply_partner_tier(call: Call[None, None], partner_id: str) -> out.PartnerOut:
    from crm.partners import contribution

    return contribution.apply_tier(partner_id, call.actor)


@routes.route(
    "/partners/{partner_id}/statements/{month}",
    "GET",
    permission=Permission.PARTNER_READ,
    summary="A partner's commission statement of a month",
    response=out.Statement,
)
def partner_statement_internal(call: Call[None, None], partner_id: str, month: str) -> out.Statement:
    from crm.partners import contribution

    return contribution.statement(partner_id, _month(month))


@routes.route(
    "/deal-registrations",
    "GET",
    permission=Permission.PARTNER_READ,
    summary="Registrations by status (the approval queue is status=submitted)",
    query=s.RegQuery,
    response=out.RegistrationPage,
)
def list_registrations(call: Call[None, s.RegQuery]) -> out.RegistrationPage:
    return registrations.list_registrations(call.query.status, call.query.limit, call.query.cursor)


@routes.route(
    "/deal-registrations/{registration_id}",
    "GET",
    permission=Permission.PARTNER_READ,
    summary="A registration with its conflicts",
    response=out.Registration,
)
def get_registration(call: Call[None, None], registration_id: str) -> out.Registration:
    return registrations.get_registration(registration_id)


@routes.route(
    "/deal-registrations/{registration_id}/approve",
    "POST",
    permission=Permission.PARTNER_ADMIN,
    summary="Approve: starts the protection window (409 if decided or another partner is protected)",
    body=s.DecisionIn,
    response=out.Registration,
)
def approve_registration(call: Call[s.DecisionIn, None], registration_id: str) -> out.Registration:
    return registrations.approve(registration_id, call.body, call.actor)


@routes.route(
    "/deal-registrations/{registration_id}/reject",
    "POST",
    permission=Permission.PARTNER_ADMIN,
    summary="Reject with a reason",
    body=s.RejectIn,
    response=out.Registration,
)
def reject_registration(call: Call[s.RejectIn, None], registration_id: str) -> out.Registration:
    return registrations.reject(registration_id, call.body, call.actor)


@routes.route(
    "/deal-registrations/{registration_id}/convert",
    "POST",
    permission=Permission.REGISTRATION_CONVERT,
    summary="Convert an approved registration: customer + opportunity, orders attributed to the partner",
    body=s.ConvertRegIn,
    response=out.RegistrationConverted,
    status=201,
    idempotent=True,
)
def convert_registration(call: Call[s.ConvertRegIn, None], registration_id: str) -> out.RegistrationConverted:
    return registrations.convert(registration_id, call.body, call.actor)


@routes.route(
    "/prm/settings",
    "GET",
    permission=Permission.PARTNER_READ,
    summary="Tiers, commission rules, protection window",
    response=out.PrmSettingsOut,
)
def prm_settings(call: Call[None, None]) -> out.PrmSettingsOut:
    return settings.get_settings()


@routes.route(
    "/prm/settings",
    "PUT",
    permission=Permission.PARTNER_ADMIN,
    summary="Set tiers, commission rules and the protection window",
    body=s.SettingsIn,
    response=out.PrmSettingsOut,
    headers=["If-Match"],
)
def put_prm_settings(call: Call[s.SettingsIn, None]) -> out.PrmSettingsOut:
    return settings.put_settings(call.body, call.if_match(call.body.version), call.actor)
