"""The pipeline benchmark's synthetic raw zone on local disk, and the S3 client that reads it and counts requests.

History: orders over DAYS days before TODAY by size / 10 customers (a long tail: a few buy often, most once or
twice; each buys from their first day until they leave, ~400 days on average), amounts log-normal, one in ten
in PLN, ~3 % cancelled a few days later; compacted per kind and day in analytics_jobs.rawzone's schema, as the
compaction writes it. The newest day: 30,000 orders at every size as NDJSON batches of 100 events
(crm.analytics_events.batches), as the stream consumer writes them, kept aside in incoming/ until the daily run
(the full run is the night before).
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

BUCKET = "bench"
NEW_ORDERS = 30_000  # the newest day, at every size: what a daily run reads must not grow with the history


class NoSuchKey(Exception):
    pass


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def read(self) -> bytes:
        return self._data


class DirS3:
    """The few S3 calls the jobs make, on a folder (one file per key), counting each request as S3 bills it."""

    class exceptions:
        NoSuchKey = NoSuchKey

    def __init__(self, root: Path) -> None:
        self.root, self.requests = root, 0

    def _path(self, key: str) -> Path:
        return self.root / key

    def get_object(self, Bucket: str, Key: str) -> dict[str, Any]:
        self.requests += 1
        try:
            return {"Body": _Body(self._path(Key).read_bytes())}
        except FileNotFoundError as exc:
            raise NoSuchKey(Key) from exc

    def put_object(self, Bucket: str, Key: str, Body: bytes, **_: Any) -> dict[str, Any]:
        self.requests += 1
        path = self._path(Key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(Body)
        return {}

    def delete_objects(self, Bucket: str, Delete: dict[str, Any]) -> dict[str, Any]:
        self.requests += 1
        for o in Delete["Objects"]:
            self._path(o["Key"]).unlink(missing_ok=True)
        return {}

    def get_paginator(self, name: str) -> DirS3:
        return self

    def paginate(self, Bucket: str, Prefix: str) -> Iterator[dict[str, Any]]:
        top = self.root / Prefix.rsplit("/", 1)[0] if "/" in Prefix else self.root
        keys = sorted(
            str(p.relative_to(self.root))
            for p in (top.rglob("*") if top.exists() else [])
            if p.is_file() and str(p.relative_to(self.root)).startswith(Prefix)
        )
        for i in range(0, max(len(keys), 1), 1000):
            self.requests += 1  # one LIST request per page of up to 1,000 keys
            page = keys[i : i + 1000]
            yield {
                "Contents": [
                    {"Key": k, "LastModified": datetime.fromtimestamp(os.path.getmtime(self.root / k), UTC)}
                    for k in page
                ]
            }


def _ids(n: int, rng: np.random.Generator) -> np.ndarray:
    return np.array([f"{v:016x}" for v in rng.integers(0, 2**63, n)], dtype=object)


def write_history(root: Path, orders: int, days: int, today: str) -> None:
    """The synthetic zone under root (kept: written once per size)."""
    from analytics_jobs import rawzone
    from crm.analytics_events import batches

    done = root / "written.json"
    if done.exists():
        return
    rng = np.random.default_rng(orders)
    customers = _ids(max(orders // 10, 1), rng)
    pick = np.minimum((rng.pareto(1.2, orders) * len(customers) / 20).astype(np.int64), len(customers) - 1)
    who = customers[pick]
    # each customer buys from their first day until they leave (on average after 400 days), as BG/NBD assumes
    first = rng.integers(0, days, len(customers))
    active = np.minimum(rng.exponential(400, len(customers)).astype(np.int64) + 1, days - first)
    day = days - (first[pick] + (rng.random(orders) * active[pick]).astype(np.int64))  # days before today
    end = date.fromisoformat(today)
    amount = np.round(rng.lognormal(4.0, 0.8, orders), 2)
    currency = np.where(rng.random(orders) < 0.1, "PLN", "EUR")
    cancelled = rng.random(orders) < 0.03
    ids = np.array([f"O{n:09d}" for n in range(orders)], dtype=object)
    for d in range(1, days + 1):
        on = day == d
        iso = (end - timedelta(days=int(d))).isoformat()
        n = int(on.sum())
        table = {
            "event_id": [f"{o}|placed" for o in ids[on]],
            "at": [f"{iso}T10:00:00.000Z"] * n,
            "order_id": ids[on],
            "customer_id": who[on],
            "currency": currency[on],
            "order_date": [iso] * n,
            "grand_total": amount[on],
        }
        _write(root, "order_placed", iso, table)
        undo = on & cancelled
        later = (end - timedelta(days=max(int(d) - 3, 1))).isoformat()
        k = int(undo.sum())
        _write(
            root,
            "order_cancelled",
            later,
            {
                "event_id": [f"{o}|cancelled" for o in ids[undo]],
                "at": [f"{later}T12:00:00.000Z"] * k,
                "order_id": ids[undo],
                "customer_id": who[undo],
                "currency": currency[undo],
                "order_date": [iso] * k,
                "grand_total": amount[undo],
            },
            append=True,
        )
    new = NEW_ORDERS
    buyers = who[rng.integers(0, orders, new)]
    events = [
        {
            "kind": "order_placed",
            "event_id": f"N{n:07d}|placed",
            "at": f"{today}T09:30:00.000Z",
            "order_id": f"N{n:07d}",
            "customer_id": str(buyers[n]),
            "currency": "EUR",
            "order_date": today,
            "grand_total": f"{rng.lognormal(4.0, 0.8):.2f}",
            "lines": [],
        }
        for n in range(new)
    ]
    for i in range(0, new, 100):
        for key, body in batches(events[i : i + 100]):
            path = root / "incoming" / key  # the daily run moves them to raw/ first
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
    done.write_text(json.dumps({"orders": orders, "new": new, "customers": len(customers)}))
    del rawzone


def _write(root: Path, kind: str, day: str, columns: dict[str, Any], append: bool = False) -> None:
    from analytics_jobs import rawzone

    schema = rawzone.events_table(kind, []).schema
    table = pa.table({f.name: pa.array(columns.get(f.name, [None] * len(columns["event_id"])), f.type) for f in schema})
    path = root / f"compact/{kind}/date={day}/events.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    if append and path.exists():
        table = pa.concat_tables([pq.read_table(path), table])
    if len(table):
        buffer = io.BytesIO()
        pq.write_table(table, buffer, compression="zstd")
        path.write_bytes(buffer.getvalue())


def arrive(root: Path, back: bool = False) -> None:
    """The newest day's batches into the raw zone (or back out of it, so the next full run is the night before)."""
    src, dst = (root / "raw", root / "incoming" / "raw") if back else (root / "incoming" / "raw", root / "raw")
    for path in sorted(src.rglob("*.ndjson")) if src.exists() else []:
        target = dst / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
