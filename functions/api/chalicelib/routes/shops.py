"""Online shops: admins register a shop (WooCommerce or Shopify) and read the deliveries that could not be taken;
the shop posts its order webhooks, signed with the shop's secret, to its own public endpoint."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.shops import schemas, service

routes = Routes(__name__)


@routes.route(
    "/settings/shops",
    "POST",
    permission=Permission.SHOPS_ADMIN,
    summary="Register an online shop: its platform, pricing (the shop's prices as sold, or the CRM's) and the "
    "signing secret of its webhooks (shown once)",
    body=schemas.ShopIn,
    response=schemas.ShopCreated,
    status=201,
)
def register_shop(call: Call[schemas.ShopIn, None]) -> schemas.ShopCreated:
    return service.register(call.body, call.actor)


@routes.route(
    "/settings/shops",
    "GET",
    permission=Permission.SHOPS_ADMIN,
    summary="The registered shops by name, with where each sends its webhooks",
    query=schemas.ShopQuery,
    response=schemas.ShopPage,
)
def list_shops(call: Call[None, schemas.ShopQuery]) -> schemas.ShopPage:
    return service.list_shops(call.query.limit, call.query.cursor)


@routes.route(
    "/settings/shops/{shop_id}/problems",
    "GET",
    permission=Permission.SHOPS_ADMIN,
    summary="A shop's deliveries that could not be taken (unknown skus, no buyer, a refund of an unknown order), "
    "newest first",
    query=schemas.ProblemQuery,
    response=schemas.ProblemPage,
)
def shop_problems(call: Call[None, schemas.ProblemQuery], shop_id: str) -> schemas.ProblemPage:
    return service.list_problems(shop_id, call.query.limit, call.query.cursor)


@routes.route(
    "/shops/{shop_id}/orders",
    "POST",
    permission=None,
    summary="A shop's order webhook (public; WooCommerce order.created/updated signed in X-WC-Webhook-Signature, "
    "Shopify orders/create, paid, cancelled and refunds/create signed in X-Shopify-Hmac-Sha256): places the "
    "order once per shop order, then its payment, refunds and cancellation; 401 for a bad signature",
    response=schemas.WebhookResult,
)
def shop_webhook(call: Call[None, None], shop_id: str) -> schemas.WebhookResult:
    return service.receive(shop_id, call.headers, call.raw_body)
