"""The emulator answers Query at the cost of the partition, as DynamoDB does (emulator code, never deployed).

moto builds every Query's candidates from `Table.all_items()`: every item of the table, sorted, on every request,
for the base table and each index alike. Here a Query's candidates come from the partition instead: the base
table's own partition (`Table.items[hash]`), or for a global index a map index-hash-value -> items kept on write:
every write names the key it touched (moto_patches._serialised calls `written`), and the next Query re-reads just
those items into the maps. moto's own code still does all the rest (key conditions, sorting, page keys, limits,
filters, projections) over those candidates, so answers are unchanged;
tests/integration/test_emulator_query_index.py runs the same queries both ways on a random table.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import GlobalSecondaryIndex, Table

enabled = True
_local = threading.local()
_original_all_items: Callable[[Table], list[Item]] = Table.all_items
_original_query: Callable[..., Any] = Table.query
_Key = tuple[DynamoType, DynamoType | None]


@dataclass
class _Maps:
    """One table's global indexes: index name -> hash value -> item key -> item, and where each item is filed."""

    table: Table
    by_index: dict[str, dict[DynamoType, dict[_Key, Item]]] = field(default_factory=dict)
    filed: dict[_Key, list[tuple[str, DynamoType]]] = field(default_factory=dict)
    dirty: set[_Key] = field(default_factory=set)

    def file(self, key: _Key, item: Item) -> None:
        for index in self.table.global_indexes or []:
            hash_attr = next(k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH")
            value = item.attrs.get(hash_attr)
            if value is not None:
                self.by_index.setdefault(index.name, {}).setdefault(value, {})[key] = item
                self.filed.setdefault(key, []).append((index.name, value))

    def unfile(self, key: _Key) -> None:
        for index_name, value in self.filed.pop(key, []):
            partition = self.by_index[index_name][value]
            partition.pop(key, None)
            if not partition:
                del self.by_index[index_name][value]

    def catch_up(self) -> None:
        for key in self.dirty:
            self.unfile(key)
            item = self.table.get_item(*key) if key[0] in self.table.items else None
            if item is not None:
                self.file(key, item)
        self.dirty.clear()


_maps: dict[int, _Maps] = {}  # id(table) -> its maps (a table deleted and created again is a new object)
_lock = threading.Lock()


def _item_key(item: Item) -> _Key:
    return (item.hash_key, item.range_key)


def _build(table: Table) -> _Maps:
    maps = _Maps(table)
    for item in _original_all_items(table):
        maps.file(_item_key(item), item)
    return maps


def written(backend: Any, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """After a write (put_item, update_item, delete_item of the backend): its key is re-read at the next Query."""
    table_name = args[0] if args else kwargs["table_name"]
    table = backend.tables.get(table_name)
    maps = _maps.get(id(table)) if table is not None else None
    if maps is None or maps.table is not table:
        return
    try:
        raw = args[1] if len(args) > 1 else kwargs["item_attrs" if method == "put_item" else "key"]
        key = (
            DynamoType(raw[table.hash_key_attr]),
            DynamoType(raw[table.range_key_attr]) if table.range_key_attr else None,
        )
    except (KeyError, TypeError):  # a malformed write moto refused: rebuild rather than guess
        with _lock:
            _maps.pop(id(table), None)
        return
    with _lock:
        maps.dirty.add(key)


def _gsi_partition(table: Table, index_name: str, hash_key: DynamoType) -> list[Item]:
    with _lock:
        maps = _maps.get(id(table))
        if maps is None or maps.table is not table:
            maps = _maps[id(table)] = _build(table)
        maps.catch_up()
        return list(maps.by_index.get(index_name, {}).get(hash_key, {}).values())


def _ordered(items: list[Item]) -> list[Item]:
    """all_items()'s order, so moto's later sorts see the candidates exactly as they would have."""
    return sorted(items, key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)


def _candidates(table: Table, hash_key: DynamoType | None, index_name: str | None) -> list[Item] | None:
    """The partition's items, or None where the original path is needed (a local index, no hash value)."""
    if hash_key is None:
        return None
    if index_name is None:
        partition = table.items.get(hash_key)
        if partition is None:
            return []
        return _ordered(list(partition.values()) if table.range_key_attr else [partition])
    index = next((i for i in table.global_indexes or [] if i.name == index_name), None)
    if not isinstance(index, GlobalSecondaryIndex):
        return None
    return _ordered(_gsi_partition(table, index_name, hash_key))


def all_items(self: Table) -> list[Item]:
    narrowed = getattr(_local, "narrowed", None)
    if narrowed is not None and narrowed[0] is self:
        return list(narrowed[1])
    return _original_all_items(self)


def query(self: Table, hash_key: DynamoType | None, *args: Any, **kwargs: Any) -> Any:
    index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
    candidates = _candidates(self, hash_key, index_name) if enabled else None
    if candidates is None:
        return _original_query(self, hash_key, *args, **kwargs)
    _local.narrowed = (self, candidates)
    try:
        return _original_query(self, hash_key, *args, **kwargs)
    finally:
        _local.narrowed = None


def install() -> None:
    if Table.query is not query:
        Table.all_items = all_items  # type: ignore[method-assign]
        Table.query = query  # type: ignore[method-assign]
