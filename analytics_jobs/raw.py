"""Reading the raw zone (analytics_jobs.rawzone: compacted Parquet plus the batches still pending) into the frames
every job takes: transactions (customer_id, ordered_at, amount in EUR, order_id) and order lines, cancelled and
returned orders left out; any other kind of event as it was recorded. Reads S3, never the table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from analytics_jobs import rawzone


def _when(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True, format="ISO8601").dt.tz_localize(None).astype("datetime64[ns]")


def _undone(s3: Any, bucket: str) -> pd.Index:
    ids = [rawzone.read(s3, bucket, k, columns=["order_id"])["order_id"] for k in ("order_cancelled", "order_returned")]
    return pd.Index(pd.concat(ids)).unique()


def _rate(currency: pd.Series, rates: dict[str, Decimal]) -> pd.Series:
    table = {c: float(r) for c, r in rates.items()}
    return currency.fillna("EUR").map(lambda c: table.get(c, 1.0)).astype(float)


def transactions(s3: Any, bucket: str, rates: dict[str, Decimal]) -> pd.DataFrame:
    cols = ["customer_id", "at", "order_id", "currency", "grand_total"]
    placed = rawzone.read(s3, bucket, "order_placed", columns=cols)
    placed = placed[~placed["order_id"].isin(_undone(s3, bucket))]
    return pd.DataFrame(
        {
            "customer_id": placed["customer_id"].astype(str),
            "ordered_at": _when(placed["at"]),
            "order_id": placed["order_id"].astype(str),
            "amount": (placed["grand_total"].astype(float) * _rate(placed["currency"], rates)).round(2),
        }
    ).reset_index(drop=True)


def order_lines(s3: Any, bucket: str, rates: dict[str, Decimal]) -> pd.DataFrame:
    """One row per line of every kept order, money in EUR: net, unit and list price at the order's rate; cost =
    quantity x the product's standard cost (already EUR) when the line carries one."""
    lines = rawzone.read(s3, bucket, "order_placed", part="lines")
    lines = lines[~lines["order_id"].isin(_undone(s3, bucket))]
    rate = _rate(lines["currency"], rates)
    out = pd.DataFrame(
        {
            "order_id": lines["order_id"].astype(str),
            "customer_id": lines["customer_id"].astype(str),
            "ordered_at": lines["at"],
            "sku": lines["sku"].astype(str),
            "quantity": lines["quantity"].astype(float),
            "net": lines["net"].astype(float) * rate,
            "category": lines["category"].fillna(""),
            "country": lines["country"].fillna(""),
            "unit_price": lines["unit_price"].astype(float) * rate,
            "list_price": lines["list_price"].astype(float) * rate,
            "cost": (lines["quantity"].astype(float) * lines["unit_cost"].astype(float)).fillna(0.0),
        }
    )
    from analytics_jobs.transactions import LINE_COLUMNS, LINE_OPTIONAL, normal_lines

    return normal_lines(out.reset_index(drop=True)[[*LINE_COLUMNS, *LINE_OPTIONAL]])


def events(s3: Any, bucket: str, kind: str) -> pd.DataFrame:
    """Every raw event of one kind as a frame (campaign sends, opens, clicks, interactions)."""
    df = rawzone.read(s3, bucket, kind)
    if len(df):
        df["at"] = _when(df["at"])
    return df


def _records(s3: Any, bucket: str, kind: str) -> list[dict[str, Any]]:
    df = rawzone.read(s3, bucket, kind)
    return [{k: (None if v != v else v) for k, v in r.items()} for r in df.to_dict(orient="records")]


def list_prices(s3: Any, bucket: str, rates: dict[str, Decimal], until: date) -> pd.DataFrame:
    """Each product's list price per day (sku, day, list_price in EUR) as the price engine would have quoted it
    (crm.catalog.pricing.list_price_on: of the lists valid that day, the one starting last), rebuilt from the
    raw price history: the lists' validity and every list-price change (a list's price before its first recorded
    change is the price it was created with). Markets are averaged at the job's rates; rules (customer and group
    discounts) are not list prices and stay out."""
    from collections import defaultdict
    from datetime import timedelta

    from crm.catalog.pricing import ListPriceIn, list_price_on

    lists = {e["list_id"]: e for e in _records(s3, bucket, "price_list")}
    values: dict[tuple[str, str], list[tuple[date, Decimal]]] = defaultdict(list)
    for e in sorted(_records(s3, bucket, "price_change"), key=lambda e: e.get("at") or ""):
        if e.get("source") == "list" and e.get("new_value") not in (None, "") and e.get("source_id") in lists:
            values[(e["source_id"], e["sku"])].append((date.fromisoformat(e["at"][:10]), Decimal(e["new_value"])))
    rows = []
    for sku in sorted({sku for _, sku in values}):
        keys = [(lid, s) for lid, s in values if s == sku]
        currencies = sorted({lists[lid]["currency"] for lid, _ in keys})
        day = min(date.fromisoformat(lists[lid]["valid_from"]) for lid, _ in keys)
        while day <= until:
            offers = []
            for lid, s in keys:
                known = [v for d, v in values[(lid, s)] if d <= day] or [values[(lid, s)][0][1]]
                pl = lists[lid]
                offers.append(
                    ListPriceIn(
                        lid,
                        known[-1],
                        pl["currency"],
                        date.fromisoformat(pl["valid_from"]),
                        date.fromisoformat(pl["valid_to"]) if pl.get("valid_to") else None,
                    )
                )
            quoted = [
                (q, float(rates.get(cur, Decimal(1))))
                for cur in currencies
                if (q := list_price_on(offers, cur, day)) is not None
            ]
            if quoted:
                rows.append(
                    {
                        "sku": sku,
                        "day": day,
                        "list_price": sum(float(q.unit_price) * r for q, r in quoted) / len(quoted),
                    }
                )
            day += timedelta(days=1)
    out = pd.DataFrame(rows, columns=["sku", "day", "list_price"])
    out["day"] = pd.to_datetime(out["day"])
    return out
