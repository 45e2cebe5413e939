"""What other contexts may use of the catalog: products by sku (a 400 naming the field for unknown ones), the
customer as pricing sees it, and the price engine's answer for a line."""

from __future__ import annotations

from crm.catalog.service import CustomerRef, customer_ref, price, require_products

__all__ = ["CustomerRef", "customer_ref", "price", "require_products"]
