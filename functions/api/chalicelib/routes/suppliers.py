"""SRM routes: suppliers, supplied items, RFQs and offers, comparison and award, purchase orders, deliveries,
scorecards, risk, the Kraljic portfolio and SRM settings."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.errors import ValidationFailed
from crm.money import MINOR_UNITS
from crm.shapes import Page
from crm.suppliers import performance, profiles, purchasing, rfqs, schemas, settings
from crm.suppliers import responses as out

routes = Routes(__name__)
READ, WRITE = Permission.SUPPLIER_READ, Permission.SUPPLIER_WRITE


@routes.route("/suppliers", "GET", permission=READ, summary="Suppliers A-Z", query=Page, response=out.SupplierPage)
def list_suppliers(call: Call[None, Page]) -> out.SupplierPage:
    return profiles.list_suppliers(call.query.limit, call.query.cursor)


@routes.route(
    "/suppliers",
    "POST",
    permission=WRITE,
    summary="Add a supplier",
    body=schemas.SupplierIn,
    response=out.SupplierOut,
    status=201,
    idempotent=True,
)
def create_supplier(call: Call[schemas.SupplierIn, None]) -> out.SupplierOut:
    return profiles.create_supplier(call.body)


@routes.route(
    "/suppliers/portfolio",
    "GET",
    permission=READ,
    summary="Kraljic portfolio (spend share x risk) and suppliers with the potential to become key",
    query=schemas.PortfolioQuery,
    response=out.Portfolio,
)
def supplier_portfolio(call: Call[None, schemas.PortfolioQuery]) -> out.Portfolio:
    return performance.portfolio(call.query)


@routes.route("/suppliers/{supplier_id}", "GET", permission=READ, summary="A supplier", response=out.SupplierOut)
def get_supplier(call: Call[None, None], supplier_id: str) -> out.SupplierOut:
    return profiles.get_supplier(supplier_id)


@routes.route(
    "/suppliers/{supplier_id}",
    "PATCH",
    permission=WRITE,
    summary="Change a supplier (needs If-Match)",
    body=schemas.SupplierPatch,
    response=out.SupplierOut,
    headers=["If-Match"],
)
def update_supplier(call: Call[schemas.SupplierPatch, None], supplier_id: str) -> out.SupplierOut:
    return profiles.update_supplier(supplier_id, call.body, call.if_match(call.body.version))


@routes.route(
    "/suppliers/{supplier_id}/items",
    "GET",
    permission=READ,
    summary="Items a supplier supplies",
    response=out.SuppliedItemList,
)
def supplier_items(call: Call[None, None], supplier_id: str) -> out.SuppliedItemList:
    return profiles.supplier_items(supplier_id)


@routes.route(
    "/suppliers/{supplier_id}/items/{sku}",
    "PUT",
    permission=WRITE,
    summary="Set a supplied item with price, lead time and minimum quantity (price history kept)",
    body=schemas.SuppliedItemIn,
    response=out.SuppliedItemOut,
)
def put_supplied_item(call: Call[schemas.SuppliedItemIn, None], supplier_id: str, sku: str) -> out.SuppliedItemOut:
    return profiles.put_supplied_item(supplier_id, sku, call.body)


@routes.route(
    "/suppliers/{supplier_id}/items/{sku}/prices",
    "GET",
    permission=READ,
    summary="The supplier's price history for an item (catalog, offers)",
    response=out.SupplierPriceHistory,
)
def supplier_price_history(call: Call[None, None], supplier_id: str, sku: str) -> out.SupplierPriceHistory:
    return profiles.price_history(supplier_id, sku)


@routes.route(
    "/suppliers/{supplier_id}/scorecard",
    "GET",
    permission=READ,
    summary="On-time, in-full, OTIF, defects (ppm), price variance, lead time, spend per quarter",
    query=schemas.ScorecardQuery,
    response=out.Scorecard,
)
def supplier_scorecard(call: Call[None, schemas.ScorecardQuery], supplier_id: str) -> out.Scorecard:
    return performance.scorecard(supplier_id, call.query.quarters)


@routes.route(
    "/suppliers/{supplier_id}/risk",
    "GET",
    permission=READ,
    summary="Risk index with its components, and the risk register",
    response=out.SupplierRisk,
)
def supplier_risk(call: Call[None, None], supplier_id: str) -> out.SupplierRisk:
    return performance.supplier_risk(supplier_id)


@routes.route(
    "/suppliers/{supplier_id}/risks",
    "POST",
    permission=WRITE,
    summary="Add a risk register entry (likelihood x impact, mitigation)",
    body=schemas.RiskIn,
    response=out.RiskEntryOut,
    status=201,
)
def add_supplier_risk(call: Call[schemas.RiskIn, None], supplier_id: str) -> out.RiskEntryOut:
    return performance.add_risk(supplier_id, call.body)


@routes.route(
    "/suppliers/{supplier_id}/risks/{risk_id}",
    "PATCH",
    permission=WRITE,
    summary="Update a risk: re-rate, mitigate, close",
    body=schemas.RiskPatch,
    response=out.RiskEntryOut,
    headers=["If-Match"],
)
def update_supplier_risk(call: Call[schemas.RiskPatch, None], supplier_id: str, risk_id: str) -> out.RiskEntryOut:
    return performance.update_risk(supplier_id, risk_id, call.body, call.if_match(call.body.version))


@routes.route(
    "/rfqs",
    "GET",
    permission=READ,
    summary="RFQs by status, newest first",
    query=schemas.RfqQuery,
    response=out.RfqPage,
)
def list_rfqs(call: Call[None, schemas.RfqQuery]) -> out.RfqPage:
    return rfqs.list_rfqs(call.query.status, call.query.limit, call.query.cursor)


@routes.route(
    "/rfqs",
    "POST",
    permission=WRITE,
    summary="Open an RFQ: items, quantities, invited suppliers, criteria weights",
    body=schemas.RfqIn,
    response=out.RfqOut,
    status=201,
    idempotent=True,
)
def create_rfq(call: Call[schemas.RfqIn, None]) -> out.RfqOut:
    return rfqs.create_rfq(call.body, call.actor)


@routes.route("/rfqs/{rfq_id}", "GET", permission=READ, summary="An RFQ with its offers", response=out.RfqOut)
def get_rfq(call: Call[None, None], rfq_id: str) -> out.RfqOut:
    return rfqs.get_rfq(rfq_id)


@routes.route(
    "/rfqs/{rfq_id}/offers",
    "POST",
    permission=WRITE,
    summary="Enter or revise an invited supplier's offer (until the deadline)",
    body=schemas.OfferIn,
    response=out.OfferOut,
    status=201,
)
def submit_offer(call: Call[schemas.OfferIn, None], rfq_id: str) -> out.OfferOut:
    return rfqs.submit_offer(rfq_id, call.body, call.actor)


@routes.route(
    "/rfqs/{rfq_id}/comparison",
    "GET",
    permission=READ,
    summary="Offers ranked by weighted TCO, lead time, risk and quality, every component explained; other "
    "weights in the query rank them as a what-if (nothing is saved)",
    query=schemas.ComparisonQuery,
    response=out.OfferComparison,
)
def compare_offers(call: Call[None, schemas.ComparisonQuery], rfq_id: str) -> out.OfferComparison:
    return rfqs.compare(rfq_id, call.query.weights())


@routes.route(
    "/rfqs/{rfq_id}/award",
    "POST",
    permission=WRITE,
    summary="Award an offer: the RFQ closes and a purchase order is created (409 for expired offers)",
    body=schemas.AwardIn,
    response=out.PurchaseOrderOut,
    status=201,
    idempotent=True,
)
def award_rfq(call: Call[schemas.AwardIn, None], rfq_id: str) -> out.PurchaseOrderOut:
    return rfqs.award(rfq_id, call.body, call.actor)


@routes.route(
    "/purchase-orders",
    "GET",
    permission=READ,
    summary="Purchase orders by supplier or status",
    query=schemas.PoQuery,
    response=out.PurchaseOrderPage,
)
def list_purchase_orders(call: Call[None, schemas.PoQuery]) -> out.PurchaseOrderPage:
    return purchasing.list_pos(call.query)


@routes.route(
    "/purchase-orders",
    "POST",
    permission=WRITE,
    summary="A purchase order without an RFQ (prices default to the supplier's item prices)",
    body=schemas.PoIn,
    response=out.PurchaseOrderOut,
    status=201,
    idempotent=True,
)
def create_purchase_order(call: Call[schemas.PoIn, None]) -> out.PurchaseOrderOut:
    return purchasing.create_po(call.body, call.actor)


@routes.route(
    "/purchase-orders/{po_id}", "GET", permission=READ, summary="A purchase order", response=out.PurchaseOrderOut
)
def get_purchase_order(call: Call[None, None], po_id: str) -> out.PurchaseOrderOut:
    return purchasing.get_po(po_id)


@routes.route(
    "/purchase-orders/{po_id}/deliveries",
    "POST",
    permission=WRITE,
    summary="Record a delivery: received and rejected per line (400 when it exceeds the PO)",
    body=schemas.DeliveryIn,
    response=out.DeliveryRecorded,
    status=201,
    idempotent=True,
)
def record_delivery(call: Call[schemas.DeliveryIn, None], po_id: str) -> out.DeliveryRecorded:
    return purchasing.record_delivery(po_id, call.body, call.actor)


@routes.route(
    "/srm/settings", "GET", permission=READ, summary="Exchange rates and country risk scores", response=out.SrmSettings
)
def srm_settings(call: Call[None, None]) -> out.SrmSettings:
    return settings.settings()


@routes.route(
    "/srm/fx-rates/{currency}",
    "PUT",
    permission=Permission.SRM_SETTINGS,
    summary="Set an exchange rate to the base currency (EUR)",
    body=schemas.FxIn,
    response=out.SrmSettings,
)
def put_fx_rate(call: Call[schemas.FxIn, None], currency: str) -> out.SrmSettings:
    if currency not in MINOR_UNITS:
        raise ValidationFailed(f"{currency!r} is not a supported ISO 4217 currency", {"currency": "unknown"})
    return settings.put_fx(currency, call.body, call.actor)


@routes.route(
    "/srm/country-risk/{country}",
    "PUT",
    permission=Permission.SRM_SETTINGS,
    summary="Set a country's risk score (0 low .. 1 high)",
    body=schemas.CountryRiskIn,
    response=out.SrmSettings,
)
def put_country_risk(call: Call[schemas.CountryRiskIn, None], country: str) -> out.SrmSettings:
    if len(country) != 2 or not country.isalpha() or not country.isupper():
        raise ValidationFailed("use an ISO 3166-1 alpha-2 code such as DE", {"country": "not a country code"})
    return settings.put_country_risk(country, call.body, call.actor)
