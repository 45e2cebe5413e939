"""Purchase orders and deliveries: received and rejected quantities per line update the PO, the supplier's
delivery history and the year's spend in one transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from crm.db import CrmItem, new_id, now_iso, today, transaction
from crm.errors import Conflict, ValidationFailed, VersionConflict
from crm.money import round_amount
from crm.suppliers import repository as repo
from crm.suppliers import responses as out
from crm.suppliers import schemas
from crm.suppliers.analysis import q2
from crm.suppliers.models import DeliveredLine, Delivery, PoLine, PurchaseOrder, SpendTotal
from crm.suppliers.settings import fx_rates, rate


def po_out(p: PurchaseOrder) -> out.PurchaseOrderOut:
    return out.PurchaseOrderOut(
        po_id=p.po_id,
        supplier_id=p.supplier_id,
        rfq_id=p.rfq_id,
        currency=p.currency,
        status=p.status,
        order_date=p.order_date,
        freight=p.freight,
        duties=p.duties,
        total=p.total,
        lines=[
            out.PoLineOut(
                line_no=int(line.line_no),
                sku=line.sku,
                quantity=line.quantity,
                unit_price=line.unit_price,
                expected_date=line.expected_date,
                received=line.received,
                rejected=line.rejected,
                open=line.quantity - (line.received - line.rejected),
            )
            for line in p.lines
        ],
        created_at=p.created_at,
        created_by=p.created_by,
        updated_at=p.updated_at,
        version=int(p.version),
    )


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
    """A new open PO from (sku, quantity, unit price, expected date) lines; not saved."""
    at = at or now_iso()
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
        po_id=new_id(),
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
    repo.po_keys(p)
    return p


def get_po(po_id: str) -> out.PurchaseOrderOut:
    return po_out(repo.load_po(po_id))


def list_pos(q: schemas.PoQuery) -> out.PurchaseOrderPage:
    if bool(q.supplier_id) == bool(q.status):
        raise ValidationFailed("filter by supplier_id or by status", {"status": "one filter"})
    pos, nxt = repo.pos_page(q.supplier_id, q.status, q.limit, q.cursor)
    return out.PurchaseOrderPage(items=[po_out(p) for p in pos], next=nxt)


def create_po(data: schemas.PoIn, actor: str) -> out.PurchaseOrderOut:
    """A purchase order without an RFQ: prices default to the supplier's current item prices (same currency)."""
    s = repo.load_supplier(data.supplier_id, as_input=True)
    if s.status != "active":
        raise ValidationFailed(f"supplier {s.supplier_id} is {s.status}", {"supplier_id": s.status})
    rate(fx_rates(), data.currency)
    items = {i.sku: i for i in repo.supplied_items(s.supplier_id)}
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
    return po_out(po)


def _deliver_line(po: PurchaseOrder, i: int, d: schemas.DeliveryLineIn, seen: set[int]) -> DeliveredLine:
    """Apply one delivered line to its PO line (in memory); 400 naming the line when it does not fit."""
    line = next((x for x in po.lines if int(x.line_no) == d.line_no), None)
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
    line.received += d.received
    line.rejected += d.rejected
    return DeliveredLine(
        line_no=d.line_no,
        sku=line.sku,
        expected_date=line.expected_date,
        open_before=open_before,
        received=d.received,
        rejected=d.rejected,
        agreed_unit_price=line.unit_price,
        invoiced_unit_price=invoiced,
    )


def build_delivery(
    po: PurchaseOrder, data: schemas.DeliveryIn, actor: str, rate_to_base: Decimal, at: str | None = None
) -> tuple[Delivery, Decimal]:
    """Apply a delivery to the PO lines (in memory) and build its record; returns it and its spend in base."""
    seen: set[int] = set()
    delivered = [_deliver_line(po, i, d, seen) for i, d in enumerate(data.lines)]
    spend = sum(((x.received - x.rejected) * x.invoiced_unit_price * rate_to_base for x in delivered), Decimal(0))
    done = all(line.received - line.rejected >= line.quantity for line in po.lines)
    po.status = "received" if done else "partially_received"
    at = at or now_iso()
    po.updated_at = at
    repo.po_keys(po)
    record = Delivery(
        delivery_id=new_id(),
        supplier_id=po.supplier_id,
        po_id=po.po_id,
        po_date=po.order_date,
        delivered_on=data.delivered_on.isoformat(),
        currency=po.currency,
        rate_to_base=rate_to_base,
        lines=delivered,
        landed_cost=data.landed_cost,
        note=data.note,
        recorded_at=at,
        recorded_by=actor,
    )
    repo.delivery_keys(record)
    return record, q2(spend)


def record_delivery(po_id: str, data: schemas.DeliveryIn, actor: str) -> out.DeliveryRecorded:
    """Received and rejected quantities per line; the PO, the supplier's delivery history and the year's spend
    change in one transaction (a concurrent delivery on the same PO is a 409, never a double count)."""
    po = repo.load_po(po_id)
    if po.status not in ("open", "partially_received"):
        raise Conflict(f"purchase order {po_id} is {po.status}", {"po_id": po.status})
    if data.delivered_on > today():
        raise ValidationFailed("delivered_on is in the future", {"delivered_on": "in the future"})
    if data.delivered_on < date.fromisoformat(po.order_date):
        raise ValidationFailed("delivered before it was ordered", {"delivered_on": f"before {po.order_date}"})
    record, spend = build_delivery(po, data, actor, rate(fx_rates(), po.currency))
    year = data.delivered_on.isoformat()[:4]
    stale = VersionConflict("the purchase order changed meanwhile; reload", {"version": "stale"})
    with transaction(lambda: stale) as tx:
        tx.save(po)
        tx.save(record, condition=CrmItem.pk.does_not_exist())
        tx.update(
            repo.spend_item(year, po.supplier_id),
            actions=[
                SpendTotal.type.set(SpendTotal),
                SpendTotal.year.set(year),
                SpendTotal.supplier_id.set(po.supplier_id),
                SpendTotal.spend.add(spend),
            ],
        )
    return out.DeliveryRecorded(delivery_id=record.delivery_id, spend_in_base=spend, purchase_order=po_out(po))
