"""What the local stack runs besides the API, in its main process: the template's schedules on their rates, the
table stream and SQS queues delivered to their functions, the demo's analytics once, and saving the state.

Functions run one at a time here (`LOCK`), each as its Lambda would, and say what they did in one terminal line;
their JSON logs go to the log file (infra.local_console).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from infra.local_console import say

LOCK = threading.Lock()  # the in-process functions share module state (loggers, clients): one at a time
SIMULATED_METRICS = "simulated queue metrics"


def finish_demo(state: dict[str, Any], raw_events: list[dict[str, Any]], logs: Path, done: Callable[[], None]) -> None:
    """While the API serves: the demo history's raw zone, then every analytics job once, in their own process
    (infra.local_demo) so the emulator keeps a core; the state gets `seeded.analytics` (what each reported) and
    `seeded.complete`, and `done` is called."""

    def work() -> None:
        import os
        import pickle
        import subprocess
        import sys
        import tempfile

        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            events, result = Path(tmp) / "events.pickle", Path(tmp) / "result.json"
            events.write_bytes(pickle.dumps(raw_events))  # as they are (Decimals, dates), for our own process
            with open(logs / "analytics.log", "a") as log:
                code = subprocess.call(
                    [sys.executable, "-m", "infra.local_demo", str(events), str(result)],
                    env=os.environ.copy(),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            ran = json.loads(result.read_text()) if result.exists() else {"failed": f"exit code {code}"}
        state["seeded"]["analytics"] = ran
        state["seeded"]["complete"] = True
        state["seeded"]["analytics_seconds"] = round(time.perf_counter() - started, 1)
        done()
        outcome = "failed, see the analytics log" if "failed" in ran else "figures on customers, curated Parquet"
        say(f"[analytics] raw zone and every job once in {time.perf_counter() - started:.0f} s: {outcome}")

    threading.Thread(target=work, daemon=True, name="analytics").start()


def run_schedules(stack: Any, every: float | None, stop: threading.Event) -> threading.Thread:
    """Invoke each scheduled function of the template on its rate (or every `every` seconds), like EventBridge."""
    from infra import simulated_metrics
    from infra.functions import run_scheduled, scheduled

    # rate() schedules run on their rate (or `every`); cron() jobs (daily analytics, expiry) ran once at start
    jobs = [(s.logical_id, every or s.every_seconds) for s in scheduled(stack) if s.every_seconds]
    if "QueueMetricsFunction" not in {logical for logical, _ in jobs}:  # no Connect instance: simulated loads
        jobs.append((SIMULATED_METRICS, every or 60))
    due = {logical: time.monotonic() + period for logical, period in jobs}

    def loop() -> None:
        while not stop.wait(max(0.05, min(due.values()) - time.monotonic())):
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
                        say(f"{time.strftime('%H:%M:%S')} [schedule] {logical}: {_brief(result)}")
                    except Exception as exc:  # a failing job is logged and retried next period, like Lambda
                        say(f"{time.strftime('%H:%M:%S')} [schedule] {logical} failed: {exc!r}")

    thread = threading.Thread(target=loop, daemon=True, name="schedules")
    thread.start()
    return thread


def _brief(result: Any) -> str:
    return json.dumps(result, default=str)[:200]


def run_streams(stack: Any, stop: threading.Event, every: float = 1.0) -> threading.Thread:
    """Deliver the table stream to each stream-triggered function of the template, like an event source mapping,
    and the SQS queues to theirs."""
    from infra.functions import StreamPump, pump_queue, queue_functions, stream_functions

    with LOCK:
        pumps = [StreamPump(stack, fn, table, position) for fn, table, position in stream_functions(stack)]
    queues = queue_functions(stack)

    def loop() -> None:
        while not stop.wait(0 if any(p.behind for p in pumps) else every):
            for fn, queue in queues:  # SQS-triggered functions (campaign sends)
                with LOCK:
                    try:
                        n = pump_queue(stack, fn, queue)
                    except Exception as exc:
                        say(f"[queue] {fn} failed: {exc!r}")
                        continue
                if n:
                    say(f"{time.strftime('%H:%M:%S')} [queue] {fn}: {n} messages")
            for pump in pumps:
                with LOCK:
                    try:
                        result = pump.poll()
                    except Exception as exc:  # logged; the next poll goes on, as Lambda would after its retries
                        say(f"[stream] {pump.function_id} failed: {exc!r}")
                        continue
                if result and result.get("batchItemFailures"):
                    say(f"[stream] {pump.function_id}: {len(result['batchItemFailures'])} failed records")

    thread = threading.Thread(target=loop, daemon=True, name="streams")
    thread.start()
    return thread


def keep_saved(
    snapshot: Path, stack: Any, state: dict[str, Any], stop: threading.Event, every: float = 120
) -> threading.Thread:
    """Save the emulator's state every `every` seconds while something was written (a kill loses little)."""
    from infra import local_state, moto_patches

    def loop() -> None:
        saved_at = moto_patches.writes
        while not stop.wait(every):
            if moto_patches.writes != saved_at and state["seeded"].get("complete", True):
                saved_at = moto_patches.writes
                try:
                    local_state.save(snapshot, stack, state)
                except Exception as exc:  # the next period tries again; the stop saves too
                    say(f"[state] saving failed: {exc!r}")

    thread = threading.Thread(target=loop, daemon=True, name="state")
    thread.start()
    return thread
