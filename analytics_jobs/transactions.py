"""Reading transactions the way every job expects them: columns customer_id, ordered_at, amount (order_id
optional), from CSV or Parquet; several purchases by one customer on one day count as one purchase (as in the
CLV literature), with their amounts added up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

REQUIRED = ("customer_id", "ordered_at", "amount")


def read(path: str | Path) -> pd.DataFrame:
    p = Path(path)
    df = (
        pd.read_parquet(p) if p.suffix in (".parquet", ".pq") else pd.read_csv(p, dtype={"customer_id": str})
    )  # ids like 00004 keep their zeros
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ValueError(f"{p.name} lacks column(s) {', '.join(missing)}; need {', '.join(REQUIRED)}")
    out = df[list(REQUIRED)].copy()
    out["customer_id"] = out["customer_id"].astype(str)
    out["ordered_at"] = pd.to_datetime(out["ordered_at"], utc=True, format="ISO8601").dt.tz_localize(None)
    out["amount"] = pd.to_numeric(out["amount"], errors="raise").astype("float64")
    return out


@dataclass(frozen=True)
class Customers:
    """Per customer (in order of first appearance), from their purchase days up to a date: the one pass RFM
    and the CLV summary share. Vectorised: ids are dictionary-encoded by Arrow once (no Python object per row),
    every per-customer figure is a bincount or a ufunc reduction over those codes, and only the distinct
    (customer, day) count needs a sort — of one int64 array (benchmarks/analytics.py measures it at 10 M rows)."""

    ids: pd.Index
    first_day: np.ndarray  # datetime64[D]
    last_day: np.ndarray
    days: np.ndarray  # number of purchase days
    total: np.ndarray  # amount over all purchase days
    first_amount: np.ndarray  # amount of the first purchase day


PARALLEL_ROWS = 2_000_000  # below this one thread is as fast: merging the dictionaries costs more than it saves


def _codes(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, unique ids in first-seen order): categorical codes as they are, else Arrow's dictionary
    encoding. Hashing the strings is the whole job's slowest step and Arrow releases the GIL, so large columns are
    encoded in slices on every core and the slices' dictionaries unified (same codes as one pass)."""
    if isinstance(ids.dtype, pd.CategoricalDtype):
        return ids.cat.codes.to_numpy(np.int64), ids.cat.categories.to_numpy()
    import pyarrow as pa

    arr = pa.array(ids.astype(str) if ids.dtype == object else ids)  # Arrow-backed strings: no copy
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    workers = min(os.cpu_count() or 1, 4, max(len(arr) // PARALLEL_ROWS, 1))
    if workers == 1:
        parts = [arr.dictionary_encode()]
    else:
        from concurrent.futures import ThreadPoolExecutor

        bounds = [len(arr) * i // workers for i in range(workers + 1)]
        with ThreadPoolExecutor(workers) as pool:
            parts = list(pool.map(lambda i: arr.slice(bounds[i], bounds[i + 1] - bounds[i]).dictionary_encode(),
                                  range(workers)))  # fmt: skip
        parts = pa.chunked_array(parts).unify_dictionaries().chunks
    codes = np.concatenate([p.indices.to_numpy(zero_copy_only=False).astype(np.int64) for p in parts])
    return codes, parts[0].dictionary.to_numpy(zero_copy_only=False)


NS_PER_DAY = 86_400_000_000_000


def customers(tx: pd.DataFrame, until: pd.Timestamp) -> Customers:
    """Purchases on or before `until`'s day; several on one day are one purchase with the amounts added."""
    at = tx["ordered_at"].to_numpy("datetime64[ns]").view(np.int64)
    limit = (until.normalize() + pd.Timedelta(days=1)).value
    keep = at < limit
    all_kept = bool(keep.all())
    day = (at if all_kept else at[keep]) // NS_PER_DAY  # days since 1970 (floor, also before 1970)
    amount = tx["amount"].to_numpy("float64")
    amount = amount if all_kept else amount[keep]
    codes, ids = _codes(tx["customer_id"] if all_kept else tx["customer_id"][keep])
    n = len(ids)
    if not len(day):
        empty = np.array([], dtype="datetime64[D]")
        return Customers(pd.Index(ids, name="customer_id"), empty, empty, np.array([], np.int64), np.array([]),
                         np.array([]))  # fmt: skip
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(first, codes, day)
    np.maximum.at(last, codes, day)
    total = np.bincount(codes, weights=amount, minlength=n)
    first_amount = np.bincount(codes, weights=np.where(day == first[codes], amount, 0.0), minlength=n)
    d0 = int(day.min())
    key = np.sort(codes * (int(day.max()) - d0 + 1) + (day - d0))  # distinct (customer, day) pairs
    distinct = np.r_[True, key[1:] != key[:-1]]
    days = np.bincount(key[distinct] // (int(day.max()) - d0 + 1), minlength=n)
    return Customers(pd.Index(ids, name="customer_id"), first.astype("datetime64[D]"), last.astype("datetime64[D]"),
                     days, total, first_amount)  # fmt: skip


LINE_COLUMNS = ("order_id", "customer_id", "ordered_at", "sku", "quantity", "net")
LINE_OPTIONAL = {"category": "", "country": "", "unit_price": float("nan"), "list_price": float("nan"), "cost": 0.0}


def read_lines(path: str | Path) -> pd.DataFrame:
    """Order lines for the basket, trend, price and profitability jobs: order_id, customer_id, ordered_at, sku,
    quantity, net (optional: category, country, unit_price, list_price, cost), amounts in one currency."""
    p = Path(path)
    df = pd.read_parquet(p) if p.suffix in (".parquet", ".pq") else pd.read_csv(p, dtype={"customer_id": str})
    missing = [c for c in LINE_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{p.name} lacks column(s) {', '.join(missing)}; need {', '.join(LINE_COLUMNS)}")
    return normal_lines(df)


def normal_lines(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col, default in LINE_OPTIONAL.items():
        if col not in out.columns:
            out[col] = default
    for col in ("order_id", "customer_id", "sku", "category", "country"):
        out[col] = out[col].fillna("").astype(str)
    out["ordered_at"] = pd.to_datetime(out["ordered_at"], utc=True, format="ISO8601").dt.tz_localize(None)
    for col in ("quantity", "net", "unit_price", "list_price", "cost"):
        out[col] = pd.to_numeric(out[col], errors="raise").astype("float64")
    return out[[*LINE_COLUMNS, *LINE_OPTIONAL]]
