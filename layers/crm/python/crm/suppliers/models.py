"""SRM items in the single table (keys: docs/access-patterns.md).

SUP#<id>        PROFILE              supplier; gsi1 SUPPLIERS / <name casefold>#<id>
SUP#<id>        ITEM#<sku>           an item it supplies, with its current price; gsi1 SUPITEM#<sku> / <id>
                                     (who supplies an item: single-source detection, second sources)
SUP#<id>        PRICE#<sku>#<at>     the supplier's price history for an item
SUP#<id>        DELIV#<date>#<id>    one delivery with its lines (the scorecard reads the partition, no Scan)
SUP#<id>        RISK#<id>            a risk register entry with its mitigation
RFQ#<id>        RFQ                  the RFQ; gsi1 RFQS#<status> / <created_at>#<id>
RFQ#<id>        OFFER#<supplier>     one offer per invited supplier (revisable until the deadline)
PO#<id>         PO                   purchase order with lines; gsi1 SUPPOS#<supplier> / <created_at>#<id>,
                                     gsi2 POS#<status> / <created_at>#<id>
SPEND#<year>    <supplier>           spend per supplier and year (ADD in the delivery transaction): concentration
SRMCONFIG       FX#<cur> | COUNTRY#<cc>   exchange rates to the base currency; country risk scores
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute

from crm.db import CrmItem, DecimalAttribute


class Certification(MapAttribute):
    name = UnicodeAttribute()
    valid_until = UnicodeAttribute(null=True)


class SupplierContact(MapAttribute):
    name = UnicodeAttribute()
    role = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)


class Supplier(CrmItem, discriminator="supplier"):
    supplier_id = UnicodeAttribute()
    name = UnicodeAttribute()
    country = UnicodeAttribute()
    categories = ListAttribute[str](default=list)
    certifications = ListAttribute(of=Certification, default=list)
    payment_terms = UnicodeAttribute(null=True)
    currency = UnicodeAttribute()
    status = UnicodeAttribute()  # prospective | active | blocked
    contacts = ListAttribute(of=SupplierContact, default=list)
    notes = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    custom = MapAttribute[str, Any](null=True)  # values of the admin-defined fields (crm.customfields)
    version = VersionAttribute()


class SuppliedItem(CrmItem, discriminator="supplied_item"):
    supplier_id = UnicodeAttribute()
    sku = UnicodeAttribute()
    name = UnicodeAttribute(null=True)
    category = UnicodeAttribute(null=True)
    supplier_sku = UnicodeAttribute(null=True)
    unit_price = DecimalAttribute()
    currency = UnicodeAttribute()
    lead_time_days = NumberAttribute()
    min_quantity = DecimalAttribute()
    updated_at = UnicodeAttribute()


class SupplierPrice(CrmItem, discriminator="supplier_price"):
    supplier_id = UnicodeAttribute()
    sku = UnicodeAttribute()
    unit_price = DecimalAttribute()
    currency = UnicodeAttribute()
    source = UnicodeAttribute()  # catalog | offer | po
    at = UnicodeAttribute()


class RfqLine(MapAttribute):
    sku = UnicodeAttribute()
    quantity = DecimalAttribute()
    need_by = UnicodeAttribute(null=True)


class Rfq(CrmItem, discriminator="rfq"):
    rfq_id = UnicodeAttribute()
    title = UnicodeAttribute()
    lines = ListAttribute(of=RfqLine)
    invited = ListAttribute[str]()
    currency = UnicodeAttribute()  # evaluation currency
    weights = MapAttribute[str, Any]()  # tco, lead_time, risk, quality -> decimal string
    lateness_cost_per_day = DecimalAttribute()
    defect_cost_factor = DecimalAttribute()
    deadline = UnicodeAttribute()
    status = UnicodeAttribute()  # open | awarded | cancelled
    awarded_to = UnicodeAttribute(null=True)
    po_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    version = VersionAttribute()


class OfferLineItem(MapAttribute):
    sku = UnicodeAttribute()
    unit_price = DecimalAttribute()
    min_quantity = DecimalAttribute()
    lead_time_days = NumberAttribute()


class Offer(CrmItem, discriminator="offer"):
    rfq_id = UnicodeAttribute()
    supplier_id = UnicodeAttribute()
    lines = ListAttribute(of=OfferLineItem)
    currency = UnicodeAttribute()
    freight = DecimalAttribute()
    duties = DecimalAttribute()
    payment_terms = UnicodeAttribute(null=True)
    valid_until = UnicodeAttribute()
    warranty_months = NumberAttribute(null=True)
    quality_terms = UnicodeAttribute(null=True)
    submitted_at = UnicodeAttribute()
    submitted_by = UnicodeAttribute()
    version = VersionAttribute()


class PoLine(MapAttribute):
    line_no = NumberAttribute()
    sku = UnicodeAttribute()
    quantity = DecimalAttribute()
    unit_price = DecimalAttribute()
    expected_date = UnicodeAttribute()
    received = DecimalAttribute()
    rejected = DecimalAttribute()


class PurchaseOrder(CrmItem, discriminator="purchase_order"):
    po_id = UnicodeAttribute()
    supplier_id = UnicodeAttribute()
    rfq_id = UnicodeAttribute(null=True)
    currency = UnicodeAttribute()
    lines = ListAttribute(of=PoLine)
    freight = DecimalAttribute()
    duties = DecimalAttribute()
    total = DecimalAttribute()
    status = UnicodeAttribute()  # open | partially_received | received | cancelled
    order_date = UnicodeAttribute()
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    version = VersionAttribute()


class DeliveredLine(MapAttribute):
    line_no = NumberAttribute()
    sku = UnicodeAttribute()
    expected_date = UnicodeAttribute()
    open_before = DecimalAttribute()
    received = DecimalAttribute()
    rejected = DecimalAttribute()
    agreed_unit_price = DecimalAttribute()
    invoiced_unit_price = DecimalAttribute()


class Delivery(CrmItem, discriminator="delivery"):
    delivery_id = UnicodeAttribute()
    supplier_id = UnicodeAttribute()
    po_id = UnicodeAttribute()
    po_date = UnicodeAttribute()
    delivered_on = UnicodeAttribute()
    currency = UnicodeAttribute()
    rate_to_base = DecimalAttribute()
    lines = ListAttribute(of=DeliveredLine)
    landed_cost = DecimalAttribute(null=True)
    note = UnicodeAttribute(null=True)
    recorded_at = UnicodeAttribute()
    recorded_by = UnicodeAttribute()


class RiskEntry(CrmItem, discriminator="supplier_risk"):
    risk_id = UnicodeAttribute()
    supplier_id = UnicodeAttribute()
    title = UnicodeAttribute()
    category = UnicodeAttribute()  # delivery | quality | financial | compliance | geopolitical | other
    likelihood = NumberAttribute()  # 1..5
    impact = NumberAttribute()  # 1..5
    mitigation = UnicodeAttribute(null=True)
    owner = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # open | mitigated | closed
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    version = VersionAttribute()


class SpendTotal(CrmItem, discriminator="spend_total"):
    year = UnicodeAttribute()
    supplier_id = UnicodeAttribute()
    spend = DecimalAttribute(default=Decimal)


class FxRate(CrmItem, discriminator="fx_rate"):
    currency = UnicodeAttribute()
    rate_to_base = DecimalAttribute()  # 1 unit of `currency` = rate base units
    as_of = UnicodeAttribute()
    updated_by = UnicodeAttribute(null=True)


class CountryRisk(CrmItem, discriminator="country_risk"):
    country = UnicodeAttribute()
    score = DecimalAttribute()  # 0 low .. 1 high
    reason = UnicodeAttribute(null=True)
    updated_by = UnicodeAttribute(null=True)
