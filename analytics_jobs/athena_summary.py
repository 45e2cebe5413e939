"""Past one Lambda: the BG/NBD and Gamma-Gamma inputs per customer computed by Athena over the compacted raw zone
(template.yaml's `ltv_summary_from_raw` named query), unloaded as Parquet to the workgroup's results area and read
back; the Lambda only fits and scores. Used by the LTV job when the carried purchase state holds more than
ATHENA_ABOVE_ROWS rows. The query's SQL is tested with DuckDB over the jobs' own Parquet
(tests/integration/test_athena_sql.py) against the in-memory summary.
"""

from __future__ import annotations

import io
import time
from datetime import date
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from analytics_jobs import rawzone
from crm.aws import client
from crm.config import required

DONE = {"SUCCEEDED", "FAILED", "CANCELLED"}


def write_rates(s3: Any, bucket: str, run_date: str, rates: dict[str, Any]) -> None:
    """The run's exchange rates as the `fx_rates` table, so Athena converts with the same rates as the job."""
    frame = pd.DataFrame({"currency": list(rates), "rate_to_eur": [float(r) for r in rates.values()]})
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    key = f"curated/fx_rates/run_date={run_date}/fx_rates.parquet"
    s3.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue(), ServerSideEncryption="aws:kms")


def _clear(s3: Any, bucket: str, prefix: str) -> None:
    """UNLOAD writes only to an empty location: a rerun of the same day starts from one."""
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})


def ltv_summary(
    s3: Any, bucket: str, run_date: str, end: date, athena: Any = None, wait_s: float = 840.0
) -> pd.DataFrame:
    """ltv.summary's frame (frequency, recency, T, monetary_value, historic_value by customer_id) from Athena."""
    athena = athena or client("athena")
    sql = athena.get_named_query(NamedQueryId=required("ATHENA_LTV_QUERY"))["NamedQuery"]["QueryString"]
    prefix = f"athena-results/ltv_summary/run_date={run_date}/"
    _clear(s3, bucket, prefix)
    started = athena.start_query_execution(
        QueryString=f"UNLOAD ({sql.strip()}) TO 's3://{bucket}/{prefix}' WITH (format = 'PARQUET')",
        QueryExecutionContext={"Database": required("ATHENA_DATABASE")},
        WorkGroup=required("ATHENA_WORKGROUP"),
        ExecutionParameters=[f"'{run_date}'", f"'{end.isoformat()}'", f"'{end.isoformat()}'"],
    )
    qid, deadline = started["QueryExecutionId"], time.monotonic() + wait_s
    while True:
        status = athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]["Status"]
        if status["State"] in DONE:
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"Athena query {qid} still {status['State']} after {wait_s:.0f} s")
        time.sleep(2)
    if status["State"] != "SUCCEEDED":
        raise RuntimeError(f"Athena query {qid} {status['State']}: {status.get('StateChangeReason', '')}")
    keys = [o["Key"] for o in rawzone.listing(s3, bucket, prefix)]
    parts = [pq.read_table(io.BytesIO(b or b"")) for b in rawzone.bodies(s3, bucket, keys)]
    if not parts:
        raise RuntimeError(f"Athena query {qid} succeeded but unloaded nothing to s3://{bucket}/{prefix}")
    df = pd.concat([p.to_pandas() for p in parts], ignore_index=True).rename(columns={"t": "T"})
    return df.set_index("customer_id").sort_index()[["frequency", "recency", "T", "monetary_value", "historic_value"]]
