"""Reading transactions the way every job expects them: columns customer_id, ordered_at, amount (order_id
optional), from CSV or Parquet; several purchases by one customer on one day count as one purchase (as in the
CLV literature), with their amounts added up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analytics_jobs import idcodes

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
    when = pd.to_datetime(out["ordered_at"], utc=True, format="ISO8601").dt.tz_localize(None)
    out["ordered_at"] = when.astype("datetime64[ns]")  # one unit whatever the source held
    out["amount"] = pd.to_numeric(out["amount"], errors="raise").astype("float64")
    return out


@dataclass(frozen=True)
class Customers:
    """Per customer (in order of first appearance), from their purchase days up to a date: the one pass RFM
    and the CLV summary share. Vectorised: ids are encoded to integer codes once (analytics_jobs.idcodes; no
    Python object per row or per customer), every per-customer figure is a bincount over those codes, and only
    the distinct (customer, day) count needs a sort — of one integer array, whose runs also give first and last
    days. Column-wide arithmetic runs in slices on every core (benchmarks/analytics.py measures it at 10 M
    rows)."""

    ids: pd.Index
    first_day: np.ndarray  # datetime64[D]
    last_day: np.ndarray
    days: np.ndarray  # number of purchase days
    total: np.ndarray  # amount over all purchase days
    first_amount: np.ndarray  # amount of the first purchase day


NS_PER_DAY = 86_400_000_000_000


def customers(tx: pd.DataFrame, until: pd.Timestamp) -> Customers:
    """Purchases on or before `until`'s day; several on one day are one purchase with the amounts added."""
    at = tx["ordered_at"].to_numpy("datetime64[ns]").view(np.int64)
    limit = (until.normalize() + pd.Timedelta(days=1)).value
    keep = at < limit
    all_kept = bool(keep.all())
    at = at if all_kept else at[keep]
    amount = tx["amount"].to_numpy("float64")
    amount = amount if all_kept else amount[keep]
    codes, ids = idcodes.index_codes(tx["customer_id"] if all_kept else tx["customer_id"][keep])
    n = len(ids)
    if not len(at):
        empty = np.array([], dtype="datetime64[D]")
        return Customers(ids, empty, empty, np.array([], np.int64), np.array([]), np.array([]))
    day = _days(at)
    d0 = int(day.min())
    span = int(day.max()) - d0 + 1
    key = _sorted_keys(codes, day, d0, n, span)
    pair = key[idcodes.run_starts(key)]  # distinct (customer, day), ascending
    days = np.bincount(pair // span, minlength=n)  # every customer has at least one day
    end = np.cumsum(days)
    first = pair[end - days] % span + d0
    last = pair[end - 1] % span + d0
    total = np.bincount(codes, weights=amount, minlength=n)
    parts = idcodes.each(
        _chunks(len(codes)),
        lambda s: np.bincount(codes[s], weights=np.where(day[s] == first[codes[s]], amount[s], 0.0), minlength=n),
    )
    return Customers(ids, first.astype("datetime64[D]"), last.astype("datetime64[D]"), days, total, sum(parts))


CHUNK = 1 << 20  # rows per slice of column-wide arithmetic: its temporaries stay small and are reused


def _chunks(rows: int) -> list[slice]:
    return [slice(s, min(s + CHUNK, rows)) for s in range(0, rows, CHUNK)]


def _days(at: np.ndarray) -> np.ndarray:
    """Days since 1970 (floor, also before 1970) of nanosecond times, as int32."""
    day = np.empty(len(at), np.int32)
    idcodes.each(_chunks(len(at)), lambda s: day.__setitem__(s, at[s] // NS_PER_DAY))
    return day


def _sorted_keys(codes: np.ndarray, day: np.ndarray, d0: int, n: int, span: int) -> np.ndarray:
    """code * span + (day - d0) for every row, sorted: each customer's days are one run. The keys are 32-bit when
    they fit (a million customers over five years do), which halves the sort; the sort is split by ranges of
    customers holding about as many rows each, a range per core, which leaves the concatenation sorted."""
    key = np.empty(len(codes), np.int32 if n * span < 2**31 else np.int64)
    ranges = min(idcodes.workers(), max(len(codes) // idcodes.PARALLEL_ROWS, 1))
    if ranges == 1:
        idcodes.each(_chunks(len(codes)), lambda s: key.__setitem__(s, codes[s] * span + (day[s] - d0)))
        key.sort()
        return key
    before = np.r_[0, np.cumsum(np.bincount(codes, minlength=n))]  # rows of the codes before each code
    cuts = np.searchsorted(before, [len(codes) * r // ranges for r in range(1, ranges)])  # each range's first code
    chunks = _chunks(len(codes))
    bucket = np.empty(len(codes), np.uint8)

    def count(s: slice) -> np.ndarray:
        bucket[s] = np.searchsorted(cuts, codes[s], side="right")
        return np.bincount(bucket[s], minlength=ranges)

    counts = np.array(idcodes.each(chunks, count))  # (chunk, range)
    bounds = np.r_[0, before[cuts], len(codes)]
    offsets = bounds[:-1] + np.cumsum(counts, axis=0) - counts  # where each chunk's keys of each range go

    def fill(i: int) -> None:
        s = chunks[i]
        k = (codes[s] * span + (day[s] - d0)).astype(key.dtype)
        for r in range(ranges):
            key[offsets[i, r] : offsets[i, r] + counts[i, r]] = k[bucket[s] == r]

    idcodes.each(range(len(chunks)), fill)
    idcodes.each(range(ranges), lambda r: key[bounds[r] : bounds[r + 1]].sort())
    return key


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
    when = pd.to_datetime(out["ordered_at"], utc=True, format="ISO8601").dt.tz_localize(None)
    out["ordered_at"] = when.astype("datetime64[ns]")  # one unit whatever the source held
    for col in ("quantity", "net", "unit_price", "list_price", "cost"):
        out[col] = pd.to_numeric(out[col], errors="raise").astype("float64")
    return out[[*LINE_COLUMNS, *LINE_OPTIONAL]]
