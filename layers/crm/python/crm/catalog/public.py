"""What other contexts may use of the catalog: products by sku (a 400 naming the field for unknown ones) and the
price engine's answer for a line; the products' keys for a request's Prefetch.

Items and keys load with this module; the product service and the price engine (with the catalog's API shapes)
load when another context first calls them. Type checkers see their own signatures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crm.catalog.models import Product
from crm.catalog.repository import product_keys

__all__ = ["Product", "price", "product_keys", "require_products"]

if TYPE_CHECKING:
    from crm.catalog.products import require_products
    from crm.catalog.quoting import price
else:

    def require_products(*args: Any, **kwargs: Any) -> Any:
        from crm.catalog.products import require_products as service

        return service(*args, **kwargs)

    def price(*args: Any, **kwargs: Any) -> Any:
        from crm.catalog.quoting import price as service

        return service(*args, **kwargs)
