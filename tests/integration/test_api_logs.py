"""An API request's log lines name the API's own function and the caller, never what another function that ran
in the same process (a Connect hook in the local stack) or an earlier request left in the shared Powertools logger."""

from __future__ import annotations

import io
import json

from infra.functions import Context, handler
from tests.connect_events import call


def _request_lines(out: str) -> list[dict]:
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("message") == "request"]


def test_request_log_names_the_api_function_not_the_connect_hook_that_ran_before(api, aws, monkeypatch):
    from chalicelib.http import logger

    acd = handler(aws["stack"], "AcdFunction")
    assert acd(call("+493012345678"), Context("crm-test-AcdFunction"))  # an unknown caller is routed too
    out = io.StringIO()
    monkeypatch.setattr(logger.registered_handler, "stream", out)  # what the function writes to stdout
    assert api("GET", "/customers?limit=1").status_code == 200
    assert api("GET", "/customers?limit=1", role=None).status_code == 401  # refused by the gateway: no line
    assert api("GET", "/health", role=None).status_code == 200
    signed_in, anonymous = _request_lines(out.getvalue())
    assert signed_in["function_name"] == anonymous["function_name"] != "crm-test-AcdFunction"
    assert signed_in["route"] == "list_customers" and signed_in["status"] == 200 and signed_in["user"]
    assert anonymous["route"] == "health" and "user" not in anonymous  # the previous caller is not carried over
