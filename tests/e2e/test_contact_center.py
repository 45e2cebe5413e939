"""Issue 6's "tried as a new user would", against the local stack: simulated calls through `python -m infra.call`
(the template's Connect hooks with real event shapes), then what the agent sees over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
import requests

from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.e2e


def _call(stack: dict, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "infra.call", *args, "--state-file", stack["state_file"]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_calls_route_verify_lock_fallback_and_voicemail(stack, login):
    api, agent, sales = stack["api_url"], login("agent"), login("sales")
    h = lambda t: {"Authorization": f"Bearer {t}", "Content-Type": "application/json"}  # noqa: E731
    vip = requests.post(
        f"{api}/customers",
        headers=h(sales),
        timeout=30,
        data=json.dumps(
            {
                "kind": "company",
                "name": "Call Test VIP AG",
                "phones": ["+49 30 7770001"],
                "tags": ["vip"],
                "address": {"country": "DE", "postal_code": "10117"},
            }
        ),
    ).json()
    case = requests.post(
        f"{api}/cases",
        headers=h(agent),
        timeout=30,
        data=json.dumps(
            {"customer_id": vip["customer_id"], "subject": "Machine down", "channel": "phone", "category": "incident"}
        ),
    ).json()
    assert case["owner"] == "agent@crm.local"
    requests.put(f"{api}/customers/{vip['customer_id']}/ivr-pin", headers=h(sales), timeout=30, data='{"pin": "2580"}')

    routed = _call(stack, "+49307770001")
    # the owner's queue, unless the (simulated) load there is beyond the overflow wait: then the reason says so
    assert "open case owned by agent@crm.local" in routed
    assert "queue/agent-desk" in routed or "overflow to VIP" in routed
    assert "/queue/general" in _call(stack, "+4930123456789") and "unknown caller" in _call(stack, "+4930123456789")
    down = _call(stack, "+49307770001", "--table-down")
    assert "fallback: CRM not reachable in time" in down and "crm_fault" in down
    locked = _call(stack, "+49307770001", "--pin", "1111", "--pin", "1111", "--pin", "1111", "--pin", "2580")
    assert locked.count("crm_result         locked") == 2
    vm = _call(stack, "+49307770001", "--voicemail", "The machine is down again, please call back")
    assert "Connect StartTaskContact (stand-in): Call back Call Test VIP AG" in vm

    timeline = requests.get(f"{api}/customers/{vip['customer_id']}/timeline", headers=h(sales), timeout=30).json()
    voicemail = [e for e in timeline["items"] if e["body"] == "The machine is down again, please call back"]
    assert len(voicemail) == 1 and voicemail[0]["summary"].startswith("Inbound call with voicemail")
    calls = [e for e in timeline["items"] if e["kind"] == "call"]
    assert len(calls) == 3  # routed, locked, voicemail: once each (the table-down call never reached the CRM)
    assert "queue" in calls[-1]["summary"]
    today = datetime.now(UTC).date()
    tasks = requests.get(
        f"{api}/calendar",
        params={"from": str(today), "to": str(today + timedelta(days=2))},
        headers=h(agent),
        timeout=30,
    ).json()["items"]  # no owner on the customer: the agent desk
    assert any(t["subject"] == "Call back Call Test VIP AG (voicemail)" for t in tasks)
    pop = requests.get(
        f"{api}/agent/screen-pop", params={"phone": "+49 30 7770001"}, headers=h(agent), timeout=30
    ).json()
    assert pop["caller"]["vip"] is True and pop["caller"]["open_case_id"] == case["case_id"]
    assert "call" in {e["kind"] for e in pop["customer_360"]["timeline"]}
