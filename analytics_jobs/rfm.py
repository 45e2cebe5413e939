"""RFM: recency, frequency, monetary value per customer, 1-5 scores and a named segment.

`python -m analytics_jobs.rfm --transactions FILE --as-of DATE --out DIR` writes DIR/rfm.parquet.

Definitions (as of DATE, transactions after it ignored; purchases on one day are one purchase):
  recency   = days since the last purchase day
  frequency = number of purchase days
  monetary  = total amount spent
Scores, 5 best: each measure's percentile rank with ties AVERAGED (pandas rank(method="average", pct=True)),
then score = ceil(5 x percentile). Equal values therefore always get equal scores — a plain quantile cut
(pd.qcut) fails or splits identical customers when most bought once; with averaged ranks the many one-time
buyers share one F score (low), and only genuinely different customers differ. Recency is ranked descending
(recent = high).

Segments follow the widely used R x F segment table (the "RFM segments" map of retail analytics, e.g. Putler's),
with F taken as the mean of the F and M scores rounded half up ("FM"):

  R \\ FM   1             2                  3                  4           5
  5        New           Potential loyalist Potential loyalist Champions   Champions
  4        Promising     Potential loyalist Potential loyalist Loyal       Loyal
  3        About to sleep About to sleep    Need attention     Loyal       Loyal
  2        Hibernating   Hibernating        At risk            At risk     Can't lose
  1        Lost          Hibernating        At risk            At risk     Can't lose
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from analytics_jobs import transactions

SEGMENTS = {
    5: ["New", "Potential loyalist", "Potential loyalist", "Champions", "Champions"],
    4: ["Promising", "Potential loyalist", "Potential loyalist", "Loyal", "Loyal"],
    3: ["About to sleep", "About to sleep", "Need attention", "Loyal", "Loyal"],
    2: ["Hibernating", "Hibernating", "At risk", "At risk", "Can't lose"],
    1: ["Lost", "Hibernating", "At risk", "At risk", "Can't lose"],
}


# SEGMENTS as a table indexed [r_score, fm_score] (row and column 0 unused), looked up for every customer at once
_SEGMENT_TABLE = np.array([[""] * 6] + [["", *SEGMENTS[r]] for r in range(1, 6)], dtype=object)


def _score(values: pd.Series, ascending: bool) -> pd.Series:
    pct = values.rank(method="average", pct=True, ascending=ascending)
    return np.ceil(pct * 5).clip(1, 5).astype("int8")


def measures(tx: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Recency, frequency, monetary per customer (the step benchmarks/analytics.py measures)."""
    c = transactions.customers(tx, as_of)
    end = np.datetime64(as_of.normalize().date(), "D")
    return pd.DataFrame(
        {
            "recency": np.asarray(end - c.last_day).astype(np.int64).astype("int32"),
            "frequency": c.days.astype("int32"),
            "monetary": np.round(c.total, 2),
        },
        index=c.ids,
    )


def rfm(tx: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    out = measures(tx, as_of)
    out["r_score"] = _score(out["recency"], ascending=False)
    out["f_score"] = _score(out["frequency"], ascending=True)
    out["m_score"] = _score(out["monetary"], ascending=True)
    fm = (out["f_score"].to_numpy(np.int16) + out["m_score"].to_numpy(np.int16) + 1) // 2  # the mean, half up
    out["fm_score"] = fm.astype("int8")
    out["segment"] = _SEGMENT_TABLE[out["r_score"].to_numpy(np.int16), fm]
    out["as_of"] = as_of.date().isoformat()
    return out.reset_index()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m analytics_jobs.rfm", description="RFM scores and segments")
    p.add_argument("--transactions", required=True)
    p.add_argument("--as-of", required=True, type=pd.Timestamp)
    p.add_argument("--out", required=True)
    a = p.parse_args(argv)
    result = rfm(transactions.read(a.transactions), a.as_of)
    Path(a.out).mkdir(parents=True, exist_ok=True)
    result.to_parquet(Path(a.out) / "rfm.parquet", index=False)
    print(result["segment"].value_counts().to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
