"""Campaign effectiveness against the holdout group: response, conversion and revenue uplift.

`python -m analytics_jobs.campaigns --sends FILE [--tracking FILE] --transactions FILE [--window-days N] --out DIR`
writes DIR/campaign_effect.parquet. Sends: campaign_id, customer_id, holdout (true/false), sent_at; tracking:
campaign_id, customer_id, kind (open | click); transactions as for RFM.

Per campaign, for the mailed group and the holdout (chosen at random when the campaign launched, so the two
differ only by the mail):
- response: share of mailed customers who opened / clicked (the holdout got nothing to open);
- conversion: share of customers with an order within N days (default 30) after the send moment;
- revenue per customer in that window (all orders, attributed or not — the holdout cannot be attributed);
- uplift: mailed minus holdout, in points of conversion and in revenue per customer; incremental revenue =
  revenue uplift x mailed customers; p-values from a two-proportion z-test (conversion) and Welch's t-test
  (revenue). Without a holdout the uplift columns are empty: there is nothing to compare with.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from analytics_jobs import transactions


def _window_outcomes(sends: pd.DataFrame, tx: pd.DataFrame, days: int) -> pd.DataFrame:
    m = sends.merge(tx[["customer_id", "ordered_at", "amount"]], on="customer_id", how="left")
    inside = (m["ordered_at"] >= m["sent_at"]) & (m["ordered_at"] < m["sent_at"] + pd.Timedelta(days=days))
    m["amount"] = np.where(inside, m["amount"], 0.0)
    m["order"] = inside.astype(int)
    g = m.groupby(["campaign_id", "customer_id", "holdout"], as_index=False).agg(
        orders=("order", "sum"), revenue=("amount", "sum")
    )
    g["converted"] = g["orders"] > 0
    return g


def _two_proportions(x1: int, n1: int, x2: int, n2: int) -> float:
    if min(n1, n2) == 0:
        return float("nan")
    p = (x1 + x2) / (n1 + n2)
    se = np.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return float(2 * stats.norm.sf(abs(x1 / n1 - x2 / n2) / se)) if se > 0 else 1.0


def run(sends: pd.DataFrame, tracking: pd.DataFrame, tx: pd.DataFrame, window_days: int = 30) -> pd.DataFrame:
    sends = sends.sort_values("sent_at").drop_duplicates(["campaign_id", "customer_id"])
    outcomes = _window_outcomes(sends, tx, window_days)
    rows = []
    for cid, g in outcomes.groupby("campaign_id", sort=True):
        mailed, hold = g[~g["holdout"]], g[g["holdout"]]
        t = tracking[tracking["campaign_id"] == cid] if len(tracking) else tracking
        opened = set(t.loc[t["kind"] == "open", "customer_id"]) if len(t) else set()
        clicked = set(t.loc[t["kind"] == "click", "customer_id"]) if len(t) else set()
        ids = set(mailed["customer_id"])
        row = {
            "campaign_id": cid,
            "mailed": len(mailed),
            "holdout": len(hold),
            "open_rate": len(ids & opened) / len(mailed) if len(mailed) else np.nan,
            "click_rate": len(ids & clicked) / len(mailed) if len(mailed) else np.nan,
            "conversion_mailed": mailed["converted"].mean() if len(mailed) else np.nan,
            "conversion_holdout": hold["converted"].mean() if len(hold) else np.nan,
            "revenue_per_mailed": mailed["revenue"].mean() if len(mailed) else np.nan,
            "revenue_per_holdout": hold["revenue"].mean() if len(hold) else np.nan,
        }
        row["conversion_uplift_pts"] = (row["conversion_mailed"] - row["conversion_holdout"]) * 100
        row["revenue_uplift_per_customer"] = row["revenue_per_mailed"] - row["revenue_per_holdout"]
        row["incremental_revenue"] = row["revenue_uplift_per_customer"] * len(mailed)
        row["conversion_p"] = _two_proportions(
            int(mailed["converted"].sum()), len(mailed), int(hold["converted"].sum()), len(hold)
        )
        row["revenue_p"] = (
            float(stats.ttest_ind(mailed["revenue"], hold["revenue"], equal_var=False).pvalue)
            if len(mailed) >= 2 and len(hold) >= 2
            else np.nan
        )
        rows.append(row)
    return pd.DataFrame(rows)


def read_sends(path: str | Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"customer_id": str, "campaign_id": str})
    df["holdout"] = df["holdout"].astype(str).str.lower().isin(["true", "1", "yes"])
    df["sent_at"] = pd.to_datetime(df["sent_at"], utc=True, format="ISO8601").dt.tz_localize(None)
    return df[["campaign_id", "customer_id", "holdout", "sent_at"]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analytics_jobs.campaigns", description="campaign uplift")
    ap.add_argument("--sends", required=True)
    ap.add_argument("--tracking")
    ap.add_argument("--transactions", required=True)
    ap.add_argument("--window-days", type=int, default=30)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    tracking = (
        pd.read_csv(a.tracking, dtype={"customer_id": str, "campaign_id": str})
        if a.tracking
        else pd.DataFrame(columns=["campaign_id", "customer_id", "kind"])
    )
    result = run(read_sends(a.sends), tracking, transactions.read(a.transactions), a.window_days)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    result.to_parquet(out / "campaign_effect.parquet", index=False)
    print(result.T.to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
