"""The catalog: products and services with category, unit, tax rate, status and descriptive attributes."""

from __future__ import annotations

from crm.catalog import schemas
from crm.catalog.models import (
    Product,
)
from crm.catalog.repository import ALL_PRODUCTS, PRODUCT_SK, load_product, product_pk, products_by_sku, products_page
from crm.db import CrmItem, Prefetch, check_version, now_iso, transaction
from crm.errors import Conflict, ValidationFailed, VersionConflict

# ----------------------------------------------------------------- products


def product_out(p: Product) -> schemas.ProductOut:
    return schemas.ProductOut.model_validate(
        {
            "sku": p.sku,
            "name": p.name,
            "kind": p.kind,
            "category": p.category,
            "unit": p.unit,
            "tax_rate": p.tax_rate,
            "unit_cost": p.unit_cost,
            "status": p.status,
            "description": p.description,
            "attributes": p.attributes.as_dict() if p.attributes is not None else {},
            "created_at": p.created_at,
            "updated_at": p.updated_at,
            "version": int(p.version),
        }
    )


def new_product(data: schemas.ProductIn, at: str | None = None) -> Product:
    at = at or now_iso()
    return Product(
        pk=product_pk(data.sku),
        sk=PRODUCT_SK,
        gsi1pk=ALL_PRODUCTS,
        gsi1sk=f"{data.category}#{data.sku}",
        sku=data.sku,
        name=data.name,
        kind=data.kind,
        category=data.category,
        unit=data.unit,
        tax_rate=data.tax_rate,
        unit_cost=data.unit_cost,
        status="active",
        description=data.description,
        attributes=data.attributes or None,
        created_at=at,
        updated_at=at,
    )


def create_product(data: schemas.ProductIn) -> schemas.ProductOut:
    product = new_product(data)
    with transaction(lambda: Conflict(f"product {data.sku} exists", {"sku": "already exists"})) as tx:
        tx.save(product, condition=CrmItem.pk.does_not_exist())
    return product_out(product)


def get_product(sku: str) -> schemas.ProductOut:
    return product_out(load_product(sku))


def list_products(category: str | None, limit: int, cursor: str | None) -> schemas.ProductPage:
    found, nxt = products_page(category, limit, cursor)
    return schemas.ProductPage.model_validate({"items": [product_out(p) for p in found], "next": nxt})


def update_product(sku: str, patch: schemas.ProductPatch, expected: int | None) -> schemas.ProductOut:
    product = load_product(sku)
    check_version(product.version, expected, "product", required=True)
    changes = patch.model_dump(exclude_unset=True, exclude={"version"})
    for name, value in changes.items():
        if value is None and name in ("name", "category", "unit", "tax_rate", "status"):
            raise ValidationFailed(f"{name} cannot be removed", {name: "required"})
        setattr(product, name, value or None if name == "attributes" else value)
    product.gsi1sk = f"{product.category}#{product.sku}"
    product.updated_at = now_iso()
    with transaction(lambda: VersionConflict("product was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(product)
    return product_out(product)


def require_products(skus: list[str], field: str, prefetched: Prefetch | None = None) -> dict[str, Product]:
    """All products by sku with one BatchGet (or the request's Prefetch); unknown or discontinued ones are one
    400 naming each position."""
    found = products_by_sku(set(skus), prefetched)
    problems = {
        f"{field}.{i}.sku": "unknown product" if sku not in found else "discontinued"
        for i, sku in enumerate(skus)
        if sku not in found or found[sku].status != "active"
    }
    if problems:
        bad = [sku for sku in skus if sku not in found or found[sku].status != "active"]
        missing = [sku for sku in bad if sku not in found]
        what = (
            f"product {', '.join(missing)} does not exist" if missing else f"product {', '.join(bad)} is discontinued"
        )
        raise ValidationFailed(what, problems)
    return found
