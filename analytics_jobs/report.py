"""The managers' report: weekly or monthly, one HTML email with inline PNG charts and CSV attachments, sent by
SES as raw MIME to the Cognito group `manager` and the REPORT_RECIPIENTS list; kept in the reports bucket (and,
locally, written as .eml and .html files a person can open).

Contents, each from where the figure is kept:
- headline: revenue, orders, customers and new customers in the period vs the period before (order lines of
  the curated zone, EUR);
- revenue trend: the last 15 complete months and the forecast with its 80 % interval (trends job);
- segment movements: customers per RFM segment now vs the run a period ago, and who moved where (RFM runs);
- at-risk high-value customers: churn risk >= 0.5 and contribution in the top 30 % (churn job), with CLV (LTV
  job) and name (the customer item, one BatchGet);
- supplier scorecard highlights: OTIF, defects and trend per supplier (SRM scorecards);
- partner contribution: attributed revenue in the period (PRM ranking).
Periods: weekly = the seven days before the as-of date; monthly = the calendar month before it.
"""

from __future__ import annotations

import html
import io
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import pandas as pd

CHARTS = ("revenue", "segments", "at_risk", "suppliers", "partners")


@dataclass
class Report:
    period: str
    start: date  # inclusive
    end: date  # inclusive
    headline: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    notes: list[str] = field(default_factory=list)

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


# ----------------------------------------------------------------- charts


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def charts(rep: Report) -> dict[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import StrMethodFormatter

    thousands = StrMethodFormatter("{x:,.0f}")  # 300,000 rather than 300000 or 3e5
    out: dict[str, bytes] = {}
    t, fc = rep.tables["revenue_by_month"], rep.tables["forecast"]
    fig, ax = plt.subplots(figsize=(8, 3.2))
    ax.plot(t["month"], t["revenue"], marker="o", label="revenue (EUR, net)")
    if len(fc):
        ax.plot(fc["month"], fc["revenue"], marker="o", linestyle="--", label="forecast")
        ax.fill_between(fc["month"], fc["low"], fc["high"], alpha=0.2, label="80 % interval")
    ax.set_title("Revenue by month")
    ax.yaxis.set_major_formatter(thousands)
    ax.tick_params(axis="x", rotation=60, labelsize=7)
    ax.legend(fontsize=7)
    out["revenue"] = _png(fig)

    seg = rep.tables["segments"]
    fig, ax = plt.subplots(figsize=(8, 3.2))
    x = range(len(seg))
    ax.bar([i - 0.2 for i in x], seg["before"], width=0.4, label="a period ago")
    ax.bar([i + 0.2 for i in x], seg["now"], width=0.4, label="now")
    ax.set_xticks(list(x), seg["segment"], rotation=45, ha="right", fontsize=7)
    ax.set_title("Customers per RFM segment")
    ax.legend(fontsize=7)
    out["segments"] = _png(fig)

    risk = rep.tables["at_risk_customers"]
    fig, ax = plt.subplots(figsize=(8, 3.2))
    labels = [(n or c)[:28] for n, c in zip(risk["name"], risk["customer_id"], strict=True)]
    ax.barh(labels[::-1], risk["contribution"][::-1], color="#c0392b")
    ax.set_title("At-risk high-value customers: contribution (EUR)")
    ax.xaxis.set_major_formatter(thousands)
    ax.tick_params(axis="y", labelsize=7)
    out["at_risk"] = _png(fig)

    sup = rep.tables["suppliers"]
    fig, ax = plt.subplots(figsize=(8, 3.2))
    ax.bar(sup["name"].str[:18], sup["otif_pct"].astype(float), color="#2e86c1")
    ax.set_ylim(0, 100)
    ax.set_title("Supplier OTIF % (last four quarters)")
    ax.tick_params(axis="x", rotation=30, labelsize=7)
    out["suppliers"] = _png(fig)

    par = rep.tables["partners"]
    fig, ax = plt.subplots(figsize=(8, 3.2))
    ax.bar(par["name"].str[:18], par["revenue_eur"].astype(float), color="#27ae60")
    ax.set_title("Partner-attributed revenue in the period (EUR)")
    ax.yaxis.set_major_formatter(thousands)
    ax.tick_params(axis="x", rotation=30, labelsize=7)
    out["partners"] = _png(fig)
    return out


# ----------------------------------------------------------------- HTML and MIME


def _money(v: Any) -> str:
    return "" if v is None or v != v else f"{float(v):,.2f}"


def _percent(v: Any) -> str:
    return "" if v is None or v != v else f"{float(v) * 100:.1f} %"


def _table(df: pd.DataFrame, money: tuple[str, ...] = (), limit: int = 20, share: tuple[str, ...] = ()) -> str:
    """An HTML table for the mail body; `money` columns as 1,234.56, `share` columns (0..1) as 81.7 %."""
    if not len(df):
        return "<p><em>nothing to show</em></p>"
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for rec in df.head(limit).to_dict("records"):
        shown = {k: _money(v) if k in money else _percent(v) if k in share else str(v) for k, v in rec.items()}
        cells = "".join(f"<td style='padding:2px 8px'>{html.escape(v)}</td>" for v in shown.values())
        rows.append(f"<tr>{cells}</tr>")
    return f"<table style='border-collapse:collapse;font-size:13px'><tr>{head}</tr>{''.join(rows)}</table>"


def render_html(rep: Report) -> str:
    h = rep.headline

    def kpi(label: str, key: str, money: bool = False) -> str:
        ch = h.get(f"{key}_change_pct")
        arrow = "" if ch is None else f" <span style='color:{'#27ae60' if ch >= 0 else '#c0392b'}'>{ch:+.1f} %</span>"
        value = _money(h[key]) if money else f"{h[key]:,}"
        return (
            f"<td style='padding:6px 16px'><div style='font-size:12px;color:#666'>{label}</div>"
            f"<div style='font-size:20px'>{value}{arrow}</div></td>"
        )

    sections = [
        ("Revenue trend", "revenue", _table(rep.tables["forecast"], ("revenue", "low", "high"))),
        ("Segment movements", "segments", _table(rep.tables["segment_movements"])),
        (
            "At-risk high-value customers",
            "at_risk",
            _table(rep.tables["at_risk_customers"], ("contribution", "revenue", "clv"), share=("churn_risk",)),
        ),
        ("Supplier scorecard highlights", "suppliers", _table(rep.tables["suppliers"])),
        ("Partner contribution", "partners", _table(rep.tables["partners"], ("revenue_eur",))),
    ]
    body = "".join(
        f"<h2 style='font-size:16px'>{html.escape(t)}</h2><img src='cid:{cid}' alt='{html.escape(t)}' width='640'>{tbl}"
        for t, cid, tbl in sections
    )
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in rep.notes)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(rep.title)}</title></head>
<body style="font-family:Arial,sans-serif;color:#222">
<h1 style="font-size:20px">{html.escape(rep.title)}</h1>
<p>Net revenue in EUR, {rep.start} to {rep.end}, compared with {h["previous_start"]} to {h["previous_end"]}.</p>
<table><tr>{kpi("Revenue", "revenue", True)}{kpi("Orders", "orders")}{kpi("Customers", "customers")}\
{kpi("New customers", "new_customers")}</tr></table>
{body}
<p style="font-size:12px;color:#666">CSV files with every row are attached.</p>
{f"<ul style='font-size:12px;color:#666'>{notes}</ul>" if notes else ""}
</body></html>"""


def render_text(rep: Report) -> str:
    h = rep.headline
    lines = [
        rep.title,
        "",
        f"Revenue {_money(h['revenue'])} EUR (before {_money(h['previous_revenue'])}), "
        f"orders {h['orders']}, customers {h['customers']}, new customers {h['new_customers']}.",
        "",
        "At-risk high-value customers:",
    ]
    for r in rep.tables["at_risk_customers"].itertuples(index=False):
        who = r.name or r.customer_id
        lines.append(f"  {who}: churn risk {_percent(r.churn_risk)}, contribution {_money(r.contribution)}")
    lines += ["", "Charts are in the HTML part; every table is attached as CSV."]
    return "\n".join(lines)


def mime(rep: Report, sender: str, to: list[str], images: dict[str, bytes]) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, ", ".join(to), rep.title
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain=sender.split("@")[-1])
    msg.set_content(render_text(rep))
    msg.add_alternative(render_html(rep), subtype="html")
    html_part = msg.get_payload()[1]
    for cid, png in images.items():  # multipart/related: the HTML's cid: images travel with it
        html_part.add_related(png, maintype="image", subtype="png", cid=f"<{cid}>", filename=f"{cid}.png")
    for name, df in rep.tables.items():
        msg.add_attachment(df.to_csv(index=False).encode(), maintype="text", subtype="csv", filename=f"{name}.csv")
    return msg


# ----------------------------------------------------------------- assembling, sending


def build(period: str, as_of: date, s3: Any, bucket: str) -> Report:
    from crm.customers.models import Customer
    from crm.partners.contribution import ranking
    from crm.suppliers.public import list_suppliers, scorecard

    start, end, prev_start, prev_end = period_bounds(period, as_of)
    notes: list[str] = []
    _, lines = latest(s3, bucket, "order_lines", as_of)
    _, monthly = latest(s3, bucket, "trends", as_of)
    _, fc = latest(s3, bucket, "forecast", as_of)
    run_now, rfm_now = latest(s3, bucket, "rfm", as_of)
    run_before, rfm_before = latest(s3, bucket, "rfm", start - timedelta(days=1))
    if run_before is None:
        notes.append("No RFM run from before the period: segment movements start with this one.")
    _, value = latest(s3, bucket, "customer_value", as_of)
    _, ltv = latest(s3, bucket, "ltv", as_of)

    head = (
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
    counts, moves = (
        segment_movements(rfm_now, rfm_before)
        if len(rfm_now)
        else (
            pd.DataFrame(columns=["segment", "now", "before"]),
            pd.DataFrame(columns=["from_segment", "to_segment", "customers"]),
        )
    )
    risky = value[value["at_risk_high_value"]]["customer_id"].tolist() if len(value) else []
    names = {c.customer_id: c.name for c in Customer.batch_get([(f"CUST#{cid}", "PROFILE") for cid in risky])}
    suppliers = []
    for s in list_suppliers(100, None).items:
        card = scorecard(s.supplier_id)
        w = card.window
        if w.deliveries:
            suppliers.append(
                {
                    "supplier_id": s.supplier_id,
                    "name": s.name,
                    "deliveries": w.deliveries,
                    "otif_pct": w.otif_pct,
                    "defect_ppm": w.defect_ppm,
                    "lead_time_mean_days": w.lead_time_mean_days,
                    "spend_eur": w.spend,
                    "otif_trend": card.otif_trend,
                }
            )
    sup = pd.DataFrame(
        suppliers,
        columns=[
            "supplier_id",
            "name",
            "deliveries",
            "otif_pct",
            "defect_ppm",
            "lead_time_mean_days",
            "spend_eur",
            "otif_trend",
        ],
    )
    sup = sup.sort_values("otif_pct", key=lambda c: c.astype(float), ignore_index=True)  # weakest first
    par = pd.DataFrame(
        [r.model_dump() for r in ranking(start, end).partners],
        columns=["rank", "partner_id", "name", "tier", "revenue_eur", "orders"],
    )
    tables = {
        "revenue_by_month": by_month,
        "forecast": fc.round(2) if len(fc) else fc,
        "segments": counts,
        "segment_movements": moves,
        "at_risk_customers": at_risk(value, ltv, names),
        "suppliers": sup,
        "partners": par,
    }
    if run_now:
        notes.append(
            f"Segments as of the RFM run of {run_now}" + (f", compared with {run_before}." if run_before else ".")
        )
    return Report(period, start, end, head, tables, notes)


def recipients() -> list[str]:
    """Members of the Cognito group `manager` plus the REPORT_RECIPIENTS subscription list (comma separated)."""
    import boto3

    out = [a.strip() for a in os.environ.get("REPORT_RECIPIENTS", "").split(",") if a.strip()]
    pool = os.environ.get("COGNITO_USER_POOL_ID")
    if pool:
        idp = boto3.client("cognito-idp")
        for page in idp.get_paginator("list_users_in_group").paginate(UserPoolId=pool, GroupName="manager"):
            for u in page["Users"]:
                email = next((a["Value"] for a in u.get("Attributes", []) if a["Name"] == "email"), None)
                if email and u.get("Enabled", True):
                    out.append(email)
    return sorted(dict.fromkeys(a.lower() for a in out))


def run(period: str, as_of: date | None = None, s3: Any = None) -> dict[str, Any]:
    import boto3

    s3 = s3 or boto3.client("s3")
    as_of = as_of or datetime.now(UTC).date()
    rep = build(period, as_of, s3, os.environ["ANALYTICS_BUCKET"])
    images = charts(rep)
    to = recipients()
    sender = os.environ.get("REPORT_FROM") or os.environ.get("MAIL_FROM", "reports@crm.example")
    msg = mime(rep, sender, to or ["nobody@crm.example"], images)
    raw = msg.as_bytes()
    base = f"reports/{period}/{as_of.isoformat()}"
    reports = os.environ.get("REPORTS_BUCKET")
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
        message_id = boto3.client("sesv2").send_email(
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
