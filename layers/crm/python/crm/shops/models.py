"""Shops in the single table (keys: repository.py and docs/access-patterns.md).

SHOP#<shop>  SHOP                           the shop: platform, pricing, signing secret (gsi1 SHOPS by name)
SHOP#<shop>  PROBLEM#<at>#<delivery>         a delivery that could not be taken (unknown skus, no buyer, ...)
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import MapAttribute, UnicodeAttribute, VersionAttribute

from crm.db import CrmItem


class Shop(CrmItem, discriminator="shop"):
    shop_id = UnicodeAttribute()
    name = UnicodeAttribute()
    platform = UnicodeAttribute()  # woocommerce | shopify
    pricing = UnicodeAttribute()  # server | as_sold
    currency = UnicodeAttribute()
    secret = UnicodeAttribute()  # the webhook signing secret the shop signs with (the table is KMS-encrypted)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    version = VersionAttribute()


class ShopProblem(CrmItem, discriminator="shop_problem"):
    shop_id = UnicodeAttribute()
    delivery = UnicodeAttribute()
    topic = UnicodeAttribute()
    shop_order_id = UnicodeAttribute(null=True)
    reason = UnicodeAttribute()
    fields = MapAttribute[str, Any](null=True)
    at = UnicodeAttribute()
