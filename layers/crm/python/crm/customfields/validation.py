"""A record's custom values checked against its entity's definitions with JSON Schema (Draft 2020-12, the
`jsonschema` library, imported only when there is something to check), then normalized: emails lower-cased,
phones in E.164, integral numbers as int (pynamodb's untyped maps take int and float, not Decimal)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crm.customfields.models import FieldDef

TEXT_MAX = 2000
URL = r"^https?://[^\s/$.?#][^\s]{0,2000}$"
PHONE = r"^\+?[0-9 ()./-]{5,30}$"


def _values(d: FieldDef) -> list[str]:
    return [str(o["value"]) for o in d.options or []]


def field_schema(d: FieldDef) -> dict[str, Any]:
    t = d.field_type
    if t == "number":
        return {"type": "number"}
    if t == "money":
        return {
            "type": "object",
            "properties": {
                "amount": {"type": "string", "pattern": r"^-?\d{1,12}(\.\d{1,4})?$"},
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            },
            "required": ["amount", "currency"],
            "additionalProperties": False,
        }
    if t == "date":
        return {"type": "string", "format": "date"}
    if t == "boolean":
        return {"type": "boolean"}
    if t == "select":
        return {"enum": _values(d)}
    if t == "multiselect":
        return {"type": "array", "items": {"enum": _values(d)}, "uniqueItems": True, "maxItems": 100}
    if t == "url":
        return {"type": "string", "pattern": URL}
    if t == "email":
        return {"type": "string", "format": "email", "maxLength": 254}
    if t == "phone":
        return {"type": "string", "pattern": PHONE}
    return {"type": "string", "maxLength": TEXT_MAX}


def record_schema(active: list[FieldDef]) -> dict[str, Any]:
    """The JSON Schema of a record's `custom` object: the active fields, the required ones, nothing else."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {d.key: field_schema(d) for d in active},
        "required": sorted(d.key for d in active if d.required),
        "additionalProperties": False,
    }


def errors(schema: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """custom.<field> -> what is wrong with it (empty: valid)."""
    from jsonschema import Draft202012Validator, FormatChecker

    out: dict[str, str] = {}
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    for e in sorted(validator.iter_errors(values), key=lambda e: list(e.path)):
        if e.validator == "required":
            missing = str(e.message).split("'")[1]
            out[f"custom.{missing}"] = "required"
        elif e.validator == "additionalProperties":
            for key in sorted(set(values) - set(schema["properties"])):
                out[f"custom.{key}"] = "unknown field"
        else:
            name = str(e.path[0]) if e.path else "custom"
            out.setdefault(f"custom.{name}", str(e.message)[:200])
    return out


def normalized(d: FieldDef, value: Any) -> Any:
    """The value as the record keeps it."""
    if d.field_type == "number" and not isinstance(value, bool):
        n = Decimal(str(value))
        return int(n) if n == n.to_integral_value() else float(n)
    if d.field_type == "email":
        from crm.contactinfo import normalize_email

        return normalize_email(value)
    if d.field_type == "phone":
        from crm.contactinfo import normalize_phone

        return normalize_phone(value)
    if d.field_type == "money":
        return {"amount": str(value["amount"]), "currency": value["currency"]}
    return value
