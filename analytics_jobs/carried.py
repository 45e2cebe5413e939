"""A state carried from run to run so that a job reads only what is new in the raw zone (analytics_jobs.rawzone):
the rows a job needs, each labelled with its source — the raw-zone kind and day it came from. The states
(analytics_jobs.purchases, .order_lines) differ only in what a source's events become (a `Spec`).

A run lists the compacted days of the state's kinds (a LIST per thousand days) and rebuilds the rows of only the
sources that changed since the last run — a new day, a day that took a late batch at compaction — and of the
batches still pending; every other row is kept. With no state (the first run, or `rebuild=True`) every day is a
changed day: the full rebuild, through the same code.

Objects under `state/<name>/`: `rows.parquet` (the base), `delta.parquet` (the rows of the sources rebuilt since
the base was written) and `meta.json` (the newest compacted file seen). A night rewrites the small delta only;
the delta is merged into the base when it outgrows MERGE_SHARE of it, or when a changed source had rows in the
base (a late batch for an older day). Either way a run reads and writes the same few objects.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analytics_jobs import rawzone

KINDS = ("order_placed", "order_cancelled", "order_returned")
MERGE_SHARE = 0.1  # the delta is merged into the base when it has this many rows per row of the base
LABEL = pa.dictionary(pa.int32(), pa.string())  # few distinct values: kept, filtered and mapped as codes


@dataclass(frozen=True)
class Spec:
    """name: the folder under state/; columns(kind) -> (compacted part, columns read); rows: the changed sources'
    events (a `source` column added) as the state's rows; ordered: the base's order when it is rewritten."""

    name: str
    schema: pa.Schema
    columns: Callable[[str], tuple[str, list[str]]]
    rows: Callable[[pd.DataFrame], pa.Table]
    ordered: Callable[[pa.Table], pa.Table] = lambda rows: rows
    kinds: tuple[str, ...] = KINDS

    def key(self, what: str) -> str:
        return f"state/{self.name}/{what}"

    def labels(self) -> list[str]:
        return [f.name for f in self.schema if pa.types.is_dictionary(f.type)]


def _empty(spec: Spec) -> pa.Table:
    return spec.schema.empty_table()


def _read(spec: Spec, body: bytes) -> pa.Table:
    return pq.read_table(io.BytesIO(body), read_dictionary=spec.labels())


def _load(spec: Spec, s3: Any, bucket: str) -> tuple[pa.Table, pa.Table, str]:
    """(base, delta, newest compacted file seen); empty tables and "" when there is no state."""
    try:
        meta = json.loads(s3.get_object(Bucket=bucket, Key=spec.key("meta.json"))["Body"].read())
        base = _read(spec, s3.get_object(Bucket=bucket, Key=spec.key("rows.parquet"))["Body"].read())
    except s3.exceptions.NoSuchKey:
        return _empty(spec), _empty(spec), ""
    try:
        delta = _read(spec, s3.get_object(Bucket=bucket, Key=spec.key("delta.parquet"))["Body"].read())
    except s3.exceptions.NoSuchKey:
        delta = _empty(spec)
    return base, delta, str(meta.get("seen", ""))


def _put(s3: Any, bucket: str, key: str, rows: pa.Table) -> None:
    buffer = io.BytesIO()
    pq.write_table(rows, buffer, compression="zstd")
    s3.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue(), ServerSideEncryption="aws:kms")


def _save(spec: Spec, s3: Any, bucket: str, base: pa.Table | None, delta: pa.Table, seen: str) -> None:
    """The delta, the base too when it changed (None: unchanged), then the meta that makes them current."""
    if base is not None:
        _put(s3, bucket, spec.key("rows.parquet"), base)
    _put(s3, bucket, spec.key("delta.parquet"), delta)
    meta = json.dumps({"seen": seen}).encode()
    s3.put_object(Bucket=bucket, Key=spec.key("meta.json"), Body=meta, ServerSideEncryption="aws:kms")


Changed = dict[str, tuple[str | None, list[str]]]


def _changed(spec: Spec, s3: Any, bucket: str, seen: str) -> tuple[Changed, str]:
    """source ("<kind>/<day>") -> (its compacted file when that changed after `seen`, its pending batches), for
    the sources to rebuild; and the newest compacted file's time now."""
    out: Changed = {}
    newest = seen
    for kind in spec.kinds:
        part = spec.columns(kind)[0]
        for o in rawzone.listing(s3, bucket, f"compact/{kind}/"):
            stamp = o["LastModified"].isoformat()
            newest = max(newest, stamp)
            if o["Key"].endswith(f"/{part}.parquet") and stamp > seen:
                out[f"{kind}/{rawzone.day_of(o['Key'])}"] = (o["Key"], [])
        for o in rawzone.listing(s3, bucket, f"raw/{kind}/"):
            source = f"{kind}/{rawzone.day_of(o['Key'])}"
            compacted, pending = out.get(source, (None, []))
            if compacted is None:  # a day compacted before: its file counts again with the late batch
                compacted = f"compact/{source.replace('/', '/date=', 1)}/{part}.parquet"
            out[source] = (compacted, [*pending, o["Key"]])
    return out, newest


def _labelled(table: pa.Table, source: str) -> pa.Table:
    return table.append_column("source", pa.array([source] * len(table), pa.string()))


def _events(spec: Spec, s3: Any, bucket: str, changed: Changed) -> pd.DataFrame:
    """Every changed source's events (lines), each once, with its source: compacted files and pending batches
    read in parallel, one request each."""
    files = [(source, key) for source, (key, _) in changed.items() if key]
    batches = [(source, key) for source, (_, keys) in changed.items() for key in keys]
    bodies = rawzone.bodies(s3, bucket, [k for _, k in files + batches], missing_ok=True)
    tables = []
    for (source, _), body in zip(files, bodies[: len(files)], strict=True):
        if body is not None:
            columns = spec.columns(source.split("/", 1)[0])[1]
            tables.append(_labelled(pq.read_table(io.BytesIO(body), columns=columns), source))
    for (source, _), body in zip(batches, bodies[len(files) :], strict=True):
        kind = source.split("/", 1)[0]
        part, columns = spec.columns(kind)
        events = rawzone.lines_of([body])
        fresh = rawzone.lines_table(events) if part == "lines" else rawzone.events_table(kind, events)
        tables.append(_labelled(fresh.select(columns), source))
    if not tables:
        return pd.DataFrame(columns=["source"])
    df = pa.concat_tables(tables, promote_options="permissive").to_pandas()
    unique = [c for c in ("event_id", "line_no") if c in df]
    return df.drop_duplicates(unique, keep="first") if batches else df


def _without(rows: pa.Table, sources: set[str]) -> pa.Table:
    """The rows of every other source; the table itself when none of its chunks' labels is among them."""
    held = {v for chunk in rows["source"].chunks for v in chunk.dictionary.to_pylist()}
    if not held & sources:
        return rows
    stale = pc.is_in(rows["source"], value_set=pa.array(sorted(sources), pa.string()))
    return rows.filter(pc.invert(stale))


def update(spec: Spec, s3: Any, bucket: str, rebuild: bool = False) -> tuple[pa.Table, dict[str, int]]:
    """The state brought up to date (and saved); counts of what the run read."""
    base, delta, seen = (_empty(spec), _empty(spec), "") if rebuild else _load(spec, s3, bucket)
    changed, newest = _changed(spec, s3, bucket, seen)
    if not changed:
        return pa.concat_tables([base, delta]), {"sources_read": 0, "rows": base.num_rows + delta.num_rows}
    kept = _without(base, set(changed))
    events = _events(spec, s3, bucket, changed)
    fresh = spec.rows(events) if len(events) else _empty(spec)
    delta = pa.concat_tables([_without(delta, set(changed)), fresh])
    if kept is not base or not kept.num_rows or delta.num_rows > MERGE_SHARE * kept.num_rows:
        # sources with batches still pending change again when compacted: they stay in the delta
        pending = pa.array(sorted(source for source, (_, batches) in changed.items() if batches), pa.string())
        waiting = pc.is_in(delta["source"], value_set=pending)
        base = spec.ordered(pa.concat_tables([kept, delta.filter(pc.invert(waiting))]))
        delta = delta.filter(waiting)
        _save(spec, s3, bucket, base, delta, newest)
    else:
        _save(spec, s3, bucket, None, delta, newest)
    out = pa.concat_tables([base, delta])
    return out, {"sources_read": len(changed), "rows": out.num_rows}


def as_schema(df: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """A frame as the state's table: label columns built as plain strings, then dictionary-encoded."""
    plain = pa.schema([pa.field(f.name, pa.string()) if pa.types.is_dictionary(f.type) else f for f in schema])
    return pa.Table.from_pandas(df[schema.names], plain, preserve_index=False).cast(schema)


def by_label(column: pa.ChunkedArray, value: Callable[[str], float]) -> Any:
    """A number per row (numpy float64) from a label column, computed once per distinct label of each chunk."""
    import numpy as np

    parts = []
    for chunk in column.chunks:
        per_label = np.array([value(v) for v in chunk.dictionary.to_pylist()] or [0.0], dtype=np.float64)
        parts.append(per_label[chunk.indices.to_numpy(zero_copy_only=False)])
    return np.concatenate(parts) if parts else np.array([], dtype=np.float64)
