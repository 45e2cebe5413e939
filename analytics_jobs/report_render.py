"""The managers' report as people see it: PNG charts, the HTML and plain-text bodies, and the MIME message with
the charts inline and every table attached as CSV."""

from __future__ import annotations

import html
import io
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import pandas as pd

from analytics_jobs.report import Report
from crm.spreadsheet import safe_cell

# ----------------------------------------------------------------- charts


_NONE = pd.DataFrame()  # a section the report was built without


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
    rates = ("first_response_within_sla", "resolution_within_sla", "first_contact_resolution")
    table = rep.tables.get
    plain = [
        ("Service against the SLA (cases opened in the last 90 days)", _table(table("service", _NONE), share=rates)),
        ("Lifecycle movements (last 30 days)", _table(table("lifecycle_movements", _NONE))),
        ("Best channel to reach customers", _table(table("best_channels", _NONE), share=("share",))),
    ]
    body += "".join(f"<h2 style='font-size:16px'>{html.escape(t)}</h2>{tbl}" for t, tbl in plain)
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
    lines += ["", *service_lines(rep.tables.get("service", _NONE))]
    lines += ["", "Charts are in the HTML part; every table is attached as CSV."]
    return "\n".join(lines)


def csv_of(df: pd.DataFrame) -> str:
    """A table as CSV with every text cell through crm.spreadsheet.safe_cell: names come from users."""
    text = df.select_dtypes(include=["object", "string"]).columns
    safe = df.assign(**{c: df[c].map(lambda v: safe_cell(v) if isinstance(v, str) else v) for c in text})
    return safe.to_csv(index=False)


def mime(rep: Report, sender: str, to: list[str], images: dict[str, bytes]) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, ", ".join(to), rep.title
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain=sender.split("@")[-1])
    msg.set_content(render_text(rep))
    msg.add_alternative(render_html(rep), subtype="html")
    html_part = msg.get_body(("html",))
    if html_part is None:  # add_alternative just made it
        raise RuntimeError("the report's HTML part is missing")
    for cid, png in images.items():  # multipart/related: the HTML's cid: images travel with it
        html_part.add_related(png, maintype="image", subtype="png", cid=f"<{cid}>", filename=f"{cid}.png")
    for name, df in rep.tables.items():
        msg.add_attachment(csv_of(df).encode(), maintype="text", subtype="csv", filename=f"{name}.csv")
    return msg


def service_lines(svc: pd.DataFrame) -> list[str]:
    """The service headline in words: overall, then each team."""
    if not len(svc):
        return ["Service: no cases in the last 90 days."]

    def pct(v: Any) -> str:
        return _percent(v) or "–"

    def line(r: Any) -> str:
        csat = "–" if r.csat != r.csat else f"{r.csat:.1f}"
        nps = "–" if r.nps != r.nps else f"{r.nps:+.0f}"
        return (
            f"{r.cases} cases, first response within SLA {pct(r.first_response_within_sla)}, resolution "
            f"within SLA {pct(r.resolution_within_sla)}, first-contact resolution "
            f"{pct(r.first_contact_resolution)}, CSAT {csat}, NPS {nps}"
        )

    rows = list(svc.itertuples(index=False))
    out = [f"Service (last 90 days): {line(r)}." for r in rows if r.cut == "all"]
    out += [f"  {r.value}: {line(r)}" for r in rows if r.cut == "team"]
    return out
