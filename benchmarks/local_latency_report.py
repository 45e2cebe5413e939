"""The measuring half of benchmarks/local_latency.py: HTTP timings against the stack, DynamoDB requests per route
in-process against the same emulator, an ACD call, the table and the verdicts."""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from typing import Any

from benchmarks.local_latency import ANALYTICS_S, API_UP_S, TARGETS, Route, measure_http, percentiles, routes
from benchmarks.verdicts import quiet_logs, verdict
from infra.bootstrap import ROOT


def _ids(api_url: str, token: str, state: dict[str, Any]) -> dict[str, str]:
    import requests

    def first(path: str) -> str:
        r = requests.get(api_url + path, headers={"Authorization": f"Bearer {token}"}, timeout=60)
        return str(r.json()["items"][0]["customer_id"])

    return {
        "customer": first("/customers?tag=vip&limit=1"),
        "wholesale": first("/customers?tag=wholesale&limit=1"),
        "email": str(state["seeded"]["example_email"]),
    }


class InProcess:
    """The API app in this process against the stack's emulator, to count one call's DynamoDB requests."""

    def __init__(self, state: dict[str, Any]) -> None:
        os.environ.update(state["environment"])
        quiet_logs()
        sys.path.insert(0, str(ROOT / "functions" / "api"))
        from chalice.config import Config
        from chalice.local import LocalGateway

        import app

        self.gateway = LocalGateway(
            app.app, Config.create(chalice_stage="dev", app_name="crm-api", chalice_app=app.app)
        )

    def requests(self, route: Route, token: str) -> int:
        from infra.request_count import dynamodb_requests

        headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
        headers |= route.headers() if route.headers else {}
        body = json.dumps(route.body()).encode() if route.body else b""
        with dynamodb_requests() as counts:
            answer = self.gateway.handle_request(route.method, route.path, headers, body)
        if answer["statusCode"] >= 400:
            raise SystemExit(f"{route.name} in-process: {answer['statusCode']} {answer['body'][:300]!r}")
        return sum(counts.values())


def acd_call(state: dict[str, Any], calls: int) -> tuple[list[float], int]:
    """A known caller's ACD answer, as Connect invokes the Lambda (in-process, warm): ms per call, requests."""
    from crm.customers.models import Customer
    from crm.customers.repository import ALL_CUSTOMERS
    from infra.call import contact_flow_event, local_stack
    from infra.functions import Context, handler
    from infra.request_count import dynamodb_requests

    stack = local_stack(state["state_file"])
    for key in ("DDB_CONNECT_TIMEOUT", "DDB_READ_TIMEOUT", "DDB_MAX_RETRIES", "HOOK_BUDGET_SECONDS"):
        os.environ[key] = stack.environment("AcdFunction")[key]
    acd = handler(stack, "AcdFunction")
    phone = next(c.phones[0] for c in Customer.gsi2.query(ALL_CUSTOMERS, limit=50) if c.phones)
    samples = []
    for n in range(calls + 2):
        started = time.perf_counter()
        with dynamodb_requests() as counts:
            answer = acd(contact_flow_event(phone, str(uuid.uuid4()), {}, {}), Context("AcdFunction"))
        if n >= 2:
            samples.append((time.perf_counter() - started) * 1000)
    assert answer.get("crm_customer_id"), answer  # a known caller, recognised
    return samples, sum(counts.values())


def report(state: dict[str, Any], calls: int, up: float, analytics: float) -> int:
    from infra.fuzz import tokens_for

    tokens = tokens_for(state)
    api_url = state["api_url"]
    ids = _ids(api_url, tokens["sales"], state)
    in_process = InProcess(state)
    health = percentiles(
        measure_http(api_url, tokens["sales"], Route("GET /health", None, "sales", "GET", "/health"), calls)
    )
    print(f"\n{'route':<28} {'p50 ms':>8} {'p95 ms':>8} {'x health':>9} {'DynamoDB':>9}  target")
    print(f"{'baseline: GET /health':<28} {health[0]:8.1f} {health[1]:8.1f} {1:9.1f} {0:9d}")
    rows: list[tuple[str, str | None, float]] = []
    for route in routes(ids):
        time.sleep(2)  # the stream functions finish with the previous route's writes (they poll every second)
        p50, p95 = percentiles(measure_http(api_url, tokens[route.user], route, calls))
        count = in_process.requests(route, tokens[route.user])
        target = f"<= {TARGETS[route.group][0]:g} ms" if route.group else "-"
        print(f"{route.name:<28} {p50:8.1f} {p95:8.1f} {p50 / health[0]:9.1f} {count:9d}  {target}")
        rows.append((route.name, route.group, p50))
    samples, acd_requests = acd_call(state, calls)
    acd50, acd95 = percentiles(samples)
    print(f"{'ACD call (in-process)':<28} {acd50:8.1f} {acd95:8.1f} {'-':>9} {acd_requests:9d}  <= 25 ms")
    rows.append(("ACD call", "read", acd50))
    return _verdicts(rows, up, analytics)


def _verdicts(rows: list[tuple[str, str | None, float]], up: float, analytics: float) -> int:
    failed = 0
    print()
    for group, (limit, wording) in TARGETS.items():
        worst = max((r for r in rows if r[1] == group), key=lambda r: r[2])
        failed += not verdict(worst[2] <= limit, wording, f"worst {worst[2]:.1f} ms ({worst[0]})")
    for label, seconds, limit in (("API up", up, API_UP_S), ("analytics done after the API", analytics, ANALYTICS_S)):
        failed += not verdict(seconds <= limit, f"{label} <= {limit:g} s", f"{seconds:.1f} s")
    slowest = max(rows, key=lambda r: r[2])
    print(f"slowest p50: {slowest[2]:.0f} ms ({slowest[0]}); api up in {up:.1f} s")
    return 1 if failed else 0
