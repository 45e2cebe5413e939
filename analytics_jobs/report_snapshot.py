"""The report's figures as JSON for the console's managers' dashboard: the same tables the emailed report holds,
with the run each comes from, kept in the reports bucket as `dashboard/latest.json` (and one copy per report).
The API reads that one object (crm.dashboard); it never imports pandas."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd

from analytics_jobs.report import Report
from crm.config import env


def _cell(v: Any) -> Any:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp | datetime | date):
        return v.isoformat()
    if isinstance(v, Decimal):  # SRM and PRM figures, exact: kept as the API writes them
        return str(v)
    if hasattr(v, "item"):  # numpy scalars
        return _cell(v.item())
    return v


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _cell(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def snapshot(rep: Report) -> dict[str, Any]:
    return {
        "period": rep.period,
        "start": rep.start.isoformat(),
        "end": rep.end.isoformat(),
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": rep.runs,
        "notes": rep.notes,
        "headline": {k: _cell(v) for k, v in rep.headline.items()},
        "tables": {name: records(df) for name, df in rep.tables.items()},
    }


def keep_snapshot(rep: Report, as_of: date, s3: Any) -> None:
    bucket = env("REPORTS_BUCKET")
    if not bucket:
        return
    body = json.dumps(snapshot(rep), allow_nan=False).encode()
    for key in (f"dashboard/{rep.period}/{as_of.isoformat()}.json", "dashboard/latest.json"):
        s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/json", ServerSideEncryption="aws:kms")
