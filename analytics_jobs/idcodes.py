"""Customer ids to integer codes: the step every per-customer figure starts from, and the analytics kernel's
slowest (benchmarks/analytics.py). A hash table of a million strings misses the cache on every row, so ids of up
to 16 bytes (ours are 16 hex characters, CDNOW's five digits) are first packed into one 64-bit integer each — the
bytes themselves up to 8, a hash of the two halves up to 16, checked against every row so a collision cannot merge
two customers — and integers encode about 4x faster. Anything else takes Arrow's string encoding.

Packing reads each Arrow chunk (a Parquet row group) in place, a chunk per core, into one preallocated array: no
copy of the column, and no temporaries longer than a chunk. On a fresh process every new page costs a fault (about
2 ms per MB in a microVM such as Lambda's), so the whole column's temporaries would cost more than the arithmetic.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    import pyarrow as pa

PARALLEL_ROWS = 2_000_000  # below this one thread is as fast: merging the dictionaries costs more than it saves
HASH_MULTIPLIER = 0x9E3779B97F4A7C15  # odd (injective for a fixed high half), from Knuth's multiplicative hashing
SPREAD = 0xBF58476D1CE4E5B9  # odd: multiplying by it permutes the 64-bit integers (splitmix64's first constant)
_LOW_BYTES = np.array([(1 << (8 * n)) - 1 for n in range(9)], dtype=np.uint64)  # mask of the first n bytes


def workers() -> int:
    return max(min(os.cpu_count() or 1, 4), 1)


def each(jobs: Iterable[Any], fn: Callable[[Any], Any]) -> list[Any]:
    """fn over jobs, on every core when there is more than one job (numpy and Arrow release the GIL)."""
    todo = list(jobs)
    n = min(workers(), len(todo))
    if n <= 1:
        return [fn(j) for j in todo]
    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(fn, todo))


def codes(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, unique ids in first-seen order) for a Series of ids, or a categorical's own codes."""
    if isinstance(ids.dtype, pd.CategoricalDtype):  # codes given (analytics_jobs.purchases): no hashing
        return _categorical(ids)
    return arrow_codes(_arrow(ids))


def index_codes(ids: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """codes, with the ids as an Index that stays in Arrow's memory (no Python object per customer)."""
    if isinstance(ids.dtype, pd.CategoricalDtype):
        c, categories = _categorical(ids)
        return c, pd.Index(categories, name="customer_id")
    c, dictionary = encoded(_arrow(ids))
    return c, pd.Index(dictionary.to_pandas(), name="customer_id")


def _arrow(ids: pd.Series) -> pa.Array | pa.ChunkedArray:
    import pyarrow as pa

    return pa.array(ids.astype(str) if ids.dtype == object else ids)  # Arrow-backed: no copy


def _categorical(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    c, categories = ids.cat.codes.to_numpy(np.int64), ids.cat.categories.to_numpy()
    used = np.bincount(c, minlength=len(categories)) > 0
    if used.all():
        return c, categories
    renumber = np.cumsum(used) - 1  # customers left without rows (a date filter) are not customers here
    return renumber[c], categories[used]


def arrow_codes(arr: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """codes for ids already in Arrow (a Parquet column): (code per row, unique ids in first-seen order)."""
    c, dictionary = encoded(arr)
    return c, dictionary.to_numpy(zero_copy_only=False)


def encoded(arr: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """(int64 code per row, the ids in first-seen order as an Arrow array)."""
    import pyarrow as pa

    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    packed = _packed_column(chunks)
    if packed is None:
        return _encode(_combined(arr))
    key, high = packed
    # Spread the bits before hashing (a bijection, so no two keys meet): ids like C000123 differ only in a few
    # bits of a few bytes, and Arrow's integer hash table takes 1.5x as long on such keys.
    key *= np.uint64(SPREAD)
    c, dictionary = _encode(pa.array(key), parallel=False)  # integers: one thread is faster
    row = _first_rows(c)
    if high is not None and not (high[row][c] == high).all():  # same key and high half: same low half
        return _encode(_combined(arr))  # two ids hashed alike: never merge them
    return c, _take_ascending(chunks, row)


def _first_rows(c: np.ndarray) -> np.ndarray:
    """The row where each code first occurs, ascending: codes are numbered in first-seen order, so a code's
    first row is where the running maximum of the codes goes up."""
    return np.flatnonzero(run_starts(np.maximum.accumulate(c)))


def run_starts(values: np.ndarray) -> np.ndarray:
    """True where a run of equal values begins (in a sorted array: each distinct value's first place)."""
    starts = np.empty(len(values), bool)
    starts[:1] = True
    np.not_equal(values[1:], values[:-1], out=starts[1:])
    return starts


def _take_ascending(chunks: list[pa.Array], rows: np.ndarray) -> pa.Array:
    """The values at ascending rows of a chunked column, each chunk taking its own: a take across the chunks
    would copy the whole column into one first."""
    import pyarrow as pa

    starts = np.cumsum([0, *(len(c) for c in chunks)])
    cut = np.searchsorted(rows, starts)
    parts = [chunk.take(pa.array(rows[cut[i] : cut[i + 1]] - starts[i])) for i, chunk in enumerate(chunks)]
    return pa.concat_arrays(parts)


def _combined(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    import pyarrow as pa

    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _packed_column(chunks: list[pa.Array]) -> tuple[np.ndarray, np.ndarray | None] | None:
    """_packed over a column's chunks, each into its own slice of one array, or None if any chunk won't pack."""
    n = sum(len(c) for c in chunks)
    if not n:
        return None
    widths = [_width(c) for c in chunks]
    if None in widths:
        return None
    width = max(w for w in widths if w is not None)
    key = np.empty(n, np.uint64)
    high = np.empty(n, np.uint64) if width == 16 else None
    starts = np.cumsum([0, *(len(c) for c in chunks)])

    def pack(i: int) -> None:
        if len(chunks[i]):
            at = slice(int(starts[i]), int(starts[i + 1]))
            _packed(chunks[i], width, key[at], None if high is None else high[at])

    each(range(len(chunks)), pack)
    return key, high


def _offsets(arr: pa.Array) -> np.ndarray:
    import pyarrow as pa

    large = pa.types.is_large_string(arr.type) or pa.types.is_large_binary(arr.type)
    return np.frombuffer(
        arr.buffers()[1], np.int64 if large else np.int32, count=len(arr) + 1, offset=arr.offset * (8 if large else 4)
    )


def _width(arr: pa.Array) -> int | None:
    """8 or 16 (the bytes a chunk's ids pack into), 0 for an empty chunk, or None when they don't fit: nulls,
    over 16 bytes, NUL bytes (zero padding would make 'A' and 'A\\0' alike)."""
    if not len(arr):
        return 0
    if arr.null_count:
        return None
    offsets = _offsets(arr)
    longest = int(np.diff(offsets).max())
    data = np.frombuffer(arr.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
    if longest > 16 or np.count_nonzero(data) != len(data):
        return None
    return 8 if longest <= 8 else 16


def _packed(arr: pa.Array, width: int, key: np.ndarray, high: np.ndarray | None) -> None:
    """Writes each id's 64-bit key (its bytes, or its halves hashed when width is 16, the high half then also
    written) into `key` and `high`, read in place from Arrow's buffers."""
    offsets = _offsets(arr)
    lengths = np.diff(offsets)
    data = np.frombuffer(arr.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
    if int(lengths.min()) == int(lengths.max()) == width:  # every id one word or two (the CRM's 16 hex chars)
        words = data.view(np.uint64)
        if high is None:
            key[:] = words
            return
        np.copyto(high, words[1::2])
        np.multiply(high, np.uint64(HASH_MULTIPLIER), out=key)
        key ^= words[0::2]
        return
    starts = offsets[:-1] - offsets[0]  # each id's bytes read as a word in place, the bytes past its end masked
    _words_at(data, starts, key)
    key &= _LOW_BYTES[np.minimum(lengths, 8)]
    if high is not None:
        _words_at(data, starts + 8, high)
        high &= _LOW_BYTES[np.clip(lengths - 8, 0, 8)]
        key ^= high * np.uint64(HASH_MULTIPLIER)


def _words_at(data: np.ndarray, starts: np.ndarray, out: np.ndarray) -> None:
    """The 8 bytes from each start as a little-endian integer (zeros past the data's end), without copying the
    data: a strided view has a word at every byte. Starts ascend, so those within 8 bytes of the end (or past
    it) are the last few; they read from a zero-padded copy of the tail."""
    safe = int(np.searchsorted(starts, len(data) - 8, side="right"))
    if safe:
        np.take(np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,)), starts[:safe], out=out[:safe])
    if safe < len(starts):
        base = int(starts[safe])
        tail = np.zeros(int(starts[-1]) - base + 8, np.uint8)  # a start may lie past the data (a high half)
        rest = data[base:]
        tail[: len(rest)] = rest
        out[safe:] = np.ndarray((len(tail) - 7,), dtype="<u8", buffer=tail, strides=(1,))[starts[safe:] - base]


def _encode(arr: pa.Array, parallel: bool = True) -> tuple[np.ndarray, pa.Array]:
    """Arrow's dictionary encoding (code per row, dictionary in first-seen order); large columns in slices on
    every core (Arrow releases the GIL), the slices' dictionaries unified — the same codes as one pass."""
    import pyarrow as pa

    n = min(workers(), max(len(arr) // PARALLEL_ROWS, 1)) if parallel else 1
    bounds = [len(arr) * i // n for i in range(n + 1)]
    parts = each(range(n), lambda i: arr.slice(bounds[i], bounds[i + 1] - bounds[i]).dictionary_encode())
    if n > 1:
        parts = pa.chunked_array(parts).unify_dictionaries().chunks
    c = np.concatenate([p.indices.to_numpy(zero_copy_only=False).astype(np.int64) for p in parts])
    return c, parts[0].dictionary
