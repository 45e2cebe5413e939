"""RFM against hand-computed expectations, through the CLI on real CSV in and real Parquet out."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq

from analytics_jobs.rfm import main, rfm

TX = pd.DataFrame(
    {
        "customer_id": ["a", "a", "a", "b", "c", "d", "d", "e"],
        "ordered_at": pd.to_datetime(
            [
                "2026-01-05 09:00",
                "2026-01-05 17:00",
                "2026-03-01 00:00",
                "2026-02-20 00:00",
                "2025-06-01 00:00",
                "2026-03-10 00:00",
                "2026-03-30 00:00",
                "2026-04-02 00:00",
            ]
        ),
        "amount": [10.0, 15.0, 30.0, 40.0, 500.0, 20.0, 20.0, 99.0],
    }
)
AS_OF = pd.Timestamp("2026-03-31")


def test_same_day_purchases_are_one_and_later_ones_are_ignored():
    r = rfm(TX, AS_OF).set_index("customer_id")
    assert list(r.index) == ["a", "b", "c", "d"]  # e bought after the as-of date
    assert (r.loc["a", "frequency"], r.loc["a", "monetary"], r.loc["a", "recency"]) == (2, 55.0, 30)
    assert (r.loc["d", "frequency"], r.loc["d", "recency"]) == (2, 1)
    assert r.loc["c", "recency"] == 303


def test_ties_get_equal_scores_and_the_segment_table_applies():
    r = rfm(TX, AS_OF).set_index("customer_id")
    # frequency 2,1,1,2: averaged ranks 3.5,1.5,1.5,3.5 of 4 -> pct .875,.375,.375,.875 -> F 5,2,2,5
    assert list(r["f_score"]) == [5, 2, 2, 5]
    # recency 30,39,303,1 (recent = high): ranks 3,2,1,4 -> pct .75,.5,.25,1 -> R 4,3,2,5
    assert list(r["r_score"]) == [4, 3, 2, 5]
    # monetary 55,40,500,40: ranks 3,1.5,4,1.5 -> M 4,2,5,2; FM = round_half_up((F+M)/2) -> 5,2,4,4
    assert list(r["fm_score"]) == [5, 2, 4, 4]
    assert list(r["segment"]) == ["Loyal", "About to sleep", "At risk", "Champions"]


def test_cli_reads_csv_and_writes_parquet(tmp_path):
    src = tmp_path / "tx.csv"
    TX.assign(order_id=range(len(TX))).to_csv(src, index=False)
    assert main(["--transactions", str(src), "--as-of", "2026-03-31", "--out", str(tmp_path / "out")]) == 0
    table = pq.read_table(tmp_path / "out" / "rfm.parquet")
    assert table.num_rows == 4 and {"recency", "frequency", "monetary", "segment"} <= set(table.column_names)
    assert table.to_pandas().set_index("customer_id").loc["d", "segment"] == "Champions"


def test_ids_given_as_codes_drop_the_customers_a_date_leaves_without_purchases():
    """The carried purchases hand the kernel a categorical; a run as of an earlier day filters rows out, and a
    customer whose purchases all came later is no customer of that run."""
    ids = pd.Categorical(["early", "late", "early", "both", "both"], categories=["early", "late", "both"])
    tx = pd.DataFrame(
        {
            "customer_id": ids,
            "ordered_at": pd.to_datetime(["2026-01-05", "2026-03-01", "2026-01-20", "2026-01-10", "2026-02-20"]),
            "amount": [10.0, 99.0, 5.0, 7.0, 8.0],
        }
    )
    out = rfm(tx, pd.Timestamp("2026-01-31")).set_index("customer_id")
    assert sorted(out.index) == ["both", "early"]
    assert out.loc["early", "monetary"] == 15.0 and out.loc["both", "monetary"] == 7.0
    assert out.loc["early", "frequency"] == 2 and out.loc["both", "recency"] == 21
