"""Reading the raw zone: order events from S3 into the transactions every job takes (customer_id, ordered_at,
amount in EUR, order_id); cancelled and returned orders are left out. Reads objects, never the table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

_BODIES: dict[tuple[str, str, str], bytes] = {}  # (bucket, key, etag) -> body; raw objects are written once
_CACHE_LIMIT = 500_000


def _get(s3: Any, bucket: str, key: str, etag: str) -> bytes:
    hit = _BODIES.get((bucket, key, etag))
    if hit is None:
        hit = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        if len(_BODIES) < _CACHE_LIMIT:
            _BODIES[(bucket, key, etag)] = hit
    return hit


def _objects(s3: Any, bucket: str, prefix: str) -> Iterator[dict[str, Any]]:
    """Every event under the prefix. Objects are fetched 16 at a time, and kept for the next job in the same
    process (a warm Lambda, the local stack): an event's key is derived from its id, so a key's body never
    changes (the ETag is part of the cache key all the same)."""
    paginator = s3.get_paginator("list_objects_v2")
    with ThreadPoolExecutor(max_workers=16) as pool:
        for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
            listed = page.get("Contents", [])
            for body in pool.map(lambda o: _get(s3, bucket, o["Key"], o.get("ETag", "")), listed):
                for line in body.splitlines():
                    if line.strip():
                        yield json.loads(line)


def _kept_orders(s3: Any, bucket: str) -> Iterator[dict[str, Any]]:
    undone = {
        e["order_id"] for kind in ("order_cancelled", "order_returned") for e in _objects(s3, bucket, f"raw/{kind}/")
    }
    yield from (e for e in _objects(s3, bucket, "raw/order_placed/") if e["order_id"] not in undone)


def transactions(s3: Any, bucket: str, rates: dict[str, Decimal]) -> pd.DataFrame:
    rows = []
    for e in _kept_orders(s3, bucket):
        rate = float(rates.get(e.get("currency") or "EUR", Decimal(1)))
        rows.append(
            {
                "customer_id": e["customer_id"],
                "ordered_at": e["at"],
                "order_id": e["order_id"],
                "amount": round(float(e["grand_total"]) * rate, 2),
            }
        )
    df = pd.DataFrame(rows, columns=["customer_id", "ordered_at", "order_id", "amount"])
    df["ordered_at"] = pd.to_datetime(df["ordered_at"], utc=True, format="ISO8601").dt.tz_localize(None)
    return df


def _num(v: Any) -> float:
    return float(v) if v not in (None, "") else float("nan")


def order_lines(s3: Any, bucket: str, rates: dict[str, Decimal]) -> pd.DataFrame:
    """One row per line of every kept order, money in EUR: net, unit and list price at the order's rate; cost =
    quantity x the product's standard cost (already EUR) when the line carries one."""
    rows = []
    for e in _kept_orders(s3, bucket):
        rate = float(rates.get(e.get("currency") or "EUR", Decimal(1)))
        for line in e.get("lines", []):
            qty = _num(line.get("quantity"))
            rows.append(
                {
                    "order_id": e["order_id"],
                    "customer_id": e["customer_id"],
                    "ordered_at": e["at"],
                    "sku": line["sku"],
                    "quantity": qty,
                    "net": _num(line.get("net")) * rate,
                    "category": line.get("category") or "",
                    "country": e.get("country") or "",
                    "unit_price": _num(line.get("unit_price")) * rate,
                    "list_price": _num(line.get("list_price")) * rate,
                    "cost": qty * _num(line.get("unit_cost")) if line.get("unit_cost") else 0.0,
                }
            )
    from analytics_jobs.transactions import LINE_COLUMNS, LINE_OPTIONAL, normal_lines

    return normal_lines(pd.DataFrame(rows, columns=[*LINE_COLUMNS, *LINE_OPTIONAL]))


def events(s3: Any, bucket: str, kind: str) -> pd.DataFrame:
    """Every raw event of one kind as a frame (campaign sends, opens, clicks, interactions)."""
    df = pd.DataFrame(list(_objects(s3, bucket, f"raw/{kind}/")))
    if len(df):
        df["at"] = pd.to_datetime(df["at"], utc=True, format="ISO8601").dt.tz_localize(None)
    return df


def list_prices(s3: Any, bucket: str, rates: dict[str, Decimal], until: date) -> pd.DataFrame:
    """Each product's list price per day (sku, day, list_price in EUR) as the price engine would have quoted it
    (crm.catalog.pricing.list_price_on: of the lists valid that day, the one starting last), rebuilt from the
    raw price history: the lists' validity and every list-price change (a list's price before its first recorded
    change is the price it was created with). Markets are averaged at the job's rates; rules (customer and group
    discounts) are not list prices and stay out."""
    from collections import defaultdict
    from datetime import timedelta

    from crm.catalog.pricing import ListPriceIn, list_price_on

    lists = {e["list_id"]: e for e in _objects(s3, bucket, "raw/price_list/")}
    values: dict[tuple[str, str], list[tuple[date, Decimal]]] = defaultdict(list)
    for e in sorted(_objects(s3, bucket, "raw/price_change/"), key=lambda e: e.get("at") or ""):
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
