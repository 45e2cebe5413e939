"""Customer ids to codes (analytics_jobs.idcodes) and the per-customer pass over them: the same customers and
figures whichever path the ids take (packed into integers, hashed halves, strings), however the column is chunked,
and whether the pass runs in one piece or in slices and ranges on several cores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from analytics_jobs import idcodes, transactions


def test_large_columns_encoded_in_parallel_slices_give_the_same_customers(monkeypatch):
    """The per-core dictionary encoding of ids too long to pack (used from 2 M rows) must give exactly the
    one-pass codes and ids."""
    rng = np.random.default_rng(3)
    ids = pd.Series([f"customer-{n:012d}" for n in rng.integers(0, 500, 5000)], dtype="str")  # 21 bytes
    one_pass = idcodes.codes(ids)
    monkeypatch.setattr(idcodes, "PARALLEL_ROWS", 1000)  # 4 slices (one per core)
    monkeypatch.setattr(idcodes.os, "cpu_count", lambda: 4)
    sliced = idcodes.codes(ids)
    assert np.array_equal(sliced[0], one_pass[0]) and np.array_equal(sliced[1], one_pass[1])
    assert list(sliced[1][sliced[0][:3]]) == list(ids[:3])


def _factorized_like_pandas(ids: list[str]) -> None:
    codes, uniques = idcodes.codes(pd.Series(ids, dtype="str"))
    expected_codes, expected_uniques = pd.factorize(np.array(ids, dtype=object))
    assert list(uniques) == list(expected_uniques)
    assert codes.tolist() == expected_codes.tolist()


def test_ids_packed_into_integers_are_told_apart_exactly_as_strings_are():
    """Short ASCII ids take the integer path; prefixes, trailing spaces, 8 and 16 byte boundaries, NUL bytes
    and non-ASCII must all still be distinct customers, in first-seen order."""
    _factorized_like_pandas(["00001", "0001", "1", "00001", "A", "A ", " A", "A", "ABCDEFGH", "ABCDEFG", "ABCDEFGH"])
    _factorized_like_pandas(["A\0", "A", "A\0\0", "A"])  # NUL bytes: the padding must not make these one
    _factorized_like_pandas(["é", "e", "é", "éé", "ééééééé", "éééééééé"])  # non-ASCII: packed by bytes
    hex16 = ["3f2a9c0d1e4b5a67", "3f2a9c0d1e4b5a68", "3f2a9c0d", "3f2a9c0d1e4b5a67", "13f2a9c0d1e4b5a6"]
    _factorized_like_pandas(hex16 + ["ABCDEFGHI", "ABCDEFGH"])  # 9-16 bytes: hashed halves
    _factorized_like_pandas(["ABCDEFGHI", "A", "B", "A"])  # short ids last: their high halves lie past the data
    _factorized_like_pandas(hex16 + ["a-much-longer-customer-id-00001"])  # over 16 bytes: strings
    _factorized_like_pandas([h for h in hex16 if len(h) == 16])  # all exactly 16 bytes: read in place
    _factorized_like_pandas(["ABCDEFGH", "ABCDEFGI", "ABCDEFGH"])  # all exactly 8 bytes
    _factorized_like_pandas(["ABCDEFG\0", "ABCDEFGH", "ABCDEFG\0"])  # exact width with a NUL: not packed


def test_ids_read_in_place_from_a_slice_of_a_column_keep_their_rows():
    column = pa.array(["0000000000000000", "3f2a9c0d1e4b5a67", "3f2a9c0d1e4b5a68", "3f2a9c0d1e4b5a67"])
    codes, ids = idcodes.arrow_codes(column.slice(1))  # an offset into the buffers, as a Parquet chunk has
    assert list(ids[codes]) == ["3f2a9c0d1e4b5a67", "3f2a9c0d1e4b5a68", "3f2a9c0d1e4b5a67"]


def test_a_hash_collision_never_merges_two_customers(monkeypatch):
    """With a multiplier of 0 every 16-byte id hashes to its first 8 bytes, so these collide; the check
    against every row must notice and fall back to encoding the strings."""
    monkeypatch.setattr(idcodes, "HASH_MULTIPLIER", 0)
    _factorized_like_pandas(["customer00000001", "customer00000002", "customer00000001", "customer00000003"])


def test_a_column_in_chunks_of_different_widths_gives_the_codes_of_one_piece():
    """A Parquet column arrives in row groups: one may hold only short ids, another 9-16 byte ones, one may be
    empty, and each starts at an offset; the codes and ids must be those of the whole column at once."""
    ids = ["C1", "C22", "C1", "3f2a9c0d1e4b5a67", "C333", "3f2a9c0d1e4b5a67", "C22", "ABCDEFGHI", "C1", "é"]
    whole = pa.array(ids, pa.large_string())
    chunked = pa.chunked_array([whole.slice(0, 3), whole.slice(3, 0), whole.slice(3, 4), whole.slice(7)])
    codes, uniques = idcodes.arrow_codes(chunked)
    expected_codes, expected_uniques = pd.factorize(np.array(ids, dtype=object))
    assert codes.tolist() == expected_codes.tolist() and list(uniques) == list(expected_uniques)
    only_short = pa.chunked_array([pa.array(["C7", "C8"]), pa.array(["C8", "C9", "C7"])])
    assert idcodes.arrow_codes(only_short)[0].tolist() == [0, 1, 1, 2, 0]


def _history(rows: int, seed: int) -> pd.DataFrame:
    """A few heavy buyers and many one-timers, several purchases on some days, ids in three row groups."""
    rng = np.random.default_rng(seed)
    weights = rng.pareto(1.2, rows // 10) + 1
    who = rng.choice(len(weights), size=rows, p=weights / weights.sum())
    ids = pa.array([f"C{n}" for n in who], pa.large_string())
    third = rows // 3
    column = pa.chunked_array([ids.slice(0, third), ids.slice(third, third), ids.slice(2 * third)])
    return pd.DataFrame(
        {
            "customer_id": pd.Series(pd.arrays.ArrowStringArray(column)),
            "ordered_at": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 400 * 24, rows), "h"),
            "amount": np.round(rng.lognormal(3, 1, rows), 2),
        }
    )


def _by_pandas(tx: pd.DataFrame, until: pd.Timestamp) -> pd.DataFrame:
    kept = tx[tx["ordered_at"] < until.normalize() + pd.Timedelta(days=1)]
    per_day = kept.groupby(["customer_id", kept["ordered_at"].dt.floor("D")])["amount"].sum().reset_index()
    per_day = per_day.sort_values(["customer_id", "ordered_at"])
    g = per_day.groupby("customer_id")
    return pd.DataFrame(
        {
            "first_day": g["ordered_at"].min().to_numpy().astype("datetime64[D]"),
            "last_day": g["ordered_at"].max().to_numpy().astype("datetime64[D]"),
            "days": g.size().to_numpy(),
            "total": g["amount"].sum().to_numpy(),
            "first_amount": g["amount"].first().to_numpy(),
        },
        index=g.size().index.astype(str),
    )


def _figures(c: transactions.Customers) -> pd.DataFrame:
    columns = ("first_day", "last_day", "days", "total", "first_amount")
    return pd.DataFrame({k: getattr(c, k) for k in columns}, index=c.ids.astype(str)).sort_index()


def test_the_pass_in_slices_and_per_core_ranges_gives_the_figures_of_a_plain_groupby(monkeypatch):
    """From 2 M rows the pass cuts the columns into slices and sorts a range of customers per core; with the
    thresholds lowered, a small history takes that path and must give what pandas' groupby gives, day by day,
    with a date filter too."""
    tx = _history(6000, seed=11)
    until = pd.Timestamp("2025-09-30")
    one_piece = _figures(transactions.customers(tx, until))
    monkeypatch.setattr(transactions, "CHUNK", 257)
    monkeypatch.setattr(idcodes, "PARALLEL_ROWS", 500)
    monkeypatch.setattr(idcodes.os, "cpu_count", lambda: 3)
    sliced = _figures(transactions.customers(tx, until))
    expected = _by_pandas(tx, until).sort_index()
    for got in (one_piece, sliced):
        assert list(got.index) == list(expected.index)
        assert (got[["first_day", "last_day", "days"]] == expected[["first_day", "last_day", "days"]]).all().all()
        assert np.allclose(got[["total", "first_amount"]], expected[["total", "first_amount"]])
    assert expected["days"].max() > 10 and (expected["days"] == 1).any()  # heavy buyers and one-timers both
