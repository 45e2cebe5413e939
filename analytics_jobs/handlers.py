"""Lambda handlers of the scheduled jobs (template.yaml, container image with pandas): read the raw zone, compute,
write Parquet to the curated zone (partitioned by run date) and the headline figures back to each customer's own
FIGURES item with UpdateItem (never touching what users edit, nor another job's fields)."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime
from typing import Any

import boto3
import pandas as pd

from analytics_jobs import raw, rfm


def _put_parquet(s3: Any, bucket: str, key: str, df: pd.DataFrame) -> None:
    buffer = io.BytesIO()  # pandas' s3:// writer goes around boto3 (and so around moto): write bytes ourselves
    df.to_parquet(buffer, index=False)
    s3.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue(), ServerSideEncryption="aws:kms")


def run_rfm(as_of: pd.Timestamp | None = None, s3: Any = None) -> dict[str, Any]:
    from crm.routing.models import CustomerFigures
    from crm.suppliers.service import fx_rates

    s3 = s3 or boto3.client("s3")
    bucket = os.environ["ANALYTICS_BUCKET"]
    as_of = as_of or pd.Timestamp(datetime.now(UTC).date())
    tx = raw.transactions(s3, bucket, fx_rates())
    result = rfm.rfm(tx, as_of) if len(tx) else pd.DataFrame()
    key = f"curated/rfm/run_date={as_of.date().isoformat()}/rfm.parquet"
    _put_parquet(s3, bucket, key, result)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    f = CustomerFigures
    for row in result.itertuples(index=False):
        CustomerFigures(pk=f"CUST#{row.customer_id}", sk="FIGURES").update(actions=[
            f.type.set(CustomerFigures), f.customer_id.set(row.customer_id), f.rfm_segment.set(row.segment),
            f.computed_at.set(now)])  # fmt: skip
    return {"customers": int(len(result)), "transactions": int(len(tx)), "key": key,
            "segments": result["segment"].value_counts().to_dict() if len(result) else {}}  # fmt: skip


def rfm_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return run_rfm()
