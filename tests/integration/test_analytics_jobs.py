"""The RFM job on the raw zone the demo seed wrote: Parquet in the curated zone, each customer's segment on its
own FIGURES item, visible in the 360 and in the ACD attributes of a call."""

from __future__ import annotations

import io
from datetime import date

import boto3
import pandas as pd
import pyarrow.parquet as pq
import pytest

from analytics_jobs import raw, rawzone
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
    placed = len(rawzone.read(s3, bucket, "order_placed", columns=["order_id"]))
    orders = [
        o
        for st in ("placed", "paid", "shipped", "delivered", "cancelled", "returned")
        for o in Order.gsi2.query(f"ORDERS#{st}")
    ]
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
    assert ltv_run["customers"] == len({o.customer_id for o in orders if o.status not in ("cancelled", "returned")})
    view = api("GET", f"/customers/{row['customer_id']}/360").json
    assert view["figures"]["clv_band"] in ("low", "medium", "high", "top") and float(view["figures"]["clv"]) >= 0
    out = handler(aws["stack"], "AcdFunction")(call(phones[0]), Context("acd"))
    assert out["crm_clv_band"] == view["figures"]["clv_band"]


def _curated(s3, bucket: str, key: str) -> pd.DataFrame:
    return pq.read_table(io.BytesIO(s3.get_object(Bucket=bucket, Key=key)["Body"].read())).to_pandas()


def test_every_job_from_the_raw_zone_to_curated_parquet_figures_and_acd(api, aws):
    from analytics_jobs import handlers as h
    from crm.messaging.models import SendRecord

    bucket = aws["stack"].physical("AnalyticsBucket")
    s3 = boto3.client("s3")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for o in page.get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=o["Key"])
    demo.seed(40)
    day = pd.Timestamp.now().normalize().date().isoformat()
    orders = [o for st in ("placed", "paid", "shipped", "delivered") for o in Order.gsi2.query(f"ORDERS#{st}")]

    trend = handler(aws["stack"], "TrendsJobFunction")({}, Context("trends"))  # the image commands, as scheduled
    lines = _curated(s3, bucket, f"curated/order_lines/run_date={day}/order_lines.parquet")
    assert lines["order_id"].nunique() == len(orders)  # kept orders only, every one
    assert lines["cost"].gt(0).all() and set(lines["country"]) <= {
        "DE",
        "AT",
        "CH",
        "PL",
        "FR",
        "GB",
        "US",
        "NL",
        "IT",
        "ES",
    }
    monthly = _curated(s3, bucket, f"curated/trends/run_date={day}/trends.parquet")
    month = monthly["month"].max()
    in_month = lines[lines["ordered_at"].dt.strftime("%Y-%m") == month]
    assert monthly[monthly["month"] == month]["revenue"].sum() == pytest.approx(in_month["net"].sum())
    assert len(trend["forecast"]) == 3

    b = handler(aws["stack"], "BasketJobFunction")({}, Context("basket"))
    assert b["rules"] > 0 and b["customers"] == lines["customer_id"].nunique()
    handler(aws["stack"], "ChurnJobFunction")({}, Context("churn"))
    value = _curated(s3, bucket, f"curated/customer_value/run_date={day}/customer_value.parquet")
    by_customer = lines.groupby("customer_id")[["net", "cost"]].sum()
    top = value.sort_values("revenue").iloc[-1]
    assert top["revenue"] == pytest.approx(by_customer.loc[top["customer_id"], "net"])
    assert top["gross_margin"] == pytest.approx(top["revenue"] - by_customer.loc[top["customer_id"], "cost"])
    nxt = _curated(s3, bucket, f"curated/next_product/run_date={day}/next_product.parquet").set_index("customer_id")

    view = api("GET", f"/customers/{top['customer_id']}/360").json["figures"]
    assert view["next_product"] == nxt.loc[top["customer_id"], "next_product"]
    assert view["churn_level"] == top["churn_level"]
    assert float(view["churn_risk"]) == pytest.approx(top["churn_risk"], abs=1e-4)
    phones = api("GET", f"/customers/{top['customer_id']}").json["phones"]
    out = handler(aws["stack"], "AcdFunction")(call(phones[0]), Context("acd"))
    assert (out["crm_next_product"], out["crm_churn_level"]) == (view["next_product"], view["churn_level"])

    pe = handler(aws["stack"], "PriceEffectJobFunction")({}, Context("price"))
    assert pe["products"] == lines["sku"].nunique() == pe["windows_from_price_history"]
    # the seeded price history, rebuilt from the raw zone as the price engine quotes it: the summer promotion
    # list (-15 % on CN-001, 1 June - 31 August), then the year's list again; the filter cut from September
    from crm.suppliers.public import fx_rates

    year = date.today().year
    history = raw.list_prices(s3, bucket, fx_rates(), date.today())
    cn1 = history[history["sku"] == "CN-001"].set_index("day")["list_price"]
    assert cn1[f"{year}-07-15"] / cn1[f"{year}-05-15"] == pytest.approx(0.85, rel=2e-3)
    assert cn1[f"{year}-09-15"] == pytest.approx(cn1[f"{year}-05-15"])
    cn2 = history[history["sku"] == "CN-002"].set_index("day")["list_price"]
    assert cn2[f"{year}-10-15"] < cn2[f"{year}-08-15"] < cn2[f"{year}-05-15"]
    effect = _curated(s3, bucket, f"curated/price_effect/run_date={day}/price_effect.parquet").set_index("sku")
    promo = effect.loc["CN-001"]
    assert promo["windows_from"] == "price history" and 1 <= promo["discount_weeks"] <= 13
    assert promo["mean_discount_pct"] == pytest.approx(15.0, abs=0.1)
    handler(aws["stack"], "CampaignEffectJobFunction")({}, Context("campaigns"))
    effect = _curated(s3, bucket, f"curated/campaign_effect/run_date={day}/campaign_effect.parquet").iloc[0]
    sends = list(SendRecord.gsi1.query("CAMPAIGNSENDS#spring-offer"))
    assert effect["campaign_id"] == "spring-offer"
    assert (effect["mailed"], effect["holdout"]) == (
        sum(s.status == "sent" for s in sends),
        sum(s.status == "holdout" for s in sends),
    )
    assert h.run_campaigns()["campaigns"] == 1  # a second run reads the same events: same answer


def test_figures_are_written_back_only_for_customers_whose_figures_moved(api, aws):
    from analytics_jobs.writeback import kept
    from infra.functions import StreamPump
    from tests.support import company

    today = pd.Timestamp.now().normalize()
    run_rfm(today)
    again = run_rfm(today)
    assert again["figures_written"] == 0  # nothing moved since the last run: no table writes
    pump = StreamPump(aws["stack"], "AnalyticsEventsFunction", "CrmTable", "LATEST")
    c = api("POST", "/customers", company("First Order GmbH")).json
    api("POST", "/products", {"sku": "WB-1", "name": "x", "category": "tools", "tax_rate": "0.19"}, role="manager")
    prices = {
        "name": "wb",
        "currency": "EUR",
        "valid_from": "2026-01-01",
        "prices": [{"sku": "WB-1", "unit_price": "9"}],
    }
    api("POST", "/price-lists", prices, role="manager")
    order = api(
        "POST",
        "/orders",
        {"customer_id": c["customer_id"], "currency": "EUR", "lines": [{"sku": "WB-1", "quantity": 3}]},
    )
    assert order.status_code == 201, order.json
    while pump.poll() is not None:
        pass
    bucket, s3 = aws["stack"].physical("AnalyticsBucket"), boto3.client("s3")
    before = kept(s3, bucket, "rfm")
    held = before.set_index("customer_id")["rfm_segment"] if len(before) else pd.Series(dtype=object)
    after = run_rfm(today)
    assert after["customers"] == again["customers"] + 1
    segments = _curated(s3, bucket, after["key"]).set_index("customer_id")["segment"]
    moved = [cid for cid, seg in segments.items() if held.get(cid) != seg]  # RFM scores are quintiles: a new
    assert c["customer_id"] in moved and after["figures_written"] == len(moved)  # customer can move a neighbour
    assert len(moved) <= max(2, len(segments) // 10)
    assert api("GET", f"/customers/{c['customer_id']}/360").json["figures"]["rfm_segment"]


def test_a_daily_run_reads_only_what_is_new_and_equals_a_full_rebuild(api, aws):
    from analytics_jobs.handlers import run_compaction
    from infra.functions import StreamPump
    from tests.support import company

    bucket, s3 = aws["stack"].physical("AnalyticsBucket"), boto3.client("s3")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):  # this test's history only
        if page.get("Contents"):
            s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": o["Key"]} for o in page["Contents"]]})
    demo.seed(25)
    today = pd.Timestamp.now().normalize()
    run_compaction((today + pd.Timedelta(days=1)).date().isoformat())
    full = run_rfm(today, rebuild=True)
    before = _curated(s3, bucket, full["key"]).set_index("customer_id")
    days = full["sources_read"]
    assert days >= 30  # a day per kind of the whole history
    assert run_rfm(today)["sources_read"] == 0  # nothing new: nothing read

    pump = StreamPump(aws["stack"], "AnalyticsEventsFunction", "CrmTable", "LATEST")
    old = next(
        o
        for st in ("placed", "paid", "shipped", "delivered")
        for o in Order.gsi2.query(f"ORDERS#{st}")
        if o.order_date < today.date().isoformat() and o.customer_id in before.index
    )
    undo = (
        {"status": "cancelled"}
        if old.status in ("placed", "paid")
        else {"status": "returned", "return_reason": "damaged in transit"}
    )
    undone = api("POST", f"/orders/{old.order_id}/status", undo, role="manager")
    assert undone.status_code == 200, undone.json
    c = api("POST", "/customers", company("Daily Run GmbH")).json
    api("POST", "/products", {"sku": "DR-1", "name": "x", "category": "tools", "tax_rate": "0"}, role="manager")
    body = {"name": "dr", "currency": "EUR", "valid_from": "2026-01-01", "prices": [{"sku": "DR-1", "unit_price": "7"}]}
    api("POST", "/price-lists", body, role="manager")
    api(
        "POST",
        "/orders",
        {"customer_id": c["customer_id"], "currency": "EUR", "lines": [{"sku": "DR-1", "quantity": 2}]},
    )
    while pump.poll() is not None:
        pass
    daily = run_rfm(today)
    assert daily["sources_read"] == 2  # today's placed orders and today's cancellation (or return), in batches
    incremental = _curated(s3, bucket, daily["key"]).set_index("customer_id").sort_index()
    rebuilt = run_rfm(today, rebuild=True)
    assert rebuilt["sources_read"] == days + 1  # the whole history again, with today's cancellations
    whole = _curated(s3, bucket, rebuilt["key"]).set_index("customer_id").sort_index()
    pd.testing.assert_frame_equal(incremental, whole)
    assert c["customer_id"] in whole.index
    spent = whole["monetary"].get(old.customer_id, 0.0)  # the cancelled order's amount left its customer's spend
    assert spent < before.loc[old.customer_id, "monetary"]

    run_compaction((today + pd.Timedelta(days=1)).date().isoformat())  # tomorrow night's compaction of today
    after = run_rfm(today)
    assert after["sources_read"] == 2  # today's two compacted files replace today's batches
    pd.testing.assert_frame_equal(_curated(s3, bucket, after["key"]).set_index("customer_id").sort_index(), whole)


def test_the_daily_clv_run_scores_with_the_week_old_fit_and_a_rebuild_refits(api, aws):
    from analytics_jobs.handlers import run_ltv

    bucket, s3 = aws["stack"].physical("AnalyticsBucket"), boto3.client("s3")
    if rawzone.read(s3, bucket, "order_placed", columns=["order_id"]).empty:
        demo.seed(25)
    today = pd.Timestamp.now().normalize()
    fitted = run_ltv(today, rebuild=True)
    assert fitted["refitted"] is True
    daily = run_ltv(today)
    assert daily["refitted"] is False and daily["bgnbd"] == fitted["bgnbd"]  # parameters kept for LTV_REFIT_DAYS
    assert daily["figures_written"] == 0  # nothing new, nothing moved
    later = run_ltv(today + pd.Timedelta(days=8))  # a week and a day on: refitted on the same history
    assert later["refitted"] is True
