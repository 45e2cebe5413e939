"""One run of the pipeline benchmark in its own process: the RFM and lifetime-value jobs' steps as
analytics_jobs.handlers runs them (purchases, RFM, BG/NBD + Gamma-Gamma, CLV, write-back), on the directory-backed
S3 client, the write-back counting UpdateItems instead of making them."""

from __future__ import annotations

import shutil
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.verdicts import quiet_logs

RATES = {"EUR": Decimal(1), "PLN": Decimal("0.23")}
TODAY = "2026-11-30"  # benchmarks.analytics_pipeline.TODAY


def history(root: str) -> dict[str, Any]:
    """The campaign job's order history (analytics_jobs.history, the same carried state as the line jobs'):
    rebuilt the night before, then brought up to date with the new day; seconds and S3 requests of each."""
    from analytics_jobs import history
    from benchmarks.analytics_pipeline_data import BUCKET, DirS3, arrive

    arrive(Path(root), back=True)
    out: dict[str, Any] = {}
    for mode in ("full", "daily"):
        if mode == "daily":
            arrive(Path(root))
        s3 = DirS3(Path(root))
        started = time.perf_counter()
        tx = history.transactions(s3, BUCKET, RATES, rebuild=mode == "full")
        out[mode] = {"seconds": time.perf_counter() - started, "s3_requests": s3.requests, "orders": len(tx)}
    arrive(Path(root), back=True)
    return out


def run(mode: str, root: str) -> dict[str, Any]:
    quiet_logs()
    if mode == "history":
        return history(root)
    import pandas as pd

    from analytics_jobs import ltv, purchases, rfm
    from analytics_jobs.ltv_model import model
    from analytics_jobs.writeback import Tolerance, write_back
    from benchmarks.analytics_pipeline_data import BUCKET, DirS3, arrive

    arrive(Path(root), back=True)  # the night before: no batches of the newest day yet
    if mode == "full":  # the first run ever: nothing carried, nothing written back before
        shutil.rmtree(Path(root) / "state", ignore_errors=True)
    else:
        arrive(Path(root))
    s3 = DirS3(Path(root))
    writes = 0

    def write(customer_id: str, fields: dict[str, Any]) -> None:
        nonlocal writes
        writes += 1

    started = time.perf_counter()
    steps: dict[str, float] = {}
    clock = [started]

    def lap(name: str) -> None:
        now = time.perf_counter()
        steps[name], clock[0] = round(now - clock[0], 2), now

    rows, _ = purchases.update(s3, BUCKET, rebuild=mode == "full")
    lap("read+state")
    tx = purchases.transactions(rows, RATES)
    lap("purchases")
    as_of = pd.Timestamp(TODAY) - pd.Timedelta(days=1 if mode == "full" else 0)
    scores = rfm.rfm(tx, as_of)
    segments = scores[["customer_id", "segment"]].rename(columns={"segment": "rfm_segment"})
    lap("rfm")
    rfm_writes = write_back(s3, BUCKET, "rfm", segments, {}, write)
    lap("rfm write-back")
    s = ltv.summary(tx, as_of, "week")
    x, t_x, big_t = s["frequency"].to_numpy(), s["recency"].to_numpy(), s["T"].to_numpy()
    lap("ltv summary")
    bg, gg, _ = model(s3, BUCKET, s, as_of.date(), 7, refit=mode == "full")  # refitted weekly, as deployed
    lap("fit")
    s["p_alive"] = ltv.p_alive(bg, x, t_x, big_t)
    s["predicted_clv"] = ltv.clv(bg, gg, s, 52, 0.0015)
    s["clv_band"] = ltv.band(s["predicted_clv"])
    figures = pd.DataFrame(
        {
            "customer_id": s.index.astype(str),
            "clv": s["predicted_clv"].round(2).to_numpy(),
            "clv_band": s["clv_band"].astype(str).to_numpy(),
            "p_alive": s["p_alive"].round(4).to_numpy(),
        }
    )
    moved = {"clv": Tolerance(absolute=1.0, relative=0.05), "p_alive": Tolerance(absolute=0.02)}
    lap("clv")
    ltv_writes = write_back(s3, BUCKET, "ltv", figures, moved, write)
    lap("clv write-back")
    seconds = time.perf_counter() - started
    arrive(Path(root), back=True)
    return {
        "seconds": seconds,
        "s3_requests": s3.requests,
        "table_writes": writes,
        "rfm_writes": rfm_writes,
        "steps": steps,
        "ltv_writes": ltv_writes,
        "customers": len(s),
    }
