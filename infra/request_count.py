"""Count the DynamoDB requests a piece of code makes, through botocore's event hooks (tests and benchmarks)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from crm.db import CrmItem, connection


@contextmanager
def dynamodb_requests() -> Iterator[Counter[str]]:
    """Yields a Counter of operation name -> requests sent by the table's pynamodb client meanwhile."""
    counts: Counter[str] = Counter()

    def count(model: Any, **_: Any) -> None:
        counts[model.name] += 1

    # pynamodb keeps one connection (and botocore client) per model class, plus the transactions' one.
    models, stack = [], [CrmItem]
    while stack:
        cls = stack.pop()
        models.append(cls)
        stack.extend(cls.__subclasses__())
    clients = {id(c): c for c in [m._get_connection().connection.client for m in models] + [connection().client]}
    for client in clients.values():
        client.meta.events.register("before-call.dynamodb", count, unique_id="crm-request-count")
    try:
        yield counts
    finally:
        for client in clients.values():
            client.meta.events.unregister("before-call.dynamodb", unique_id="crm-request-count")
