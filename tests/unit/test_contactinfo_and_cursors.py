from __future__ import annotations

import pytest

from crm.contactinfo import normalize_email, normalize_phone, normalize_tax_id
from crm.db import decode_cursor, encode_cursor
from crm.errors import ValidationFailed


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("030 1234567", "DE", "+49301234567"),
        ("+49 (0)30 1234567", None, "+49301234567"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("(212) 555-0199", "US", "+12125550199"),
        ("00 44 7911 123456", "DE", "+447911123456"),
    ],
)
def test_phones_become_e164(raw, region, e164):
    assert normalize_phone(raw, region) == e164


@pytest.mark.parametrize("raw", ["12", "hello", "+49 30", "030 1234567"])
def test_invalid_or_ambiguous_phones_are_refused(raw):
    with pytest.raises(ValueError):
        normalize_phone(raw, None)


def test_emails_are_validated_and_lower_cased():
    assert normalize_email("  Anna.Weber@Example.COM ") == "anna.weber@example.com"
    for bad in ("anna", "anna@", "@example.com", "a b@example.com"):
        with pytest.raises(ValueError):
            normalize_email(bad)


def test_tax_ids_compare_without_formatting():
    assert normalize_tax_id("de 123.456-789") == normalize_tax_id("DE123456789") == "DE123456789"
    with pytest.raises(ValueError):
        normalize_tax_id("??")


def test_cursor_round_trips_and_refuses_tampering():
    key = {"pk": {"S": "CUST#1"}, "sk": {"S": "#TL#2026"}}
    cursor = encode_cursor(key)
    assert "CUST" not in cursor  # opaque to clients
    assert decode_cursor(cursor, expect={"pk": "CUST#1"}) == key
    assert encode_cursor(None) is None and decode_cursor(None) is None
    with pytest.raises(ValidationFailed) as other:
        decode_cursor(cursor, expect={"pk": "CUST#2"})
    assert other.value.fields == {"cursor": "belongs to a different list"}
    for bad in ("!!!", encode_cursor({"pk": "plain"}), "e30"):  # e30 = {} passes shape but not ownership
        with pytest.raises(ValidationFailed):
            decode_cursor(bad, expect={"pk": "CUST#1"})
