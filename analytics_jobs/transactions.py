"""Reading transactions the way every job expects them: columns customer_id, ordered_at, amount (order_id
optional), from CSV or Parquet; several purchases by one customer on one day count as one purchase (as in the
CLV literature), with their amounts added up."""

from __future__ import annotations

from pathlib import Path

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


def daily(tx: pd.DataFrame) -> pd.DataFrame:
    """One row per customer and purchase day, amounts summed."""
    d = tx.assign(day=tx["ordered_at"].dt.normalize())
    return d.groupby(["customer_id", "day"], sort=False, observed=True)["amount"].sum().reset_index()
