"""PRM items in the single table (keys: docs/access-patterns.md).

PARTNER#<id>   PROFILE            partner; gsi1 PARTNERS / <name casefold>#<id>
DEALREG#<id>   REG                registration; gsi1 PARTNERREGS#<partner> / <created_at>#<id>  (a partner's own)
                                  gsi2 REGS#<status> / <protected_until or created_at>#<id>   (queue; expiry job)
DEALREG#<id>   !KEY#<kind>#<v>    match keys (TAXID, DOMAIN, NAME prefix); gsi3 REGKEY#<kind>#<v> / <reg id>
CUST#<id>      PARTNER            the partner the customer's orders are attributed to (from a converted
                                  registration), read when an order is placed
PRMCONFIG      SETTINGS           tiers, commission rules, protection window
"""

from __future__ import annotations

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute

from crm.db import CrmItem, DecimalAttribute


class PartnerContact(MapAttribute):
    name = UnicodeAttribute()
    email = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)
    role = UnicodeAttribute(null=True)


class Partner(CrmItem, discriminator="partner"):
    partner_id = UnicodeAttribute()
    name = UnicodeAttribute()
    kind = UnicodeAttribute()  # reseller | distributor | agent | referral
    tier = UnicodeAttribute()
    tier_evaluated_at = UnicodeAttribute(null=True)
    territory = ListAttribute[str](default=list)  # ISO country codes
    contacts = ListAttribute(of=PartnerContact, default=list)
    status = UnicodeAttribute()  # active | suspended
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    version = VersionAttribute()


class Conflict(MapAttribute):
    kind = UnicodeAttribute()  # customer | opportunity | registration
    ref_id = UnicodeAttribute()
    matched_on = UnicodeAttribute()
    detail = UnicodeAttribute(null=True)
    partner_id = UnicodeAttribute(null=True)


class Registration(CrmItem, discriminator="deal_registration"):
    registration_id = UnicodeAttribute()
    partner_id = UnicodeAttribute()
    company = UnicodeAttribute()
    domain = UnicodeAttribute(null=True)
    tax_id = UnicodeAttribute(null=True)
    country = UnicodeAttribute(null=True)
    contact_name = UnicodeAttribute(null=True)
    contact_email = UnicodeAttribute(null=True)
    expected_value = DecimalAttribute()
    currency = UnicodeAttribute()
    products = ListAttribute[str](default=list)
    close_date = UnicodeAttribute()
    notes = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # submitted | approved | rejected | converted | expired
    conflicts = ListAttribute(of=Conflict, default=list)
    decided_by = UnicodeAttribute(null=True)
    decided_at = UnicodeAttribute(null=True)
    decision_note = UnicodeAttribute(null=True)
    protected_until = UnicodeAttribute(null=True)
    customer_id = UnicodeAttribute(null=True)
    opportunity_id = UnicodeAttribute(null=True)
    submitted_by = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    version = VersionAttribute()


class MatchKey(CrmItem, discriminator="registration_key"):
    registration_id = UnicodeAttribute()
    partner_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    value = UnicodeAttribute()


class TierRule(MapAttribute):
    tier = UnicodeAttribute()
    min_revenue = DecimalAttribute()  # attributed paid revenue, trailing 12 months, base currency


class CommissionRule(MapAttribute):
    tier = UnicodeAttribute()
    category = UnicodeAttribute()  # a product category or "*"
    rate = DecimalAttribute()  # 0.08 = 8 % of the net line amount


class PrmSettings(CrmItem, discriminator="prm_settings"):
    tiers = ListAttribute(of=TierRule)
    commission_rules = ListAttribute(of=CommissionRule)
    protection_days = NumberAttribute()
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute(null=True)
    version = VersionAttribute()
