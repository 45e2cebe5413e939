"""The shapes the GDPR export and erasure (crm.privacy) exchange with the contexts that hold a customer's data:
each context answers for its own items and files, so privacy never spells another context's keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from crm.db import CrmItem

Record = dict[str, Any]
_INDEX_KEYS = ("gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk")


@dataclass(frozen=True)
class DataSubject:
    """A customer as export and erasure see them, gathered once from the customer's partition before anything
    changes: the addresses they used and the ids their timeline names."""

    customer_id: str
    emails: tuple[str, ...]
    refs: dict[str, tuple[str, ...]]  # a timeline ref key (contact_id, case_id, send_id ...) -> its values
    stored_mail: tuple[str, ...]  # keys of inbound emails and attachments as stored, named on the timeline

    def ids(self, key: str) -> tuple[str, ...]:
        return self.refs.get(key, ())


@dataclass
class PersonalData:
    """A context's part of an export: named sections of stored records, and the files it keeps about them."""

    sections: dict[str, list[Record]] = field(default_factory=dict)
    files: list[tuple[str, str]] = field(default_factory=list)  # (bucket, key)


@dataclass
class Erasure:
    """A context's part of an erasure: item writes (run in transactions) and files to remove, every version.
    `updates` (item, update actions) run in the same transaction as the first writes, which hold what they
    count (a newsletter list's subscriber counts with the deleted subscriptions)."""

    writes: list[tuple[Literal["put", "delete"], CrmItem]] = field(default_factory=list)
    updates: list[tuple[CrmItem, list[Any]]] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)


def record(item: CrmItem) -> Record:
    """An item's stored attributes as JSON-ready data, without index keys."""
    data = item.to_simple_dict()
    for key in _INDEX_KEYS:
        data.pop(key, None)
    return data
