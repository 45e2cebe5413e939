"""Order-side items in the single table (keys: docs/access-patterns.md).

ORDER#<id>        ORDER         the order with its lines, totals, payments and status history in ONE item, so
                                the table stream carries everything analytics and ERP need without another read;
                                gsi1 CUSTORDERS#<customer> / <created_at>#<id>   (a customer's orders)
                                gsi2 ORDERS#<status> / <order_date>#<id>          (by status and date range)
                                gsi3 PARTNERORDERS#<partner> / <order_date>#<id>  (attributed to a partner)
QUOTE#<id>        QUOTE         a quote with priced lines; gsi1 CUSTQUOTES#<customer> / <created_at>#<id>
CUST#<id>         STATS#<cur>   the customer's order counters per currency (updated in the order transaction)
REVENUE#<yyyy-mm> <currency>    booked revenue of the month (updated in the same transactions)
INVOICESEQ        <year>        the last invoice number issued in that year (gap-free, conditional writes)
INVOICE#<number>  INVOICE       the invoice header, created in the same transaction as its number
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute

from crm.db import CrmItem, DecimalAttribute


class Line(MapAttribute):
    line_no = NumberAttribute()
    sku = UnicodeAttribute()
    name = UnicodeAttribute()
    category = UnicodeAttribute()
    unit = UnicodeAttribute()
    quantity = DecimalAttribute()
    list_price = DecimalAttribute(null=True)
    unit_price = DecimalAttribute()
    discount = DecimalAttribute()  # (list price - unit price) x quantity, rounded; 0 without a list price
    net = DecimalAttribute()
    tax_rate = DecimalAttribute()
    tax = DecimalAttribute()
    unit_cost = DecimalAttribute(null=True)  # the product's standard cost (EUR) when sold: margins in analytics
    gross = DecimalAttribute()
    price_rule = UnicodeAttribute(null=True)  # the rule id that produced the unit price
    price_explanation = UnicodeAttribute(null=True)


class Money(MapAttribute):
    """A payment or refund on the order."""

    txn_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # payment | refund
    amount = DecimalAttribute()
    currency = UnicodeAttribute()
    method = UnicodeAttribute()
    reference = UnicodeAttribute(null=True)
    at = UnicodeAttribute()
    actor = UnicodeAttribute(null=True)


class StatusChange(MapAttribute):
    status = UnicodeAttribute()
    at = UnicodeAttribute()
    actor = UnicodeAttribute(null=True)
    note = UnicodeAttribute(null=True)


class _Priced(CrmItem):
    customer_id = UnicodeAttribute()
    customer_name = UnicodeAttribute(null=True)
    currency = UnicodeAttribute()
    lines = ListAttribute(of=Line)
    subtotal = DecimalAttribute()
    discount_total = DecimalAttribute()
    net_total = DecimalAttribute()
    tax_total = DecimalAttribute()
    grand_total = DecimalAttribute()
    owner = UnicodeAttribute(null=True)
    partner_id = UnicodeAttribute(null=True)
    campaign_id = UnicodeAttribute(null=True)
    notes = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute()
    version = VersionAttribute()


class Order(_Priced, discriminator="order"):
    order_id = UnicodeAttribute()
    partner_role = UnicodeAttribute(null=True)  # sourced (converted deal registration) | influenced (named by sales)
    status = UnicodeAttribute()
    country = UnicodeAttribute(null=True)  # the customer's country when ordered: regional analytics
    order_date = UnicodeAttribute()  # ISO date the order was placed (or created, for a draft)
    placed_at = UnicodeAttribute(null=True)
    quote_id = UnicodeAttribute(null=True)
    paid_total = DecimalAttribute()
    refunded_total = DecimalAttribute()
    transactions = ListAttribute(of=Money, default=list)
    history = ListAttribute(of=StatusChange, default=list)
    invoice_number = UnicodeAttribute(null=True)
    invoice_date = UnicodeAttribute(null=True)
    shipping_carrier = UnicodeAttribute(null=True)
    tracking_number = UnicodeAttribute(null=True)
    return_reason = UnicodeAttribute(null=True)
    custom = MapAttribute[str, Any](null=True)  # values of the admin-defined fields (crm.customfields)


class Quote(_Priced, discriminator="quote"):
    quote_id = UnicodeAttribute()
    status = UnicodeAttribute()  # open | accepted | rejected
    quote_date = UnicodeAttribute()
    valid_until = UnicodeAttribute()
    order_id = UnicodeAttribute(null=True)


class CustomerStats(CrmItem, discriminator="customer_stats"):
    customer_id = UnicodeAttribute()
    currency = UnicodeAttribute()
    orders_count = NumberAttribute(default=0)
    cancelled_count = NumberAttribute(default=0)
    returns_count = NumberAttribute(default=0)
    revenue = DecimalAttribute(default=Decimal)  # placed minus cancelled minus returned, gross
    first_order_at = UnicodeAttribute(null=True)
    last_order_at = UnicodeAttribute(null=True)

    def for_360(self) -> tuple[str, dict[str, Any]]:
        return "stats", {
            "currency": self.currency,
            "orders_count": int(self.orders_count or 0),
            "cancelled_count": int(self.cancelled_count or 0),
            "returns_count": int(self.returns_count or 0),
            "revenue": self.revenue,
            "first_order_at": self.first_order_at,
            "last_order_at": self.last_order_at,
        }


class RevenueMonth(CrmItem, discriminator="revenue_month"):
    """Booked revenue of a month per currency (placed minus cancelled/returned), kept in the order transactions:
    the denominator of a partner's share without reading every order."""

    month = UnicodeAttribute()
    currency = UnicodeAttribute()
    revenue = DecimalAttribute(default=Decimal)
    orders = NumberAttribute(default=0)


class InvoiceCounter(CrmItem, discriminator="invoice_counter"):
    year = UnicodeAttribute()
    last = NumberAttribute()


class Invoice(CrmItem, discriminator="invoice"):
    invoice_number = UnicodeAttribute()
    order_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    currency = UnicodeAttribute()
    net_total = DecimalAttribute()
    tax_total = DecimalAttribute()
    grand_total = DecimalAttribute()
    issued_at = UnicodeAttribute()
