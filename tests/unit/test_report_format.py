"""What a manager reads in the report's HTML and text parts: money with thousands separators, churn risk as a
percentage, every section's table (figures from a hand-built report, no AWS)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd

from analytics_jobs.report import Report
from analytics_jobs.report_render import csv_of, render_html, render_text


def _report() -> Report:
    empty = pd.DataFrame()
    risky = pd.DataFrame(
        {
            "customer_id": ["585c15880202476a", "a3ab838742b54fa0"],
            "name": ["Fernández Medical S.L.", ""],
            "churn_risk": [0.8170523732097232, 0.5],
            "contribution": [12866.61, 8541.17],
            "revenue": [24239.96, 11111.92],
            "last_order_at": ["2026-07-06", "2026-06-26"],
            "clv": [3465.684, float("nan")],
        }
    )
    headline = {
        "revenue": 52277.65,
        "previous_revenue": 22771.0,
        "revenue_change_pct": 129.58,
        "orders": 29,
        "orders_change_pct": -20.8,
        "customers": 27,
        "new_customers": 0,
        "previous_start": date(2026, 11, 11),
        "previous_end": date(2026, 11, 17),
    }
    tables = {
        "forecast": pd.DataFrame({"month": ["2026-11"], "revenue": [141234.5], "low": [90000.0], "high": [192469.0]}),
        "segment_movements": empty,
        "at_risk_customers": risky,
        "suppliers": empty,
        "partners": empty,
        "service": pd.DataFrame(
            {
                "cut": ["all", "team", "team"],
                "value": ["all", "returns", "technical support"],
                "cases": [12, 5, 7],
                "first_response_median_minutes": [42.0, 30.0, 55.5],
                "first_response_within_sla": [0.75, 0.8, 0.7142857],
                "resolution_median_hours": [20.0, 10.0, 30.0],
                "resolution_within_sla": [0.5, 0.6, float("nan")],
                "first_contact_resolution": [0.25, 0.4, 0.1428571],
                "csat": [3.5, 4.25, float("nan")],
                "csat_answers": [6, 4, 0],
                "nps": [20.0, float("nan"), -50.0],
                "nps_answers": [5, 0, 2],
            }
        ),
        "lifecycle_movements": pd.DataFrame(
            {"from_stage": ["repeat", "none"], "to_stage": ["at_risk", "lead"], "customers": [4, 2]}
        ),
    }
    return Report("weekly", date(2026, 11, 18), date(2026, 11, 24), headline, tables)


def test_html_shows_money_and_shares_as_people_write_them():
    page = render_html(_report())
    assert "52,277.65" in page and "+129.6 %" in page and "-20.8 %" in page
    assert "141,234.50" in page and "192,469.00" in page
    assert "<td style='padding:2px 8px'>81.7 %</td>" in page and "<td style='padding:2px 8px'>50.0 %</td>" in page
    assert "0.817" not in page
    assert "12,866.61" in page and "3,465.68" in page and "Fernández Medical S.L." in page
    assert page.count("nothing to show") == 4  # the empty sections say so instead of an empty table
    assert "Service against the SLA (cases opened in the last 90 days)" in page
    assert "<td style='padding:2px 8px'>71.4 %</td>" in page  # technical support: first response within SLA
    assert "Lifecycle movements (last 30 days)" in page and ">at_risk<" in page


def test_text_part_names_each_at_risk_customer_with_risk_and_contribution():
    text = render_text(_report())
    assert "Revenue 52,277.65 EUR (before 22,771.00), orders 29, customers 27, new customers 0." in text
    assert "  Fernández Medical S.L.: churn risk 81.7 %, contribution 12,866.61" in text
    assert "  a3ab838742b54fa0: churn risk 50.0 %, contribution 8,541.17" in text  # no name: the id


def test_text_part_gives_the_service_figures_overall_and_per_team():
    text = render_text(_report())
    assert (
        "Service (last 90 days): 12 cases, first response within SLA 75.0 %, resolution within SLA 50.0 %, "
        "first-contact resolution 25.0 %, CSAT 3.5, NPS +20." in text
    )
    assert "  technical support: 7 cases, first response within SLA 71.4 %, resolution within SLA –, " in text
    assert "CSAT –, NPS -50" in text


def test_csv_cells_that_a_spreadsheet_would_run_are_written_as_text():
    names = [
        '=HYPERLINK("http://x","y")',
        "+cmd|' /C calc'!A0",
        "@SUM(A1)",
        "-2+3",
        "Müller GmbH",
        "+44 20 7946 0018",
        "-12.5",
    ]
    df = pd.DataFrame({"customer_id": [f"c{i}" for i in range(len(names))], "name": names, "churn_risk": [0.5] * 7})
    rows = list(csv.DictReader(io.StringIO(csv_of(df))))
    assert [r["name"] for r in rows] == [
        '\'=HYPERLINK("http://x","y")',
        "'+cmd|' /C calc'!A0",
        "'@SUM(A1)",
        "'-2+3",
        "Müller GmbH",
        "+44 20 7946 0018",  # a phone number and a negative number are data
        "-12.5",
    ]
    assert [r["churn_risk"] for r in rows] == ["0.5"] * 7
