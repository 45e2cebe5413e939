"""The analytics raw zone as the jobs read it: a day's NDJSON batches (as the stream consumer writes them,
crm.analytics_events.batches) compacted into typed Parquet, one file per kind and day, each event id once.

Layout in the analytics bucket:
  raw/<kind>/date=<day>/batch-<hash>.ndjson     batches not compacted yet (today's, and any that came late)
  compact/<kind>/date=<day>/events.parquet      the day's events, deduplicated by event id, sorted by customer
  compact/order_placed/date=<day>/lines.parquet  the placed orders' lines (one row per line, money as numbers)

`compact_day` merges a day's batches into its Parquet (with what that file held already) and then removes them:
re-runnable at any time, a redelivered or late batch changes nothing but what it adds. Readers take the compacted
days plus the batches still pending, deduplicated the same way, and decode only the columns asked for. A full
read costs one GET per kind and day instead of one per event.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from crm.analytics_events import CASE_FIELDS

ORDER_FIELDS = {
    "order_id": pa.string(),
    "customer_id": pa.string(),
    "country": pa.string(),
    "currency": pa.string(),
    "partner_id": pa.string(),
    "partner_role": pa.string(),
    "campaign_id": pa.string(),
    "order_date": pa.string(),
    "net_total": pa.float64(),
    "tax_total": pa.float64(),
    "grand_total": pa.float64(),
    "discount_total": pa.float64(),
}
LINE_FIELDS = {
    "order_id": pa.string(),
    "customer_id": pa.string(),
    "line_no": pa.int32(),
    "sku": pa.string(),
    "category": pa.string(),
    "quantity": pa.float64(),
    "net": pa.float64(),
    "unit_price": pa.float64(),
    "list_price": pa.float64(),
    "unit_cost": pa.float64(),
    "currency": pa.string(),
    "country": pa.string(),
}
_MONEY = {"order_id": pa.string(), "customer_id": pa.string(), "amount": pa.float64(), "currency": pa.string()}
_TRACK = {"campaign_id": pa.string(), "customer_id": pa.string(), "automated": pa.bool_()}
FIELDS: dict[str, dict[str, pa.DataType]] = {
    "order_placed": ORDER_FIELDS,
    "order_cancelled": ORDER_FIELDS,
    "order_returned": ORDER_FIELDS,
    "payment": {**_MONEY, "method": pa.string()},
    "refund": {**_MONEY, "method": pa.string()},
    "interaction": {
        "customer_id": pa.string(),
        "channel": pa.string(),
        "interaction": pa.string(),
        "direction": pa.string(),
        "answered": pa.bool_(),
    },
    "case": {
        **{k: pa.string() for k in CASE_FIELDS if not k.endswith("_breached")},
        "first_response_breached": pa.bool_(),
        "resolution_breached": pa.bool_(),
        "reopened": pa.int32(),
        "waited_on_customer": pa.bool_(),
    },
    "survey_answer": {
        **{k: pa.string() for k in ("survey_id", "survey", "customer_id", "case_id", "campaign_id", "channel")},
        "score": pa.float64(),
    },
    "customer_created": {"customer_id": pa.string()},
    "custom_value": {k: pa.string() for k in ("entity", "record_id", "customer_id", "field", "value")},
    "campaign_send": {"campaign_id": pa.string(), "customer_id": pa.string(), "holdout": pa.bool_()},
    "campaign_open": _TRACK,
    "campaign_click": _TRACK,
    "price_list": {k: pa.string() for k in ("list_id", "currency", "valid_from", "valid_to")},
    "price_change": {
        k: pa.string() for k in ("sku", "source", "source_id", "currency", "change", "old_value", "new_value")
    },
}
PARALLEL_DAYS = 8  # days compacted at once
PARALLEL_GETS = 16


def _schema(fields: dict[str, pa.DataType]) -> pa.Schema:
    return pa.schema([("event_id", pa.string()), ("at", pa.string()), *fields.items()])


def _value(v: Any, kind: pa.DataType) -> Any:
    if v in (None, ""):
        return None
    if pa.types.is_floating(kind):
        return float(v)
    if pa.types.is_integer(kind):
        return int(v)
    if pa.types.is_boolean(kind):
        return bool(v)
    return str(v)


def _table(rows: list[dict[str, Any]], fields: dict[str, pa.DataType]) -> pa.Table:
    schema = _schema(fields)
    return pa.Table.from_pylist([{f.name: _value(r.get(f.name), f.type) for f in schema} for r in rows], schema)


def events_table(kind: str, events: list[dict[str, Any]]) -> pa.Table:
    return _table(events, FIELDS.get(kind) or {})


def lines_table(events: list[dict[str, Any]]) -> pa.Table:
    rows = [
        {**line, **{k: e.get(k) for k in ("order_id", "customer_id", "currency", "country")}, "line_no": n}
        | {"event_id": e["event_id"], "at": e.get("at")}
        for e in events
        for n, line in enumerate(e.get("lines") or [])
    ]
    return _table(rows, LINE_FIELDS)


# ----------------------------------------------------------------- S3


def listing(s3: Any, bucket: str, prefix: str) -> list[dict[str, Any]]:
    """The objects under a prefix (Key, LastModified, ...), a LIST request per thousand."""
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return [o for page in pages for o in page.get("Contents", [])]


def _keys(s3: Any, bucket: str, prefix: str) -> list[str]:
    return [o["Key"] for o in listing(s3, bucket, prefix)]


def bodies(s3: Any, bucket: str, keys: list[str], missing_ok: bool = False) -> list[bytes | None]:
    """The objects' bytes, fetched in parallel; None for a key gone meanwhile when `missing_ok` (a batch that
    compaction merged and removed between the listing and the read: its file holds it)."""

    def get(key: str) -> bytes | None:
        try:
            return bytes(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
        except s3.exceptions.NoSuchKey:
            if missing_ok:
                return None
            raise

    with ThreadPoolExecutor(max_workers=PARALLEL_GETS) as pool:
        return list(pool.map(get, keys))


def lines_of(found: Iterable[bytes | None]) -> list[dict[str, Any]]:
    """The events of NDJSON batches (None: a batch gone meanwhile, nothing)."""
    return [json.loads(line) for body in found if body for line in body.splitlines() if line.strip()]


def day_of(key: str) -> str:
    """The day partition of a raw or compacted key (`.../date=<day>/...`)."""
    return key.split("/date=", 1)[1].split("/", 1)[0]


def _unique(table: pa.Table, keys: list[str]) -> pa.Table:
    """Each key once (the first seen), sorted by customer then key: the order the jobs group by."""
    df = table.to_pandas().drop_duplicates(keys, keep="first")
    order = ["customer_id", *keys] if "customer_id" in df else keys
    return pa.Table.from_pandas(df.sort_values(order, ignore_index=True), schema=table.schema, preserve_index=False)


def _put(s3: Any, bucket: str, key: str, table: pa.Table) -> None:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    s3.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue(), ServerSideEncryption="aws:kms")


def _existing(s3: Any, bucket: str, key: str, schema: pa.Schema) -> pa.Table:
    try:
        return pq.read_table(io.BytesIO(s3.get_object(Bucket=bucket, Key=key)["Body"].read())).cast(schema)
    except s3.exceptions.NoSuchKey:
        return schema.empty_table()


def write_day(s3: Any, bucket: str, kind: str, day: str, events: list[dict[str, Any]], merge: bool = True) -> None:
    """A day's events of one kind into its compacted Parquet, merged with what it already holds (`merge`) and each
    event once: what compaction writes, and what a backfill of history writes directly."""
    base = f"compact/{kind}/date={day}"
    table = events_table(kind, events)
    if merge:
        table = pa.concat_tables([_existing(s3, bucket, f"{base}/events.parquet", table.schema), table])
    _put(s3, bucket, f"{base}/events.parquet", _unique(table, ["event_id"]))
    if kind == "order_placed":
        lines = lines_table(events)
        if merge:
            lines = pa.concat_tables([_existing(s3, bucket, f"{base}/lines.parquet", lines.schema), lines])
        _put(s3, bucket, f"{base}/lines.parquet", _unique(lines, ["event_id", "line_no"]))


def compact_day(s3: Any, bucket: str, kind: str, day: str, batch_keys: list[str] | None = None) -> int:
    """Merge the day's pending batches of one kind (listed unless given) into its Parquet, then remove them; the
    events merged."""
    batch_keys = _keys(s3, bucket, f"raw/{kind}/date={day}/") if batch_keys is None else batch_keys
    if not batch_keys:
        return 0
    events = lines_of(bodies(s3, bucket, batch_keys))
    write_day(s3, bucket, kind, day, events)
    for i in range(0, len(batch_keys), 1000):
        chunk = [{"Key": k} for k in batch_keys[i : i + 1000]]
        s3.delete_objects(Bucket=bucket, Delete={"Objects": chunk, "Quiet": True})
    return len(events)


def compact(s3: Any, bucket: str, before: str | None = None) -> dict[str, int]:
    """Every kind's pending days (those before `before`, an ISO day, when given): events merged per kind. One
    listing finds every pending batch; the days, independent of each other, are merged several at a time (each
    is a handful of requests whose time is S3's latency, so a first run over a year of days is not 365 in a row)."""
    pending: dict[tuple[str, str], list[str]] = {}
    for key in _keys(s3, bucket, "raw/"):
        kind, day = key.split("/")[1], day_of(key)
        if before is None or day < before:
            pending.setdefault((kind, day), []).append(key)
    with ThreadPoolExecutor(max_workers=PARALLEL_DAYS) as pool:
        merged = pool.map(
            lambda kd: (kd[0], compact_day(s3, bucket, kd[0], kd[1], batch_keys=pending[kd])), sorted(pending)
        )
        out: dict[str, int] = {}
        for kind, n in merged:
            out[kind] = out.get(kind, 0) + n
    return out


def read(s3: Any, bucket: str, kind: str, part: str = "events", columns: list[str] | None = None) -> pd.DataFrame:
    """One kind's events (or, for placed orders, part="lines") from the compacted days and the pending batches,
    each event (line) once; only `columns` are decoded (all when None)."""
    key_columns = ["event_id", "line_no"] if part == "lines" else ["event_id"]
    wanted = None if columns is None else list(dict.fromkeys([*key_columns, *columns]))
    files = [k for k in _keys(s3, bucket, f"compact/{kind}/") if k.endswith(f"/{part}.parquet")]
    tables = [pq.read_table(io.BytesIO(b or b""), columns=wanted) for b in bodies(s3, bucket, files)]
    pending = lines_of(bodies(s3, bucket, _keys(s3, bucket, f"raw/{kind}/")))
    if pending:
        fresh = lines_table(pending) if part == "lines" else events_table(kind, pending)
        tables.append(fresh.select(wanted) if wanted else fresh)
    if not tables:
        schema = _schema(LINE_FIELDS if part == "lines" else FIELDS.get(kind) or {})
        return (schema.empty_table().select(wanted) if wanted else schema.empty_table()).to_pandas()
    df = pa.concat_tables(tables, promote_options="permissive").to_pandas()
    return df.drop_duplicates(key_columns, keep="first", ignore_index=True) if pending else df
