"""The jobs about how customers reach us and how we serve them (entry points in lambdas.py): channel preference,
lifecycle stage and service analysis. Each reads the raw zone, writes curated Parquet (partitioned by run date,
Athena tables in template.yaml) and, for the first two, the customers' FIGURES where they moved."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analytics_jobs import raw
from analytics_jobs.handlers import _put_parquet, _today, _write_figures
from crm.aws import client
from crm.config import required

RATE_FIELDS = [f"share_{c}" for c in ("email", "sms", "phone", "chat", "in_person")] + [
    f"response_{c}" for c in ("email", "sms", "phone")
]


def run_channels(as_of: pd.Timestamp | None = None, s3: Any = None) -> dict[str, Any]:
    """Daily: inbound share and response rate per channel, and the best channel to reach each customer."""
    from analytics_jobs import channels
    from analytics_jobs.writeback import Tolerance

    s3 = s3 or client("s3")
    bucket, as_of = required("ANALYTICS_BUCKET"), as_of or _today()
    interactions = raw.events(s3, bucket, "interaction")
    clicks = raw.events(s3, bucket, "campaign_click")
    if len(clicks):
        clicks = clicks[~clicks["automated"].fillna(False).astype(bool)][["customer_id", "at"]]
    result = channels.run(interactions, clicks, as_of)
    day = as_of.date().isoformat()
    _put_parquet(s3, bucket, f"curated/channel_preference/run_date={day}/channel_preference.parquet", result)
    written = 0
    if len(result):
        figures = channels.figures(result)
        moved = {field: Tolerance(absolute=0.05) for field in RATE_FIELDS}
        written = _write_figures(s3, bucket, "channels", figures, moved)
    best = result.drop_duplicates("customer_id")["best_channel"].value_counts() if len(result) else pd.Series()
    return {
        "customers": int(result["customer_id"].nunique()) if len(result) else 0,
        "figures_written": written,
        "best_channels": {str(k): int(v) for k, v in best.items()},
    }


def _customers(s3: Any, bucket: str) -> pd.DataFrame:
    created = raw.events(s3, bucket, "customer_created")
    if not len(created):
        return pd.DataFrame({"customer_id": pd.Series(dtype=str), "created_at": pd.Series(dtype="datetime64[ns]")})
    return created.rename(columns={"at": "created_at"})[["customer_id", "created_at"]]


def run_lifecycle(as_of: pd.Timestamp | None = None, period_days: int = 30, s3: Any = None) -> dict[str, Any]:
    """Daily: each customer's lifecycle stage now and a period ago, the movements between them; the stage on
    each customer's FIGURES."""
    from analytics_jobs import history, lifecycle
    from crm.suppliers.public import fx_rates

    s3 = s3 or client("s3")
    bucket, as_of = required("ANALYTICS_BUCKET"), as_of or _today()
    orders = history.transactions(s3, bucket, fx_rates())[["customer_id", "ordered_at"]]
    per, moved = lifecycle.run(_customers(s3, bucket), orders, as_of, period_days)
    day = as_of.date().isoformat()
    _put_parquet(s3, bucket, f"curated/lifecycle/run_date={day}/lifecycle.parquet", per)
    _put_parquet(s3, bucket, f"curated/lifecycle_movements/run_date={day}/lifecycle_movements.parquet", moved)
    figures = per[["customer_id", "stage"]].rename(columns={"stage": "lifecycle_stage"}).astype(str)
    written = _write_figures(s3, bucket, "lifecycle", figures) if len(figures) else 0
    return {
        "customers": int(len(per)),
        "figures_written": written,
        "moved": int(moved.loc[moved["moved"], "customers"].sum()) if len(moved) else 0,
        "stages": {str(k): int(v) for k, v in per["stage"].value_counts().items()},
    }


def run_service(as_of: pd.Timestamp | None = None, days: int = 90, s3: Any = None) -> dict[str, Any]:
    """Daily: service figures per case and by priority, category, team and agent over the last `days`."""
    from analytics_jobs import service_analysis
    from crm.cases.public import team_of

    s3 = s3 or client("s3")
    bucket, as_of = required("ANALYTICS_BUCKET"), as_of or _today()
    answers = raw.events(s3, bucket, "survey_answer")
    if not len(answers):
        answers = pd.DataFrame(columns=["survey", "case_id", "customer_id", "score", "at"])
    per_case, by_cut = service_analysis.run(raw.events(s3, bucket, "case"), answers, as_of, days, team_of)
    day = as_of.date().isoformat()
    _put_parquet(s3, bucket, f"curated/service_cases/run_date={day}/service_cases.parquet", per_case)
    _put_parquet(s3, bucket, f"curated/service_summary/run_date={day}/service_summary.parquet", by_cut)
    overall = by_cut[by_cut["cut"] == "all"].iloc[0].to_dict() if len(by_cut) else {}
    return {
        "cases": int(len(per_case)),
        "rows": int(len(by_cut)),
        "overall": {k: (None if v != v else round(float(v), 3)) for k, v in overall.items() if k not in _TEXT},
    }


_TEXT = ("cut", "value", "period_start", "period_end")
