"""Suppliers, the items each supplies with its current price, and each item's price history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crm.customfields.public import apply_custom, custom_out
from crm.db import CrmItem, check_version, new_id, now_iso, transaction
from crm.errors import ValidationFailed, VersionConflict
from crm.suppliers import repository as repo
from crm.suppliers import responses as out
from crm.suppliers import schemas
from crm.suppliers.models import Certification, SuppliedItem, Supplier, SupplierContact, SupplierPrice
from crm.suppliers.settings import fx_rates, rate


def supplier_out(s: Supplier) -> out.SupplierOut:
    return out.SupplierOut(
        supplier_id=s.supplier_id,
        name=s.name,
        country=s.country,
        currency=s.currency,
        categories=list(s.categories or []),
        certifications=[out.Certification(**c.as_dict()) for c in s.certifications or []],
        payment_terms=s.payment_terms,
        status=s.status,
        contacts=[out.SupplierContact(**c.as_dict()) for c in s.contacts or []],
        notes=s.notes,
        custom=custom_out(s.custom),
        created_at=s.created_at,
        updated_at=s.updated_at,
        version=int(s.version),
    )


def _apply(s: Supplier, data: Any, fields: set[str]) -> None:
    for name in fields:
        value = getattr(data, name)
        if name == "certifications":
            value = [
                Certification(name=c.name, valid_until=c.valid_until.isoformat() if c.valid_until else None)
                for c in value or []
            ]
        elif name == "contacts":
            value = [SupplierContact(**c.model_dump()) for c in value or []]
        elif name == "custom":
            value = apply_custom("supplier", value, s.custom, creating=s.version is None)
        setattr(s, name, value)
    repo.supplier_keys(s)


def new_supplier(data: schemas.SupplierIn, at: str | None = None) -> Supplier:
    at = at or now_iso()
    s = Supplier(supplier_id=new_id(), created_at=at, updated_at=at)
    _apply(s, data, set(schemas.SupplierIn.model_fields))
    return s


def create_supplier(data: schemas.SupplierIn) -> out.SupplierOut:
    s = new_supplier(data)
    with transaction("supplier id collision, retry") as tx:
        tx.save(s, condition=CrmItem.pk.does_not_exist())
    return supplier_out(s)


def get_supplier(supplier_id: str) -> out.SupplierOut:
    return supplier_out(repo.load_supplier(supplier_id))


def update_supplier(supplier_id: str, patch: schemas.SupplierPatch, expected: int | None) -> out.SupplierOut:
    s = repo.load_supplier(supplier_id)
    check_version(s.version, expected, "supplier", required=True)
    fields = patch.model_fields_set - {"version"}
    for name in ("name", "country", "status"):
        if name in fields and getattr(patch, name) is None:
            raise ValidationFailed(f"{name} cannot be removed", {name: "required"})
    _apply(s, patch, fields)
    s.updated_at = now_iso()
    with transaction(lambda: VersionConflict("the supplier was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(s)
    return supplier_out(s)


def list_suppliers(limit: int, cursor: str | None) -> out.SupplierPage:
    suppliers, nxt = repo.suppliers_page(limit, cursor)
    return out.SupplierPage(items=[supplier_out(s) for s in suppliers], next=nxt)


# ----------------------------------------------------------------- supplied items and prices


def item_out(i: SuppliedItem) -> out.SuppliedItemOut:
    return out.SuppliedItemOut(
        supplier_id=i.supplier_id,
        sku=i.sku,
        name=i.name,
        category=i.category,
        supplier_sku=i.supplier_sku,
        unit_price=i.unit_price,
        currency=i.currency,
        min_quantity=i.min_quantity,
        lead_time_days=int(i.lead_time_days),
        updated_at=i.updated_at,
    )


def price_point(supplier_id: str, sku: str, price: Decimal, currency: str, source: str, at: str) -> SupplierPrice:
    point = SupplierPrice(supplier_id=supplier_id, sku=sku, unit_price=price, currency=currency, source=source, at=at)
    repo.price_point_keys(point)
    return point


def put_supplied_item(supplier_id: str, sku: str, data: schemas.SuppliedItemIn) -> out.SuppliedItemOut:
    """Set what a supplier offers for an item; a price change goes to the supplier's price history."""
    repo.load_supplier(supplier_id)
    rate(fx_rates(), data.currency)
    at = now_iso()
    old = repo.supplied_item(supplier_id, sku)
    item = SuppliedItem(supplier_id=supplier_id, sku=sku, updated_at=at, **data.model_dump())
    repo.item_keys(item)
    with transaction("the item was changed meanwhile; retry") as tx:
        tx.save(item)
        if old is None or old.unit_price != data.unit_price or old.currency != data.currency:
            tx.save(price_point(supplier_id, sku, data.unit_price, data.currency, "catalog", at))
    return item_out(item)


def supplier_items(supplier_id: str) -> out.SuppliedItemList:
    repo.load_supplier(supplier_id)
    return out.SuppliedItemList(items=[item_out(i) for i in repo.supplied_items(supplier_id)])


def price_history(supplier_id: str, sku: str) -> out.SupplierPriceHistory:
    points = repo.price_points(supplier_id, sku)
    return out.SupplierPriceHistory(
        supplier_id=supplier_id,
        sku=sku,
        items=[
            out.SupplierPricePoint(unit_price=p.unit_price, currency=p.currency, source=p.source, at=p.at)
            for p in points
        ],
    )
