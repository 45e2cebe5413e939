"""RFQs: invited suppliers' offers, their weighted and explained comparison (formulas in analysis.py), and the
award that turns the winning offer into a purchase order in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from crm.db import CrmItem, new_id, now_iso, today, transaction
from crm.errors import Conflict, ValidationFailed
from crm.suppliers import analysis, performance, purchasing, schemas
from crm.suppliers import repository as repo
from crm.suppliers import responses as out
from crm.suppliers.analysis import OfferIn, OfferLine, q2
from crm.suppliers.models import Offer, OfferLineItem, Rfq, RfqLine
from crm.suppliers.profiles import price_point
from crm.suppliers.settings import convert, fx_rates, rate


def offer_out(o: Offer) -> out.OfferOut:
    return out.OfferOut(
        supplier_id=o.supplier_id,
        currency=o.currency,
        freight=o.freight,
        duties=o.duties,
        lines=[
            out.OfferLineOut(
                sku=x.sku, unit_price=x.unit_price, min_quantity=x.min_quantity, lead_time_days=int(x.lead_time_days)
            )
            for x in o.lines
        ],
        payment_terms=o.payment_terms,
        valid_until=o.valid_until,
        warranty_months=o.warranty_months,
        quality_terms=o.quality_terms,
        submitted_at=o.submitted_at,
        version=int(o.version),
        expired=date.fromisoformat(o.valid_until) < today(),
    )


def rfq_out(r: Rfq, offers: list[Offer] | None = None) -> out.RfqOut:
    return out.RfqOut(
        rfq_id=r.rfq_id,
        title=r.title,
        currency=r.currency,
        deadline=r.deadline,
        status=r.status,
        lines=[out.RfqLineOut(**line.as_dict()) for line in r.lines],
        invited=list(r.invited),
        weights=out.CriteriaWeights(**{k: Decimal(v) for k, v in r.weights.as_dict().items()}),
        lateness_cost_per_day=r.lateness_cost_per_day,
        defect_cost_factor=r.defect_cost_factor,
        awarded_to=r.awarded_to,
        po_id=r.po_id,
        created_at=r.created_at,
        created_by=r.created_by,
        version=int(r.version),
        offers=[offer_out(o) for o in offers or []],
    )


def create_rfq(data: schemas.RfqIn, actor: str) -> out.RfqOut:
    if data.deadline < today():
        raise ValidationFailed("the deadline is in the past", {"deadline": "in the past"})
    rate(fx_rates(), data.currency)
    found = repo.suppliers_by_id(data.invited)
    for i, sid in enumerate(data.invited):
        if sid not in found:
            raise ValidationFailed(f"supplier {sid} does not exist", {f"invited.{i}": "unknown supplier"})
        if found[sid].status == "blocked":
            raise ValidationFailed(f"supplier {sid} is blocked", {f"invited.{i}": "blocked"})
    r = Rfq(
        rfq_id=new_id(),
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
        created_at=now_iso(),
        created_by=actor,
    )
    repo.rfq_keys(r)
    with transaction("rfq id collision, retry") as tx:
        tx.save(r, condition=CrmItem.pk.does_not_exist())
    return rfq_out(r)


def get_rfq(rfq_id: str) -> out.RfqOut:
    return rfq_out(*repo.load_rfq(rfq_id))


def list_rfqs(status: str, limit: int, cursor: str | None) -> out.RfqPage:
    rfqs, nxt = repo.rfqs_page(status, limit, cursor)
    return out.RfqPage(items=[rfq_out(r) for r in rfqs], next=nxt)


def _check_offer(rfq: Rfq, data: schemas.OfferIn) -> None:
    if rfq.status != "open":
        raise Conflict(f"rfq {rfq.rfq_id} is {rfq.status}", {"rfq_id": rfq.status})
    if today() > date.fromisoformat(rfq.deadline):
        raise Conflict(f"rfq {rfq.rfq_id} closed for offers on {rfq.deadline}", {"rfq_id": "past deadline"})
    if data.supplier_id not in rfq.invited:
        raise ValidationFailed(f"supplier {data.supplier_id} was not invited", {"supplier_id": "not invited"})
    rate(fx_rates(), data.currency)
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


def submit_offer(rfq_id: str, data: schemas.OfferIn, actor: str) -> out.OfferOut:
    """One offer per invited supplier, revisable until the deadline; every RFQ line must be priced."""
    rfq, offers = repo.load_rfq(rfq_id)
    _check_offer(rfq, data)
    existing = next((o for o in offers if o.supplier_id == data.supplier_id), None)
    at = now_iso()
    offer = existing or Offer(rfq_id=rfq_id, supplier_id=data.supplier_id)
    repo.offer_keys(offer)
    offer.lines = [
        OfferLineItem(sku=x.sku, unit_price=x.unit_price, min_quantity=x.min_quantity, lead_time_days=x.lead_time_days)
        for x in data.lines
    ]
    for name in ("currency", "freight", "duties", "payment_terms", "warranty_months", "quality_terms"):
        setattr(offer, name, getattr(data, name))
    offer.valid_until, offer.submitted_at, offer.submitted_by = data.valid_until.isoformat(), at, actor
    with transaction(lambda: Conflict("the offer was revised meanwhile; retry", {"supplier_id": "changed"})) as tx:
        tx.save(offer)  # version condition: new = not there yet, revision = unchanged since read
        tx.condition_check(Rfq, rfq.pk, rfq.sk, condition=Rfq.status == "open")
        for x in data.lines:
            tx.save(price_point(data.supplier_id, x.sku, x.unit_price, data.currency, "offer", at))
    return offer_out(offer)


def _offer_input(
    rfq: Rfq, o: Offer, f: performance.SupplierFacts, risk: out.SupplierRisk, rates: dict[str, Decimal]
) -> OfferIn:
    """The offer in the RFQ's currency with the supplier's own delivery history and risk."""
    s = f.supplier
    qty = {line.sku: line.quantity for line in rfq.lines}

    def conv(amount: Decimal) -> Decimal:
        return convert(amount, o.currency, rfq.currency, rates)

    return OfferIn(
        supplier_id=o.supplier_id,
        supplier_name=s.name,
        lines=tuple(
            OfferLine(x.sku, qty[x.sku], q2(conv(x.unit_price)), x.min_quantity, int(x.lead_time_days)) for x in o.lines
        ),
        freight=conv(o.freight),
        duties=conv(o.duties),
        history=analysis.scorecard(f.lines),
        risk_index=risk.risk_index,
        iso9001=performance.iso9001(s),
    )


def compare(rfq_id: str, what_if: Mapping[str, Decimal] | None = None) -> out.OfferComparison:
    """Rank the valid offers by the RFQ's weighted criteria (or `what_if` weights, saved nowhere); every
    component of every score is explained.
    Expired offers are listed apart (they cannot be awarded). Reads: the RFQ's partition, the FX rates, the
    suppliers (one BatchGet), the spend partitions, then per offering supplier its items, deliveries and risks
    and one index Query per item it supplies (is it the only source?)."""
    rfq, offers = repo.load_rfq(rfq_id)
    rates = fx_rates()
    suppliers = repo.suppliers_by_id(o.supplier_id for o in offers) if offers else {}
    inputs: list[OfferIn] = []
    expired: list[out.ExpiredOffer] = []
    risks: dict[str, out.SupplierRisk] = {}
    context = performance.portfolio_context()
    for o in offers:
        if date.fromisoformat(o.valid_until) < today():
            expired.append(out.ExpiredOffer(supplier_id=o.supplier_id, valid_until=o.valid_until))
            continue
        f = performance.facts_of(suppliers[o.supplier_id])
        risks[o.supplier_id] = performance.risk_of(f, context, performance.sole_source_skus(f))
        inputs.append(_offer_input(rfq, o, f, risks[o.supplier_id], rates))
    weights = dict(what_if) if what_if else {k: Decimal(v) for k, v in rfq.weights.as_dict().items()}
    ranked = analysis.rank_offers(inputs, weights, rfq.lateness_cost_per_day, rfq.defect_cost_factor)
    by_id = {i.supplier_id: i for i in inputs}
    return out.OfferComparison(
        rfq_id=rfq_id,
        currency=rfq.currency,
        weights=out.CriteriaWeights(**weights),
        status=rfq.status,
        ranking=[
            out.RankedOffer(
                rank=r.rank,
                supplier_id=r.supplier_id,
                supplier_name=by_id[r.supplier_id].supplier_name,
                total_score=r.total_score,
                tco=r.tco,
                components=out.TcoComponents(**r.components),
                scores=out.CriteriaWeights(**r.scores),
                history=performance.history_out(by_id[r.supplier_id].history),
                risk=risks[r.supplier_id],
                explanation=r.explanation,
            )
            for r in ranked
        ],
        cheapest_unit_prices=_cheapest(inputs),
        expired_offers=expired,
    )


def _cheapest(inputs: list[OfferIn]) -> dict[str, str]:
    best: dict[str, tuple[Decimal, str]] = {}
    for o in inputs:
        for line in o.lines:
            if line.sku not in best or line.unit_price < best[line.sku][0]:
                best[line.sku] = (line.unit_price, o.supplier_id)
    return {sku: supplier for sku, (_, supplier) in best.items()}


def award(rfq_id: str, data: schemas.AwardIn, actor: str) -> out.PurchaseOrderOut:
    """Award → purchase order at the offer's prices; RFQ and PO commit together (no double award)."""
    rfq, offers = repo.load_rfq(rfq_id)
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
    lines = [
        (
            x.sku,
            max(qty[x.sku], x.min_quantity),
            x.unit_price,
            data.expected_date or today() + timedelta(days=int(x.lead_time_days)),
        )
        for x in offer.lines
    ]
    po = purchasing.new_po(
        data.supplier_id, offer.currency, lines, actor, freight=offer.freight, duties=offer.duties, rfq_id=rfq_id
    )
    rfq.status, rfq.awarded_to, rfq.po_id = "awarded", data.supplier_id, po.po_id
    repo.rfq_keys(rfq)
    with transaction(lambda: Conflict("the rfq was awarded or changed meanwhile", {"rfq_id": "changed"})) as tx:
        tx.save(rfq)
        tx.save(po, condition=CrmItem.pk.does_not_exist())
    return purchasing.po_out(po)
