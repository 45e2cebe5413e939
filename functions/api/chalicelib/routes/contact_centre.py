"""Contact centre routes: the agent's screen pop, the routing configuration and IVR PINs."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.contact_centre import schemas, service

routes = Routes(__name__)


@routes.route(
    "/agent/screen-pop",
    "GET",
    permission=Permission.SCREEN_POP,
    summary="The caller's card and 360 for an arriving contact (by phone or contact id)",
    query=schemas.ScreenPopQuery,
    response=schemas.ScreenPop,
)
def screen_pop(call: Call[None, schemas.ScreenPopQuery]) -> schemas.ScreenPop:
    return service.screen_pop(call.query.phone, call.query.contact_id)


@routes.route(
    "/routing/config",
    "GET",
    permission=Permission.ROUTING_ADMIN,
    summary="Queues by purpose, language and owner, and the cached queue metrics",
    response=schemas.RoutingConfigOut,
)
def get_routing_config(call: Call[None, None]) -> schemas.RoutingConfigOut:
    return service.get_config()


@routes.route(
    "/routing/config",
    "PUT",
    permission=Permission.ROUTING_ADMIN,
    summary="Set the routing queues (Connect queue ARNs) and the average handle time",
    body=schemas.RoutingConfigIn,
    response=schemas.RoutingConfigOut,
)
def put_routing_config(call: Call[schemas.RoutingConfigIn, None]) -> schemas.RoutingConfigOut:
    return service.put_config(call.body.model_dump(), call.actor)


@routes.route(
    "/customers/{customer_id}/ivr-pin",
    "PUT",
    permission=Permission.CUSTOMER_WRITE,
    summary="Set the customer's phone PIN (stored as a salted hash; resets the lockout)",
    body=schemas.PinIn,
    response=schemas.PinSet,
)
def set_ivr_pin(call: Call[schemas.PinIn, None], customer_id: str) -> schemas.PinSet:
    from crm.contact_centre import ivr  # the IVR's rules (orders, cases) load with the first PIN set, not at start

    return ivr.set_pin(customer_id, call.body.pin)
