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


def run_ltv(calibration_end: pd.Timestamp | None = None, horizon_weeks: int = 52, s3: Any = None) -> dict[str, Any]:
    """BG/NBD + Gamma-Gamma on the raw zone; CLV and its band back on each customer's FIGURES item."""
    import json
    from decimal import Decimal

    from analytics_jobs import ltv
    from crm.routing.models import CustomerFigures
    from crm.suppliers.service import fx_rates

    s3 = s3 or boto3.client("s3")
    bucket = os.environ["ANALYTICS_BUCKET"]
    end = calibration_end or pd.Timestamp(datetime.now(UTC).date())
    s = ltv.summary(raw.transactions(s3, bucket, fx_rates()), end, "week")
    if len(s) < 10:
        return {"customers": len(s), "skipped": "too few customers to fit"}
    x, tx, T = s["frequency"].to_numpy(), s["recency"].to_numpy(), s["T"].to_numpy()
    bg, gg = ltv.fit_bgnbd(x, tx, T), ltv.fit_gamma_gamma(x, s["monetary_value"].to_numpy())
    s["p_alive"] = ltv.p_alive(bg, x, tx, T)
    s["expected_purchases"] = ltv.expected_purchases(bg, float(horizon_weeks), x, tx, T)
    s["predicted_clv"] = ltv.clv(bg, gg, s, horizon_weeks, 0.0015)  # ~8 % a year, weekly
    s["clv_band"] = ltv.band(s["predicted_clv"])
    day = end.date().isoformat()
    _put_parquet(s3, bucket, f"curated/ltv/run_date={day}/ltv.parquet", s.reset_index())
    s3.put_object(Bucket=bucket, Key=f"curated/ltv/run_date={day}/model.json", ServerSideEncryption="aws:kms",
                  Body=json.dumps({"bgnbd": bg, "gamma_gamma": gg}).encode())  # fmt: skip
    f = CustomerFigures
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for cid, row in s.iterrows():
        value = Decimal(str(round(row.predicted_clv, 2)))
        CustomerFigures(pk=f"CUST#{cid}", sk="FIGURES").update(actions=[
            f.type.set(CustomerFigures), f.customer_id.set(str(cid)), f.clv.set(value), f.clv_band.set(row.clv_band),
            f.computed_at.set(now)])  # fmt: skip
    bands = s["clv_band"].value_counts().to_dict()
    return {"customers": int(len(s)), "bgnbd": bg, "gamma_gamma": gg, "bands": bands}


def rfm_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return run_rfm()


def ltv_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return run_ltv()
