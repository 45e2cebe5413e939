"""Writing a job's headline figures back to the customers, only where a person or a hook would see a change.

Each job keeps what the table holds from it: `state/figures/<job>/figures.parquet` (customer_id + the job's
fields), replaced after every run whose writes all succeeded. A run compares its new figures with that and writes
a customer's FIGURES item only when a label moved (segment, band, level, next product), a number moved past its
tolerance, or the customer is new to the job; within tolerance the table keeps the old number and so does the
kept copy. The exact values of every run stay in the run's curated Parquet for the dashboard and Athena. Writes go
out in parallel, a bounded number at a time (each is one UpdateItem on the customer's own item).

A run that fails half way leaves the kept copy as it was, so the next run compares with what was last fully
written and repeats the writes it could not confirm (an UpdateItem of the same values is harmless).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

PARALLEL = 16  # UpdateItems in flight: well within an on-demand table's per-partition throughput
CHUNK = 500  # customers per task: one task per few hundred writes, not one per write


@dataclass(frozen=True)
class Tolerance:
    """How far a number may move before the customer's item is rewritten: absolute, or relative to the old."""

    absolute: float = 0.0
    relative: float = 0.0

    def moved(self, old: pd.Series, new: pd.Series) -> pd.Series:
        o, n = old.astype(float), new.astype(float)
        gap = (n - o).abs()
        limit = np.maximum(self.absolute, self.relative * o.abs())
        return (o.isna() != n.isna()) | (gap > limit).fillna(False)


def _aligned(new: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """The kept values row by row of `new` (NaN for customers new to the job), and `_merge` saying which."""
    old = new[["customer_id"]].merge(before, on="customer_id", how="left", indicator=True)
    old.index = new.index
    return old


def changed(
    new: pd.DataFrame,
    before: pd.DataFrame,
    tolerances: dict[str, Tolerance],
    follows: tuple[str, ...] = (),
    old: pd.DataFrame | None = None,
) -> pd.Series:
    """Per row of `new`: must this customer's item be written? Fields without a tolerance are labels (any change
    counts); `follows` are written along with the others but never cause a write (an explanation's wording)."""
    if not len(before):
        return pd.Series(True, index=new.index)
    old = _aligned(new, before) if old is None else old
    out = old["_merge"] == "left_only"
    for field in new.columns.drop(["customer_id", *follows]):
        if field in tolerances:
            out |= tolerances[field].moved(old[field], new[field])
        else:
            a, b = old[field].astype(object), new[field].astype(object)
            out |= ~((a == b) | (a.isna() & b.isna()))
    return out


def _key(job: str) -> str:
    return f"state/figures/{job}/figures.parquet"


def kept(s3: Any, bucket: str, job: str) -> pd.DataFrame:
    try:
        body = s3.get_object(Bucket=bucket, Key=_key(job))["Body"].read()
    except s3.exceptions.NoSuchKey:
        return pd.DataFrame()
    return pd.read_parquet(io.BytesIO(body))


def write_back(
    s3: Any,
    bucket: str,
    job: str,
    figures: pd.DataFrame,
    tolerances: dict[str, Tolerance],
    write: Callable[[str, dict[str, Any]], None],
    follows: tuple[str, ...] = (),
) -> int:
    """Write the customers whose figures moved; keep what the table now holds; return the number of writes."""
    before = kept(s3, bucket, job)
    old = _aligned(figures, before) if len(before) else None
    due = changed(figures, before, tolerances, follows, old)
    rows = figures[due]
    fields = [c for c in figures.columns if c != "customer_id"]
    chunks = [rows.iloc[i : i + CHUNK] for i in range(0, len(rows), CHUNK)]

    def write_chunk(chunk: pd.DataFrame) -> None:
        for cid, *values in chunk.itertuples(index=False, name=None):
            write(str(cid), _fields(dict(zip(fields, values, strict=True))))

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        list(pool.map(write_chunk, chunks))
    held = figures.copy()
    if old is not None:  # within tolerance the table kept the old number: so does the copy
        for field in [*tolerances, *follows]:
            held.loc[~due, field] = old.loc[~due, field]
    buffer = io.BytesIO()
    held.to_parquet(buffer, index=False)
    s3.put_object(Bucket=bucket, Key=_key(job), Body=buffer.getvalue(), ServerSideEncryption="aws:kms")
    return int(due.sum())


def _fields(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
