"""Sales items in the single table (keys: docs/access-patterns.md).

LEAD#<id>  LEAD   gsi1 LEADS#OWNER#<owner> / <status>#<created_at>#<id>
                  gsi2 LEADS#STATUS#<status> / <score, 3 digits>#<created_at>#<id>   (best leads first, descending)
OPP#<id>   OPP    gsi1 OPPS#OWNER#<owner> / <expected_close>#<id>    (an owner's pipeline and forecast by month)
                  gsi2 OPPS#STAGE#<stage> / <expected_close>#<id>    (pipeline by stage; team forecast by month)
                  gsi3 OPPS#CUST#<customer> / <status>#<expected_close>#<id>  (a customer's open deals: PRM conflicts)
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute

from crm.db import CrmItem, DecimalAttribute
from crm.money import round_amount


class Lead(CrmItem, discriminator="lead"):
    lead_id = UnicodeAttribute()
    company = UnicodeAttribute(null=True)
    first_name = UnicodeAttribute(null=True)
    last_name = UnicodeAttribute()
    title = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)
    country = UnicodeAttribute(null=True)
    industry = UnicodeAttribute(null=True)
    employees = NumberAttribute(null=True)
    budget = DecimalAttribute(null=True)
    currency = UnicodeAttribute(null=True)
    timeframe = UnicodeAttribute(null=True)
    source = UnicodeAttribute()
    campaign_id = UnicodeAttribute(null=True)
    partner_id = UnicodeAttribute(null=True)
    notes = UnicodeAttribute(null=True)
    owner = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # new | working | qualified | disqualified | converted
    score = NumberAttribute()
    grade = UnicodeAttribute()
    score_reasons = ListAttribute[str](default=list)
    disqualify_reason = UnicodeAttribute(null=True)
    customer_id = UnicodeAttribute(null=True)
    opportunity_id = UnicodeAttribute(null=True)
    replied_at = UnicodeAttribute(null=True)  # the lead answered an email (nurturing stops)
    unsubscribed_at = UnicodeAttribute(null=True)  # the lead's address unsubscribed (nurturing stops)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    custom = MapAttribute[str, Any](null=True)  # values of the admin-defined fields (crm.customfields)
    version = VersionAttribute()


class StageChange(MapAttribute):
    stage = UnicodeAttribute()
    probability = NumberAttribute()
    at = UnicodeAttribute()
    actor = UnicodeAttribute(null=True)


class Opportunity(CrmItem, discriminator="opportunity"):
    opportunity_id = UnicodeAttribute()
    name = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    owner = UnicodeAttribute()
    stage = UnicodeAttribute()
    probability = NumberAttribute()  # percent 0-100
    amount = DecimalAttribute()
    currency = UnicodeAttribute()
    expected_close = UnicodeAttribute()  # ISO date
    status = UnicodeAttribute()  # open | won | lost
    close_reason = UnicodeAttribute(null=True)
    closed_at = UnicodeAttribute(null=True)
    lead_id = UnicodeAttribute(null=True)
    partner_id = UnicodeAttribute(null=True)
    history = ListAttribute(of=StageChange, default=list)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    custom = MapAttribute[str, Any](null=True)  # values of the admin-defined fields (crm.customfields)
    version = VersionAttribute()


def weighted(o: Opportunity) -> Decimal:
    """The opportunity's amount times its probability, rounded to its currency."""
    return round_amount(o.amount * Decimal(int(o.probability)) / 100, o.currency)
