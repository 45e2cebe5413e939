"""Custom values as CSV cells: read from text by the field's type on import, written as text on export (the two
are inverse: a multi-select joins with ';', money is "<amount> <currency>", booleans are true/false)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from crm.customfields.models import FieldDef

TRUE, FALSE = {"1", "true", "yes", "y"}, {"0", "false", "no", "n"}


def from_text(d: FieldDef | None, text: str) -> Any:
    """The value a cell means; a cell that does not parse stays text, so validation names the field."""
    t = d.field_type if d is not None else "text"
    if t == "number":
        try:
            n = Decimal(text)
        except InvalidOperation:
            return text
        return int(n) if n == n.to_integral_value() else float(n)
    if t == "boolean":
        low = text.lower()
        return True if low in TRUE else False if low in FALSE else text
    if t == "multiselect":
        return [v.strip() for v in text.split(";") if v.strip()]
    if t == "money":
        amount, _, currency = text.partition(" ")
        return {"amount": amount, "currency": currency.strip().upper()} if currency else text
    return text


def to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return f"{value.get('amount')} {value.get('currency')}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
