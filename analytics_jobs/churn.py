"""Churn risk and profitability, per customer and per category.

`python -m analytics_jobs.churn --lines FILE --as-of DATE [--interactions FILE] [--cost-per-interaction X]
[--horizon-weeks N] --out DIR` writes DIR/customer_value.parquet and DIR/category_profitability.parquet.

- Churn risk = the probability that the customer buys nothing in the next 26 weeks (--horizon-weeks): gone, or
  still there but not buying that soon. From the MBG/NBD model (analytics_jobs.ltv.p_no_purchase) fitted on the
  same customers' purchase days up to the as-of date, in weeks: a customer who bought often and then stopped
  scores high sooner than an occasional buyer with the same silence. MBG/NBD, not the BG/NBD of the CLV job:
  BG/NBD lets customers leave only after a repeat purchase, so every one-time buyer is alive with probability 1
  however long ago they bought (the demo's 33 "Lost" customers all scored no risk). Levels: high >= 0.6,
  medium >= 0.3, else low.
- Profitability: revenue = net sales, cost of goods = quantity x the product's standard cost when sold (order
  lines keep it), gross margin and margin %; cost to serve = interactions (calls, emails, chats, SMS on the
  timeline) x a cost per interaction (default 4.00); contribution = gross margin - cost to serve.
- At risk and valuable: churn risk >= 0.5 and contribution in the top 30 % — the list a manager acts on.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from analytics_jobs import ltv, transactions

DEFAULT_COST_PER_INTERACTION = 4.0
HORIZON_WEEKS = 26


def _churn(lines: pd.DataFrame, as_of: pd.Timestamp, horizon_weeks: float = HORIZON_WEEKS) -> pd.Series:
    tx = lines.groupby(["order_id", "customer_id"], as_index=False).agg(
        ordered_at=("ordered_at", "first"), amount=("net", "sum")
    )
    s = ltv.summary(tx, as_of, "week")
    if len(s) < 10:
        return pd.Series(np.nan, index=s.index, name="churn_risk")
    x, t, T = s["frequency"].to_numpy(), s["recency"].to_numpy(), s["T"].to_numpy()
    risk = ltv.p_no_purchase(ltv.fit_mbgnbd(x, t, T), horizon_weeks, x, t, T)
    return pd.Series(risk, index=s.index, name="churn_risk")


def customers(
    lines: pd.DataFrame,
    as_of: pd.Timestamp,
    interactions: pd.Series | None = None,
    cost_per_interaction: float = DEFAULT_COST_PER_INTERACTION,
    horizon_weeks: float = HORIZON_WEEKS,
) -> pd.DataFrame:
    lines = lines[lines["ordered_at"] < as_of + pd.Timedelta(days=1)]
    g = lines.groupby("customer_id")
    out = pd.DataFrame(
        {
            "revenue": g["net"].sum(),
            "cost_of_goods": g["cost"].sum(),
            "orders": g["order_id"].nunique(),
            "last_order_at": g["ordered_at"].max(),
        }
    )
    out["gross_margin"] = out["revenue"] - out["cost_of_goods"]
    out["margin_pct"] = np.where(out["revenue"] > 0, out["gross_margin"] / out["revenue"] * 100, np.nan)
    counts = interactions.reindex(out.index, fill_value=0) if interactions is not None else 0
    out["interactions"] = counts
    out["cost_to_serve"] = out["interactions"] * cost_per_interaction
    out["contribution"] = out["gross_margin"] - out["cost_to_serve"]
    out = out.join(_churn(lines, as_of, horizon_weeks))
    out["churn_level"] = pd.cut(
        out["churn_risk"], [-0.01, 0.3, 0.6, 1.0], right=False, labels=["low", "medium", "high"]
    ).astype(str)
    out.loc[out["churn_risk"] >= 0.6, "churn_level"] = "high"
    top = out["contribution"].rank(pct=True) > 0.7
    out["at_risk_high_value"] = (out["churn_risk"] >= 0.5) & top
    return out.reset_index().sort_values("customer_id", ignore_index=True)


def categories(lines: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    lines = lines[lines["ordered_at"] < as_of + pd.Timedelta(days=1)]
    g = lines.groupby("category")
    out = pd.DataFrame(
        {
            "revenue": g["net"].sum(),
            "cost_of_goods": g["cost"].sum(),
            "orders": g["order_id"].nunique(),
            "customers": g["customer_id"].nunique(),
        }
    )
    out["gross_margin"] = out["revenue"] - out["cost_of_goods"]
    out["margin_pct"] = np.where(out["revenue"] > 0, out["gross_margin"] / out["revenue"] * 100, np.nan)
    return out.reset_index().sort_values("gross_margin", ascending=False, ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analytics_jobs.churn", description="churn risk and profitability")
    ap.add_argument("--lines", required=True)
    ap.add_argument("--as-of", required=True, type=pd.Timestamp)
    ap.add_argument("--interactions", help="CSV with customer_id (one row per interaction)")
    ap.add_argument("--cost-per-interaction", type=float, default=DEFAULT_COST_PER_INTERACTION)
    ap.add_argument("--horizon-weeks", type=float, default=HORIZON_WEEKS, help="churn = no purchase within this")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    lines = transactions.read_lines(a.lines)
    inter = (
        pd.read_csv(a.interactions, dtype={"customer_id": str})["customer_id"].value_counts()
        if a.interactions
        else None
    )
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    per_customer = customers(lines, a.as_of, inter, a.cost_per_interaction, a.horizon_weeks)
    per_customer.to_parquet(out / "customer_value.parquet", index=False)
    cats = categories(lines, a.as_of)
    cats.to_parquet(out / "category_profitability.parquet", index=False)
    print(cats.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
