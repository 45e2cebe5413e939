"""The RFM job on the raw zone the demo seed wrote: Parquet in the curated zone, each customer's segment on its
own FIGURES item, visible in the 360 and in the ACD attributes of a call."""

from __future__ import annotations

import io

import boto3
import pandas as pd
import pyarrow.parquet as pq

from analytics_jobs.handlers import run_rfm
from crm.orders.models import Order
from infra import seed as demo
from infra.functions import Context, handler
from tests.connect_events import call


def test_rfm_from_the_raw_zone_back_to_customers_api_and_acd(api, aws):
    bucket = aws["stack"].physical("AnalyticsBucket")
    s3 = boto3.client("s3")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):  # other tests' events: start empty
        for o in page.get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=o["Key"])
    demo.seed(25)
    placed = sum(1 for _ in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="raw/order_placed/")
                 for _ in _.get("Contents", []))  # fmt: skip
    orders = [o for st in ("placed", "paid", "shipped", "delivered", "cancelled", "returned")
              for o in Order.gsi2.query(f"ORDERS#{st}")]  # fmt: skip
    assert placed == len(orders)  # every seeded order reached the raw zone once
    report = run_rfm(pd.Timestamp.now().normalize())
    table = pq.read_table(io.BytesIO(s3.get_object(Bucket=bucket, Key=report["key"])["Body"].read())).to_pandas()
    counted = {o.customer_id for o in orders if o.status not in ("cancelled", "returned")}
    assert set(table["customer_id"]) == counted and report["customers"] == len(counted)
    row = table.sort_values("monetary").iloc[-1]
    view = api("GET", f"/customers/{row['customer_id']}/360").json
    assert view["figures"]["rfm_segment"] == row["segment"]
    phones = api("GET", f"/customers/{row['customer_id']}").json["phones"]
    out = handler(aws["stack"], "AcdFunction")(call(phones[0]), Context("acd"))
    assert out["crm_rfm_segment"] == row["segment"]

    ltv_run = handler(aws["stack"], "LtvJobFunction")({}, Context("ltv"))  # the image's command, as scheduled
    assert ltv_run["customers"] == len({o.customer_id for o in orders if o.status not in ("cancelled",
                                                                                         "returned")})  # fmt: skip
    view = api("GET", f"/customers/{row['customer_id']}/360").json
    assert view["figures"]["clv_band"] in ("low", "medium", "high", "top") and float(view["figures"]["clv"]) >= 0
    out = handler(aws["stack"], "AcdFunction")(call(phones[0]), Context("acd"))
    assert out["crm_clv_band"] == view["figures"]["clv_band"]
