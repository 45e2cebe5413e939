"""The local stack's API: several worker processes, each serving one request at a time like one Lambda container.

The parent binds the port once; every worker accepts from that socket, so the kernel hands each connection to a
free worker and requests run in parallel as they would on Lambda (each worker its own Python, its own app, its
own caches). A worker writes the app's JSON logs to a file and one readable line per request to the terminal,
and counts requests in flight across all workers (the most at once is in `peak`, for the concurrency test).
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
import time
from dataclasses import dataclass
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

from infra.bootstrap import ROOT


@dataclass
class Workers:
    processes: list[Any]
    in_flight: Synchronized[int]
    peak: Synchronized[int]
    sock: socket.socket

    def stop(self) -> None:
        for p in self.processes:
            p.terminate()
        for p in self.processes:
            p.join(5)
        self.sock.close()


def start(host: str, port: int, count: int, log_dir: Path, quiet: bool) -> Workers:
    """Bind the port, start `count` workers with this process's environment (the API function's)."""
    sock = socket.create_server((host, port), backlog=256)  # API Gateway takes bursts of clients at once
    ctx = multiprocessing.get_context("spawn")  # a clean interpreter each, as a Lambda container starts
    in_flight, peak = ctx.Value("i", 0), ctx.Value("i", 0)
    processes = []
    for n in range(1, count + 1):
        p = ctx.Process(
            target=_worker,
            args=(sock, n, in_flight, peak, str(log_dir / f"api-{n}.log"), quiet),
            name=f"api-{n}",
            daemon=True,
        )
        p.start()
        processes.append(p)
    return Workers(processes, in_flight, peak, sock)


def wait_until_up(url: str, workers: Workers, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline or not all(p.is_alive() for p in workers.processes):
                raise RuntimeError(f"the API workers did not answer at {url}/health (see their logs)") from None
            time.sleep(0.1)


def caller(event: dict[str, Any]) -> str:
    """Who called, for the terminal line: the email claim the gateway's authorizer verified ('-' on public routes)."""
    claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("claims") or {}
    return str(claims.get("email") or claims.get("cognito:username") or "-")


def request_line(event: dict[str, Any], status: int, ms: float, worker: int) -> str:
    query = event.get("multiValueQueryStringParameters") or {}
    qs = "&".join(f"{k}={v}" for k, values in query.items() for v in values)
    context = event.get("requestContext") or {}
    path = (context.get("path") or event.get("path") or "?") + (f"?{qs}" if qs else "")
    method = context.get("httpMethod") or event.get("httpMethod") or "?"
    return (
        f"{time.strftime('%H:%M:%S')} {method:<6} {path[:90]:<45} {status} "
        f"{ms:7.1f} ms  {caller(event)}  [api-{worker}]"
    )


def _worker(
    sock: socket.socket, number: int, in_flight: Any, peak: Any, log_file: str, quiet: bool
) -> None:  # pragma: no cover - runs in the worker process (the e2e tests drive it over HTTP)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the workers
    terminal = sys.stdout  # the terminal (fd 1, inherited); the app's own stdout becomes the log file
    sys.stdout = open(log_file, "a", buffering=1)  # noqa: SIM115 - the app's JSON logs, for the worker's life
    sys.path.insert(0, str(ROOT / "functions" / "api"))
    import functools
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from chalice.config import Config
    from chalice.local import ChaliceRequestHandler

    import app as api_module
    from infra import gateway_auth
    from infra.template import TEMPLATE, load

    app = api_module.app
    base = type(app)

    class Counted(base):  # type: ignore[misc, valid-type]
        def __call__(self, event: dict[str, Any], context: Any) -> Any:
            with in_flight.get_lock():
                in_flight.value += 1
                peak.value = max(peak.value, in_flight.value)
            started = time.perf_counter()
            status = 500
            try:
                response = base.__call__(self, event, context)
                status = int(response.get("statusCode", 200))
                return response
            finally:
                with in_flight.get_lock():
                    in_flight.value -= 1
                if not quiet:
                    ms = (time.perf_counter() - started) * 1000
                    print(request_line(event, status, ms, number), file=terminal, flush=True)

    app.__class__ = Counted
    config = Config.create(chalice_stage="dev", app_name="crm-api", chalice_app=app)

    verifier = gateway_auth.verifier_from_environment()
    template = load(TEMPLATE)

    class OneRequestPerConnection(ChaliceRequestHandler):  # type: ignore[misc]
        protocol_version = "HTTP/1.0"  # a kept-alive idle client would hold this one-at-a-time worker
        timeout = 15  # and so would one that connects and never sends

        def __init__(self, request: Any, client_address: Any, server: Any, app_object: Any, config: Any) -> None:
            """As chalice's handler, with API Gateway's Cognito authorizer in front of the app."""
            self.local_gateway = gateway_auth.gateway(app_object, config, verifier, template)
            BaseHTTPRequestHandler.__init__(self, request, client_address, server)

        def log_message(self, format: str, *args: Any) -> None:
            """The request line above says it better."""

    host, port = sock.getsockname()[:2]
    server = HTTPServer((host, port), functools.partial(OneRequestPerConnection, app_object=app, config=config), False)
    server.socket.close()
    server.socket, server.server_name, server.server_port = sock, host, port
    server.serve_forever()
