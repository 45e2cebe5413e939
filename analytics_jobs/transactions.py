"""Reading transactions the way every job expects them: columns customer_id, ordered_at, amount (order_id
optional), from CSV or Parquet; several purchases by one customer on one day count as one purchase (as in the
CLV literature), with their amounts added up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import pyarrow as pa

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
    and the CLV summary share. Vectorised: ids are dictionary-encoded by Arrow once (no Python object per row),
    every per-customer figure is a bincount or a ufunc reduction over those codes, and only the distinct
    (customer, day) count needs a sort — of one int64 array, whose runs also give first and last days
    (benchmarks/analytics.py measures it at 10 M rows)."""

    ids: pd.Index
    first_day: np.ndarray  # datetime64[D]
    last_day: np.ndarray
    days: np.ndarray  # number of purchase days
    total: np.ndarray  # amount over all purchase days
    first_amount: np.ndarray  # amount of the first purchase day


PARALLEL_ROWS = 2_000_000  # below this one thread is as fast: merging the dictionaries costs more than it saves
HASH_MULTIPLIER = 0x9E3779B97F4A7C15  # odd (injective for a fixed high half), from Knuth's multiplicative hashing


def _codes(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, unique ids in first-seen order). Hashing the ids is the whole job's slowest step: a hash
    table of a million strings misses the cache on every row. Ids of up to 16 bytes (ours are 16 hex
    characters, CDNOW's five digits) are therefore packed into one 64-bit integer each first — the bytes
    themselves up to 8, a hash of the two halves up to 16, checked against every row so a collision cannot merge
    two customers — and integers encode about 4x faster. Anything else takes Arrow's string encoding."""
    if isinstance(ids.dtype, pd.CategoricalDtype):  # codes given (analytics_jobs.purchases): no hashing
        codes, categories = ids.cat.codes.to_numpy(np.int64), ids.cat.categories.to_numpy()
        used = np.bincount(codes, minlength=len(categories)) > 0
        if used.all():
            return codes, categories
        renumber = np.cumsum(used) - 1  # customers left without rows (a date filter) are not customers here
        return renumber[codes], categories[used]
    import pyarrow as pa

    return arrow_codes(pa.array(ids.astype(str) if ids.dtype == object else ids))  # Arrow-backed: no copy


def arrow_codes(arr: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """_codes for ids already in Arrow (a Parquet column): (code per row, unique ids in first-seen order)."""
    import pyarrow as pa

    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    packed = _packed(arr)
    if packed is None:
        codes, dictionary = _encode(arr)
        return codes, dictionary.to_numpy(zero_copy_only=False)
    key, high = packed
    # Spread the bits before hashing (a bijection, so no two keys meet): ids like C000123 differ only in a few
    # bits of a few bytes, and Arrow's integer hash table takes 1.5x as long on such keys.
    codes, dictionary = _encode(pa.array(key * np.uint64(SPREAD)), parallel=False)  # ints: one thread is faster
    row = np.empty(len(dictionary), np.int64)
    row[codes] = np.arange(len(codes))  # one row per code: any will do, they all hold the same id
    if high is not None and not (high[row][codes] == high).all():  # same key and high half: same low half
        codes, dictionary = _encode(arr)  # two ids hashed alike: never merge them
        return codes, dictionary.to_numpy(zero_copy_only=False)
    return codes, arr.take(pa.array(row)).to_numpy(zero_copy_only=False)


SPREAD = 0xBF58476D1CE4E5B9  # odd: multiplying by it permutes the 64-bit integers (splitmix64's first constant)
_LOW_BYTES = np.array([(1 << (8 * n)) - 1 for n in range(9)], dtype=np.uint64)  # mask of the first n bytes


def _packed(arr: pa.Array) -> tuple[np.ndarray, np.ndarray | None] | None:
    """(64-bit key per row, the high half it was hashed with or None when the key is the id's bytes), or None
    when the ids don't fit: nulls, over 16 bytes, NUL bytes (zero padding would make 'A' and 'A\\0' alike).
    Read in place from Arrow's buffers with as few full-length temporaries as possible: at 10 M rows each one
    is 80 MB of fresh pages, and faulting them in costs more than the arithmetic."""
    import pyarrow as pa

    if not len(arr) or arr.null_count:
        return None
    large = pa.types.is_large_string(arr.type) or pa.types.is_large_binary(arr.type)
    offsets = np.frombuffer(
        arr.buffers()[1], np.int64 if large else np.int32, count=len(arr) + 1, offset=arr.offset * (8 if large else 4)
    )
    lengths = np.diff(offsets)
    shortest, longest = int(lengths.min()), int(lengths.max())
    data = np.frombuffer(arr.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
    if longest > 16 or np.count_nonzero(data) != len(data):
        return None
    width = 8 if longest <= 8 else 16
    if shortest == longest == width:  # every id one word or two (the CRM's 16 hex characters)
        words = data.view(np.uint64)
        low, high = (words, None) if width == 8 else (words[0::2], np.ascontiguousarray(words[1::2]))
    else:  # each id's bytes read as a word in place, the bytes past its end masked off (the zero padding)
        starts = offsets[:-1] - offsets[0] if offsets[0] else offsets[:-1]
        low = _words_at(data, starts)
        low &= _LOW_BYTES[lengths if width == 8 else np.minimum(lengths, 8)]
        high = None if width == 8 else _words_at(data, starts + 8) & _LOW_BYTES[np.clip(lengths - 8, 0, 8)]
    return (low, None) if high is None else (low ^ (high * np.uint64(HASH_MULTIPLIER)), high)


def _words_at(data: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The 8 bytes from each start as a little-endian integer (zeros past the data's end), without copying the
    data: a strided view has a word at every byte. Starts ascend, so those within 8 bytes of the end are the
    last few; they read from a padded copy of the tail."""
    out = np.empty(len(starts), np.uint64)
    safe = int(np.searchsorted(starts, len(data) - 8, side="right"))
    if safe:
        out[:safe] = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))[starts[:safe]]
    if safe < len(starts):
        base = int(starts[safe])
        tail = np.concatenate([data[base:], np.zeros(8, np.uint8)])
        out[safe:] = np.ndarray((len(tail) - 7,), dtype="<u8", buffer=tail, strides=(1,))[starts[safe:] - base]
    return out


def _encode(arr: pa.Array, parallel: bool = True) -> tuple[np.ndarray, pa.Array]:
    """Arrow's dictionary encoding (code per row, dictionary in first-seen order); large columns in slices on
    every core (Arrow releases the GIL), the slices' dictionaries unified — the same codes as one pass."""
    import pyarrow as pa

    workers = min(os.cpu_count() or 1, 4, max(len(arr) // PARALLEL_ROWS, 1)) if parallel else 1
    if workers == 1:
        parts = [arr.dictionary_encode()]
    else:
        from concurrent.futures import ThreadPoolExecutor

        bounds = [len(arr) * i // workers for i in range(workers + 1)]
        with ThreadPoolExecutor(workers) as pool:
            parts = list(
                pool.map(lambda i: arr.slice(bounds[i], bounds[i + 1] - bounds[i]).dictionary_encode(), range(workers))
            )
        parts = pa.chunked_array(parts).unify_dictionaries().chunks
    codes = np.concatenate([p.indices.to_numpy(zero_copy_only=False).astype(np.int64) for p in parts])
    return codes, parts[0].dictionary


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
        return Customers(
            pd.Index(ids, name="customer_id"), empty, empty, np.array([], np.int64), np.array([]), np.array([])
        )
    d0 = int(day.min())
    span = int(day.max()) - d0 + 1
    key = codes * span + (day - d0)
    if n * span < 2**31:  # (a million customers over five years fit): 32-bit keys sort in about half the time
        key = key.astype(np.int32)
    key = np.sort(key)  # by customer, then day: each customer's days are one run
    pair = key[np.r_[True, key[1:] != key[:-1]]]  # distinct (customer, day)
    days = np.bincount(pair // span, minlength=n)  # every customer has at least one day
    end = np.cumsum(days)
    first = pair[end - days] % span + d0
    last = pair[end - 1] % span + d0
    total = np.bincount(codes, weights=amount, minlength=n)
    first_amount = np.bincount(codes, weights=np.where(day == first[codes], amount, 0.0), minlength=n)
    return Customers(
        pd.Index(ids, name="customer_id"),
        first.astype("datetime64[D]"),
        last.astype("datetime64[D]"),
        days,
        total,
        first_amount,
    )


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
