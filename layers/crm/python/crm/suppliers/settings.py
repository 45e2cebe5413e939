"""SRM settings: exchange rates to the base currency (EUR) and country risk scores (0 low .. 1 high)."""

from __future__ import annotations

from decimal import Decimal

from crm.db import now_iso
from crm.errors import ValidationFailed
from crm.suppliers import repository as repo
from crm.suppliers import schemas
from crm.suppliers.responses import SrmSettings

BASE_CURRENCY = "EUR"
# Default country risk, overridable per country by PUT /srm/country-risk/{cc}.
DEFAULT_COUNTRY_RISK = {
    "DE": "0.10",
    "NL": "0.10",
    "AT": "0.10",
    "CH": "0.10",
    "DK": "0.10",
    "SE": "0.10",
    "FR": "0.15",
    "GB": "0.15",
    "US": "0.15",
    "ES": "0.20",
    "IT": "0.25",
    "PL": "0.25",
    "CZ": "0.20",
    "JP": "0.15",
    "KR": "0.25",
    "MX": "0.45",
    "BR": "0.45",
    "IN": "0.50",
    "TR": "0.50",
    "VN": "0.50",
    "CN": "0.55",
}
UNKNOWN_COUNTRY_RISK = Decimal("0.50")


def fx_rates() -> dict[str, Decimal]:
    """1 unit of currency = rate units of the base currency (EUR); one Query."""
    rates = {BASE_CURRENCY: Decimal(1)}
    for r in repo.fx_rate_items():
        rates[r.currency] = r.rate_to_base
    return rates


def rate(rates: dict[str, Decimal], currency: str, field: str = "currency") -> Decimal:
    """The rate of a currency, or a 400 naming `field` and how to set one."""
    if currency not in rates:
        raise ValidationFailed(
            f"no exchange rate for {currency}; set one with PUT /srm/fx-rates/{currency}",
            {field: f"no exchange rate for {currency}"},
        )
    return rates[currency]


def convert(amount: Decimal, from_cur: str, to_cur: str, rates: dict[str, Decimal]) -> Decimal:
    return amount * rate(rates, from_cur) / rate(rates, to_cur)


def put_fx(currency: str, data: schemas.FxIn, actor: str) -> SrmSettings:
    if currency == BASE_CURRENCY:
        raise ValidationFailed(f"{BASE_CURRENCY} is the base currency", {"currency": "is the base"})
    item = repo.fx_rate_item(currency)
    item.rate_to_base, item.as_of, item.updated_by = data.rate_to_base, now_iso(), actor
    item.save()
    return settings()


def country_risks() -> dict[str, Decimal]:
    table = {cc: Decimal(v) for cc, v in DEFAULT_COUNTRY_RISK.items()}
    for r in repo.country_risk_items():
        table[r.country] = r.score
    return table


def put_country_risk(country: str, data: schemas.CountryRiskIn, actor: str) -> SrmSettings:
    item = repo.country_risk_item(country)
    item.score, item.reason, item.updated_by = data.score, data.reason, actor
    item.save()
    return settings()


def settings() -> SrmSettings:
    return SrmSettings(
        base_currency=BASE_CURRENCY,
        fx_rates=fx_rates(),
        country_risk=country_risks(),
        unknown_country_risk=UNKNOWN_COUNTRY_RISK,
    )
