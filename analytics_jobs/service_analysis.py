"""Service analysis: first response and resolution against the SLA, first-contact resolution, CSAT and NPS, by
priority, category, team and agent.

`python -m analytics_jobs.service_analysis --cases FILE --answers FILE --as-of DATE [--days N] --out DIR` writes
DIR/service_cases.parquet (one row per case, every case) and DIR/service_summary.parquet (one row per cut and
value, over the cases opened in the last N days, default 90), and prints the summary.

- A case is its latest snapshot in the raw zone (`case` events; the case service writes the SLA deadlines and
  breach flags on business hours, so "within SLA" here is what the agents saw: answered or resolved and not
  breached). Times are wall-clock: first response in minutes, resolution in hours, medians per cut.
- First-contact resolution: a resolved case that was never reopened and never waited on the customer (pending):
  the first exchange settled it.
- CSAT: the mean of the case's CSAT answers (1-5); per cut, the mean over its answered cases and their count.
- NPS: promoters (9-10) minus detractors (0-6), in percent of answers. An NPS answer belongs to the cuts of the
  customer's latest case opened within `NPS_CASE_DAYS` (90) before it; answers from customers without such a case
  count in "all" only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

CUTS = ("priority", "category", "team", "agent")
NPS_CASE_DAYS = 90
DAYS = 90
RESOLVED = ("resolved", "closed")


def _when(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True, format="ISO8601").dt.tz_localize(None).astype("datetime64[ns]")


def cases(events: pd.DataFrame, answers: pd.DataFrame, team_of: object = None) -> pd.DataFrame:
    """The latest snapshot of each case with its times, SLA outcomes, FCR and CSAT."""
    df = events.sort_values("at").drop_duplicates("case_id", keep="last").copy()
    if callable(team_of):
        df["team"] = [team_of(t, c, ch) for t, c, ch in zip(df["team"], df["category"], df["channel"], strict=True)]
    df["agent"] = df["owner"].fillna("unassigned")
    for column in ("created_at", "first_responded_at", "resolved_at"):
        df[column] = _when(df[column])
    df["responded"] = df["first_responded_at"].notna()
    df["resolved"] = df["status"].isin(RESOLVED) & df["resolved_at"].notna()
    df["first_response_minutes"] = (df["first_responded_at"] - df["created_at"]).dt.total_seconds() / 60
    df["resolution_hours"] = (df["resolved_at"] - df["created_at"]).dt.total_seconds() / 3600
    breached_fr = df["first_response_breached"].fillna(False).astype(bool)
    breached_res = df["resolution_breached"].fillna(False).astype(bool)
    df["first_response_within_sla"] = np.where(df["responded"] | breached_fr, df["responded"] & ~breached_fr, np.nan)
    df["resolution_within_sla"] = np.where(df["resolved"] | breached_res, df["resolved"] & ~breached_res, np.nan)
    reopened = df["reopened"].fillna(0).astype(int)
    waited = df["waited_on_customer"].fillna(False).astype(bool)
    df["first_contact_resolution"] = np.where(df["resolved"], (reopened == 0) & ~waited, np.nan)
    csat = answers[(answers["survey"] == "csat") & answers["case_id"].notna()].groupby("case_id")["score"].mean()
    df["csat"] = df["case_id"].map(csat)
    keep = [
        "case_id",
        "customer_id",
        "channel",
        "priority",
        "category",
        "team",
        "agent",
        "status",
        "created_at",
        "first_response_minutes",
        "resolution_hours",
        "first_response_within_sla",
        "resolution_within_sla",
        "first_contact_resolution",
        "csat",
    ]
    return df[keep].sort_values("created_at", ignore_index=True)


def nps_answers(answers: pd.DataFrame, per_case: pd.DataFrame) -> pd.DataFrame:
    """NPS answers with the cuts of the customer's latest case opened within NPS_CASE_DAYS before each."""
    nps = answers[answers["survey"] == "nps"][["customer_id", "at", "score"]].dropna(subset=["customer_id"])
    nps = nps.assign(at=nps["at"].astype("datetime64[ns]"))
    if not len(nps):
        return pd.DataFrame(columns=["customer_id", "at", "score", *CUTS])
    joined = pd.merge_asof(
        nps.sort_values("at"),
        per_case[["customer_id", "created_at", *CUTS]].sort_values("created_at"),
        left_on="at",
        right_on="created_at",
        by="customer_id",
        direction="backward",
        tolerance=pd.Timedelta(days=NPS_CASE_DAYS),
    )
    return joined[["customer_id", "at", "score", *CUTS]]


def _nps(scores: pd.Series) -> float:
    s = scores.dropna()
    return float(((s >= 9).mean() - (s <= 6).mean()) * 100) if len(s) else np.nan


def _figures(c: pd.DataFrame, n: pd.DataFrame) -> dict[str, float | int]:
    return {
        "cases": len(c),
        "responded": int(c["first_response_minutes"].notna().sum()),
        "first_response_median_minutes": c["first_response_minutes"].median(),
        "first_response_within_sla": c["first_response_within_sla"].mean(),
        "resolved": int(c["resolution_hours"].notna().sum()),
        "resolution_median_hours": c["resolution_hours"].median(),
        "resolution_within_sla": c["resolution_within_sla"].mean(),
        "first_contact_resolution": c["first_contact_resolution"].mean(),
        "csat": c["csat"].mean(),
        "csat_answers": int(c["csat"].notna().sum()),
        "nps": _nps(n["score"]),
        "nps_answers": int(n["score"].notna().sum()),
    }


def summary(per_case: pd.DataFrame, nps: pd.DataFrame, as_of: pd.Timestamp, days: int = DAYS) -> pd.DataFrame:
    """One row per cut and value (and cut "all"), over cases opened and NPS answered in the last `days`."""
    since, end = as_of - pd.Timedelta(days=days), as_of + pd.Timedelta(days=1)
    c = per_case[(per_case["created_at"] >= since) & (per_case["created_at"] < end)]
    n = nps[(nps["at"] >= since) & (nps["at"] < end)]
    rows = [{"cut": "all", "value": "all", **_figures(c, n)}]
    for cut in CUTS:
        for value in sorted(set(c[cut].dropna()) | set(n[cut].dropna())):
            rows.append({"cut": cut, "value": str(value), **_figures(c[c[cut] == value], n[n[cut] == value])})
    out = pd.DataFrame(rows)
    out["period_start"], out["period_end"] = since.normalize(), as_of.normalize()
    return out


def run(
    events: pd.DataFrame, answers: pd.DataFrame, as_of: pd.Timestamp, days: int = DAYS, team_of: object = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per case, summary by cut)."""
    if not len(events):
        return pd.DataFrame(), pd.DataFrame()
    per_case = cases(events, answers, team_of)
    return per_case, summary(per_case, nps_answers(answers, per_case), as_of, days)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analytics_jobs.service_analysis", description="service analysis")
    ap.add_argument("--cases", required=True, help="Parquet of case snapshots (raw zone `case` events)")
    ap.add_argument("--answers", required=True, help="Parquet of survey answers (raw zone `survey_answer` events)")
    ap.add_argument("--as-of", required=True, type=pd.Timestamp)
    ap.add_argument("--days", type=int, default=DAYS)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    events, answers = pd.read_parquet(a.cases), pd.read_parquet(a.answers)
    for df in (events, answers):
        df["at"] = _when(df["at"])
    per_case, by_cut = run(events, answers, a.as_of, a.days)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    per_case.to_parquet(out / "service_cases.parquet", index=False)
    by_cut.to_parquet(out / "service_summary.parquet", index=False)
    print(by_cut.round(2).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
