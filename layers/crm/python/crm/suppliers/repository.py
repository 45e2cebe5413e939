"""The SRM's keys and queries: the only module that spells them (the key design is in models.py's docstring and
docs/access-patterns.md)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pynamodb.exceptions import DoesNotExist

from crm.db import CrmItem, Index, decode_cursor, encode_cursor, get_or_404, new_id
from crm.errors import NotFound, ValidationFailed
from crm.suppliers.models import (
    CountryRisk,
    Delivery,
    FxRate,
    Offer,
    PurchaseOrder,
    Rfq,
    RiskEntry,
    SpendTotal,
    SuppliedItem,
    Supplier,
    SupplierPrice,
)

CONFIG_PK = "SRMCONFIG"
ALL_SUPPLIERS = "SUPPLIERS"
PROFILE = "PROFILE"

# ----------------------------------------------------------------- suppliers and their items


def supplier_pk(supplier_id: str) -> str:
    return f"SUP#{supplier_id}"


def supplier_keys(supplier: Supplier) -> None:
    supplier.pk, supplier.sk = supplier_pk(supplier.supplier_id), PROFILE
    supplier.gsi1pk, supplier.gsi1sk = ALL_SUPPLIERS, f"{supplier.name.casefold()}#{supplier.supplier_id}"


def load_supplier(supplier_id: str, field: str = "supplier_id", *, as_input: bool = False) -> Supplier:
    """The supplier, or 404 (400 naming `field` when the id came in a request body)."""
    try:
        return Supplier.get(supplier_pk(supplier_id), PROFILE)
    except DoesNotExist as exc:
        if as_input:
            raise ValidationFailed(f"supplier {supplier_id} does not exist", {field: "unknown supplier"}) from exc
        raise NotFound(f"supplier {supplier_id} does not exist", {field: "unknown"}) from exc


def suppliers_by_id(ids: Iterable[str]) -> dict[str, Supplier]:
    return {s.supplier_id: s for s in Supplier.batch_get([(supplier_pk(i), PROFILE) for i in set(ids)])}


def suppliers_page(limit: int, cursor: str | None) -> tuple[list[Supplier], str | None]:
    start = decode_cursor(cursor, expect={"gsi1pk": ALL_SUPPLIERS})
    result = Supplier.gsi1.query(ALL_SUPPLIERS, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def all_suppliers() -> list[Supplier]:
    return list(Supplier.gsi1.query(ALL_SUPPLIERS))


def item_keys(item: SuppliedItem) -> None:
    item.pk, item.sk = supplier_pk(item.supplier_id), f"ITEM#{item.sku}"
    item.gsi1pk, item.gsi1sk = f"SUPITEM#{item.sku}", item.supplier_id


def supplied_item(supplier_id: str, sku: str) -> SuppliedItem | None:
    try:
        return SuppliedItem.get(supplier_pk(supplier_id), f"ITEM#{sku}")
    except DoesNotExist:
        return None


def supplied_items(supplier_id: str) -> list[SuppliedItem]:
    return list(SuppliedItem.query(supplier_pk(supplier_id), SuppliedItem.sk.startswith("ITEM#")))


def suppliers_of_item(sku: str) -> list[str]:
    return [x.supplier_id for x in SuppliedItem.gsi1.query(f"SUPITEM#{sku}")]


def price_point_keys(point: SupplierPrice) -> None:
    point.pk, point.sk = supplier_pk(point.supplier_id), f"PRICE#{point.sku}#{point.at}#{new_id()[:4]}"


def price_points(supplier_id: str, sku: str) -> list[SupplierPrice]:
    return list(SupplierPrice.query(supplier_pk(supplier_id), SupplierPrice.sk.startswith(f"PRICE#{sku}#")))


# ----------------------------------------------------------------- RFQs and offers


def rfq_keys(rfq: Rfq) -> None:
    rfq.pk, rfq.sk = f"RFQ#{rfq.rfq_id}", "RFQ"
    rfq.gsi1pk, rfq.gsi1sk = f"RFQS#{rfq.status}", f"{rfq.created_at}#{rfq.rfq_id}"


def offer_keys(offer: Offer) -> None:
    offer.pk, offer.sk = f"RFQ#{offer.rfq_id}", f"OFFER#{offer.supplier_id}"


def load_rfq(rfq_id: str) -> tuple[Rfq, list[Offer]]:
    """The RFQ and its offers: one Query of its partition."""
    rfq, offers = None, []
    for item in CrmItem.query(f"RFQ#{rfq_id}"):
        if isinstance(item, Rfq):
            rfq = item
        elif isinstance(item, Offer):
            offers.append(item)
    if rfq is None:
        raise NotFound(f"rfq {rfq_id} does not exist", {"rfq_id": "unknown"})
    return rfq, offers


def rfqs_page(status: str, limit: int, cursor: str | None) -> tuple[list[Rfq], str | None]:
    key = f"RFQS#{status}"
    start = decode_cursor(cursor, expect={"gsi1pk": key})
    result = Rfq.gsi1.query(key, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


# ----------------------------------------------------------------- purchase orders, deliveries, spend


def po_keys(po: PurchaseOrder) -> None:
    po.pk, po.sk = f"PO#{po.po_id}", "PO"
    po.gsi1pk, po.gsi1sk = f"SUPPOS#{po.supplier_id}", f"{po.created_at}#{po.po_id}"
    po.gsi2pk, po.gsi2sk = f"POS#{po.status}", f"{po.created_at}#{po.po_id}"


def load_po(po_id: str) -> PurchaseOrder:
    return get_or_404(
        PurchaseOrder, f"PO#{po_id}", "PO", f"purchase order {po_id} does not exist", {"po_id": "unknown"}
    )


def pos_page(
    supplier_id: str | None, status: str | None, limit: int, cursor: str | None
) -> tuple[list[PurchaseOrder], str | None]:
    """By supplier (gsi1) or by status (gsi2), newest first."""
    index: Index
    if supplier_id:
        key, index, attr = f"SUPPOS#{supplier_id}", PurchaseOrder.gsi1, "gsi1"
    else:
        key, index, attr = f"POS#{status}", PurchaseOrder.gsi2, "gsi2"
    start = decode_cursor(cursor, expect={f"{attr}pk": key})
    result = index.query(key, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def delivery_keys(delivery: Delivery) -> None:
    delivery.pk = supplier_pk(delivery.supplier_id)
    delivery.sk = f"DELIV#{delivery.delivered_on}#{delivery.delivery_id}"


def deliveries(supplier_id: str, since: date | None = None) -> list[Delivery]:
    cond = Delivery.sk.between(f"DELIV#{since.isoformat()}", "DELIV#~") if since else Delivery.sk.startswith("DELIV#")
    return list(Delivery.query(supplier_pk(supplier_id), cond))


def spend_item(year: str, supplier_id: str) -> SpendTotal:
    return SpendTotal(pk=f"SPEND#{year}", sk=supplier_id)


def spend_of_year(year: int) -> list[SpendTotal]:
    return list(SpendTotal.query(f"SPEND#{year}"))


# ----------------------------------------------------------------- risk register and settings


def risk_keys(risk: RiskEntry) -> None:
    risk.pk, risk.sk = supplier_pk(risk.supplier_id), f"RISK#{risk.risk_id}"


def load_risk(supplier_id: str, risk_id: str) -> RiskEntry:
    return get_or_404(
        RiskEntry, supplier_pk(supplier_id), f"RISK#{risk_id}", f"risk {risk_id} does not exist", {"risk_id": "unknown"}
    )


def risks(supplier_id: str) -> list[RiskEntry]:
    return list(RiskEntry.query(supplier_pk(supplier_id), RiskEntry.sk.startswith("RISK#")))


def fx_rate_item(currency: str) -> FxRate:
    return FxRate(pk=CONFIG_PK, sk=f"FX#{currency}", currency=currency)


def fx_rate_items() -> list[FxRate]:
    return list(FxRate.query(CONFIG_PK, FxRate.sk.startswith("FX#")))


def country_risk_item(country: str) -> CountryRisk:
    return CountryRisk(pk=CONFIG_PK, sk=f"COUNTRY#{country}", country=country)


def country_risk_items() -> list[CountryRisk]:
    return list(CountryRisk.query(CONFIG_PK, CountryRisk.sk.startswith("COUNTRY#")))
