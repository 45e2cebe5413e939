"""SRM rules: suppliers and their items and prices, RFQs with offers and a weighted, explained comparison,
award to a purchase order, deliveries that update the PO and the supplier's history, scorecards, risk and the
Kraljic portfolio. Formulas live in analysis.py; this module reads and writes items and checks the rules.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from pynamodb.exceptions import DoesNotExist

from crm.db import CrmItem, check_version, decode_cursor, encode_cursor, now_iso, transaction
from crm.errors import Conflict, NotFound, ValidationFailed, VersionConflict
from crm.money import round_amount
from crm.suppliers import analysis, schemas
from crm.suppliers.analysis import DeliveryLine, OfferIn, OfferLine, Scorecard, q2, quarter_of
from crm.suppliers.models import (
    Certification,
    CountryRisk,
    DeliveredLine,
    Delivery,
    FxRate,
    Offer,
    OfferLineItem,
    PoLine,
    PurchaseOrder,
    Rfq,
    RfqLine,
    RiskEntry,
    SpendTotal,
    SuppliedItem,
    Supplier,
    SupplierContact,
    SupplierPrice,
    supplier_pk,
)

BASE_CURRENCY = "EUR"
CONFIG_PK = "SRMCONFIG"
ALL_SUPPLIERS = "SUPPLIERS"
# Default country risk (0 low .. 1 high), overridable per country by PUT /srm/country-risk/{cc}.
DEFAULT_COUNTRY_RISK = {
    "DE": "0.10",
    "NL": "0.10",
    "AT": "0.10",
    "CH": "0.10",
    "DK": "0.10",
    "SE": "0.10",
    "FR": "0.15",
    "GB": "0.15",
    "US": "0.15",
    "ES": "0.20",
    "IT": "0.25",
    "PL": "0.25",
    "CZ": "0.20",
    "JP": "0.15",
    "KR": "0.25",
    "MX": "0.45",
    "BR": "0.45",
    "IN": "0.50",
    "TR": "0.50",
    "VN": "0.50",
    "CN": "0.55",
}
UNKNOWN_COUNTRY_RISK = Decimal("0.50")


def _id() -> str:
    return uuid.uuid4().hex[:12]


def today() -> date:
    return datetime.now(UTC).date()


# ----------------------------------------------------------------- settings: rates and country risk


def fx_rates() -> dict[str, Decimal]:
    """1 unit of currency = rate units of the base currency (EUR); one Query."""
    rates = {BASE_CURRENCY: Decimal(1)}
    for r in FxRate.query(CONFIG_PK, FxRate.sk.startswith("FX#")):
        rates[r.currency] = r.rate_to_base
    return rates


def _rate(rates: dict[str, Decimal], currency: str, field: str = "currency") -> Decimal:
    if currency not in rates:
        raise ValidationFailed(
            f"no exchange rate for {currency}; set one with PUT /srm/fx-rates/{currency}",
            {field: f"no exchange rate for {currency}"},
        )
    return rates[currency]


def convert(amount: Decimal, from_cur: str, to_cur: str, rates: dict[str, Decimal]) -> Decimal:
    return amount * _rate(rates, from_cur) / _rate(rates, to_cur)


def put_fx(currency: str, data: schemas.FxIn) -> dict[str, Any]:
    if currency == BASE_CURRENCY:
        raise ValidationFailed(f"{BASE_CURRENCY} is the base currency", {"currency": "is the base"})
    FxRate(pk=CONFIG_PK, sk=f"FX#{currency}", currency=currency, rate_to_base=data.rate_to_base, as_of=now_iso()).save()
    return settings()


def country_risks() -> dict[str, Decimal]:
    table = {cc: Decimal(v) for cc, v in DEFAULT_COUNTRY_RISK.items()}
    for r in CountryRisk.query(CONFIG_PK, CountryRisk.sk.startswith("COUNTRY#")):
        table[r.country] = r.score
    return table


def put_country_risk(country: str, data: schemas.CountryRiskIn) -> dict[str, Any]:
    CountryRisk(pk=CONFIG_PK, sk=f"COUNTRY#{country}", country=country, score=data.score, reason=data.reason).save()
    return settings()


def settings() -> dict[str, Any]:
    return {
        "base_currency": BASE_CURRENCY,
        "fx_rates": fx_rates(),
        "country_risk": country_risks(),
        "unknown_country_risk": UNKNOWN_COUNTRY_RISK,
    }


# ----------------------------------------------------------------- suppliers


def supplier_to_dict(s: Supplier) -> dict[str, Any]:
    return {
        "supplier_id": s.supplier_id,
        "name": s.name,
        "country": s.country,
        "currency": s.currency,
        "categories": list(s.categories or []),
        "certifications": [c.as_dict() for c in s.certifications or []],
        "payment_terms": s.payment_terms,
        "status": s.status,
        "contacts": [c.as_dict() for c in s.contacts or []],
        "notes": s.notes,
        "created_at": s.created_at,
        "updated_at": s.updated_at,
        "version": int(s.version),
    }


def _apply_supplier(s: Supplier, data: Any, fields: set[str]) -> None:
    for name in fields:
        value = getattr(data, name)
        if name == "certifications":
            value = [
                Certification(name=c.name, valid_until=c.valid_until.isoformat() if c.valid_until else None)
                for c in value or []
            ]
        elif name == "contacts":
            value = [SupplierContact(**c.model_dump()) for c in value or []]
        setattr(s, name, value)
    s.gsi1pk, s.gsi1sk = ALL_SUPPLIERS, f"{s.name.casefold()}#{s.supplier_id}"


def new_supplier(data: schemas.SupplierIn, at: str | None = None) -> Supplier:
    at = at or now_iso()
    sid = _id()
    s = Supplier(pk=supplier_pk(sid), sk="PROFILE", supplier_id=sid, created_at=at, updated_at=at)
    _apply_supplier(s, data, set(schemas.SupplierIn.model_fields))
    return s


def create_supplier(data: schemas.SupplierIn) -> dict[str, Any]:
    s = new_supplier(data)
    with transaction("supplier id collision, retry") as tx:
        tx.save(s, condition=CrmItem.pk.does_not_exist())
    return supplier_to_dict(s)


def load_supplier(supplier_id: str, field: str = "supplier_id", *, as_input: bool = False) -> Supplier:
    try:
        return Supplier.get(supplier_pk(supplier_id), "PROFILE")
    except DoesNotExist as exc:
        if as_input:
            raise ValidationFailed(f"supplier {supplier_id} does not exist", {field: "unknown supplier"}) from exc
        raise NotFound(f"supplier {supplier_id} does not exist", {field: "unknown"}) from exc


def get_supplier(supplier_id: str) -> dict[str, Any]:
    return supplier_to_dict(load_supplier(supplier_id))


def update_supplier(supplier_id: str, patch: schemas.SupplierPatch, expected: int | None) -> dict[str, Any]:
    s = load_supplier(supplier_id)
    check_version(s.version, expected, "supplier", required=True)
    fields = patch.model_fields_set - {"version"}
    for name in ("name", "country", "status"):
        if name in fields and getattr(patch, name) is None:
            raise ValidationFailed(f"{name} cannot be removed", {name: "required"})
    _apply_supplier(s, patch, fields)
    s.updated_at = now_iso()
    with transaction(lambda: VersionConflict("the supplier was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(s)
    return supplier_to_dict(s)


def list_suppliers(limit: int, cursor: str | None) -> dict[str, Any]:
    start = decode_cursor(cursor, expect={"gsi1pk": ALL_SUPPLIERS})
    result = Supplier.gsi1.query(ALL_SUPPLIERS, limit=limit, last_evaluated_key=start)
    return {"items": [supplier_to_dict(s) for s in result], "next": encode_cursor(result.last_evaluated_key)}


def item_to_dict(i: SuppliedItem) -> dict[str, Any]:
    return {
        k: getattr(i, k)
        for k in (
            "supplier_id",
            "sku",
            "name",
            "category",
            "supplier_sku",
            "unit_price",
            "currency",
            "min_quantity",
            "updated_at",
        )
    } | {"lead_time_days": int(i.lead_time_days)}


def put_supplied_item(supplier_id: str, sku: str, data: schemas.SuppliedItemIn) -> dict[str, Any]:
    """Set what a supplier offers for an item; a price change goes to the supplier's price history."""
    load_supplier(supplier_id)
    _rate(fx_rates(), data.currency)
    at = now_iso()
    pk = supplier_pk(supplier_id)
    try:
        old: SuppliedItem | None = SuppliedItem.get(pk, f"ITEM#{sku}")
    except DoesNotExist:
        old = None
    item = SuppliedItem(
        pk=pk,
        sk=f"ITEM#{sku}",
        gsi1pk=f"SUPITEM#{sku}",
        gsi1sk=supplier_id,
        supplier_id=supplier_id,
        sku=sku,
        updated_at=at,
        **data.model_dump(),
    )
    with transaction("the item was changed meanwhile; retry") as tx:
        tx.save(item)
        if old is None or old.unit_price != data.unit_price or old.currency != data.currency:
            tx.save(_price_point(supplier_id, sku, data.unit_price, data.currency, "catalog", at))
    return item_to_dict(item)


def _price_point(supplier_id: str, sku: str, price: Decimal, currency: str, source: str, at: str) -> SupplierPrice:
    return SupplierPrice(
        pk=supplier_pk(supplier_id),
        sk=f"PRICE#{sku}#{at}#{_id()[:4]}",
        supplier_id=supplier_id,
        sku=sku,
        unit_price=price,
        currency=currency,
        source=source,
        at=at,
    )


def supplier_items(supplier_id: str) -> dict[str, Any]:
    load_supplier(supplier_id)
    items = SuppliedItem.query(supplier_pk(supplier_id), SuppliedItem.sk.startswith("ITEM#"))
    return {"items": [item_to_dict(i) for i in items]}


def price_history(supplier_id: str, sku: str) -> dict[str, Any]:
    points = SupplierPrice.query(supplier_pk(supplier_id), SupplierPrice.sk.startswith(f"PRICE#{sku}#"))
    return {
        "supplier_id": supplier_id,
        "sku": sku,
        "items": [{"unit_price": p.unit_price, "currency": p.currency, "source": p.source, "at": p.at} for p in points],
    }


# ----------------------------------------------------------------- RFQs and offers


def rfq_to_dict(r: Rfq, offers: list[Offer] | None = None) -> dict[str, Any]:
    return {
        "rfq_id": r.rfq_id,
        "title": r.title,
        "currency": r.currency,
        "deadline": r.deadline,
        "status": r.status,
        "lines": [line.as_dict() for line in r.lines],
        "invited": list(r.invited),
        "weights": {k: Decimal(v) for k, v in r.weights.as_dict().items()},
        "lateness_cost_per_day": r.lateness_cost_per_day,
        "defect_cost_factor": r.defect_cost_factor,
        "awarded_to": r.awarded_to,
        "po_id": r.po_id,
        "created_at": r.created_at,
        "created_by": r.created_by,
        "version": int(r.version),
        "offers": [offer_to_dict(o) for o in offers or []],
    }


def offer_to_dict(o: Offer) -> dict[str, Any]:
    return {
        "supplier_id": o.supplier_id,
        "currency": o.currency,
        "freight": o.freight,
        "duties": o.duties,
        "lines": [{**line.as_dict(), "lead_time_days": int(line.lead_time_days)} for line in o.lines],
        "payment_terms": o.payment_terms,
        "valid_until": o.valid_until,
        "warranty_months": o.warranty_months,
        "quality_terms": o.quality_terms,
        "submitted_at": o.submitted_at,
        "version": int(o.version),
        "expired": date.fromisoformat(o.valid_until) < today(),
    }


def create_rfq(data: schemas.RfqIn, actor: str) -> dict[str, Any]:
    if data.deadline < today():
        raise ValidationFailed("the deadline is in the past", {"deadline": "in the past"})
    _rate(fx_rates(), data.currency)
    found = {s.supplier_id: s for s in Supplier.batch_get([(supplier_pk(i), "PROFILE") for i in data.invited])}
    for i, sid in enumerate(data.invited):
        if sid not in found:
            raise ValidationFailed(f"supplier {sid} does not exist", {f"invited.{i}": "unknown supplier"})
        if found[sid].status == "blocked":
            raise ValidationFailed(f"supplier {sid} is blocked", {f"invited.{i}": "blocked"})
    at = now_iso()
    rid = _id()
    r = Rfq(
        pk=f"RFQ#{rid}",
        sk="RFQ",
        gsi1pk="RFQS#open",
        gsi1sk=f"{at}#{rid}",
        rfq_id=rid,
        title=data.title,
        lines=[
            RfqLine(sku=x.sku, quantity=x.quantity, need_by=x.need_by.isoformat() if x.need_by else None)
            for x in data.lines
        ],
        invited=data.invited,
        currency=data.currency,
        weights={k: str(v) for k, v in data.weights.items()},
        lateness_cost_per_day=data.lateness_cost_per_day,
        defect_cost_factor=data.defect_cost_factor,
        deadline=data.deadline.isoformat(),
        status="open",
        created_at=at,
        created_by=actor,
    )
    with transaction("rfq id collision, retry") as tx:
        tx.save(r, condition=CrmItem.pk.does_not_exist())
    return rfq_to_dict(r)


def _load_rfq(rfq_id: str) -> tuple[Rfq, list[Offer]]:
    rfq, offers = None, []
    for item in CrmItem.query(f"RFQ#{rfq_id}"):
        if isinstance(item, Rfq):
            rfq = item
        elif isinstance(item, Offer):
            offers.append(item)
    if rfq is None:
        raise NotFound(f"rfq {rfq_id} does not exist", {"rfq_id": "unknown"})
    return rfq, offers


def get_rfq(rfq_id: str) -> dict[str, Any]:
    return rfq_to_dict(*_load_rfq(rfq_id))


def list_rfqs(status: str, limit: int, cursor: str | None) -> dict[str, Any]:
    key = f"RFQS#{status}"
    start = decode_cursor(cursor, expect={"gsi1pk": key})
    result = Rfq.gsi1.query(key, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    return {"items": [rfq_to_dict(r) for r in result], "next": encode_cursor(result.last_evaluated_key)}


def submit_offer(rfq_id: str, data: schemas.OfferIn, actor: str) -> dict[str, Any]:
    """One offer per invited supplier, revisable until the deadline; every RFQ line must be priced."""
    rfq, offers = _load_rfq(rfq_id)
    if rfq.status != "open":
        raise Conflict(f"rfq {rfq_id} is {rfq.status}", {"rfq_id": rfq.status})
    if today() > date.fromisoformat(rfq.deadline):
        raise Conflict(f"rfq {rfq_id} closed for offers on {rfq.deadline}", {"rfq_id": "past deadline"})
    if data.supplier_id not in rfq.invited:
        raise ValidationFailed(f"supplier {data.supplier_id} was not invited", {"supplier_id": "not invited"})
    _rate(fx_rates(), data.currency)
    if data.valid_until < today():
        raise ValidationFailed("the offer's validity is in the past", {"valid_until": "in the past"})
    wanted = {line.sku for line in rfq.lines}
    for i, line in enumerate(data.lines):
        if line.sku not in wanted:
            raise ValidationFailed(f"{line.sku} is not asked for in this RFQ", {f"lines.{i}.sku": "not in the rfq"})
    missing = wanted - {line.sku for line in data.lines}
    if missing:
        raise ValidationFailed(
            f"the offer must price every line; missing {', '.join(sorted(missing))}",
            {"lines": f"missing {', '.join(sorted(missing))}"},
        )
    existing = next((o for o in offers if o.supplier_id == data.supplier_id), None)
    at = now_iso()
    offer = existing or Offer(pk=rfq.pk, sk=f"OFFER#{data.supplier_id}", rfq_id=rfq_id, supplier_id=data.supplier_id)
    offer.lines = [
        OfferLineItem(sku=x.sku, unit_price=x.unit_price, min_quantity=x.min_quantity, lead_time_days=x.lead_time_days)
        for x in data.lines
    ]
    for name in ("currency", "freight", "duties", "payment_terms", "warranty_months", "quality_terms"):
        setattr(offer, name, getattr(data, name))
    offer.valid_until, offer.submitted_at, offer.submitted_by = data.valid_until.isoformat(), at, actor
    with transaction(lambda: Conflict("the offer was revised meanwhile; retry", {"supplier_id": "changed"})) as tx:
        tx.save(offer)  # version condition: new = not there yet, revision = unchanged since read
        tx.condition_check(Rfq, rfq.pk, "RFQ", condition=Rfq.status == "open")
        for x in data.lines:
            tx.save(_price_point(data.supplier_id, x.sku, x.unit_price, data.currency, "offer", at))
    return offer_to_dict(offer)


def _iso9001(s: Supplier, on: date) -> bool:
    return any(
        "9001" in c.name and (c.valid_until is None or date.fromisoformat(c.valid_until) >= on)
        for c in s.certifications or []
    )


def compare(rfq_id: str) -> dict[str, Any]:
    """Rank the valid offers by the RFQ's weighted criteria; every component of every score is explained.
    Expired offers are listed apart (they cannot be awarded)."""
    rfq, offers = _load_rfq(rfq_id)
    rates = fx_rates()
    suppliers = (
        {s.supplier_id: s for s in Supplier.batch_get([(supplier_pk(o.supplier_id), "PROFILE") for o in offers])}
        if offers
        else {}
    )
    qty = {line.sku: line.quantity for line in rfq.lines}
    inputs, expired, risks = [], [], {}
    context = _portfolio_context()
    for o in offers:
        if date.fromisoformat(o.valid_until) < today():
            expired.append({"supplier_id": o.supplier_id, "valid_until": o.valid_until})
            continue
        s = suppliers[o.supplier_id]
        card = analysis.scorecard(_delivery_lines(o.supplier_id))
        risk = supplier_risk(o.supplier_id, context=context)
        risks[o.supplier_id] = risk
        conv = lambda amount, cur=o.currency: convert(amount, cur, rfq.currency, rates)  # noqa: E731
        inputs.append(
            OfferIn(
                supplier_id=o.supplier_id,
                supplier_name=s.name,
                lines=tuple(
                    OfferLine(x.sku, qty[x.sku], q2(conv(x.unit_price)), x.min_quantity, int(x.lead_time_days))
                    for x in o.lines
                ),
                freight=conv(o.freight),
                duties=conv(o.duties),
                history=card,
                risk_index=risk["risk_index"],
                iso9001=_iso9001(s, today()),
            )
        )
    weights = {k: Decimal(v) for k, v in rfq.weights.as_dict().items()}
    ranked = analysis.rank_offers(inputs, weights, rfq.lateness_cost_per_day, rfq.defect_cost_factor)
    by_id = {i.supplier_id: i for i in inputs}
    return {
        "rfq_id": rfq_id,
        "currency": rfq.currency,
        "weights": weights,
        "status": rfq.status,
        "ranking": [
            {
                "rank": r.rank,
                "supplier_id": r.supplier_id,
                "supplier_name": by_id[r.supplier_id].supplier_name,
                "total_score": r.total_score,
                "tco": r.tco,
                "components": r.components,
                "scores": r.scores,
                "history": _card_out(by_id[r.supplier_id].history),
                "risk": risks[r.supplier_id],
                "explanation": r.explanation,
            }
            for r in ranked
        ],
        "cheapest_unit_prices": _cheapest(inputs),
        "expired_offers": expired,
    }


def _cheapest(inputs: list[OfferIn]) -> dict[str, str]:
    out: dict[str, tuple[Decimal, str]] = {}
    for o in inputs:
        for line in o.lines:
            if line.sku not in out or line.unit_price < out[line.sku][0]:
                out[line.sku] = (line.unit_price, o.supplier_id)
    return {sku: supplier for sku, (_, supplier) in out.items()}


def award(rfq_id: str, data: schemas.AwardIn, actor: str) -> dict[str, Any]:
    """Award → purchase order at the offer's prices; RFQ and PO commit together (no double award)."""
    rfq, offers = _load_rfq(rfq_id)
    if rfq.status != "open":
        raise Conflict(f"rfq {rfq_id} is {rfq.status}", {"rfq_id": rfq.status}, po_id=rfq.po_id)
    offer = next((o for o in offers if o.supplier_id == data.supplier_id), None)
    if offer is None:
        raise ValidationFailed(f"supplier {data.supplier_id} made no offer", {"supplier_id": "no offer"})
    if date.fromisoformat(offer.valid_until) < today():
        raise Conflict(
            f"the offer expired on {offer.valid_until}; ask for a renewed offer", {"supplier_id": "offer expired"}
        )
    if data.expected_date is not None and data.expected_date < today():
        raise ValidationFailed("expected_date is in the past", {"expected_date": "in the past"})
    qty = {line.sku: line.quantity for line in rfq.lines}
    po = new_po(
        data.supplier_id,
        offer.currency,
        [
            (
                x.sku,
                max(qty[x.sku], x.min_quantity),
                x.unit_price,
                data.expected_date or today() + timedelta(days=int(x.lead_time_days)),
            )
            for x in offer.lines
        ],
        actor,
        freight=offer.freight,
        duties=offer.duties,
        rfq_id=rfq_id,
    )
    rfq.status, rfq.awarded_to, rfq.po_id = "awarded", data.supplier_id, po.po_id
    rfq.gsi1pk = "RFQS#awarded"
    with transaction(lambda: Conflict("the rfq was awarded or changed meanwhile", {"rfq_id": "changed"})) as tx:
        tx.save(rfq)
        tx.save(po, condition=CrmItem.pk.does_not_exist())
    return po_to_dict(po)


# ----------------------------------------------------------------- purchase orders and deliveries


def po_to_dict(p: PurchaseOrder) -> dict[str, Any]:
    return {
        "po_id": p.po_id,
        "supplier_id": p.supplier_id,
        "rfq_id": p.rfq_id,
        "currency": p.currency,
        "status": p.status,
        "order_date": p.order_date,
        "freight": p.freight,
        "duties": p.duties,
        "total": p.total,
        "lines": [
            {**line.as_dict(), "line_no": int(line.line_no), "open": line.quantity - (line.received - line.rejected)}
            for line in p.lines
        ],
        "created_at": p.created_at,
        "created_by": p.created_by,
        "updated_at": p.updated_at,
        "version": int(p.version),
    }


def _index_po(p: PurchaseOrder) -> None:
    p.gsi1pk, p.gsi1sk = f"SUPPOS#{p.supplier_id}", f"{p.created_at}#{p.po_id}"
    p.gsi2pk, p.gsi2sk = f"POS#{p.status}", f"{p.created_at}#{p.po_id}"


def new_po(
    supplier_id: str,
    currency: str,
    lines: list[tuple[str, Decimal, Decimal, date]],
    actor: str,
    *,
    freight: Decimal = Decimal(0),
    duties: Decimal = Decimal(0),
    rfq_id: str | None = None,
    at: str | None = None,
) -> PurchaseOrder:
    at = at or now_iso()
    pid = _id()
    po_lines = [
        PoLine(
            line_no=n,
            sku=sku,
            quantity=q,
            unit_price=price,
            expected_date=expected.isoformat(),
            received=Decimal(0),
            rejected=Decimal(0),
        )
        for n, (sku, q, price, expected) in enumerate(lines, start=1)
    ]
    goods = sum((line.quantity * line.unit_price for line in po_lines), Decimal(0))
    p = PurchaseOrder(
        pk=f"PO#{pid}",
        sk="PO",
        po_id=pid,
        supplier_id=supplier_id,
        rfq_id=rfq_id,
        currency=currency,
        lines=po_lines,
        freight=freight,
        duties=duties,
        total=round_amount(goods + freight + duties, currency),
        status="open",
        order_date=at[:10],
        created_at=at,
        created_by=actor,
        updated_at=at,
    )
    _index_po(p)
    return p


def load_po(po_id: str) -> PurchaseOrder:
    try:
        return PurchaseOrder.get(f"PO#{po_id}", "PO")
    except DoesNotExist as exc:
        raise NotFound(f"purchase order {po_id} does not exist", {"po_id": "unknown"}) from exc


def get_po(po_id: str) -> dict[str, Any]:
    return po_to_dict(load_po(po_id))


def list_pos(q: schemas.PoQuery) -> dict[str, Any]:
    if bool(q.supplier_id) == bool(q.status):
        raise ValidationFailed("filter by supplier_id or by status", {"status": "one filter"})
    key, index, attr = (
        (f"SUPPOS#{q.supplier_id}", PurchaseOrder.gsi1, "gsi1")
        if q.supplier_id
        else (f"POS#{q.status}", PurchaseOrder.gsi2, "gsi2")
    )
    start = decode_cursor(q.cursor, expect={f"{attr}pk": key})
    result = index.query(key, scan_index_forward=False, limit=q.limit, last_evaluated_key=start)
    return {"items": [po_to_dict(p) for p in result], "next": encode_cursor(result.last_evaluated_key)}


def build_delivery(
    po: PurchaseOrder, data: schemas.DeliveryIn, actor: str, rate: Decimal, at: str | None = None
) -> tuple[Delivery, Decimal]:
    """Apply a delivery to the PO lines (in memory) and build its record; returns it and its spend in base."""
    by_no = {int(line.line_no): line for line in po.lines}
    seen: set[int] = set()
    delivered: list[DeliveredLine] = []
    spend = Decimal(0)
    for i, d in enumerate(data.lines):
        line = by_no.get(d.line_no)
        if line is None:
            raise ValidationFailed(f"the PO has no line {d.line_no}", {f"lines.{i}.line_no": "unknown line"})
        if d.line_no in seen:
            raise ValidationFailed(f"line {d.line_no} appears twice", {f"lines.{i}.line_no": "duplicate"})
        seen.add(d.line_no)
        open_before = line.quantity - (line.received - line.rejected)
        if d.received > open_before:
            raise ValidationFailed(
                f"line {d.line_no}: {d.received} received but only {open_before} open on the PO",
                {f"lines.{i}.received": f"exceeds the open quantity {open_before}"},
            )
        invoiced = d.invoiced_unit_price if d.invoiced_unit_price is not None else line.unit_price
        delivered.append(
            DeliveredLine(
                line_no=d.line_no,
                sku=line.sku,
                expected_date=line.expected_date,
                open_before=open_before,
                received=d.received,
                rejected=d.rejected,
                agreed_unit_price=line.unit_price,
                invoiced_unit_price=invoiced,
            )
        )
        line.received += d.received
        line.rejected += d.rejected
        spend += (d.received - d.rejected) * invoiced * rate
    done = all(line.received - line.rejected >= line.quantity for line in po.lines)
    po.status = "received" if done else "partially_received"
    at = at or now_iso()
    po.updated_at = at
    _index_po(po)
    did = _id()
    record = Delivery(
        pk=supplier_pk(po.supplier_id),
        sk=f"DELIV#{data.delivered_on.isoformat()}#{did}",
        delivery_id=did,
        supplier_id=po.supplier_id,
        po_id=po.po_id,
        po_date=po.order_date,
        delivered_on=data.delivered_on.isoformat(),
        currency=po.currency,
        rate_to_base=rate,
        lines=delivered,
        landed_cost=data.landed_cost,
        note=data.note,
        recorded_at=at,
        recorded_by=actor,
    )
    return record, q2(spend)


def record_delivery(po_id: str, data: schemas.DeliveryIn, actor: str) -> dict[str, Any]:
    """Received and rejected quantities per line; the PO, the supplier's delivery history and the year's spend
    change in one transaction (a concurrent delivery on the same PO is a 409, never a double count)."""
    po = load_po(po_id)
    if po.status not in ("open", "partially_received"):
        raise Conflict(f"purchase order {po_id} is {po.status}", {"po_id": po.status})
    if data.delivered_on > today():
        raise ValidationFailed("delivered_on is in the future", {"delivered_on": "in the future"})
    if data.delivered_on < date.fromisoformat(po.order_date):
        raise ValidationFailed("delivered before it was ordered", {"delivered_on": f"before {po.order_date}"})
    rate = _rate(fx_rates(), po.currency)
    record, spend = build_delivery(po, data, actor, rate)
    year = data.delivered_on.isoformat()[:4]
    with transaction(
        lambda: VersionConflict("the purchase order changed meanwhile; reload", {"version": "stale"})
    ) as tx:
        tx.save(po)
        tx.save(record, condition=CrmItem.pk.does_not_exist())
        tx.update(
            SpendTotal(pk=f"SPEND#{year}", sk=po.supplier_id),
            actions=[
                SpendTotal.type.set(SpendTotal),
                SpendTotal.year.set(year),
                SpendTotal.supplier_id.set(po.supplier_id),
                SpendTotal.spend.add(spend),
            ],
        )
    return {"delivery_id": record.delivery_id, "spend_in_base": spend, "purchase_order": po_to_dict(po)}


# ----------------------------------------------------------------- scorecards, risk, portfolio


def _delivery_lines(supplier_id: str, since: date | None = None) -> list[DeliveryLine]:
    cond = Delivery.sk.between(f"DELIV#{since.isoformat()}", "DELIV#~") if since else Delivery.sk.startswith("DELIV#")
    out = []
    for d in Delivery.query(supplier_pk(supplier_id), cond):
        for line in d.lines:
            out.append(
                DeliveryLine(
                    delivered_on=date.fromisoformat(d.delivered_on),
                    expected_on=date.fromisoformat(line.expected_date),
                    ordered_at=date.fromisoformat(d.po_date),
                    quantity_open_before=line.open_before,
                    received=line.received,
                    rejected=line.rejected,
                    agreed_unit_price=line.agreed_unit_price,
                    invoiced_unit_price=line.invoiced_unit_price,
                    spend=(line.received - line.rejected) * line.invoiced_unit_price * d.rate_to_base,
                )
            )
    return out


def _card_out(c: Scorecard) -> dict[str, Any]:
    return {
        "deliveries": c.deliveries,
        "on_time_pct": c.on_time_pct,
        "in_full_pct": c.in_full_pct,
        "otif_pct": c.otif_pct,
        "defect_ppm": c.defect_ppm,
        "price_variance_pct": c.price_variance_pct,
        "lead_time_mean_days": c.lead_time_mean_days,
        "lead_time_stdev_days": c.lead_time_stdev_days,
        "spend": c.spend,
        "uses_priors": c.uses_priors,
    }


def _quarters(n: int, until: date) -> list[str]:
    out, y, q = [], until.year, (until.month - 1) // 3 + 1
    for _ in range(n):
        out.append(f"{y}-Q{q}")
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    return list(reversed(out))


def scorecard(supplier_id: str, quarters: int = 4) -> dict[str, Any]:
    """Per quarter (oldest first) and for the whole window, computed from deliveries only; one Query."""
    s = load_supplier(supplier_id)
    names = _quarters(quarters, today())
    y, q = int(names[0][:4]), int(names[0][-1])
    lines = _delivery_lines(supplier_id, date(y, 3 * q - 2, 1))
    by_q: dict[str, list[DeliveryLine]] = defaultdict(list)
    for line in lines:
        by_q[quarter_of(line.delivered_on)].append(line)
    per = [{"quarter": n, **_card_out(analysis.scorecard(by_q.get(n, [])))} for n in names]
    with_data = [p for p in per if p["deliveries"]]
    t = analysis.trend(with_data[-2]["otif_pct"], with_data[-1]["otif_pct"]) if len(with_data) >= 2 else "unknown"
    overall = _card_out(analysis.scorecard(lines))
    overall.pop("uses_priors")
    return {
        "supplier_id": supplier_id,
        "name": s.name,
        "currency": BASE_CURRENCY,
        "window": overall,
        "quarters": per,
        "otif_trend": t,
    }


def _portfolio_context() -> dict[str, Any]:
    """What risk needs across suppliers: spend per supplier (this and last year), country scores."""
    year = today().year
    spend: dict[str, Decimal] = defaultdict(Decimal)
    for y in (year - 1, year):
        for row in SpendTotal.query(f"SPEND#{y}"):
            spend[row.supplier_id] += row.spend
    return {"spend": spend, "total": sum(spend.values(), Decimal(0)), "country": country_risks()}


def _single_sourced(supplier_id: str) -> tuple[list[str], list[SuppliedItem]]:
    items = list(SuppliedItem.query(supplier_pk(supplier_id), SuppliedItem.sk.startswith("ITEM#")))
    single = [
        i.sku for i in items if [x.supplier_id for x in SuppliedItem.gsi1.query(f"SUPITEM#{i.sku}")] == [supplier_id]
    ]
    return single, items


def supplier_risk(supplier_id: str, context: dict[str, Any] | None = None) -> dict[str, Any]:
    s = load_supplier(supplier_id)
    ctx = context or _portfolio_context()
    share = ctx["spend"].get(supplier_id, Decimal(0)) / ctx["total"] if ctx["total"] else Decimal(0)
    single, items = _single_sourced(supplier_id)
    card = scorecard(supplier_id, 2)
    risks = list(RiskEntry.query(supplier_pk(supplier_id), RiskEntry.sk.startswith("RISK#")))
    open_risks = [r for r in risks if r.status == "open"]
    country = ctx["country"].get(s.country, UNKNOWN_COUNTRY_RISK)
    index, parts = analysis.risk_index(
        spend_share=share,
        single_source_items=len(single),
        supplied_items=len(items),
        otif_trend=card["otif_trend"],
        country_risk=country,
        open_incidents=[(int(r.likelihood), int(r.impact)) for r in open_risks],
    )
    return {
        "supplier_id": supplier_id,
        "name": s.name,
        "risk_index": index,
        "components": parts,
        "facts": {
            "spend_share_pct": q2(share * 100),
            "single_source_items": single,
            "items_supplied": len(items),
            "otif_trend": card["otif_trend"],
            "country": s.country,
            "country_risk": country,
            "open_risks": len(open_risks),
        },
        "register": [risk_to_dict(r) for r in risks],
    }


def risk_to_dict(r: RiskEntry) -> dict[str, Any]:
    return {
        "risk_id": r.risk_id,
        "title": r.title,
        "category": r.category,
        "likelihood": int(r.likelihood),
        "impact": int(r.impact),
        "severity": int(r.likelihood) * int(r.impact),
        "mitigation": r.mitigation,
        "owner": r.owner,
        "status": r.status,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
        "version": int(r.version),
    }


def add_risk(supplier_id: str, data: schemas.RiskIn) -> dict[str, Any]:
    load_supplier(supplier_id)
    at = now_iso()
    rid = _id()
    r = RiskEntry(
        pk=supplier_pk(supplier_id),
        sk=f"RISK#{rid}",
        risk_id=rid,
        supplier_id=supplier_id,
        status="open",
        created_at=at,
        updated_at=at,
        **data.model_dump(),
    )
    r.save(condition=CrmItem.pk.does_not_exist())
    return risk_to_dict(r)


def update_risk(supplier_id: str, risk_id: str, patch: schemas.RiskPatch, expected: int | None) -> dict[str, Any]:
    try:
        r = RiskEntry.get(supplier_pk(supplier_id), f"RISK#{risk_id}")
    except DoesNotExist as exc:
        raise NotFound(f"risk {risk_id} does not exist", {"risk_id": "unknown"}) from exc
    check_version(r.version, expected, "risk")
    for name in patch.model_fields_set - {"version"}:
        value = getattr(patch, name)
        if value is None and name != "mitigation":
            raise ValidationFailed(f"{name} cannot be removed", {name: "required"})
        setattr(r, name, value)
    if r.status == "mitigated" and not r.mitigation:
        raise ValidationFailed("say how the risk was mitigated", {"mitigation": "required when mitigated"})
    r.updated_at = now_iso()
    with transaction(lambda: VersionConflict("the risk was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(r)
    return risk_to_dict(r)


def portfolio(q: schemas.PortfolioQuery) -> dict[str, Any]:
    """Every active supplier on the Kraljic matrix (spend share x risk index) and the key-supplier candidates.
    Reads: the supplier list, the spend partitions, then per supplier its partition and item index entries."""
    ctx = _portfolio_context()
    rows, candidates = [], []
    suppliers = [s for s in Supplier.gsi1.query(ALL_SUPPLIERS) if s.status != "blocked"]
    single_by_supplier: dict[str, list[str]] = {}
    items_by_supplier: dict[str, list[SuppliedItem]] = {}
    for s in suppliers:
        single_by_supplier[s.supplier_id], items_by_supplier[s.supplier_id] = _single_sourced(s.supplier_id)
    single_cats = {
        (i.sku, i.category, sid)
        for sid, items in items_by_supplier.items()
        for i in items
        if i.sku in single_by_supplier[sid]
    }
    year = today().year
    for s in suppliers:
        risk = supplier_risk(s.supplier_id, context=ctx)
        share = ctx["spend"].get(s.supplier_id, Decimal(0)) / ctx["total"] if ctx["total"] else Decimal(0)
        quadrant = analysis.kraljic(share, risk["risk_index"], q.impact_threshold, q.risk_threshold)
        lines = _delivery_lines(s.supplier_id, date(year - 1, 1, 1))
        card = analysis.scorecard(lines)
        half = today() - timedelta(days=182)
        recent = sum((x.spend for x in lines if x.delivered_on >= half), Decimal(0))
        before = sum((x.spend for x in lines if half - timedelta(days=182) <= x.delivered_on < half), Decimal(0))
        growth = (recent - before) / before if before else None
        second = [sku for sku, cat, other in single_cats if other != s.supplier_id and cat in (s.categories or [])]
        reasons = analysis.key_potential(
            quadrant=quadrant,
            card=card,
            spend_growth=growth,
            iso9001=_iso9001(s, today()),
            country_risk=ctx["country"].get(s.country, UNKNOWN_COUNTRY_RISK),
            second_source_for=second,
        )
        row = {
            "supplier_id": s.supplier_id,
            "name": s.name,
            "quadrant": quadrant,
            "spend_share_pct": q2(share * 100),
            "risk_index": risk["risk_index"],
            "otif_pct": card.otif_pct,
            "defect_ppm": card.defect_ppm,
        }
        rows.append(row)
        if reasons:
            candidates.append({"supplier_id": s.supplier_id, "name": s.name, "quadrant": quadrant, "reasons": reasons})
    rows.sort(key=lambda r: (r["quadrant"], -r["spend_share_pct"]))
    return {
        "impact_threshold": q.impact_threshold,
        "risk_threshold": q.risk_threshold,
        "suppliers": rows,
        "potential_key_suppliers": candidates,
    }


def create_po(data: schemas.PoIn, actor: str) -> dict[str, Any]:
    """A purchase order without an RFQ: prices default to the supplier's current item prices (same currency)."""
    s = load_supplier(data.supplier_id, as_input=True)
    if s.status != "active":
        raise ValidationFailed(f"supplier {s.supplier_id} is {s.status}", {"supplier_id": s.status})
    _rate(fx_rates(), data.currency)
    items = {i.sku: i for i in SuppliedItem.query(supplier_pk(s.supplier_id), SuppliedItem.sk.startswith("ITEM#"))}
    lines = []
    for i, line in enumerate(data.lines):
        if line.expected_date < today():
            raise ValidationFailed("expected_date is in the past", {f"lines.{i}.expected_date": "in the past"})
        price = line.unit_price
        if price is None:
            item = items.get(line.sku)
            if item is None or item.currency != data.currency:
                raise ValidationFailed(
                    f"no {data.currency} price of {line.sku} from this supplier; give unit_price",
                    {f"lines.{i}.unit_price": "required"},
                )
            price = item.unit_price
        lines.append((line.sku, line.quantity, price, line.expected_date))
    po = new_po(s.supplier_id, data.currency, lines, actor, freight=data.freight, duties=data.duties)
    with transaction("po id collision, retry") as tx:
        tx.save(po, condition=CrmItem.pk.does_not_exist())
    return po_to_dict(po)
