"""Routes for the contact center: the agent's screen pop, the routing configuration and IVR PINs."""

from __future__ import annotations

from typing import Any

from chalicelib.http import Call, CrmApi
from crm.auth import Permission
from crm.routing import ivr
from crm.routing import schemas as s
from crm.routing import service as routing


def register(api: CrmApi) -> None:
    @api.route(
        "/agent/screen-pop",
        "GET",
        permission=Permission.SCREEN_POP,
        summary="The caller's card and 360 for an arriving contact (by phone or contact id)",
        query=s.ScreenPopQuery,
        response=s.Detail,
    )
    def screen_pop(call: Call) -> dict[str, Any]:
        return routing.screen_pop(call.query.phone, call.query.contact_id)

    @api.route(
        "/routing/config",
        "GET",
        permission=Permission.ROUTING_ADMIN,
        summary="Queues by purpose, language and owner, and the cached queue metrics",
        response=s.Detail,
    )
    def get_routing_config(call: Call) -> dict[str, Any]:
        return routing.get_config()

    @api.route(
        "/routing/config",
        "PUT",
        permission=Permission.ROUTING_ADMIN,
        summary="Set the routing queues (Connect queue ARNs) and the average handle time",
        body=s.RoutingConfigIn,
        response=s.Detail,
    )
    def put_routing_config(call: Call) -> dict[str, Any]:
        return routing.put_config(call.body.model_dump())

    @api.route(
        "/customers/{customer_id}/ivr-pin",
        "PUT",
        permission=Permission.CUSTOMER_WRITE,
        summary="Set the customer's phone PIN (stored as a salted hash; resets the lockout)",
        body=s.PinIn,
        response=s.Detail,
    )
    def set_ivr_pin(call: Call, customer_id: str) -> dict[str, Any]:
        from crm.customers.service import get_customer

        get_customer(customer_id)
        return ivr.set_pin(customer_id, call.body.pin)
