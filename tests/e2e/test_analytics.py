"""Issue 8's "tried as a new user would", against the local stack: the jobs ran at start and run again on
demand (`python -m infra.jobs`), the report email is in the outbox as real MIME with its charts, and one
customer's segment, CLV and next product are in the API and in the ACD attributes of a simulated call."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def _run(stack: dict, module: str, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", module, *args, "--state-file", stack["state_file"]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def _analytics_done(stack: dict, timeout: float = 300) -> dict:
    """The stack runs every job once in the background after it is up; the state file says when."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ran = json.loads(Path(stack["state_file"]).read_text())["seeded"].get("analytics")
        if ran:
            return ran
        time.sleep(1)
    raise AssertionError("the analytics jobs did not finish in time")


def test_jobs_report_and_figures_in_api_and_acd(stack, login):
    ran = _analytics_done(stack)
    assert {
        "rfm",
        "ltv",
        "trends",
        "basket",
        "price_effect",
        "campaigns",
        "churn",
        "weekly_report",
        "monthly_report",
    } <= set(ran)
    printed = _run(stack, "infra.jobs", "rfm", "ltv", "basket", "churn", "trends", "weekly-report")
    assert [line.split()[0] for line in printed.splitlines()] == [
        "rfm",
        "ltv",
        "basket",
        "churn",
        "trends",
        "weekly-report",
    ]

    outbox = Path(stack["state_file"]).parent / "outbox"
    eml = sorted(outbox.glob("*-CRM-weekly-report-*.eml"))[-1]
    msg = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert msg["Subject"].startswith("CRM weekly report: ") and "manager@crm.local" in msg["To"]
    pngs = [p for p in msg.walk() if p.get_content_type() == "image/png"]
    assert len(pngs) == 5 and all(p.get_content()[:4] == b"\x89PNG" for p in pngs)
    assert {p.get_filename() for p in msg.iter_attachments()} >= {"revenue_by_month.csv", "at_risk_customers.csv"}
    assert eml.with_suffix(".html").read_text().count("data:image/png;base64,") == 5

    sales = {"Authorization": f"Bearer {login('sales')}"}
    api = stack["api_url"]
    found = None
    for c in requests.get(f"{api}/customers?limit=50", headers=sales, timeout=30).json()["items"]:
        figures = (
            requests.get(f"{api}/customers/{c['customer_id']}/360", headers=sales, timeout=30).json().get("figures")
            or {}
        )
        if figures.get("clv") is not None and figures.get("next_product") and c.get("phones"):
            found = (c, figures)
            break
    assert found, "no customer with figures"
    customer, figures = found
    assert figures["rfm_segment"] and figures["clv_band"] in ("low", "medium", "high", "top")
    assert 0 <= float(figures["p_alive"]) <= 1 and figures["churn_level"] in ("low", "medium", "high")
    answer = _run(stack, "infra.call", customer["phones"][0])
    for attribute, value in (
        ("crm_rfm_segment", figures["rfm_segment"]),
        ("crm_clv_band", figures["clv_band"]),
        ("crm_next_product", figures["next_product"]),
    ):
        assert any(
            line.split()[:1] == [attribute] and line.split(None, 1)[1].strip() == value for line in answer.splitlines()
        ), (attribute, value, answer)
