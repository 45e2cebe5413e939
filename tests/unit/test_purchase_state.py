"""The purchase state (analytics_jobs.purchases) a night brings up to date: the base stays as it is and the
delta takes the new sources, until the delta outgrows its share; whatever path a night takes, the purchases
equal a rebuild from the whole raw zone. On moto's S3."""

from __future__ import annotations

import time

import boto3
import pandas as pd
import pytest
from moto import mock_aws

from analytics_jobs import carried, purchases, rawzone
from crm.analytics_events import batches

BUCKET = "analytics"


def _order(n: int, customer: str, day: str, total: str) -> dict[str, str]:
    return {
        "event_id": f"e-{n}",
        "kind": "order_placed",
        "at": f"{day}T10:00:00+00:00",
        "order_id": f"o-{n}",
        "customer_id": customer,
        "currency": "EUR",
        "grand_total": total,
    }


def _cancel(n: int, order: dict[str, str], day: str) -> dict[str, str]:
    return {
        **order,
        "event_id": f"e-{n}",
        "kind": "order_cancelled",
        "at": f"{day}T12:00:00+00:00",
        "order_date": order["at"][:10],
    }


def _arrive(s3, events) -> None:
    for key, body in batches(events):
        s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    time.sleep(1.1)  # S3 stamps objects by the second; a night is later than the last one


def _etag(s3, key: str) -> str:
    return s3.head_object(Bucket=BUCKET, Key=key)["ETag"]


def _purchases(rows) -> pd.DataFrame:
    tx = purchases.transactions(rows, {})
    return tx.astype({"customer_id": str}).sort_values(["customer_id", "ordered_at"], ignore_index=True)


@pytest.fixture
def s3(monkeypatch):
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)  # moto in this process, not the session's server
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-1")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        yield client


def test_nights_write_the_delta_and_keep_the_base_and_equal_a_rebuild(s3, monkeypatch):
    first = _order(1, "c-1", "2026-11-01", "100")
    rawzone.write_day(s3, BUCKET, "order_placed", "2026-11-01", [first, _order(2, "c-2", "2026-11-01", "50")])
    rawzone.write_day(s3, BUCKET, "order_placed", "2026-11-02", [_order(3, "c-1", "2026-11-02", "30")])
    time.sleep(1.1)
    purchases.update(s3, BUCKET)  # the first run: everything goes into the base
    base = _etag(s3, purchases.ROWS)
    monkeypatch.setattr(carried, "MERGE_SHARE", 10.0)  # a few rows here would be a large share of the base

    _arrive(s3, [_order(4, "c-3", "2026-11-03", "70")])  # the night of the 3rd: its batches pending
    rows, read = purchases.update(s3, BUCKET)
    assert read["sources_read"] == 1 and _etag(s3, purchases.ROWS) == base

    rawzone.compact(s3, BUCKET, before="2026-11-04")  # the next night: the 3rd compacted, the 4th's batches
    _arrive(s3, [_order(5, "c-2", "2026-11-04", "20"), _cancel(6, first, "2026-11-04")])
    rows, read = purchases.update(s3, BUCKET)
    assert read["sources_read"] == 3 and _etag(s3, purchases.ROWS) == base  # the 3rd compacted; the 4th's two
    night = _purchases(rows)
    assert list(night["customer_id"]) == ["c-1", "c-2", "c-2", "c-3"]  # c-1's cancelled first order is gone

    monkeypatch.setattr(carried, "MERGE_SHARE", 0.0)  # the delta has outgrown the base: merged
    _arrive(s3, [_order(7, "c-4", "2026-11-04", "10")])
    rows, _ = purchases.update(s3, BUCKET)
    assert _etag(s3, purchases.ROWS) != base
    delta = rawzone.pq.read_table(rawzone.io.BytesIO(s3.get_object(Bucket=BUCKET, Key=purchases.DELTA)["Body"].read()))
    assert set(delta["source"].to_pylist()) == {"order_placed/2026-11-04", "order_cancelled/2026-11-04"}  # pending

    rebuilt, _ = purchases.update(s3, BUCKET, rebuild=True)
    pd.testing.assert_frame_equal(_purchases(rows), _purchases(rebuilt))
    assert len(_purchases(rows)) == 5
