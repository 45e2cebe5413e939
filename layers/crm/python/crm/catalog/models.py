"""Catalog items in the single table (keys: docs/access-patterns.md).

PRODUCT#<sku>            PRODUCT          the product; gsi1 PRODUCTS / <category>#<sku> lists the catalog
PRICELIST#<id>           META             a price list (currency, validity); gsi1 PRICELISTS / <currency>#<from>#<id>
PRICELIST#<id>           ITEM#<sku>       a list price; gsi1 LISTPRICE#<sku>#<currency> / <from>#<id> finds the
                                          lists that price a product in a currency with one Query
PRICERULE#<sku>          RULE#<id>        a customer/group price or discount; the pricing engine reads all rules of
                                          a product with one Query; gsi1 PRICERULES#CUST#<id> | #GROUP#<tag>
PRICEHIST#<sku>          <at>#<id>        every price change, kept forever (price-effect analytics)
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import ListAttribute, MapAttribute, UnicodeAttribute, VersionAttribute

from crm.db import CrmItem, DecimalAttribute


class Product(CrmItem, discriminator="product"):
    sku = UnicodeAttribute()
    name = UnicodeAttribute()
    kind = UnicodeAttribute()  # product | service
    category = UnicodeAttribute()
    unit = UnicodeAttribute()
    tax_rate = DecimalAttribute()  # 0.19 = 19 %
    unit_cost = DecimalAttribute(null=True)  # standard cost per unit in the base currency (EUR): margins
    status = UnicodeAttribute()  # active | discontinued
    description = UnicodeAttribute(null=True)
    attributes = MapAttribute[str, Any](null=True)  # descriptive attributes for profiling: colour, size, segment...
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    version = VersionAttribute()


class PriceList(CrmItem, discriminator="price_list"):
    list_id = UnicodeAttribute()
    name = UnicodeAttribute()
    currency = UnicodeAttribute()
    valid_from = UnicodeAttribute()  # ISO date, inclusive
    valid_to = UnicodeAttribute(null=True)  # ISO date, inclusive; None = open-ended
    created_at = UnicodeAttribute()
    version = VersionAttribute()


class ListPrice(CrmItem, discriminator="list_price"):
    list_id = UnicodeAttribute()
    sku = UnicodeAttribute()
    currency = UnicodeAttribute()
    unit_price = DecimalAttribute()
    valid_from = UnicodeAttribute()
    valid_to = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute(null=True)


class PriceBreak(MapAttribute):
    min_quantity = DecimalAttribute()
    value = DecimalAttribute()


class PriceRule(CrmItem, discriminator="price_rule"):
    rule_id = UnicodeAttribute()
    sku = UnicodeAttribute()
    name = UnicodeAttribute(null=True)
    customer_id = UnicodeAttribute(null=True)  # either a customer...
    group = UnicodeAttribute(null=True)  # ...or a customer group (= a customer tag)
    kind = UnicodeAttribute()  # price | percent | amount
    currency = UnicodeAttribute(null=True)  # required for price and amount
    breaks = ListAttribute(of=PriceBreak)
    valid_from = UnicodeAttribute()
    valid_to = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # active | retired
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute(null=True)
    version = VersionAttribute()


class PriceChange(CrmItem, discriminator="price_change"):
    sku = UnicodeAttribute()
    source = UnicodeAttribute()  # list | rule
    source_id = UnicodeAttribute()
    currency = UnicodeAttribute(null=True)
    change = UnicodeAttribute()  # created | changed | retired
    old_value = DecimalAttribute(null=True)
    new_value = DecimalAttribute(null=True)
    detail = UnicodeAttribute(null=True)
    changed_at = UnicodeAttribute()
    changed_by = UnicodeAttribute(null=True)
