"""Lifecycle stage per customer, and how customers moved between stages over a period.

`python -m analytics_jobs.lifecycle --customers FILE --orders FILE --as-of DATE [--period-days N] --out DIR`
writes DIR/lifecycle.parquet (per customer: stage now and at the period's start) and DIR/lifecycle_movements.parquet
(from stage, to stage, customers), and prints the movements.

Stages, as of a date, from the customer's kept orders up to that date (the first rule that holds wins):
- lost: bought before, nothing in the last `LOST_DAYS` (365) days.
- at_risk: bought before, and the silence since the last order is longer than `AT_RISK_DAYS` (90) days and
  longer than twice the customer's own median gap between orders (a quarterly buyer is not at risk after 100 days).
- loyal: at least `LOYAL_ORDERS` (4) orders in all, `LOYAL_RECENT` (2) of them in the last 365 days.
- repeat: two or more orders.
- first_purchase: exactly one order.
- lead: a customer with no order yet.
Customers created after a date have no stage on it ("none"): at the period's start they are not customers yet,
so a new customer's first movement is none -> lead (or none -> first_purchase).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

STAGES = ("lead", "first_purchase", "repeat", "loyal", "at_risk", "lost")
LOST_DAYS = 365
AT_RISK_DAYS = 90
LOYAL_ORDERS = 4
LOYAL_RECENT = 2
PERIOD_DAYS = 30


def stages(customers: pd.DataFrame, orders: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """customer_id, stage, orders, last_order_at, days_since_order as of the end of `as_of`'s day."""
    end = as_of + pd.Timedelta(days=1)
    o = orders[orders["ordered_at"] < end].sort_values(["customer_id", "ordered_at"])
    o = o.assign(gap=o.groupby("customer_id")["ordered_at"].diff().dt.total_seconds() / 86400)
    g = o.groupby("customer_id")["ordered_at"]
    per = pd.DataFrame(
        {
            "orders": g.size(),
            "recent": o[o["ordered_at"] >= end - pd.Timedelta(days=365)].groupby("customer_id").size(),
            "last_order_at": g.max(),
            "median_gap_days": o.groupby("customer_id")["gap"].median(),
        }
    )
    known = customers[customers["created_at"] < end]["customer_id"]
    ids = pd.Index(known).union(per.index)
    every = pd.concat([pd.Series(customers["customer_id"].to_numpy()), pd.Series(per.index)]).unique()
    out = per.reindex(every)
    out["orders"] = out["orders"].fillna(0).astype(int)
    out["recent"] = out["recent"].fillna(0).astype(int)
    out["days_since_order"] = (end - out["last_order_at"]).dt.total_seconds() / 86400
    silence, gap = out["days_since_order"], out["median_gap_days"].fillna(0.0)
    conditions = [
        ~out.index.isin(ids),
        out["orders"] == 0,
        silence > LOST_DAYS,
        (silence > AT_RISK_DAYS) & (silence > 2 * gap),
        (out["orders"] >= LOYAL_ORDERS) & (out["recent"] >= LOYAL_RECENT),
        out["orders"] >= 2,
    ]
    choices = ["none", "lead", "lost", "at_risk", "loyal", "repeat"]
    out["stage"] = np.select(conditions, choices, default="first_purchase")
    out.index.name = "customer_id"
    return out.reset_index()[["customer_id", "stage", "orders", "last_order_at", "days_since_order"]]


def run(
    customers: pd.DataFrame, orders: pd.DataFrame, as_of: pd.Timestamp, period_days: int = PERIOD_DAYS
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per customer: stage now, stage at the period's start; movements: from_stage, to_stage, customers)."""
    now = stages(customers, orders, as_of)
    before = stages(customers, orders, as_of - pd.Timedelta(days=period_days)).set_index("customer_id")["stage"]
    now["stage_before"] = now["customer_id"].map(before).fillna("none")
    now["period_start"] = (as_of - pd.Timedelta(days=period_days)).normalize()
    now = now[now["stage"] != "none"].sort_values("customer_id", ignore_index=True)
    moved = now.groupby(["stage_before", "stage"]).size().rename("customers").reset_index()
    moved = moved.rename(columns={"stage_before": "from_stage", "stage": "to_stage"})
    moved["moved"] = moved["from_stage"] != moved["to_stage"]
    return now, moved.sort_values(["moved", "customers"], ascending=[False, False], ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analytics_jobs.lifecycle", description="lifecycle stages")
    ap.add_argument("--customers", required=True, help="CSV: customer_id, created_at")
    ap.add_argument("--orders", required=True, help="CSV: customer_id, ordered_at (one row per order)")
    ap.add_argument("--as-of", required=True, type=pd.Timestamp)
    ap.add_argument("--period-days", type=int, default=PERIOD_DAYS)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)

    def read(path: str, column: str) -> pd.DataFrame:
        df = pd.read_csv(path, dtype={"customer_id": str})
        df[column] = pd.to_datetime(df[column], utc=True, format="ISO8601").dt.tz_localize(None)
        return df

    per, moved = run(read(a.customers, "created_at"), read(a.orders, "ordered_at"), a.as_of, a.period_days)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    per.to_parquet(out / "lifecycle.parquet", index=False)
    moved.to_parquet(out / "lifecycle_movements.parquet", index=False)
    print(moved.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
