"""Routes for SRM: suppliers, supplied items, RFQs and offers, comparison and award, purchase orders,
deliveries, scorecards, risk, the Kraljic portfolio and SRM settings."""

from __future__ import annotations

from typing import Any

from chalicelib.http import Call, CrmApi, Reply, etag
from chalicelib.idempotency import once
from crm.auth import Permission
from crm.shapes import Page
from crm.suppliers import schemas as s
from crm.suppliers import service as srm

READ, WRITE = Permission.SUPPLIER_READ, Permission.SUPPLIER_WRITE


def register(api: CrmApi) -> None:
    @api.route("/suppliers", "GET", permission=READ, summary="Suppliers A-Z", query=Page, response=s.SupplierPage)
    def list_suppliers(call: Call) -> dict[str, Any]:
        return srm.list_suppliers(call.query.limit, call.query.cursor)

    @api.route(
        "/suppliers",
        "POST",
        permission=WRITE,
        summary="Add a supplier",
        body=s.SupplierIn,
        response=s.SupplierOut,
        status=201,
        idempotent=True,
    )
    def create_supplier(call: Call) -> Reply:
        body = once(
            call,
            scope="create_supplier",
            payload=call.body.model_dump(mode="json"),
            work=lambda: srm.create_supplier(call.body),
        )
        return Reply(body, 201, etag(body))

    @api.route(
        "/suppliers/portfolio",
        "GET",
        permission=READ,
        summary="Kraljic portfolio (spend share x risk) and suppliers with the potential to become key",
        query=s.PortfolioQuery,
        response=s.Detail,
    )
    def supplier_portfolio(call: Call) -> dict[str, Any]:
        return srm.portfolio(call.query)

    @api.route("/suppliers/{supplier_id}", "GET", permission=READ, summary="A supplier", response=s.SupplierOut)
    def get_supplier(call: Call, supplier_id: str) -> Reply:
        body = srm.get_supplier(supplier_id)
        return Reply(body, 200, etag(body))

    @api.route(
        "/suppliers/{supplier_id}",
        "PATCH",
        permission=WRITE,
        summary="Change a supplier (needs If-Match)",
        body=s.SupplierPatch,
        response=s.SupplierOut,
        headers=["If-Match"],
    )
    def update_supplier(call: Call, supplier_id: str) -> Reply:
        body = srm.update_supplier(supplier_id, call.body, call.if_match(call.body.version))
        return Reply(body, 200, etag(body))

    @api.route(
        "/suppliers/{supplier_id}/items", "GET", permission=READ, summary="Items a supplier supplies", response=s.Detail
    )
    def supplier_items(call: Call, supplier_id: str) -> dict[str, Any]:
        return srm.supplier_items(supplier_id)

    @api.route(
        "/suppliers/{supplier_id}/items/{sku}",
        "PUT",
        permission=WRITE,
        summary="Set a supplied item with price, lead time and minimum quantity (price history kept)",
        body=s.SuppliedItemIn,
        response=s.Detail,
    )
    def put_supplied_item(call: Call, supplier_id: str, sku: str) -> dict[str, Any]:
        return srm.put_supplied_item(supplier_id, sku, call.body)

    @api.route(
        "/suppliers/{supplier_id}/items/{sku}/prices",
        "GET",
        permission=READ,
        summary="The supplier's price history for an item (catalog, offers)",
        response=s.Detail,
    )
    def supplier_price_history(call: Call, supplier_id: str, sku: str) -> dict[str, Any]:
        return srm.price_history(supplier_id, sku)

    @api.route(
        "/suppliers/{supplier_id}/scorecard",
        "GET",
        permission=READ,
        summary="On-time, in-full, OTIF, defects (ppm), price variance, lead time, spend per quarter",
        query=s.ScorecardQuery,
        response=s.Detail,
    )
    def supplier_scorecard(call: Call, supplier_id: str) -> dict[str, Any]:
        return srm.scorecard(supplier_id, call.query.quarters)

    @api.route(
        "/suppliers/{supplier_id}/risk",
        "GET",
        permission=READ,
        summary="Risk index with its components, and the risk register",
        response=s.Detail,
    )
    def supplier_risk(call: Call, supplier_id: str) -> dict[str, Any]:
        return srm.supplier_risk(supplier_id)

    @api.route(
        "/suppliers/{supplier_id}/risks",
        "POST",
        permission=WRITE,
        summary="Add a risk register entry (likelihood x impact, mitigation)",
        body=s.RiskIn,
        response=s.Detail,
        status=201,
    )
    def add_supplier_risk(call: Call, supplier_id: str) -> Reply:
        return Reply(srm.add_risk(supplier_id, call.body), 201)

    @api.route(
        "/suppliers/{supplier_id}/risks/{risk_id}",
        "PATCH",
        permission=WRITE,
        summary="Update a risk: re-rate, mitigate, close",
        body=s.RiskPatch,
        response=s.Detail,
        headers=["If-Match"],
    )
    def update_supplier_risk(call: Call, supplier_id: str, risk_id: str) -> dict[str, Any]:
        return srm.update_risk(supplier_id, risk_id, call.body, call.if_match(call.body.version))

    @api.route(
        "/rfqs", "GET", permission=READ, summary="RFQs by status, newest first", query=s.RfqQuery, response=s.Detail
    )
    def list_rfqs(call: Call) -> dict[str, Any]:
        return srm.list_rfqs(call.query.status, call.query.limit, call.query.cursor)

    @api.route(
        "/rfqs",
        "POST",
        permission=WRITE,
        summary="Open an RFQ: items, quantities, invited suppliers, criteria weights",
        body=s.RfqIn,
        response=s.Detail,
        status=201,
        idempotent=True,
    )
    def create_rfq(call: Call) -> Reply:
        body = once(
            call,
            scope="create_rfq",
            payload=call.body.model_dump(mode="json"),
            work=lambda: srm.create_rfq(call.body, call.actor),
        )
        return Reply(body, 201, etag(body))

    @api.route("/rfqs/{rfq_id}", "GET", permission=READ, summary="An RFQ with its offers", response=s.Detail)
    def get_rfq(call: Call, rfq_id: str) -> dict[str, Any]:
        return srm.get_rfq(rfq_id)

    @api.route(
        "/rfqs/{rfq_id}/offers",
        "POST",
        permission=WRITE,
        summary="Enter or revise an invited supplier's offer (until the deadline)",
        body=s.OfferIn,
        response=s.Detail,
        status=201,
    )
    def submit_offer(call: Call, rfq_id: str) -> Reply:
        return Reply(srm.submit_offer(rfq_id, call.body, call.actor), 201)

    @api.route(
        "/rfqs/{rfq_id}/comparison",
        "GET",
        permission=READ,
        summary="Offers ranked by weighted TCO, lead time, risk and quality, every component explained",
        response=s.Detail,
    )
    def compare_offers(call: Call, rfq_id: str) -> dict[str, Any]:
        return srm.compare(rfq_id)

    @api.route(
        "/rfqs/{rfq_id}/award",
        "POST",
        permission=WRITE,
        summary="Award an offer: the RFQ closes and a purchase order is created (409 for expired offers)",
        body=s.AwardIn,
        response=s.Detail,
        status=201,
        idempotent=True,
    )
    def award_rfq(call: Call, rfq_id: str) -> Reply:
        body = once(
            call,
            scope=f"award:{rfq_id}",
            payload=call.body.model_dump(mode="json"),
            work=lambda: srm.award(rfq_id, call.body, call.actor),
        )
        return Reply(body, 201)

    @api.route(
        "/purchase-orders",
        "GET",
        permission=READ,
        summary="Purchase orders by supplier or status",
        query=s.PoQuery,
        response=s.Detail,
    )
    def list_purchase_orders(call: Call) -> dict[str, Any]:
        return srm.list_pos(call.query)

    @api.route(
        "/purchase-orders",
        "POST",
        permission=WRITE,
        summary="A purchase order without an RFQ (prices default to the supplier's item prices)",
        body=s.PoIn,
        response=s.Detail,
        status=201,
        idempotent=True,
    )
    def create_purchase_order(call: Call) -> Reply:
        body = once(
            call,
            scope="create_po",
            payload=call.body.model_dump(mode="json"),
            work=lambda: srm.create_po(call.body, call.actor),
        )
        return Reply(body, 201)

    @api.route("/purchase-orders/{po_id}", "GET", permission=READ, summary="A purchase order", response=s.Detail)
    def get_purchase_order(call: Call, po_id: str) -> dict[str, Any]:
        return srm.get_po(po_id)

    @api.route(
        "/purchase-orders/{po_id}/deliveries",
        "POST",
        permission=WRITE,
        summary="Record a delivery: received and rejected per line (400 when it exceeds the PO)",
        body=s.DeliveryIn,
        response=s.Detail,
        status=201,
        idempotent=True,
    )
    def record_delivery(call: Call, po_id: str) -> Reply:
        body = once(
            call,
            scope=f"delivery:{po_id}",
            payload=call.body.model_dump(mode="json"),
            work=lambda: srm.record_delivery(po_id, call.body, call.actor),
        )
        return Reply(body, 201)

    @api.route(
        "/srm/settings", "GET", permission=READ, summary="Exchange rates and country risk scores", response=s.Detail
    )
    def srm_settings(call: Call) -> dict[str, Any]:
        return srm.settings()

    @api.route(
        "/srm/fx-rates/{currency}",
        "PUT",
        permission=Permission.SRM_SETTINGS,
        summary="Set an exchange rate to the base currency (EUR)",
        body=s.FxIn,
        response=s.Detail,
    )
    def put_fx_rate(call: Call, currency: str) -> dict[str, Any]:
        return srm.put_fx(_currency(currency), call.body)

    @api.route(
        "/srm/country-risk/{country}",
        "PUT",
        permission=Permission.SRM_SETTINGS,
        summary="Set a country's risk score (0 low .. 1 high)",
        body=s.CountryRiskIn,
        response=s.Detail,
    )
    def put_country_risk(call: Call, country: str) -> dict[str, Any]:
        return srm.put_country_risk(_country(country), call.body)


def _currency(code: str) -> str:
    from crm.errors import ValidationFailed
    from crm.money import MINOR_UNITS

    if code not in MINOR_UNITS:
        raise ValidationFailed(f"{code!r} is not a supported ISO 4217 currency", {"currency": "unknown"})
    return code


def _country(code: str) -> str:
    from crm.errors import ValidationFailed

    if len(code) != 2 or not code.isalpha() or not code.isupper():
        raise ValidationFailed("use an ISO 3166-1 alpha-2 code such as DE", {"country": "not a country code"})
    return code
