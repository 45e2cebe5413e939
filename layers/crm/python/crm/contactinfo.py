"""Normalized contact identifiers: E.164 phones, lower-cased validated emails, tax ids, domains.

One normalization for every context, so a duplicate check or a caller lookup matches what was stored.
"""

from __future__ import annotations

import re

# phonenumbers and email_validator (~60 ms together) load on first use: reads never need them.


def normalize_email(value: str) -> str:
    """Validate syntax (no DNS lookup) and lower-case the whole address."""
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from exc
    return result.normalized.lower()


def normalize_phone(value: str, default_region: str | None = None) -> str:
    """E.164, parsing national numbers in the customer's country (or the configured default)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(value, (default_region or "").upper() or None)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {exc}") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number for its country")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_TAX_ID_JUNK = re.compile(r"[\s.\-/]")


def normalize_tax_id(value: str) -> str:
    """Upper-case without spaces, dots, dashes or slashes: 'de 123.456.789' == 'DE123456789'."""
    cleaned = _TAX_ID_JUNK.sub("", value).upper()
    if not cleaned.isalnum() or len(cleaned) < 4:
        raise ValueError("tax id must have at least 4 letters or digits")
    return cleaned
