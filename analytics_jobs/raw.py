"""Reading the raw zone: order events from S3 into the transactions every job takes (customer_id, ordered_at,
amount in EUR, order_id); cancelled and returned orders are left out. Reads objects, never the table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pandas as pd


def _objects(s3: Any, bucket: str, prefix: str) -> Iterator[dict[str, Any]]:
    paginator = s3.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        for o in page.get("Contents", []):
            for line in s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read().splitlines():
                if line.strip():
                    yield json.loads(line)


def transactions(s3: Any, bucket: str, rates: dict[str, Decimal]) -> pd.DataFrame:
    undone = {e["order_id"] for kind in ("order_cancelled", "order_returned")
              for e in _objects(s3, bucket, f"raw/{kind}/")}  # fmt: skip
    rows = []
    for e in _objects(s3, bucket, "raw/order_placed/"):
        if e["order_id"] in undone:
            continue
        rate = float(rates.get(e.get("currency") or "EUR", Decimal(1)))
        rows.append({"customer_id": e["customer_id"], "ordered_at": e["at"], "order_id": e["order_id"],
                     "amount": round(float(e["grand_total"]) * rate, 2)})  # fmt: skip
    df = pd.DataFrame(rows, columns=["customer_id", "ordered_at", "order_id", "amount"])
    df["ordered_at"] = pd.to_datetime(df["ordered_at"], utc=True, format="ISO8601").dt.tz_localize(None)
    return df
