"""Table stream -> analytics raw zone: the real stream records moto produced, delivered to the template's
AnalyticsEventsFunction; stored once per event, ids and figures only; the price history (list and its price)
too."""

from __future__ import annotations

import json

import boto3

from infra.functions import StreamPump
from tests.support import company


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
    kinds = sorted(k.split("/")[1] for k in keys)
    assert kinds == ["interaction", "order_placed", "order_returned", "payment", "price_change", "price_list"], keys
    assert all("/date=20" in k for k in keys)
    placed = json.loads(s3.get_object(Bucket=bucket, Key=next(k for k in keys if "order_placed" in k))["Body"].read())
    assert (placed["customer_id"], placed["grand_total"], placed["lines"][0]["sku"]) == (cid, "35.70", "RZ-1")
    listed = json.loads(s3.get_object(Bucket=bucket, Key=next(k for k in keys if "/price_list/" in k))["Body"].read())
    changed = json.loads(
        s3.get_object(Bucket=bucket, Key=next(k for k in keys if "/price_change/" in k))["Body"].read()
    )
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
