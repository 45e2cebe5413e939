"""With tracing on, as deployed (`Tracing: Active`, Powertools' Tracer patching botocore only), each request
sends X-Ray subsegments for its route and for every DynamoDB call inside it, under the trace Lambda started.
The function runs as Lambda runs it: a fresh process, Lambda's environment, the real handler, the daemon address
a UDP socket this test reads."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from typing import Any

from crm.config import get_settings
from crm.customers import schemas, service
from infra.bootstrap import ROOT
from infra.gateway_auth import claim_strings
from tests.api_events import LAMBDA_CHILD, api_event

TRACE, PARENT = "1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8"


def _subsegments(sock: socket.socket) -> list[dict[str, Any]]:
    """Every document the SDK sent: a header line, then one (sub)segment as JSON per datagram."""
    found = []
    sock.settimeout(2)
    try:
        while True:
            header, _, body = sock.recv(65536).decode().partition("\n")
            assert json.loads(header) == {"format": "json", "version": 1}
            found.append(json.loads(body))
    except TimeoutError:
        return found


def _flatten(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for doc in docs:
        out.append(doc)
        out.extend(_flatten(doc.get("subsegments", [])))
    return out


def test_with_tracing_on_a_request_sends_its_route_and_its_dynamodb_calls_as_subsegments(aws, tokens, verifier):
    customer = service.create_customer(schemas.CustomerCreate(kind="company", name="Traced AG"), "test", force=True)
    daemon = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    daemon.bind(("127.0.0.1", 0))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "functions" / "api"), str(ROOT / "layers" / "crm" / "python")]),
        "POWERTOOLS_TRACE_DISABLED": "false",
        "AWS_XRAY_DAEMON_ADDRESS": f"127.0.0.1:{daemon.getsockname()[1]}",
        "_X_AMZN_TRACE_ID": f"Root={TRACE};Parent={PARENT};Sampled=1",
        "LAMBDA_TASK_ROOT": str(ROOT / "functions" / "api"),
        "AWS_LAMBDA_FUNCTION_NAME": "crm-test-ApiCustomersFunction",
        "API_ROUTES": "customers",
    }
    token = tokens["sales"]
    event = api_event(
        "GET",
        "/customers/{customer_id}",
        {"customer_id": customer.customer_id},
        {},
        token,
        claim_strings(verifier.verify(token)),
    )
    run = subprocess.run(
        [sys.executable, "-c", LAMBDA_CHILD, "app.app"],
        input=json.dumps(event),
        env=env,
        cwd=ROOT / "functions" / "api",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert '"status": 200' in run.stdout
    docs = _flatten(_subsegments(daemon))
    route = next(d for d in docs if d.get("name") == "## get_customer")
    assert route["trace_id"] == TRACE and route["parent_id"] == PARENT  # under the segment Lambda opened
    assert route["annotations"] == {"route": "get_customer"} and not route["in_progress"]
    (call,) = [d for d in docs if d.get("namespace") == "aws"]  # the request's one DynamoDB call
    assert call["name"] == "dynamodb" and call["parent_id"] == route["id"] and call["trace_id"] == TRACE
    assert call["aws"]["operation"] == "GetItem" and call["aws"]["table_name"] == get_settings().table_name
    assert route["start_time"] <= call["start_time"] <= call["end_time"] <= route["end_time"]
