"""PRM settings: partner tiers by trailing revenue, commission rates per tier and category, the protection window
of approved registrations."""

from __future__ import annotations

from decimal import Decimal

from crm.db import check_version, now_iso
from crm.money import ZERO
from crm.partners import schemas
from crm.partners.models import CommissionRule, PrmSettings, TierRule
from crm.partners.repository import SETTINGS_KEY, find_settings
from crm.partners.responses import PrmSettingsOut

DEFAULT_TIERS = [("registered", "0"), ("silver", "20000"), ("gold", "100000"), ("platinum", "250000")]
DEFAULT_COMMISSIONS = [
    ("registered", "*", "0.05"),
    ("silver", "*", "0.07"),
    ("gold", "*", "0.10"),
    ("gold", "services", "0.12"),
    ("platinum", "*", "0.12"),
    ("platinum", "services", "0.15"),
]


def load_settings() -> PrmSettings:
    found = find_settings()
    if found is not None:
        return found
    pk, sk = SETTINGS_KEY
    return PrmSettings(
        pk=pk,
        sk=sk,
        protection_days=90,
        updated_at="default",
        tiers=[TierRule(tier=t, min_revenue=Decimal(v)) for t, v in DEFAULT_TIERS],
        commission_rules=[CommissionRule(tier=t, category=c, rate=Decimal(r)) for t, c, r in DEFAULT_COMMISSIONS],
    )


def settings_out(s: PrmSettings) -> PrmSettingsOut:
    return PrmSettingsOut.model_validate(
        {
            "tiers": [t.as_dict() for t in s.tiers],
            "commission_rules": [r.as_dict() for r in s.commission_rules],
            "protection_days": int(s.protection_days),
            "updated_at": s.updated_at,
            "version": int(s.version) if s.version else 0,
            "base_currency": "EUR",
        }
    )


def get_settings() -> PrmSettingsOut:
    return settings_out(load_settings())


def put_settings(data: schemas.SettingsIn, expected: int | None, actor: str) -> PrmSettingsOut:
    current = load_settings()
    if current.version is not None:
        check_version(current.version, expected, "PRM settings")
    current.tiers = [TierRule(tier=t.tier, min_revenue=t.min_revenue) for t in data.tiers]
    current.commission_rules = [
        CommissionRule(tier=r.tier, category=r.category, rate=r.rate) for r in data.commission_rules
    ]
    current.protection_days, current.updated_at, current.updated_by = data.protection_days, now_iso(), actor
    current.save()
    return settings_out(current)


def tier_for(revenue_eur: Decimal, s: PrmSettings) -> str:
    reached = [t for t in s.tiers if revenue_eur >= t.min_revenue]
    return max(reached, key=lambda t: t.min_revenue).tier


def commission_rate(tier: str, category: str, s: PrmSettings) -> Decimal:
    """The rule for (tier, category), else (tier, *), else 0."""
    exact = [r.rate for r in s.commission_rules if r.tier == tier and r.category == category]
    default = [r.rate for r in s.commission_rules if r.tier == tier and r.category == "*"]
    return (exact or default or [ZERO])[0]
