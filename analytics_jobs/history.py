"""The order history the other jobs read (trends, basket, price effect and churn take the order lines; campaigns
take the orders), carried from run to run like the purchases (analytics_jobs.carried): a run reads the state and
the sources new since the last run, so its S3 requests do not grow with the history. The rows keep what was
recorded (money in the order's currency); a cancelled or returned order keeps a row of its own, and the frames
the jobs take leave out every order that has one, with money converted at the run's rates — the same frames as
a read of every event (analytics_jobs.raw, tested).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics_jobs import carried

_MONEY = ["quantity", "net", "unit_price", "list_price", "unit_cost"]
LINES = pa.schema(
    [
        ("source", carried.LABEL),
        ("order_id", pa.string()),
        ("customer_id", pa.string()),
        ("at", pa.timestamp("ms")),
        ("sku", carried.LABEL),
        ("category", carried.LABEL),
        ("country", carried.LABEL),
        ("currency", carried.LABEL),
        *[(c, pa.float64()) for c in _MONEY],
    ]
)
ORDERS = pa.schema(
    [
        ("source", carried.LABEL),
        ("order_id", pa.string()),
        ("customer_id", pa.string()),
        ("at", pa.timestamp("ms")),
        ("currency", carried.LABEL),
        ("grand_total", pa.float64()),
    ]
)
_UNDONE = ["event_id", "order_id"]  # a cancellation or return: which order it takes back


def _when(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True, format="ISO8601").dt.tz_localize(None)


def _rows(events: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """Events as the state's rows; a cancellation's or return's row holds only its source and order."""
    df = events.reindex(columns=schema.names).copy()
    df["at"] = _when(df["at"])
    df["currency"] = df["currency"].where(df["currency"].notna(), "EUR")
    undone = ~df["source"].str.startswith("order_placed/")
    df.loc[undone, [c for c in schema.names if c not in ("source", "order_id")]] = None
    return carried.as_schema(df, schema)


def _lines_columns(kind: str) -> tuple[str, list[str]]:
    if kind != "order_placed":
        return "events", _UNDONE
    return "lines", [
        "event_id",
        "line_no",
        "at",
        "order_id",
        "customer_id",
        "sku",
        "category",
        "country",
        "currency",
    ] + _MONEY


def _orders_columns(kind: str) -> tuple[str, list[str]]:
    return "events", (
        ["event_id", "at", "order_id", "customer_id", "currency", "grand_total"] if kind == "order_placed" else _UNDONE
    )


LINES_SPEC = carried.Spec("order_lines", LINES, _lines_columns, lambda events: _rows(events, LINES))
ORDERS_SPEC = carried.Spec("orders", ORDERS, _orders_columns, lambda events: _rows(events, ORDERS))


def _kept(rows: pa.Table) -> pa.Table:
    """The placed orders' rows whose order was not taken back since."""
    placed = pc.starts_with(pc.cast(rows["source"], pa.string()), "order_placed/")
    undone = rows.filter(pc.invert(placed))["order_id"].combine_chunks()
    return rows.filter(pc.and_(placed, pc.invert(pc.is_in(rows["order_id"], value_set=undone))))


def _rate(kept: pa.Table, rates: dict[str, Decimal]) -> Any:
    return carried.by_label(kept["currency"], lambda c: float(rates.get(c, Decimal(1))))


def _frame(kept: pa.Table, columns: list[str]) -> pd.DataFrame:
    """The columns as a frame, labels as plain strings (as a read of the events gives them)."""
    table = kept.select(columns)
    for i, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            table = table.set_column(i, field.name, pc.cast(table[field.name], pa.string()))
    return table.to_pandas()


def order_lines(s3: Any, bucket: str, rates: dict[str, Decimal], rebuild: bool = False) -> pd.DataFrame:
    """One row per line of every kept order, money in EUR (analytics_jobs.raw.order_lines' frame)."""
    from analytics_jobs.transactions import LINE_COLUMNS, LINE_OPTIONAL, normal_lines

    rows, _ = carried.update(LINES_SPEC, s3, bucket, rebuild)
    kept = _kept(rows)
    rate = _rate(kept, rates)
    out = _frame(kept, ["order_id", "customer_id", "at", "sku", "category", "country", *_MONEY])
    out = out.rename(columns={"at": "ordered_at"})
    for c in ("net", "unit_price", "list_price"):
        out[c] = out[c] * rate
    out["cost"] = (out["quantity"] * out.pop("unit_cost")).fillna(0.0)
    return normal_lines(out[[*LINE_COLUMNS, *LINE_OPTIONAL]])


def transactions(s3: Any, bucket: str, rates: dict[str, Decimal], rebuild: bool = False) -> pd.DataFrame:
    """Every kept order: customer_id, ordered_at, order_id, amount in EUR (analytics_jobs.raw.transactions')."""
    rows, _ = carried.update(ORDERS_SPEC, s3, bucket, rebuild)
    kept = _kept(rows)
    df = _frame(kept, ["customer_id", "at", "order_id", "grand_total"])
    return pd.DataFrame(
        {
            "customer_id": df["customer_id"].astype(str),
            "ordered_at": df["at"].astype("datetime64[ns]"),
            "order_id": df["order_id"].astype(str),
            "amount": (df["grand_total"] * _rate(kept, rates)).round(2),
        }
    )
