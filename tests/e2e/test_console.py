"""The web console in a real browser (Debian's Chromium driven by Playwright, web/e2e/*.spec.ts) against the
local stack the session started: sign-in, search, the 360, a note, roles, keyboard only at 375 px; selling
(the pipeline board's drag, leads, the forecast chart, quote -> order, order and payment); service (cases,
priority and owner); the calendar; merge and CSV import; messages; the screen pop standalone and inside a
simulated Amazon Connect agent workspace; purchasing (the RFQ comparison with what-if weights, award, delivery,
supplier scorecard and risk register, the Kraljic portfolio); partners (the portal, deal registration with the
conflict answer, isolation between partners through the browser, the manager's decision and ranking); the
managers' dashboard (each figure's job run, numbers and CSV, at-risk customer to the 360); user administration
(an admin creates a user who signs in with the one-time password and sets their own) and settings (SLA targets,
exchange rates); campaigns (the audience preview matches the launch, the report) and message templates with the
API's preview; the knowledge base (an article written, translated, reviewed and published, found misspelt, suggested
on a case); the customer portal at 375 px (sign-in through its own client, orders, a case opened and answered, the chat, the help articles, newsletters,
consent, the data download, another customer's case refused); axe-core on every screen. Screenshots are kept under
.local/console-artifacts/."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from infra.bootstrap import ROOT

pytestmark = pytest.mark.e2e
ARTIFACTS = ROOT / ".local" / "console-artifacts"


def test_console_journeys_in_chromium(stack):
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    env = {**os.environ, "CRM_STATE_FILE": stack["state_file"], "CRM_ARTIFACTS": str(ARTIFACTS)}
    run = subprocess.run(
        ["npx", "playwright", "test"], cwd=ROOT / "web", env=env, capture_output=True, text=True, timeout=600
    )
    print(run.stdout)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "360 first render" in run.stdout
    assert {p.name for p in ARTIFACTS.glob("*.png")} >= {
        "signin.png",
        "customers.png",
        "search.png",
        "customer-360.png",
        "pipeline-board.png",
        "lead.png",
        "forecast.png",
        "calendar.png",
        "import.png",
        "screen-pop-workspace.png",
        "rfq-comparison.png",
        "portfolio.png",
        "portal.png",
        "registration-review.png",
        "dashboard.png",
        "dashboard-insights.png",
        "users.png",
        "settings.png",
        "settings-edited.png",
        "user-change.png",
        "campaign-preview.png",
        "templates.png",
        "kb-article.png",
        "kb-search.png",
        "kb-article-375.png",
        "me-orders.png",
        "me-cases.png",
        "me-case.png",
        "me-settings.png",
        "me-chat.png",
        "me-help.png",
        "newsletters.png",
    }
