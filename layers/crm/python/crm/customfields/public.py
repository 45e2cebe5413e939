"""What other contexts use of custom fields: applying an entity's definitions to a record's values on every
create and update, and the shape of those values in their request and response models."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, get_args

from crm.customfields.schemas import CustomValue, CustomValues, Entity, MoneyValue

__all__ = [
    "ENTITIES",
    "CustomValue",
    "CustomValues",
    "MoneyValue",
    "active_keys",
    "apply_custom",
    "custom_text_reader",
    "custom_out",
    "custom_to_text",
    "filterable_keys",
    "reindex",
    "shareable_keys",
]
ENTITIES: tuple[str, ...] = get_args(Entity)  # each is also its records' item type and `<entity>_id` names the id


def _plain(values: Any) -> dict[str, Any]:
    if values is None:
        return {}
    return values.as_dict() if hasattr(values, "as_dict") else dict(values)


def apply_custom(entity: str, given: dict[str, Any] | None, existing: Any, creating: bool) -> dict[str, Any] | None:
    """The record's values after a write of `given` (None or {}: unchanged but re-checked on create), ready to
    store (None when there are none); 400 naming custom.<field> when they do not fit the definitions."""
    from crm.customfields.service import apply

    return apply(entity, given, _plain(existing), creating) or None


def custom_out(values: Any) -> dict[str, Any]:
    """A record's stored values as its answer gives them (numbers back from Decimal)."""
    from crm.customfields.service import plain_value

    return {k: plain_value(v) for k, v in _plain(values).items()}


def filterable_keys(entity: str) -> set[str]:
    """The entity's filterable fields (one Query): what the index keeps."""
    from crm.customfields.index import filterable_keys as keys

    return keys(entity)


def reindex(entity: str, old: dict[str, Any] | None, new: dict[str, Any] | None, keys: set[str]) -> int:
    """The filterable-value index of one changed record (the table stream's consumer)."""
    from crm.customfields.index import reindex as run

    return run(entity, old, new, keys)


def shareable_keys(entity: str) -> set[str]:
    from crm.customfields.service import shareable_keys as keys

    return keys(entity)


def active_keys(entity: str) -> list[str]:
    """The fields a form or a CSV shows, in their order (archived ones left out)."""
    from crm.customfields.service import list_definitions

    return [d.key for d in list_definitions(entity, include_archived=False).items]


def custom_text_reader(entity: str) -> Callable[[dict[str, str]], dict[str, Any]]:
    """Reads CSV cells (by field key) as values of their fields' types, blank cells left out; the definitions are
    read once, for every row of an import."""
    from crm.customfields import repository
    from crm.customfields.text import from_text

    defs = {d.key: d for d in repository.definitions(entity)}

    def read(cells: dict[str, str]) -> dict[str, Any]:
        return {k: from_text(defs.get(k), v.strip()) for k, v in cells.items() if v and v.strip()}

    return read


def custom_to_text(values: Any) -> dict[str, str]:
    from crm.customfields.text import to_text

    return {k: to_text(v) for k, v in _plain(values).items()}


def records_with(entity: str, key: str, value: str) -> Iterator[str]:
    """The ids of the records holding a filterable field's value, page by page (a workflow's date trigger)."""
    from crm.customfields.index import page

    cursor: str | None = None
    while True:
        found, cursor = page(entity, key, value, 100, cursor)
        yield from (m.record_id for m in found)
        if not cursor:
            return


def field_kind(entity: str, key: str) -> tuple[str, bool] | None:
    """(type, filterable) of a field; None when no such field is defined (a workflow checks its date trigger)."""
    from crm.customfields.repository import definitions

    found = next((d for d in definitions(entity) if d.key == key), None)
    return None if found is None else (str(found.field_type), bool(found.filterable))
