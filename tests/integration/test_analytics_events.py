"""Table stream -> analytics raw zone: the real stream records moto produced, delivered to the template's
AnalyticsEventsFunction; stored in batches (one NDJSON object per kind and day of a delivery, the same object when
a batch comes again), ids and figures only; the price history (list and its price) too; compaction merges a day
into Parquet with each event once, and is safe to run again."""

from __future__ import annotations

import json

import boto3

from infra.functions import StreamPump
from tests.support import company


def _events(s3, bucket: str, key: str) -> list[dict]:
    return [json.loads(line) for line in s3.get_object(Bucket=bucket, Key=key)["Body"].read().splitlines()]


def test_orders_payments_returns_and_interactions_land_once_without_personal_data(api, aws):
    s3 = boto3.client("s3")
    bucket = aws["stack"].physical("AnalyticsBucket")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="raw/"):  # other tests' events
        if page.get("Contents"):
            s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": o["Key"]} for o in page["Contents"]]})
    pump = StreamPump(aws["stack"], "AnalyticsEventsFunction", "CrmTable", "TRIM_HORIZON")
    cid = api("POST", "/customers", company("Raw Zone GmbH", emails=["secret@rawzone.example"])).json["customer_id"]
    api("POST", "/products", {"sku": "RZ-1", "name": "x", "category": "tools", "tax_rate": "0.19"}, role="manager")
    api(
        "POST",
        "/price-lists",
        {"name": "p", "currency": "EUR", "valid_from": "2026-01-01", "prices": [{"sku": "RZ-1", "unit_price": "10"}]},
        role="manager",
    )
    o = api("POST", "/orders", {"customer_id": cid, "currency": "EUR", "lines": [{"sku": "RZ-1", "quantity": 3}]}).json
    api("POST", f"/orders/{o['order_id']}/payments", {"amount": o["grand_total"], "currency": "EUR", "method": "card"})
    api("POST", f"/orders/{o['order_id']}/status", {"status": "shipped"})
    api("POST", f"/orders/{o['order_id']}/status", {"status": "returned", "return_reason": "broken"})
    api("POST", f"/customers/{cid}/timeline", {"summary": "Called about the return", "kind": "call"})
    while pump.poll() is not None:
        pass
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="raw/").get("Contents", []))
    kinds = sorted({k.split("/")[1] for k in keys})
    mine = {
        "customer_created",
        "interaction",
        "order_placed",
        "order_returned",
        "payment",
        "price_change",
        "price_list",
    }
    assert mine <= set(kinds) <= mine | {"case", "survey_answer"}, keys  # the stream from the start: others' too
    (created,) = [e for k in keys if "/customer_created/" in k for e in _events(s3, bucket, k) if e["event_id"] == cid]
    assert set(created) == {"kind", "event_id", "at", "customer_id"}  # ids only
    assert all("/date=20" in k and k.endswith(".ndjson") for k in keys)  # batches: one object per kind and day
    events = {k: _events(s3, bucket, k) for k in keys}
    assert len(keys) <= sum(len(e) for e in events.values())
    (placed,) = [e for k, es in events.items() if "/order_placed/" in k for e in es]
    assert (placed["customer_id"], placed["grand_total"], placed["lines"][0]["sku"]) == (cid, "35.70", "RZ-1")
    (listed,) = [e for k, es in events.items() if "/price_list/" in k for e in es]
    (changed,) = [e for k, es in events.items() if "/price_change/" in k for e in es]
    assert (listed["currency"], listed["valid_from"], listed["valid_to"]) == ("EUR", "2026-01-01", None)
    assert (changed["sku"], changed["source"], changed["source_id"], changed["new_value"]) == (
        "RZ-1",
        "list",
        listed["list_id"],
        "10",
    )
    everything = b"".join(s3.get_object(Bucket=bucket, Key=k)["Body"].read() for k in keys)
    assert b"secret@rawzone.example" not in everything and b"Raw Zone GmbH" not in everything

    again = StreamPump(aws["stack"], "AnalyticsEventsFunction", "CrmTable", "TRIM_HORIZON")  # redelivery
    while again.poll() is not None:
        pass
    assert len(s3.list_objects_v2(Bucket=bucket, Prefix="raw/")["Contents"]) == len(keys)


def test_compaction_keeps_each_event_once_and_can_run_again(aws):
    from analytics_jobs import raw, rawzone
    from crm.analytics_events import batches

    s3 = boto3.client("s3")
    bucket = aws["stack"].physical("AnalyticsBucket")
    for prefix in ("raw/", "compact/"):
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            if page.get("Contents"):
                s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": o["Key"]} for o in page["Contents"]]})

    def order(n: int, day: str) -> dict:
        line = {"sku": "C-1", "category": "tools", "quantity": "2", "unit_price": "5", "net": "10", "list_price": "5"}
        return {
            "kind": "order_placed",
            "event_id": f"O{n}|placed",
            "at": f"{day}T10:00:00Z",
            "order_id": f"O{n}",
            "customer_id": f"C{n % 3}",
            "currency": "EUR",
            "grand_total": "11.90",
            "lines": [line],
        }

    first = [order(n, "2026-11-02") for n in range(5)]
    again = [order(n, "2026-11-02") for n in range(3, 8)]  # a partial redelivery with three new orders
    for key, body in batches(first) + batches(again):
        s3.put_object(Bucket=bucket, Key=key, Body=body)
    before = raw.transactions(s3, bucket, {})  # pending batches are read too, each order once
    assert sorted(before["order_id"]) == [f"O{n}" for n in range(8)]

    assert rawzone.compact(s3, bucket) == {"order_placed": 10}
    assert rawzone.compact(s3, bucket) == {}  # nothing pending: running again changes nothing
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="compact/")["Contents"]]
    assert sorted(keys) == [
        "compact/order_placed/date=2026-11-02/events.parquet",
        "compact/order_placed/date=2026-11-02/lines.parquet",
    ]
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix="raw/")
    late = batches([order(2, "2026-11-02"), order(9, "2026-11-02")])  # a late batch for the same day
    s3.put_object(Bucket=bucket, Key=late[0][0], Body=late[0][1])
    rawzone.compact(s3, bucket)
    tx = raw.transactions(s3, bucket, {})
    assert sorted(tx["order_id"]) == [f"O{n}" for n in (0, 1, 2, 3, 4, 5, 6, 7, 9)]
    assert tx["amount"].tolist() == [11.9] * 9
    lines = raw.order_lines(s3, bucket, {})
    assert len(lines) == 9 and lines["net"].sum() == 90.0
