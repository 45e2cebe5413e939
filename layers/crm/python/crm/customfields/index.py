"""The generic index of filterable fields: one pointer item per (record, field, value), kept from the table
stream so that no context's write path carries it (eventually consistent, like a DynamoDB GSI). Values are
indexed as text (lower-cased, trimmed, at most VALUE_MAX characters; a multi-select value once per option);
a field marked filterable indexes the values written from then on."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crm.customfields import repository
from crm.db import CrmItem, encode_cursor, named_transaction

VALUE_MAX = 200
MAX_FILTERABLE = 5  # per entity: each adds a write per record change


def index_value(value: Any) -> list[str]:
    """A stored or queried value as the index spells it (several for a multi-select, none for money/long text)."""
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, int | float | Decimal):
        return [format(Decimal(str(value)).normalize(), "f")]
    if isinstance(value, list | set | tuple):
        return [v for item in value for v in index_value(item)]
    if isinstance(value, str) and 0 < len(value.strip()) <= VALUE_MAX:
        return [value.strip().lower()]
    return []


def _pairs(values: Any, keys: set[str]) -> set[tuple[str, str]]:
    return {(k, v) for k, raw in dict(values or {}).items() if k in keys for v in index_value(raw)}


def filterable_keys(entity: str) -> set[str]:
    return {d.key for d in repository.definitions(entity) if d.filterable}


def reindex(entity: str, old: dict[str, Any] | None, new: dict[str, Any] | None, keys: set[str]) -> int:
    """Bring the pointers of one record in line with its new image for the filterable `keys`; the writes this
    took (idempotent: a redelivered record puts and deletes the same items)."""
    image = new or old or {}
    record_id = image.get(f"{entity}_id")
    if not record_id:
        return 0
    before = _pairs((old or {}).get("custom"), keys)
    after = _pairs((new or {}).get("custom"), keys)
    customer_id = image.get("customer_id") if entity != "customer" else None
    writes: list[tuple[str, CrmItem]] = [
        ("delete", repository.new_match(entity, k, v, str(record_id), None)) for k, v in before - after
    ]
    writes += [
        ("put", repository.new_match(entity, k, v, str(record_id), customer_id and str(customer_id)))
        for k, v in after - before
    ]
    for start in range(0, len(writes), 100):
        with named_transaction() as tx:
            for action, item in writes[start : start + 100]:
                if action == "put":
                    tx.save(item)
                else:
                    tx.delete(item)
    return len(writes)


def page(entity: str, key: str, value: str, limit: int, cursor: str | None) -> tuple[list[Any], str | None]:
    spelled = index_value(value)
    if not spelled:
        return [], None
    items, last = repository.matches_page(entity, key, spelled[0], limit, cursor)
    return items, encode_cursor(last)
