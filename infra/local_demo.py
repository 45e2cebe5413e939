"""`python -m infra.local_demo EVENTS RESULT`: the rest of a new local stack's demo, in its own process (the local
stack starts it with the stack's environment): the history's analytics raw zone from EVENTS (pickled), then every
analytics job once in the order their outputs build on; what each reported goes to RESULT (JSON)."""

from __future__ import annotations

import json
import pickle
import sys
import time
from pathlib import Path


def run_analytics() -> dict[str, object]:
    """The demo's figures, curated zone and report inputs exist from the start; in AWS each job runs on its own
    schedule. Two earlier RFM runs first, so the segment movements have something to compare with."""
    from datetime import date, timedelta

    import pandas as pd

    from analytics_jobs import handlers as h
    from analytics_jobs import report
    from analytics_jobs import service_handlers as sh

    out: dict[str, object] = {}
    past = [pd.Timestamp(date.today() - timedelta(days=n)) for n in (32, 8)]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for name, job in (
        ("compaction", lambda: h.run_compaction(tomorrow)),  # the whole demo history, today's events too
        ("rfm_month_ago", lambda: h.run_rfm(past[0], write_figures=False)),
        ("rfm_week_ago", lambda: h.run_rfm(past[1], write_figures=False)),
        ("rfm", h.run_rfm),
        ("ltv", h.run_ltv),
        ("trends", h.run_trends),
        ("basket", h.run_basket),
        ("price_effect", h.run_price_effect),
        ("campaigns", h.run_campaigns),
        ("churn", h.run_churn),
        ("channels", sh.run_channels),
        ("lifecycle", sh.run_lifecycle),
        ("service", sh.run_service),
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


def main(events_file: str, result_file: str) -> int:
    from infra.seed_business import write_raw_zone

    started = time.perf_counter()
    written = write_raw_zone(pickle.loads(Path(events_file).read_bytes()))  # written by the local stack
    out: dict[str, object] = {"raw_zone": {"seconds": round(time.perf_counter() - started, 1), "objects": written}}
    try:
        out |= run_analytics()
    except Exception as exc:  # reported in the state and on the terminal; the stack goes on
        out["failed"] = repr(exc)
    Path(result_file).write_text(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
