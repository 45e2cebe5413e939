"""Money rules in one place: ISO 4217 currencies with their minor units, and rounding (half up, per currency)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# Currencies the CRM accepts, with their minor-unit digits (ISO 4217). An unknown code is a 400, not a guess.
MINOR_UNITS: dict[str, int] = {
    "EUR": 2,
    "USD": 2,
    "GBP": 2,
    "CHF": 2,
    "PLN": 2,
    "CZK": 2,
    "SEK": 2,
    "NOK": 2,
    "DKK": 2,
    "HUF": 2,
    "RON": 2,
    "BGN": 2,
    "TRY": 2,
    "CAD": 2,
    "AUD": 2,
    "NZD": 2,
    "BRL": 2,
    "MXN": 2,
    "INR": 2,
    "CNY": 2,
    "HKD": 2,
    "SGD": 2,
    "ZAR": 2,
    "AED": 2,
    "ILS": 2,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
    "BHD": 3,
}

UNIT_PRICE_PLACES = Decimal("0.0001")  # unit prices keep 4 places; amounts round to the currency's minor unit
ZERO = Decimal("0")


def check_currency(code: str) -> str:
    if code not in MINOR_UNITS:
        raise ValueError(f"{code!r} is not a supported ISO 4217 currency")
    return code


def round_amount(amount: Decimal, currency: str) -> Decimal:
    return Decimal(amount).quantize(Decimal(1).scaleb(-MINOR_UNITS[currency]), rounding=ROUND_HALF_UP)


def round_unit_price(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(UNIT_PRICE_PLACES, rounding=ROUND_HALF_UP)
