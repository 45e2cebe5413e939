"""The way every benchmark ends: one line per target (PASS or FAIL, what was asked, what was measured), and the
app's own log lines kept out of the tables (benchmarks that run product code in-process call `quiet_logs` first)."""

from __future__ import annotations

import os


def verdict(ok: bool, target: str, measured: str) -> bool:
    print(f"{'PASS' if ok else 'FAIL'}  {target}: {measured}", flush=True)
    return ok


def quiet_logs() -> None:
    """Powertools loggers read their level when created: set before the product's modules are imported."""
    os.environ["POWERTOOLS_LOG_LEVEL"] = "ERROR"
    os.environ["LOG_LEVEL"] = "ERROR"
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"
