"""The managers' report as a manager receives it: SES raw MIME with the HTML, five inline PNG charts it
references by Content-ID, and CSV attachments whose figures are the curated aggregates; the same mail kept as
.eml and browser-ready .html files and in the reports bucket; its figures also reach the console's managers'
dashboard (GET /analytics/dashboard) as the snapshot the job keeps."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import boto3
import pandas as pd
import pytest

from analytics_jobs import handlers
from analytics_jobs.report import CHARTS, latest, period_bounds
from infra import seed as demo
from infra.functions import run_scheduled
from tests.support import ses_outbox


def _csv(msg, name: str) -> list[dict[str, str]]:
    part = next(p for p in msg.iter_attachments() if p.get_filename() == f"{name}.csv")
    return list(csv.DictReader(io.StringIO(part.get_content())))


def _rename_customer(api, top: str, name: str) -> str:
    c = api("GET", f"/customers/{top}").json
    body = {"name": name} if c["kind"] == "company" else {"first_name": name}
    r = api("PATCH", f"/customers/{top}", body, role="manager", headers={"If-Match": f'"{c["version"]}"'})
    assert r.status_code == 200, r.json
    return top


def _rename_a_supplier(api, name: str) -> str:
    s = api("GET", "/suppliers?limit=1", role="purchasing").json["items"][0]
    r = api("PATCH", f"/suppliers/{s['supplier_id']}", {"name": name, "version": s["version"]}, role="purchasing")
    assert r.status_code == 200, r.json
    return str(s["supplier_id"])


def test_weekly_and_monthly_reports(api, aws, tmp_path, monkeypatch):
    stack = aws["stack"]
    bucket = stack.physical("AnalyticsBucket")
    s3 = boto3.client("s3")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for o in page.get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=o["Key"])
    demo.seed(40)
    today = date.today()
    handlers.run_rfm(
        pd.Timestamp(today - timedelta(days=8)), write_figures=False
    )  # the run a week ago, for segment movements
    for job in (
        handlers.run_rfm,
        handlers.run_ltv,
        handlers.run_trends,
        handlers.run_churn,
        handlers.run_basket,
        handlers.run_price_effect,
        handlers.run_campaigns,
    ):
        job()
    monkeypatch.setenv("MAIL_OUTBOX_DIR", str(tmp_path))
    monkeypatch.setenv("REPORT_RECIPIENTS", "Board@Example.com, ")
    before = len(ses_outbox())

    result = run_scheduled(stack, "ReportJobFunction", "Weekly")  # the schedule's Input {"period": "weekly"}
    assert result["period"] == "weekly" and len(ses_outbox()) == before + 1
    msg = ses_outbox()[-1]
    start, end, prev_start, prev_end = period_bounds("weekly", today)
    assert msg["Subject"] == f"CRM weekly report: {start} to {end}"
    assert {"board@example.com", "manager@crm.local"} <= {a.strip() for a in msg["To"].split(",")}
    assert msg.get_content_type() == "multipart/mixed"

    html_part = msg.get_body(preferencelist=("html",))
    page = html_part.get_content()
    related = msg.get_body(preferencelist=("related",))
    images = {
        p["Content-ID"].strip("<>"): p.get_content()
        for p in related.iter_parts()
        if p.get_content_type() == "image/png"
    }
    assert set(images) == set(CHARTS)
    for cid, png in images.items():
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000 and f"cid:{cid}" in page

    # figures: the headline against the order lines, the CSVs against the curated tables
    _, lines = latest(s3, bucket, "order_lines", today)
    d = lines["ordered_at"].dt.date
    revenue = lines.loc[(d >= start) & (d <= end), "net"].sum()
    assert f"Revenue {revenue:,.2f} EUR" in msg.get_body(preferencelist=("plain",)).get_content()
    assert f"{revenue:,.2f}" in page
    _, monthly = latest(s3, bucket, "trends", today)
    expected = monthly.groupby("month")["revenue"].sum().tail(15)
    got = {r["month"]: float(r["revenue"]) for r in _csv(msg, "revenue_by_month")}
    assert list(got) == list(expected.index) and list(got.values()) == pytest.approx(list(expected.values))
    _, value = latest(s3, bucket, "customer_value", today)
    risky = value[value["at_risk_high_value"]].sort_values("contribution", ascending=False).head(15)
    assert [r["customer_id"] for r in _csv(msg, "at_risk_customers")] == list(risky["customer_id"])
    segs = {r["segment"]: (int(r["now"]), int(r["before"])) for r in _csv(msg, "segments")}
    rfm_now_run, rfm_now = latest(s3, bucket, "rfm", today)
    assert {k: v[0] for k, v in segs.items()} == rfm_now["segment"].value_counts().to_dict()
    assert sum(v[1] for v in segs.values()) > 0  # the run a week ago is the comparison
    suppliers = _csv(msg, "suppliers")
    assert suppliers and all(0 <= float(s["otif_pct"]) <= 100 for s in suppliers)
    assert [float(s["otif_pct"]) for s in suppliers] == sorted(float(s["otif_pct"]) for s in suppliers)
    assert {p["partner_id"] for p in _csv(msg, "partners")} >= {"P-DEMO-1"}

    files = sorted(tmp_path.iterdir())
    assert [f.suffix for f in files] == [".eml", ".html"]
    assert files[0].read_bytes() == msg.as_bytes() or b"CRM weekly report" in files[0].read_bytes()
    assert files[1].read_text().count("data:image/png;base64,") == len(CHARTS)
    kept = (
        boto3.client("s3")
        .get_object(Bucket=stack.physical("ReportsBucket"), Key=f"reports/weekly/{today}/report.eml")["Body"]
        .read()
    )
    assert b"CRM weekly report" in kept

    # the console's dashboard: the same figures through the API, each table naming its job run
    board = api("GET", "/analytics/dashboard", role="manager").json
    assert board["period"] == "weekly" and board["runs"]["rfm"] == rfm_now_run
    assert board["headline"]["revenue"] == pytest.approx(revenue)
    assert [r["customer_id"] for r in board["tables"]["at_risk_customers"]] == list(risky["customer_id"])
    assert {r["segment"]: r["now"] for r in board["tables"]["segments"]} == {k: v[0] for k, v in segs.items()}
    assert [m["month"] for m in board["tables"]["revenue_by_month"]] == list(expected.index)
    assert board["tables"]["forecast"] and all(
        f["low"] <= f["revenue"] <= f["high"] for f in board["tables"]["forecast"]
    )
    bands = board["tables"]["clv_bands"]
    assert sum(b["customers"] for b in bands) > 0 and [b["band"] for b in bands] == ["low", "medium", "high", "top"]
    assert api("GET", "/analytics/dashboard", role="sales").status_code == 403
    _insights(board["tables"], board["runs"], s3, bucket, today, rfm_now)

    run_scheduled(stack, "ReportJobFunction", "Monthly")
    monthly_mail = ses_outbox()[-1]
    first, _, _, _ = period_bounds("monthly", today)
    assert monthly_mail["Subject"] == f"CRM monthly report: {first:%B %Y}"
    _formulas_stay_text(api, stack, msg)  # msg: the weekly mail


def _insights(tables, runs, s3, bucket, today, rfm_now) -> None:
    """The dashboard's analytical findings equal the jobs' curated Parquet, each naming its run."""
    spent = rfm_now.groupby("segment")["monetary"].sum()
    assert {r["segment"]: r["revenue"] for r in tables["segments"]} == pytest.approx(spent.to_dict(), abs=0.01)
    grid = {(c["r_score"], c["fm_score"]): c for c in tables["rfm_grid"]}
    assert sum(c["customers"] for c in grid.values()) == len(rfm_now)
    for (r, fm), cell in grid.items():
        members = rfm_now[(rfm_now["r_score"] == r) & (rfm_now["fm_score"] == fm)]
        assert cell["customers"] == len(members) and {cell["segment"]} == set(members["segment"])
    run, season = latest(s3, bucket, "seasonality", today)
    assert runs["seasonality"] == run and len(tables["seasonality"]) == len(season) > 0
    assert [m["calendar_month"] for m in tables["seasonality"]] == sorted(season["calendar_month"])
    _, rules = latest(s3, bucket, "basket_rules", today)
    strongest = rules[rules["lift"] > 1].sort_values(["lift", "confidence"], ascending=False).head(15)
    shown = [(r["antecedent"], r["consequent"]) for r in tables["basket_rules"]]
    assert shown and shown == list(zip(strongest["antecedent"], strongest["consequent"], strict=True))
    _, nxt = latest(s3, bucket, "next_product", today)
    cover = {r["basis"]: r["customers"] for r in tables["next_product_coverage"]}
    assert cover == {"rule": int(nxt["confidence"].notna().sum()), "popular": int(nxt["confidence"].isna().sum())}
    _, effects = latest(s3, bucket, "price_effect", today)
    priced = tables["price_effects"]
    assert {p["sku"] for p in priced} == set(effects[effects["uplift"].notna() | effects["elasticity"].notna()]["sku"])
    assert any(p["uplift"] is not None for p in priced)
    for p in priced:
        if p["uplift"] is not None:
            assert p["uplift_low"] <= p["uplift"] <= p["uplift_high"]
    (campaign,) = tables["campaign_uplift"]
    assert campaign["name"] == "Spring offer" and campaign["holdout"] > 0 and runs["campaign_effect"]
    _, camp = latest(s3, bucket, "campaign_effect", today)
    assert campaign["conversion_uplift_pts"] == pytest.approx(camp["conversion_uplift_pts"].iloc[0], abs=1e-3)


def _formulas_stay_text(api, stack, weekly) -> None:
    """OWASP CSV injection: a supplier (or an at-risk customer, when the demo has one) named like a formula must
    not run when a manager opens the report's CSV; the cell reads back as text."""
    formula = '=HYPERLINK("http://x","y")'
    risky = _csv(weekly, "at_risk_customers")
    customer_id = _rename_customer(api, risky[0]["customer_id"], formula) if risky else None
    supplier_id = _rename_a_supplier(api, formula)
    run_scheduled(stack, "ReportJobFunction", "Weekly")
    msg = ses_outbox()[-1]
    assert next(r["name"] for r in _csv(msg, "suppliers") if r["supplier_id"] == supplier_id) == "'" + formula
    if customer_id:
        named = next(r["name"] for r in _csv(msg, "at_risk_customers") if r["customer_id"] == customer_id)
        assert named == "'" + formula
