"""Catalog and pricing routes: products, price lists, price rules and the price quote."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.catalog import price_lists, price_rules, products, quoting
from crm.catalog import schemas as cs

routes = Routes(__name__)


# ------------------------------------------------------------- catalog


@routes.route(
    "/products",
    "GET",
    permission=Permission.CATALOG_READ,
    summary="The catalog, by category",
    query=cs.ProductQuery,
    response=cs.ProductPage,
)
def list_products(call: Call[None, cs.ProductQuery]) -> cs.ProductPage:
    return products.list_products(call.query.category, call.query.limit, call.query.cursor)


@routes.route(
    "/products",
    "POST",
    permission=Permission.CATALOG_WRITE,
    summary="Add a product or service",
    body=cs.ProductIn,
    response=cs.ProductOut,
    status=201,
)
def create_product(call: Call[cs.ProductIn, None]) -> cs.ProductOut:
    return products.create_product(call.body)


@routes.route("/products/{sku}", "GET", permission=Permission.CATALOG_READ, summary="A product", response=cs.ProductOut)
def get_product(call: Call[None, None], sku: str) -> cs.ProductOut:
    return products.get_product(sku)


@routes.route(
    "/products/{sku}",
    "PATCH",
    permission=Permission.CATALOG_WRITE,
    summary="Change a product (needs If-Match)",
    body=cs.ProductPatch,
    response=cs.ProductOut,
    headers=["If-Match"],
)
def update_product(call: Call[cs.ProductPatch, None], sku: str) -> cs.ProductOut:
    return products.update_product(sku, call.body, call.if_match(call.body.version))


@routes.route(
    "/products/{sku}/price-history",
    "GET",
    permission=Permission.CATALOG_READ,
    summary="Every price change of a product, newest first",
    query=cs.Page,
    response=cs.PriceHistoryPage,
)
def price_history(call: Call[None, cs.Page], sku: str) -> cs.PriceHistoryPage:
    return price_rules.price_history(sku, call.query.limit, call.query.cursor)


@routes.route(
    "/price-lists",
    "GET",
    permission=Permission.CATALOG_READ,
    summary="Price lists by currency",
    query=cs.PriceListQuery,
    response=cs.PriceListPage,
)
def list_price_lists(call: Call[None, cs.PriceListQuery]) -> cs.PriceListPage:
    return price_lists.list_price_lists(call.query.currency, call.query.limit, call.query.cursor)


@routes.route(
    "/price-lists",
    "POST",
    permission=Permission.PRICING_WRITE,
    summary="Create a price list (currency, validity window, prices)",
    body=cs.PriceListIn,
    response=cs.PriceListOut,
    status=201,
    idempotent=True,
)
def create_price_list(call: Call[cs.PriceListIn, None]) -> cs.PriceListOut:
    return price_lists.create_price_list(call.body, call.actor)


@routes.route(
    "/price-lists/{list_id}",
    "GET",
    permission=Permission.CATALOG_READ,
    summary="A price list and a page of its prices",
    query=cs.Page,
    response=cs.PriceListOut,
)
def get_price_list(call: Call[None, cs.Page], list_id: str) -> cs.PriceListOut:
    return price_lists.get_price_list(list_id, call.query.limit, call.query.cursor)


@routes.route(
    "/price-lists/{list_id}/prices/{sku}",
    "PUT",
    permission=Permission.PRICING_WRITE,
    summary="Set or change a list price (kept in the price history)",
    body=cs.PriceSet,
    response=cs.ListPriceOut,
)
def set_list_price(call: Call[cs.PriceSet, None], list_id: str, sku: str) -> cs.ListPriceOut:
    return price_lists.set_list_price(list_id, sku, call.body.unit_price, call.actor)


@routes.route(
    "/price-rules",
    "GET",
    permission=Permission.CATALOG_READ,
    summary="Customer prices and discounts by sku, customer_id or group",
    query=cs.PriceRuleQuery,
    response=cs.PriceRulePage,
)
def list_price_rules(call: Call[None, cs.PriceRuleQuery]) -> cs.PriceRulePage:
    q = call.query
    return price_rules.list_rules(sku=q.sku, customer_id=q.customer_id, group=q.group, limit=q.limit, cursor=q.cursor)


@routes.route(
    "/price-rules",
    "POST",
    permission=Permission.PRICING_WRITE,
    summary="A customer or group price or discount with quantity breaks and validity",
    body=cs.PriceRuleIn,
    response=cs.PriceRuleOut,
    status=201,
    idempotent=True,
)
def create_price_rule(call: Call[cs.PriceRuleIn, None]) -> cs.PriceRuleOut:
    return price_rules.create_rule(call.body, call.actor)


@routes.route(
    "/price-rules/{sku}/{rule_id}",
    "DELETE",
    permission=Permission.PRICING_WRITE,
    summary="Retire a price rule (kept, with the change in the price history)",
    response=cs.PriceRuleOut,
    headers=["If-Match"],
)
def retire_price_rule(call: Call[None, None], sku: str, rule_id: str) -> cs.PriceRuleOut:
    return price_rules.retire_rule(sku, rule_id, call.if_match(), call.actor)


@routes.route(
    "/price-quote",
    "GET",
    permission=Permission.CATALOG_READ,
    summary="The price a customer pays for a quantity on a date, with the rule that produced it",
    query=cs.PriceQuery,
    response=cs.PriceQuoteOut,
)
def price_quote(call: Call[None, cs.PriceQuery]) -> cs.PriceQuoteOut:
    return quoting.quote_price(call.query)


# ------------------------------------------------------------- quotes
