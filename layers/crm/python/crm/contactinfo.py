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


FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "icloud.com",
        "aol.com",
        "proton.me",
        "t-online.de",
        "mail.example",
    }
)
_DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def normalize_domain(value: str) -> str:
    """A company's web domain from a URL, a host or an email: lower-case, no scheme, path, port or 'www.'."""
    v = value.strip().lower()
    v = v.rsplit("@", 1)[-1]
    v = re.sub(r"^[a-z][a-z0-9+.-]*://", "", v).split("/", 1)[0].split(":", 1)[0].removeprefix("www.")
    v = v.encode("idna").decode() if not v.isascii() else v
    if not _DOMAIN.match(v):
        raise ValueError(f"{value!r} is not a web domain")
    return v


def company_domains(website: str | None, emails: list[str]) -> list[str]:
    """The domains a company is known by (website and its own addresses), free-mail providers excluded."""
    out: list[str] = []
    for raw in [website, *emails]:
        if not raw:
            continue
        try:
            d = normalize_domain(raw)
        except ValueError:
            continue
        if d not in FREE_MAIL and d not in out:
            out.append(d)
    return out


_LEGAL = re.compile(
    r"\b(gmbh|ag|kg|ohg|ug|se|sarl|sas|sa|ltd|limited|llc|inc|corp|co|plc|bv|nv|srl|sl|sp z oo|"
    r"spa|ab|as|oy|kft|company|group|holding)\b"
)


def company_name_key(name: str) -> str:
    """A company name reduced for matching: case, accents, punctuation and legal forms removed."""
    import unicodedata

    v = unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode().replace(".", "")
    v = _LEGAL.sub(" ", v)
    v = re.sub(r"[^a-z0-9]+", " ", v)
    return " ".join(v.split())
