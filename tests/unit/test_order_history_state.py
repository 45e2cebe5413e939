"""The order lines and orders carried for the trends, basket, price, churn and campaign jobs
(analytics_jobs.history): night after night — pending batches, compaction, a late batch for an old day, a
cancellation and a return of earlier orders, another currency — the frames equal a read of every event
(analytics_jobs.raw), and a night reads only the sources that changed. On moto's S3."""

from __future__ import annotations

import time
from decimal import Decimal

import boto3
import pandas as pd
import pytest
from moto import mock_aws

from analytics_jobs import carried, history, raw, rawzone
from crm.analytics_events import batches

BUCKET = "analytics"
RATES = {"EUR": Decimal(1), "PLN": Decimal("0.23")}


def _order(n: int, customer: str, day: str, currency: str = "EUR") -> dict:
    lines = [
        {
            "sku": f"SKU-{n % 3}",
            "category": "tools",
            "quantity": "2",
            "net": "20",
            "unit_price": "10",
            "list_price": "12",
            "unit_cost": "4",
        },
        {"sku": "SKU-9", "category": "garden", "quantity": "1", "net": "5.5", "unit_price": "5.5"},
    ]
    return {
        "event_id": f"e-{n}",
        "kind": "order_placed",
        "at": f"{day}T10:0{n % 10}:00+00:00",
        "order_id": f"o-{n}",
        "customer_id": customer,
        "country": "PL" if currency == "PLN" else "DE",
        "currency": currency,
        "grand_total": "30.75",
        "lines": lines,
    }


def _undo(n: int, kind: str, order: dict, day: str) -> dict:
    return {**order, "event_id": f"e-{n}", "kind": kind, "at": f"{day}T12:00:00+00:00", "order_date": order["at"][:10]}


def _arrive(s3, events) -> None:
    for key, body in batches(events):
        s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    time.sleep(1.1)  # S3 stamps objects by the second; a night is later than the last one


def _sorted(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return df.sort_values(keys, ignore_index=True)


def _same_as_every_event(s3) -> tuple[pd.DataFrame, pd.DataFrame]:
    lines = history.order_lines(s3, BUCKET, RATES)
    tx = history.transactions(s3, BUCKET, RATES)
    keys = ["order_id", "sku", "net"]
    pd.testing.assert_frame_equal(_sorted(lines, keys), _sorted(raw.order_lines(s3, BUCKET, RATES), keys))
    pd.testing.assert_frame_equal(_sorted(tx, ["order_id"]), _sorted(raw.transactions(s3, BUCKET, RATES), ["order_id"]))
    return lines, tx


@pytest.fixture
def s3(monkeypatch):
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)  # moto in this process, not the session's server
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-1")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        yield client


def test_nights_of_order_history_equal_a_read_of_every_event(s3, monkeypatch):
    first, second = _order(1, "c-1", "2026-11-01"), _order(2, "c-2", "2026-11-01", "PLN")
    rawzone.write_day(s3, BUCKET, "order_placed", "2026-11-01", [first, second])
    time.sleep(1.1)
    lines, tx = _same_as_every_event(s3)  # the first run builds the state from every day
    assert len(lines) == 4 and sorted(tx["amount"]) == [7.07, 30.75]  # 30.75 PLN at 0.23
    assert lines.loc[lines["sku"] == "SKU-1", "cost"].tolist() == [8.0]  # 2 x the standard cost, already EUR

    monkeypatch.setattr(carried, "MERGE_SHARE", 10.0)  # a few rows here would be a large share of the base
    _arrive(s3, [_order(3, "c-3", "2026-11-02")])  # the night of the 2nd: its batch pending
    base = s3.head_object(Bucket=BUCKET, Key=history.LINES_SPEC.key("rows.parquet"))["ETag"]
    _, read = carried.update(history.LINES_SPEC, s3, BUCKET)
    assert read["sources_read"] == 1
    assert s3.head_object(Bucket=BUCKET, Key=history.LINES_SPEC.key("rows.parquet"))["ETag"] == base
    _same_as_every_event(s3)

    rawzone.compact(s3, BUCKET, before="2026-11-03")  # the next night: the 2nd compacted, a cancellation, a return
    _arrive(s3, [_undo(4, "order_cancelled", first, "2026-11-03"), _undo(5, "order_returned", second, "2026-11-03")])
    lines, tx = _same_as_every_event(s3)
    assert sorted(tx["order_id"]) == ["o-3"] and set(lines["order_id"]) == {"o-3"}

    rawzone.compact(s3, BUCKET, before="2026-11-04")
    _arrive(s3, [_order(6, "c-1", "2026-11-01")])  # a late batch for a day compacted long ago
    rawzone.compact(s3, BUCKET, before="2026-11-04")
    time.sleep(1.1)
    lines, tx = _same_as_every_event(s3)
    assert sorted(tx["order_id"]) == ["o-3", "o-6"]

    rebuilt = history.order_lines(s3, BUCKET, RATES, rebuild=True)
    pd.testing.assert_frame_equal(_sorted(rebuilt, ["order_id", "sku"]), _sorted(lines, ["order_id", "sku"]))
