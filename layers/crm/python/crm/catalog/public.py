"""What other contexts may use of the catalog: products by sku (a 400 naming the field for unknown ones) and the
price engine's answer for a line; the products' keys for a request's Prefetch."""

from __future__ import annotations

from crm.catalog.models import Product
from crm.catalog.products import require_products
from crm.catalog.quoting import price
from crm.catalog.repository import product_keys

__all__ = ["Product", "price", "product_keys", "require_products"]
