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
    out["ordered_at"] = pd.to_datetime(out["ordered_at"], utc=True, format="ISO8601").dt.tz_localize(None)
    for col in ("quantity", "net", "unit_price", "list_price", "cost"):
        out[col] = pd.to_numeric(out[col], errors="raise").astype("float64")
    return out[[*LINE_COLUMNS, *LINE_OPTIONAL]]
