"""The managers' report: weekly or monthly, one HTML email with inline PNG charts and CSV attachments, sent by
SES as raw MIME to the Cognito group `manager` and the REPORT_RECIPIENTS list; kept in the reports bucket (and,
locally, the emulated SES's outbox keeps it as .eml and .html files a person can open). Charts, bodies and MIME
are in report_render.py.

Contents, each from where the figure is kept:
- headline: revenue, orders, customers and new customers in the period vs the period before (order lines of
  the curated zone, EUR);
- revenue trend: the last 15 complete months and the forecast with its 80 % interval (trends job);
- segment movements: customers per RFM segment now vs the run a period ago, and who moved where (RFM runs);
- at-risk high-value customers: churn risk >= 0.5 and contribution in the top 30 % (churn job), with CLV (LTV
  job) and name (the customer item, one BatchGet);
- supplier scorecard highlights: OTIF, defects and trend per supplier (SRM scorecards);
- partner contribution: attributed revenue in the period (PRM ranking);
- seasonality, basket rules and next-product coverage, price-cut effects, campaign uplift (report_insights.py).
Periods: weekly = the seven days before the as-of date; monthly = the calendar month before it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd

from analytics_jobs.report_insights import insights
from crm.aws import client
from crm.config import env, get_settings, required

CHARTS = ("revenue", "segments", "at_risk", "suppliers", "partners")
BANDS = ("low", "medium", "high", "top")  # the LTV job's bands, lowest first


@dataclass
class Report:
    period: str
    start: date  # inclusive
    end: date  # inclusive
    headline: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    notes: list[str] = field(default_factory=list)
    runs: dict[str, str | None] = field(default_factory=dict)  # table -> the run date its figures come from

    @property
    def title(self) -> str:
        label = self.start.strftime("%B %Y") if self.period == "monthly" else f"{self.start} to {self.end}"
        return f"CRM {self.period} report: {label}"


def period_bounds(period: str, as_of: date) -> tuple[date, date, date, date]:
    """(start, end, previous start, previous end), ends inclusive."""
    if period == "weekly":
        end = as_of - timedelta(days=1)
        return end - timedelta(days=6), end, end - timedelta(days=13), end - timedelta(days=7)
    if period == "monthly":
        end = as_of.replace(day=1) - timedelta(days=1)
        start = end.replace(day=1)
        prev_end = start - timedelta(days=1)
        return start, end, prev_end.replace(day=1), prev_end
    raise ValueError(f"period must be weekly or monthly, not {period!r}")


# ----------------------------------------------------------------- reading the curated zone


def _runs(s3: Any, bucket: str, table: str) -> list[str]:
    out = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"curated/{table}/run_date="):
        for o in page.get("Contents", []):
            out.add(o["Key"].split("run_date=")[1].split("/")[0])
    return sorted(out)


def _read(s3: Any, bucket: str, table: str, run: str) -> pd.DataFrame:
    key = f"curated/{table}/run_date={run}/{table}.parquet"
    return pd.read_parquet(io.BytesIO(s3.get_object(Bucket=bucket, Key=key)["Body"].read()))


def latest(s3: Any, bucket: str, table: str, on_or_before: date) -> tuple[str | None, pd.DataFrame]:
    runs = [r for r in _runs(s3, bucket, table) if r <= on_or_before.isoformat()]
    return (runs[-1], _read(s3, bucket, table, runs[-1])) if runs else (None, pd.DataFrame())


# ----------------------------------------------------------------- figures


def headline(lines: pd.DataFrame, start: date, end: date, prev_start: date, prev_end: date) -> dict[str, Any]:
    day = lines["ordered_at"].dt.date
    first = lines.groupby("customer_id")["ordered_at"].transform("min").dt.date

    def figures(a: date, b: date) -> dict[str, float]:
        m = (day >= a) & (day <= b)
        return {
            "revenue": round(float(lines.loc[m, "net"].sum()), 2),
            "orders": int(lines.loc[m, "order_id"].nunique()),
            "customers": int(lines.loc[m, "customer_id"].nunique()),
            "new_customers": int(lines.loc[m & (first >= a) & (first <= b), "customer_id"].nunique()),
        }

    now, before = figures(start, end), figures(prev_start, prev_end)
    change = {f"{k}_change_pct": (round((now[k] - before[k]) / before[k] * 100, 1) if before[k] else None) for k in now}
    return {**now, **{f"previous_{k}": v for k, v in before.items()}, **change}


def segment_movements(now: pd.DataFrame, before: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(counts per segment now and before, moves from -> to with customers) — customers new since the earlier
    run come from "(new)"."""
    counts = pd.DataFrame({"now": now["segment"].value_counts()})
    counts["before"] = before["segment"].value_counts() if len(before) else 0
    counts = counts.fillna(0).astype(int).rename_axis("segment").reset_index()
    if "monetary" in now:  # what each segment's customers have spent, all time (EUR)
        spent = now.groupby("segment")["monetary"].sum()
        counts["revenue"] = counts["segment"].map(spent).astype(float).round(2)
    if not len(before):
        return counts, pd.DataFrame(columns=["from_segment", "to_segment", "customers"])
    m = now[["customer_id", "segment"]].merge(
        before[["customer_id", "segment"]], on="customer_id", how="left", suffixes=("", "_before")
    )
    m["segment_before"] = m["segment_before"].fillna("(new)")
    moved = m[m["segment"] != m["segment_before"]]
    moves = moved.groupby(["segment_before", "segment"]).size().rename("customers").reset_index()
    moves = moves.rename(columns={"segment_before": "from_segment", "segment": "to_segment"})
    return counts, moves.sort_values("customers", ascending=False, ignore_index=True)


def at_risk(value: pd.DataFrame, ltv: pd.DataFrame, names: dict[str, str], limit: int = 15) -> pd.DataFrame:
    cols = ["customer_id", "name", "churn_risk", "contribution", "revenue", "last_order_at", "clv"]
    if not len(value):
        return pd.DataFrame(columns=cols)
    r = value[value["at_risk_high_value"]].sort_values("contribution", ascending=False).head(limit)
    clv = ltv.set_index("customer_id")["predicted_clv"] if len(ltv) else pd.Series(dtype=float)
    r = r.assign(name=r["customer_id"].map(names).fillna(""), clv=r["customer_id"].map(clv))
    return r[cols].reset_index(drop=True)


# ----------------------------------------------------------------- assembling, sending


def _segments(rfm_now: pd.DataFrame, rfm_before: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    if len(rfm_now):
        return segment_movements(rfm_now, rfm_before)
    return (
        pd.DataFrame(columns=["segment", "now", "before", "revenue"]),
        pd.DataFrame(columns=["from_segment", "to_segment", "customers"]),
    )


SUPPLIER_COLUMNS = [
    "supplier_id",
    "name",
    "deliveries",
    "otif_pct",
    "defect_ppm",
    "lead_time_mean_days",
    "spend_eur",
    "otif_trend",
]


def supplier_highlights() -> pd.DataFrame:
    """Every supplier with deliveries in the last four quarters, weakest OTIF first (SRM scorecards)."""
    from crm.suppliers.public import list_suppliers, scorecard

    rows = []
    for s in list_suppliers(100, None).items:
        card = scorecard(s.supplier_id)
        w = card.window
        if w.deliveries:
            rows.append(
                [
                    s.supplier_id,
                    s.name,
                    w.deliveries,
                    w.otif_pct,
                    w.defect_ppm,
                    w.lead_time_mean_days,
                    w.spend,
                    card.otif_trend,
                ]
            )
    sup = pd.DataFrame(rows, columns=SUPPLIER_COLUMNS)
    return sup.sort_values("otif_pct", key=lambda c: c.astype(float), ignore_index=True)


def partner_contribution(start: date, end: date) -> pd.DataFrame:
    from crm.partners.public import ranking

    rows = [r.model_dump() for r in ranking(start, end).partners]
    return pd.DataFrame(rows, columns=["rank", "partner_id", "name", "tier", "revenue_eur", "orders"])


def clv_bands(ltv: pd.DataFrame) -> pd.DataFrame:
    """Customers and predicted CLV per band (LTV job)."""
    if not len(ltv):
        return pd.DataFrame(columns=["band", "customers", "clv"])
    g = ltv.groupby("clv_band", observed=True)["predicted_clv"].agg(["size", "sum"])
    g = g.reindex([b for b in BANDS if b in g.index]).reset_index()
    return g.set_axis(["band", "customers", "clv"], axis=1).round(2)


def customer_names(ids: list[str]) -> dict[str, str]:
    from crm.customers.public import customer_names as names

    return names(ids)


def build(period: str, as_of: date, s3: Any, bucket: str) -> Report:
    start, end, prev_start, prev_end = period_bounds(period, as_of)
    notes: list[str] = []
    runs: dict[str, str | None] = {}
    runs["order_lines"], lines = latest(s3, bucket, "order_lines", as_of)
    runs["trends"], monthly = latest(s3, bucket, "trends", as_of)
    runs["forecast"], fc = latest(s3, bucket, "forecast", as_of)
    run_now, rfm_now = latest(s3, bucket, "rfm", as_of)
    run_before, rfm_before = latest(s3, bucket, "rfm", start - timedelta(days=1))
    runs["rfm"] = run_now
    if run_before is None:
        notes.append("No RFM run from before the period: segment movements start with this one.")
    runs["customer_value"], value = latest(s3, bucket, "customer_value", as_of)
    runs["ltv"], ltv = latest(s3, bucket, "ltv", as_of)
    head: dict[str, Any] = (
        headline(lines, start, end, prev_start, prev_end)
        if len(lines)
        else {k: 0 for k in ("revenue", "orders", "customers", "new_customers")}
    )
    head.update(previous_start=prev_start.isoformat(), previous_end=prev_end.isoformat())
    by_month = (
        monthly.groupby("month", as_index=False)[["revenue", "orders"]].sum().tail(15)
        if len(monthly)
        else pd.DataFrame(columns=["month", "revenue", "orders"])
    )
    counts, moves = _segments(rfm_now, rfm_before)
    risky = value[value["at_risk_high_value"]]["customer_id"].tolist() if len(value) else []
    tables = {
        "revenue_by_month": by_month,
        "forecast": fc.round(2) if len(fc) else fc,
        "segments": counts,
        "segment_movements": moves,
        "at_risk_customers": at_risk(value, ltv, customer_names(risky)),
        "suppliers": supplier_highlights(),
        "partners": partner_contribution(start, end),
        "clv_bands": clv_bands(ltv),
    }
    found, found_runs = insights(lambda table, day: latest(s3, bucket, table, day), as_of, rfm_now)
    tables.update(found)
    runs.update(found_runs)
    if run_now:
        notes.append(
            f"Segments as of the RFM run of {run_now}" + (f", compared with {run_before}." if run_before else ".")
        )
    return Report(period, start, end, head, tables, notes, runs)


def recipients() -> list[str]:
    """Members of the Cognito group `manager` plus the REPORT_RECIPIENTS subscription list (comma separated)."""

    out = [a.strip() for a in env("REPORT_RECIPIENTS").split(",") if a.strip()]
    pool = get_settings().user_pool_id
    if pool:
        idp = client("cognito-idp")
        for page in idp.get_paginator("list_users_in_group").paginate(UserPoolId=pool, GroupName="manager"):
            for u in page["Users"]:
                email = next((a["Value"] for a in u.get("Attributes", []) if a["Name"] == "email"), None)
                if email and u.get("Enabled", True):
                    out.append(email)
    return sorted(dict.fromkeys(a.lower() for a in out))


def run(period: str, as_of: date | None = None, s3: Any = None) -> dict[str, Any]:

    s3 = s3 or client("s3")
    as_of = as_of or datetime.now(UTC).date()
    rep = build(period, as_of, s3, required("ANALYTICS_BUCKET"))
    from analytics_jobs.report_render import charts, mime, render_html

    images = charts(rep)
    from analytics_jobs.report_snapshot import keep_snapshot

    keep_snapshot(rep, as_of, s3)
    to = recipients()
    sender = env("REPORT_FROM") or env("MAIL_FROM", "reports@crm.example")
    msg = mime(rep, sender, to or ["nobody@crm.example"], images)
    raw = msg.as_bytes()
    base = f"reports/{period}/{as_of.isoformat()}"
    reports = env("REPORTS_BUCKET")
    if reports:
        s3.put_object(Bucket=reports, Key=f"{base}/report.eml", Body=raw, ServerSideEncryption="aws:kms")
        s3.put_object(
            Bucket=reports,
            Key=f"{base}/report.html",
            Body=render_html(rep).encode(),
            ServerSideEncryption="aws:kms",
            ContentType="text/html",
        )
    message_id = None
    if to:
        message_id = client("sesv2").send_email(
            FromEmailAddress=sender, Destination={"ToAddresses": to}, Content={"Raw": {"Data": raw}}
        )["MessageId"]
    return {
        "period": period,
        "from": rep.start.isoformat(),
        "to": rep.end.isoformat(),
        "recipients": to,
        "message_id": message_id,
        "revenue": rep.headline["revenue"],
        "stored": [f"s3://{reports}/{base}/report.eml", f"s3://{reports}/{base}/report.html"] if reports else [],
        "at_risk_customers": int(len(rep.tables["at_risk_customers"])),
    }
