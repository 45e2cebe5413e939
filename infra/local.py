"""`python3 -m infra.local`: the whole CRM on this machine, no Docker and no AWS account.

Starts a moto server (the embedded AWS), creates template.yaml's resources in it, one Cognito user per
group, seeds demo data, and serves the Chalice API on 127.0.0.1 with the environment the template gives
the API function. Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

from infra.bootstrap import ROOT, ensure_venv

REGION = "eu-west-1"


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python3 -m infra.local", description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("CRM_API_PORT", 8000)))
    p.add_argument("--moto-port", type=int, default=int(os.environ.get("CRM_MOTO_PORT", 4566)))
    p.add_argument("--seed", type=int, default=300, help="number of demo customers (0: none)")
    p.add_argument("--state-file", default=str(ROOT / ".local" / "stack.json"), help="where ids and URLs go")
    p.add_argument("--quiet", action="store_true", help="no request logs")
    p.add_argument("--outbox", default=str(ROOT / ".local" / "outbox"), help="folder for every sent email (.eml)")
    p.add_argument(
        "--schedule-every",
        type=float,
        default=None,
        metavar="SECONDS",
        help="run scheduled functions this often instead of their template rate (demos, e2e tests)",
    )
    return p.parse_args(argv)


def local_aws_environment(moto_url: str) -> dict[str, str]:
    """What makes boto3 and pynamodb talk to moto; nothing in `crm` knows it is local."""
    return {
        "AWS_ENDPOINT_URL": moto_url,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
    }


def start_stack(
    moto_port: int, host: str = "127.0.0.1", seed_count: int = 0, api_port: int = 8000, outbox: str | None = None
) -> dict:
    """Moto up, resources from template.yaml, demo users, demo data. Returns the state (ids, URLs, env)."""
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    moto_url = f"http://{host}:{moto_port}"
    os.environ.update(local_aws_environment(moto_url))
    from infra import moto_patches

    moto_patches.apply()
    server = ThreadedMotoServer(ip_address=host, port=moto_port, verbose=False)
    server.start()

    from infra.provision import provision

    stack = provision("crm-local", REGION)
    env = stack.environment("ApiFunction")
    pool = stack.physical("UserPool")
    env["COGNITO_JWKS_URL"] = f"{moto_url}/{pool}/.well-known/jwks.json"
    from infra.functions import environment as functions_environment

    env = {**functions_environment(stack), **env}
    env["MAIL_OUTBOX_DIR"] = outbox or str(ROOT / ".local" / "outbox")  # every sent email as an .eml file
    env["PUBLIC_API_URL"] = f"http://{host}:{api_port}"  # links in sent email point at this stack
    os.environ.update(env)

    from infra.users import DEMO_PASSWORD, create_demo_users

    users = create_demo_users(pool, REGION)
    seeded: dict[str, object] = {"created": 0, "skipped": 0, "example_email": "someone@example.com"}
    if seed_count:
        from infra.seed import seed

        seeded = seed(seed_count)
    return {
        "moto_url": moto_url,
        "region": REGION,
        "user_pool_id": pool,
        "client_id": stack.physical("UserPoolClient"),
        "users": users,
        "password": DEMO_PASSWORD,
        "resources": stack.created,
        "not_emulated": stack.skipped,
        "environment": {**local_aws_environment(moto_url), **env},
        "seeded": seeded,
        "_moto": server,
        "_stack": stack,
    }


def run_analytics() -> dict[str, object]:
    """Every analytics job once, in the order their outputs build on (the demo's figures, curated zone and
    report inputs exist from the start; in AWS each runs on its own schedule)."""
    from datetime import date, timedelta

    import pandas as pd

    from analytics_jobs import handlers as h
    from analytics_jobs import report

    out: dict[str, object] = {}
    past = [pd.Timestamp(date.today() - timedelta(days=n)) for n in (32, 8)]  # earlier runs: segment movements
    for name, job in (
        ("rfm_month_ago", lambda: h.run_rfm(past[0], write_figures=False)),
        ("rfm_week_ago", lambda: h.run_rfm(past[1], write_figures=False)),
        ("rfm", h.run_rfm),
        ("ltv", h.run_ltv),
        ("trends", h.run_trends),
        ("basket", h.run_basket),
        ("price_effect", h.run_price_effect),
        ("campaigns", h.run_campaigns),
        ("churn", h.run_churn),
        ("weekly_report", lambda: report.run("weekly")),
        ("monthly_report", lambda: report.run("monthly")),
    ):
        t = time.perf_counter()
        result = job()
        out[name] = {
            "seconds": round(time.perf_counter() - t, 1),
            **{k: v for k, v in result.items() if isinstance(v, int | str)},
        }
    return out


def analytics_in_background(state: dict, state_file: Path) -> threading.Thread:
    """The jobs over the demo history take a minute or two on the emulator: the API serves meanwhile; when they
    are done the state file gets `seeded.analytics` (what each reported) and a line says so."""

    def work() -> None:
        started = time.perf_counter()
        try:
            state["seeded"]["analytics"] = run_analytics()
        except Exception as exc:
            state["seeded"]["analytics"] = {"failed": repr(exc)}
        state_file.write_text(json.dumps(state, indent=2))
        print(
            f"[analytics] every job ran once in {time.perf_counter() - started:.0f}s: figures on customers, "
            f"curated Parquet, reports in the outbox",
            flush=True,
        )

    thread = threading.Thread(target=work, daemon=True, name="analytics")
    thread.start()
    return thread


LOCK = threading.Lock()  # one invocation at a time: the API and the scheduled functions share this process


SIMULATED_METRICS = "simulated queue metrics"


def run_schedules(stack: object, every: float | None, stop: threading.Event) -> threading.Thread:
    """Invoke each scheduled function of the template on its rate (or every `every` seconds), like EventBridge."""
    from infra import simulated_metrics
    from infra.functions import run_scheduled, scheduled

    # rate() schedules run on their rate (or `every`); cron() jobs (daily analytics, expiry) ran once at start
    jobs = [(s.logical_id, every or s.every_seconds) for s in scheduled(stack) if s.every_seconds]
    if "QueueMetricsFunction" not in {logical for logical, _ in jobs}:  # no Connect instance: simulated loads
        jobs.append((SIMULATED_METRICS, every or 60))
    due = {logical: time.monotonic() + period for logical, period in jobs}

    def loop() -> None:
        while not stop.wait(0.5):
            for logical, period in jobs:
                if time.monotonic() < due[logical]:
                    continue
                due[logical] = time.monotonic() + period
                with LOCK:
                    try:
                        result = (
                            simulated_metrics.refresh()
                            if logical == SIMULATED_METRICS
                            else run_scheduled(stack, logical)
                        )
                        print(f"[schedule] {logical}: {json.dumps(result, default=str)[:300]}", flush=True)
                    except Exception as exc:  # a failing job is logged and retried next period, like Lambda
                        print(f"[schedule] {logical} failed: {exc!r}", flush=True)

    thread = threading.Thread(target=loop, daemon=True, name="schedules")
    thread.start()
    return thread


def run_streams(stack: object, stop: threading.Event, every: float = 1.0) -> threading.Thread:
    """Deliver the table stream to each stream-triggered function of the template, like an event source mapping."""
    from infra.functions import StreamPump, stream_functions

    with LOCK:
        pumps = [StreamPump(stack, fn, table, position) for fn, table, position in stream_functions(stack)]

    from infra.functions import pump_queue, queue_functions

    queues = queue_functions(stack)

    def loop() -> None:
        while not stop.wait(every):
            for fn, queue in queues:  # SQS-triggered functions (campaign sends)
                with LOCK:
                    try:
                        n = pump_queue(stack, fn, queue)
                    except Exception as exc:
                        print(f"[queue] {fn} failed: {exc!r}", flush=True)
                        continue
                if n:
                    print(f"[queue] {fn}: {n} messages", flush=True)
            for pump in pumps:
                with LOCK:
                    try:
                        result = pump.poll()
                    except Exception as exc:  # logged; the next poll goes on, as Lambda would after its retries
                        print(f"[stream] {pump.function_id} failed: {exc!r}", flush=True)
                        continue
                if result and result.get("batchItemFailures"):
                    print(f"[stream] {pump.function_id}: {len(result['batchItemFailures'])} failed records", flush=True)

    thread = threading.Thread(target=loop, daemon=True, name="streams")
    thread.start()
    return thread


def serve_api(host: str, port: int) -> object:
    """The Chalice app on chalice's local server, one request at a time like one Lambda container."""
    sys.path.insert(0, str(ROOT / "functions" / "api"))
    from chalice import local as chalice_local
    from chalice.config import Config
    from chalice.local import create_local_server

    # API Gateway accepts any number of clients at once; the socket server's default backlog of 5 made bursts of
    # concurrent clients (the e2e concurrency test, the load test) see "connection reset" under a busy CPU.
    chalice_local.ThreadedHTTPServer.request_queue_size = 256

    import app as api_module

    app = api_module.app
    lock = LOCK
    base = type(app)

    class OneAtATime(base):  # type: ignore[misc, valid-type]
        def __call__(self, event, context):
            with lock:
                return base.__call__(self, event, context)

    app.__class__ = OneAtATime
    config = Config.create(chalice_stage="dev", app_name="crm-api", chalice_app=app)
    server = create_local_server(app, config, host, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


def _scheduled(stack: object) -> list:
    from infra.functions import scheduled

    return scheduled(stack)


def main() -> int:
    ensure_venv("infra.local")
    args = parse_args(sys.argv[1:])
    started = time.perf_counter()
    print(f"starting moto on {args.host}:{args.moto_port} and creating template.yaml's resources ...", flush=True)
    state = start_stack(args.moto_port, args.host, args.seed, args.port, args.outbox)
    if args.quiet:
        os.environ["LOG_LEVEL"] = "WARNING"
    server = serve_api(args.host, args.port)
    api_url = f"http://{args.host}:{args.port}"
    state["api_url"] = api_url
    moto = state.pop("_moto")
    stack = state.pop("_stack")
    stop = threading.Event()
    run_schedules(stack, args.schedule_every, stop)
    run_streams(stack, stop)
    Path(args.state_file).parent.mkdir(parents=True, exist_ok=True)
    Path(args.state_file).write_text(json.dumps(state, indent=2))
    if args.seed:
        analytics_in_background(state, Path(args.state_file))

    from infra.users import id_token

    token = id_token(state["client_id"], state["users"]["sales"], region=REGION)
    print(
        f"""
CRM is up in {time.perf_counter() - started:.1f}s   API {api_url}   moto {state["moto_url"]}
created from template.yaml: {", ".join(sorted(state["resources"]))}
served in-process (not emulated by moto): {", ".join(sorted(state["not_emulated"]))}
demo data: {state["seeded"]["created"]} customers created, {state["seeded"]["skipped"]} already there; \
history: {state["seeded"].get("business") or "none"}
users (password {state["password"]}): {", ".join(state["users"].values())}
state (pool, client, env): {args.state_file}
sent email, one .eml file each: {args.outbox}   (python3 -m infra.mail list | links FILE | reply FILE)

Try it (token of sales@crm.local, valid 60 min; get another with `python3 -m infra.token sales`):
  TOKEN={token}
  curl -s {api_url}/health
  curl -s -H "Authorization: Bearer $TOKEN" '{api_url}/customers?limit=3'
  curl -s -H "Authorization: Bearer $TOKEN" '{api_url}/customers/lookup?email={state["seeded"]["example_email"]}'
  curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' {api_url}/customers \\
       -d '{{"kind":"company","name":"Acme GmbH","phones":["030 1234567"],"address":{{"country":"DE"}}}}'
Scheduled functions run in this process: {", ".join(f"{s.logical_id} ({s.expression})" for s in _scheduled(stack))}\
{f" -- overridden: every {args.schedule_every:g} s" if args.schedule_every else ""}
The table stream feeds the domain-events function (EventBridge bus {state["resources"].get("CrmEventBus", "?")}).
{
            "Analytics jobs are running once now in the background (a line says when they are done); "
            "run them again any time with `python3 -m infra.jobs`."
            if args.seed
            else ""
        }
Ctrl-C stops everything.""",
        flush=True,
    )
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    print("stopping ...", flush=True)
    server.server.shutdown()  # type: ignore[attr-defined]
    moto.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
