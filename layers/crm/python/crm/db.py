"""The single operational table: generic keys, two overloaded GSIs, and opaque pagination cursors.

Key design is written down in docs/access-patterns.md; every item type declares its keys there.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from pynamodb.attributes import Attribute, DiscriminatorAttribute, UnicodeAttribute
from pynamodb.connection import Connection
from pynamodb.constants import NUMBER
from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from crm.config import env, get_settings
from crm.errors import Conflict, NotFound, PreconditionRequired, ValidationFailed, VersionConflict

_settings = get_settings()


class Gsi1(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class Gsi2(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi2"
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class Gsi3(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi3"
        projection = AllProjection()

    gsi3pk = UnicodeAttribute(hash_key=True)
    gsi3sk = UnicodeAttribute(range_key=True)


Index = GlobalSecondaryIndex[Any]  # one of the table's overloaded indexes, whichever a query picks


class DecimalAttribute(Attribute[Decimal]):
    """A DynamoDB number read back as Decimal (pynamodb's NumberAttribute gives float, wrong for money)."""

    attr_type = NUMBER

    def serialize(self, value: Decimal) -> str:
        return format(Decimal(value), "f")

    def deserialize(self, value: str) -> Decimal:
        return Decimal(value)


class CrmItem(Model):
    """Base of every item in the table; `type` tells pynamodb which subclass to build."""

    class Meta:
        table_name = _settings.table_name
        region = _settings.region
        # Connect hooks have 8 s in all; their template environment shortens these so a slow table fails fast.
        connect_timeout_seconds = float(env("DDB_CONNECT_TIMEOUT", "15"))
        read_timeout_seconds = float(env("DDB_READ_TIMEOUT", "30"))
        max_retry_attempts = int(env("DDB_MAX_RETRIES", "3"))

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    type = DiscriminatorAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)

    gsi1 = Gsi1()
    gsi2 = Gsi2()
    gsi3 = Gsi3()


_connection: Connection | None = None


def connection() -> Connection:
    """The low-level connection TransactWrite needs; created once per container."""
    global _connection
    if _connection is None:
        _connection = Connection(region=_settings.region)
    return _connection


class TransactionCancelled(Exception):
    """A transaction DynamoDB refused: `failed` names the writes whose condition failed; `raced` says another
    transaction touched the same items at the same time."""

    def __init__(self, failed: set[str], raced: bool) -> None:
        super().__init__(f"transaction cancelled: failed {sorted(failed)}, raced {raced}")
        self.failed, self.raced = failed, raced


class NamedWrites:
    """The writes of one transaction, each with a name, so a cancellation says which item it was about."""

    def __init__(self, tx: TransactWrite) -> None:
        self._tx = tx
        self.names: list[str] = []

    def save(self, item: Model, condition: Any = None, *, name: str = "item") -> None:
        self.names.append(name)
        self._tx.save(item, condition=condition)

    def update(self, item: Model, actions: list[Any], condition: Any = None, *, name: str = "item") -> None:
        self.names.append(name)
        self._tx.update(item, actions=actions, condition=condition)

    def delete(self, item: Model, condition: Any = None, *, name: str = "item") -> None:
        self.names.append(name)
        self._tx.delete(item, condition=condition)

    def condition_check(
        self, model: type[Model], hash_key: str, range_key: str, condition: Any, *, name: str = "item"
    ) -> None:
        self.names.append(name)
        self._tx.condition_check(model, hash_key, range_key, condition=condition)


@contextmanager
def named_transaction() -> Iterator[NamedWrites]:
    """One DynamoDB transaction of named writes; a cancellation raises TransactionCancelled naming them."""
    writes: NamedWrites | None = None
    try:
        with TransactWrite(connection=connection()) as tx:
            writes = NamedWrites(tx)
            yield writes
    except TransactWriteError as exc:
        codes = [getattr(r, "code", None) for r in (exc.cancellation_reasons or [])]
        if not any(c in ("ConditionalCheckFailed", "TransactionConflict") for c in codes):
            raise
        names = writes.names if writes else []
        failed = {n for n, code in zip(names, codes, strict=False) if code == "ConditionalCheckFailed"}
        raise TransactionCancelled(failed, "TransactionConflict" in codes) from exc


def update_unversioned(item: CrmItem, actions: list[Any]) -> dict[str, Any]:
    """An UpdateItem that leaves a versioned item's `version` alone: bookkeeping the system keeps on an item users
    edit (a field's first use, a webhook's failures), so an edit in progress stays valid. The raw new attributes."""
    answer = type(item)._get_connection().update_item(item.pk, item.sk, actions=actions, return_values="ALL_NEW")
    return dict(answer.get("Attributes", {}))


@contextmanager
def transaction(conflict: Callable[[], Exception] | str) -> Iterator[NamedWrites]:
    """One DynamoDB transaction; a failed condition or a race becomes the given domain error (409 by default).

    `conflict` is a message or a factory, so callers can raise a precise error (e.g. an invalid transition).
    """
    try:
        with named_transaction() as tx:
            yield tx
    except TransactionCancelled as exc:
        raise (Conflict(conflict) if isinstance(conflict, str) else conflict()) from exc


def check_version(current: int, expected: int | None, what: str, *, required: bool = False) -> None:
    """Optimistic locking: the client's version (If-Match or body) must be the stored one; 409 names the current.

    `required` makes a missing version a 428 (profile edits); elsewhere a missing version means "latest"."""
    if expected is None:
        if required:
            raise PreconditionRequired(f"send the {what}'s current version in If-Match", {"If-Match": "required"})
        return
    if int(current) != expected:
        raise VersionConflict(
            f"the {what} was changed by someone else (current version {current}, yours {expected})",
            {"version": f"stale; current is {current}"},
            current_version=int(current),
        )


ItemT = TypeVar("ItemT", bound=Model)


def get_or_404(
    model: type[ItemT], pk: str, sk: str, message: str, fields: dict[str, str], prefetched: Prefetch | None = None
) -> ItemT:
    """One GetItem (or the item a Prefetch already read); an absent item is the 404 every route gives, naming the
    field that pointed at it."""
    if prefetched is not None:
        item = prefetched.take(model, pk, sk)
        if item is None:
            raise NotFound(message, fields)
        return item
    try:
        return model.get(pk, sk)
    except DoesNotExist as exc:
        raise NotFound(message, fields) from exc


class Prefetch:
    """The items several contexts need for one request, read with one BatchGetItem instead of a GetItem each.
    Each context's repository names its keys (its `*_keys` functions) and takes its own items back; nobody
    types another context's keys."""

    def __init__(self, keys: Iterable[tuple[str, str]]) -> None:
        wanted = list(dict.fromkeys(keys))
        self._items = {(i.pk, i.sk): i for i in CrmItem.batch_get(wanted)} if wanted else {}

    def take(self, model: type[ItemT], pk: str, sk: str) -> ItemT | None:
        item = self._items.get((pk, sk))
        return item if isinstance(item, model) else None

    def items(self) -> list[CrmItem]:
        """Every item found (keys without an item are simply absent)."""
        return list(self._items.values())


def now_iso() -> str:
    """Timestamps are UTC ISO-8601 with milliseconds and a Z."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def today() -> date:
    """The business day, in UTC like every stored timestamp."""
    return datetime.now(UTC).date()


def new_id(length: int = 12) -> str:
    """An item id of random hex characters (12 = 48 bits; creation is conditional, so a collision is a retry)."""
    return uuid.uuid4().hex[:length]


def encode_cursor(last_evaluated_key: dict[str, Any] | None) -> str | None:
    if not last_evaluated_key:
        return None
    raw = json.dumps(last_evaluated_key, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, expect: dict[str, str] | None = None) -> dict[str, Any] | None:
    """Decode a cursor and check it belongs to this query (its partition), so a tampered cursor is a 400."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed("cursor is not valid", {"cursor": "not a cursor this API returned"}) from exc
    if not isinstance(key, dict) or not all(
        isinstance(v, dict) and len(v) == 1 and isinstance(next(iter(v.values())), str) for v in key.values()
    ):
        raise ValidationFailed("cursor is not valid", {"cursor": "not a cursor this API returned"})
    for attr, value in (expect or {}).items():
        if key.get(attr, {}).get("S") != value:
            raise ValidationFailed("cursor is not valid", {"cursor": "belongs to a different list"})
    return key


def newest_first(
    model: type[ItemT], pk: str, sk_prefix: str, limit: int, cursor: str | None
) -> tuple[list[ItemT], str | None]:
    """One page of a partition's items under a sort-key prefix, newest first (sort keys that start with a time)."""
    page = model.query(
        pk,
        model.sk.startswith(sk_prefix),  # type: ignore[attr-defined]
        scan_index_forward=False,
        limit=limit,
        last_evaluated_key=decode_cursor(cursor, expect={"pk": pk}),
    )
    return list(page), encode_cursor(page.last_evaluated_key)
