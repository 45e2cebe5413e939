"""`python3 -m infra.local`: the whole CRM on this machine, no Docker and no AWS account.

Starts a moto server (the embedded AWS), creates template.yaml's resources in it, one Cognito user per
group, seeds demo data, and serves the Chalice API on 127.0.0.1 with the environment the template gives
the API function, in several worker processes. Ctrl-C stops everything and keeps the data under `.local/`
for the next start (`--fresh` starts over).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from infra.bootstrap import ROOT, ensure_venv

REGION = "eu-west-1"


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python3 -m infra.local", description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("CRM_API_PORT", 8000)))
    p.add_argument("--moto-port", type=int, default=int(os.environ.get("CRM_MOTO_PORT", 4566)))
    p.add_argument("--seed", type=int, default=300, help="demo customers for an empty stack (0: none)")
    p.add_argument("--data-dir", default=str(ROOT / ".local"), help="saved state, logs, outbox (default .local)")
    p.add_argument("--fresh", action="store_true", help="forget the saved state and start over")
    p.add_argument("--console-port", type=int, default=int(os.environ.get("CRM_CONSOLE_PORT", 8001)))
    p.add_argument("--console-dev", action="store_true", help="the console from `npm run dev` (hot reload) instead")
    p.add_argument("--no-console", action="store_true", help="serve the API only")
    p.add_argument(
        "--workers", type=int, default=4, help="API worker processes, each one request at a time (default 4)"
    )
    p.add_argument("--state-file", default=None, help="where ids and URLs go (default DATA_DIR/stack.json)")
    p.add_argument("--quiet", action="store_true", help="no request lines")
    p.add_argument("--outbox", default=None, help="folder for every sent email (default DATA_DIR/outbox)")
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
    moto_port: int,
    host: str = "127.0.0.1",
    seed_count: int = 0,
    api_port: int = 8000,
    outbox: str | None = None,
    snapshot: Path | None = None,
) -> dict[str, Any]:
    """Moto up; the saved state put back, or resources from template.yaml, demo users and demo data. Returns the
    state (ids, URLs, env); `_raw_events` is the demo history's analytics raw zone still to be written."""
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    moto_url = f"http://{host}:{moto_port}"
    os.environ.update(local_aws_environment(moto_url))
    from infra import local_state, moto_patches

    moto_patches.apply()
    server = ThreadedMotoServer(ip_address=host, port=moto_port, verbose=False)
    server.start()

    restored = local_state.load(snapshot) if snapshot else "not kept"
    if isinstance(restored, tuple) and not restored[1]["seeded"].get("complete", True):
        restored = "the demo was still being built when the stack stopped"
        local_state.reset_backends()
    if isinstance(restored, tuple):
        stack, saved = restored
    else:
        from infra.provision import provision

        stack, saved = provision("crm-local", REGION), None
    from infra import local_lambda

    local_lambda.install(stack)
    env = _environment(stack, moto_url, outbox, f"http://{host}:{api_port}")
    os.environ.update(env)
    if saved is None:
        users, seeded, raw_events = _new_stack(stack, seed_count)
    else:
        users, seeded, raw_events = saved["users"], saved["seeded"], []
    from infra.users import DEMO_PASSWORD

    return {
        "moto_url": moto_url,
        "region": REGION,
        "user_pool_id": stack.physical("UserPool"),
        "client_id": stack.physical("UserPoolClient"),
        "portal_client_id": stack.physical("CustomerPortalClient"),
        "users": users,
        "password": DEMO_PASSWORD,
        "resources": stack.created,
        "not_emulated": stack.skipped,
        "environment": {**local_aws_environment(moto_url), **env},
        "seeded": seeded,
        "restored": saved is not None,
        "fresh_because": None if saved is not None else restored,
        "_moto": server,
        "_stack": stack,
        "_raw_events": raw_events,
    }


def _demo_portal_user(stack: Any) -> str:
    """The first demo customer signs in to the customer portal with their own address."""
    from crm.customers.public import customers_by_identifier, get_customer
    from infra.users import link_portal_user

    customer_id = next(customers_by_identifier("EXT", "DEMO-0001"))
    email = get_customer(customer_id).emails[0]
    return link_portal_user(stack.physical("UserPool"), REGION, email, customer_id)


def _new_stack(stack: Any, seed_count: int) -> tuple[dict[str, str], dict[str, Any], list[dict[str, Any]]]:
    """Demo users, and the demo's data with its first emails (the history's raw zone is left to the background)."""
    from infra import local_state
    from infra.users import create_demo_users

    users = create_demo_users(stack.physical("UserPool"), REGION)
    seeded: dict[str, Any] = {"created": 0, "skipped": 0, "example_email": "someone@example.com"}
    raw_events: list[dict[str, Any]] = []
    if seed_count:
        from infra.seed import seed
        from infra.seed_messaging import seed_messaging

        seeded = {**seed(seed_count, raw_zone_later=raw_events), "complete": False}
        seeded["mail"] = seed_messaging(str(seeded["example_email"]))
        users["customer"] = _demo_portal_user(stack)
        local_state.skip_stream_backlog()  # the demo predates the stack: its records count as delivered
    return users, seeded, raw_events


def _environment(stack: Any, moto_url: str, outbox: str | None, api_url: str) -> dict[str, str]:
    """The API function's environment from the template, pointed at this machine."""
    from infra.functions import api_environment
    from infra.functions import environment as functions_environment

    env = api_environment(stack)
    env = {**functions_environment(stack), **env}
    env["MAIL_OUTBOX_DIR"] = outbox or str(ROOT / ".local" / "outbox")  # every sent email as an .eml file
    env["PUBLIC_API_URL"] = api_url  # links in sent email point at this stack
    env["WEBHOOK_PRIVATE_HOSTS"] = "127.0.0.1,localhost"  # webhook receivers you run beside the stack
    return env


def _paths(args: argparse.Namespace) -> tuple[Path, Path, Path, Path]:
    data = Path(args.data_dir)
    if args.fresh:
        for old in ("state", "outbox", "logs"):
            shutil.rmtree(data / old, ignore_errors=True)
    state_file = Path(args.state_file) if args.state_file else data / "stack.json"
    outbox = Path(args.outbox) if args.outbox else data / "outbox"
    return data / "state" / "moto.pickle", state_file, outbox, data / "logs"


def main() -> int:
    ensure_venv("infra.local")
    args = parse_args(sys.argv[1:])
    started = time.perf_counter()
    snapshot, state_file, outbox, logs = _paths(args)
    from infra.local_console import logs_to, say

    logs_to(logs / "local.log")
    say(f"starting moto on {args.host}:{args.moto_port} ({snapshot.parent} or template.yaml) ...")
    if args.quiet:
        os.environ["LOG_LEVEL"] = "WARNING"
    state = start_stack(args.moto_port, args.host, args.seed, args.port, str(outbox), snapshot)
    from infra import local_api, local_background, local_state, local_web

    console_url = local_web.DEV_ORIGIN if args.console_dev else f"http://{args.host}:{args.console_port}"
    os.environ["CORS_ORIGIN"] = console_url  # the API answers the console's origin, as WebClientOrigin in AWS
    from infra import lex_runtime

    os.environ["AWS_ENDPOINT_URL_LEX_RUNTIME_V2"] = lex_runtime.serve(args.host, state["_stack"])  # moto has no Lex
    workers = local_api.start(args.host, args.port, args.workers, logs, args.quiet)
    api_url = f"http://{args.host}:{args.port}"
    local_api.wait_until_up(api_url, workers)
    state["api_url"] = api_url
    state["api"] = {"workers": args.workers, "max_in_flight": 0, "up_seconds": round(time.perf_counter() - started, 1)}
    moto, stack, raw_events = state.pop("_moto"), state.pop("_stack"), state.pop("_raw_events")
    state["console_url"] = None if args.no_console else console_url
    if args.console_dev:
        say(f"console config for `npm run dev`: {local_web.write_dev_config(state)}")
    elif not args.no_console:
        local_web.ensure_built()
        local_web.serve(args.host, args.console_port, state)
    stop = threading.Event()
    schedules = local_background.run_schedules(stack, args.schedule_every, stop)
    streams = local_background.run_streams(stack, stop)
    write_state = _state_writer(state, state_file)
    write_state()
    if not state["seeded"].get("complete", True):
        local_background.finish_demo(
            state, raw_events, logs, lambda: (write_state(), local_state.save(snapshot, stack, state))
        )
    local_background.keep_saved(snapshot, stack, state, stop)
    from infra.local_banner import banner

    say(banner(args, state, stack, state_file, outbox, time.perf_counter() - started))
    _wait_for_stop(stop, workers, state, write_state)
    say("stopping ...")
    workers.stop()
    for thread in (schedules, streams):
        thread.join(30)
    seconds = local_state.save(snapshot, stack, state)
    say(
        f"data saved in {snapshot.parent} ({seconds:.1f} s): the next `python3 -m infra.local` carries on, "
        "--fresh starts over"
    )
    moto.stop()
    return 0


def _wait_for_stop(stop: threading.Event, workers: Any, state: dict[str, Any], write_state: Any) -> None:
    """Until Ctrl-C or SIGTERM; meanwhile the state file follows the most API requests in flight at once."""
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops, even when started in the background
    try:
        while not stop.wait(1):
            if workers.peak.value != state["api"]["max_in_flight"]:
                state["api"]["max_in_flight"] = workers.peak.value  # the e2e concurrency test reads it
                write_state()
    except KeyboardInterrupt:
        stop.set()


def _state_writer(state: dict[str, Any], state_file: Path) -> Any:
    lock = threading.Lock()

    def write() -> None:
        with lock:
            state_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = state_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(state, indent=2))
            os.replace(tmp, state_file)  # readers never see half a file

    return write


if __name__ == "__main__":
    sys.exit(main())
