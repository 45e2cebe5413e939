"""The emulator answers Query at the cost of the partition, as DynamoDB does (emulator code, never deployed).

moto builds every Query's candidates from `Table.all_items()`: every item of the table, sorted, on every request,
for the base table and each index alike. Here a Query's candidates come from the partition instead: the base
table's own partition (`Table.items[hash]`), or for a global index a map index-hash-value -> items, built once
and reused until the next write (every write bumps `generation`, see moto_patches). moto's own code still does all
the rest (key conditions, sorting, page keys, limits, filters, projections) over those candidates, so answers are
unchanged; tests/integration/test_emulator_query_index.py runs the same queries both ways on a random table.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import GlobalSecondaryIndex, Table

generation = 0  # bumped before and after every write (moto_patches._serialised)
enabled = True
_local = threading.local()
_original_all_items: Callable[[Table], list[Item]] = Table.all_items
_original_query: Callable[..., Any] = Table.query
_GsiMap = dict[str, dict[DynamoType, list[Item]]]
_cache: dict[int, tuple[int, Table, _GsiMap]] = {}  # id(table) -> (generation, the table, its maps)
_cache_lock = threading.Lock()


def bump() -> None:
    global generation
    generation += 1


def _ordered(table: Table, items: list[Item]) -> list[Item]:
    """all_items()'s order, so moto's later sorts see the candidates exactly as they would have."""
    return sorted(items, key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)


def _gsi_map(table: Table) -> _GsiMap:
    seen = generation
    cached = _cache.get(id(table))
    if cached is not None and cached[0] == seen and cached[1] is table:
        return cached[2]
    built: _GsiMap = {}
    items = _original_all_items(table)
    for index in table.global_indexes or []:
        hash_attr = next(k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH")
        by_value: dict[DynamoType, list[Item]] = defaultdict(list)
        for item in items:
            value = item.attrs.get(hash_attr)
            if value is not None:
                by_value[value].append(item)
        built[index.name] = dict(by_value)
    with _cache_lock:
        _cache[id(table)] = (seen, table, built)
    return built


def _candidates(table: Table, hash_key: DynamoType | None, index_name: str | None) -> list[Item] | None:
    """The partition's items, or None where the original path is needed (a local index, no hash value)."""
    if hash_key is None:
        return None
    if index_name is None:
        partition = table.items.get(hash_key)
        if partition is None:
            return []
        return _ordered(table, list(partition.values()) if table.range_key_attr else [partition])
    index = next((i for i in table.global_indexes or [] if i.name == index_name), None)
    if not isinstance(index, GlobalSecondaryIndex):
        return None
    return _ordered(table, list(_gsi_map(table).get(index_name, {}).get(hash_key, [])))


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
