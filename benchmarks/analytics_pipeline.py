"""The daily RFM + lifetime-value run end to end over the real raw-zone layout, at 100 k, 1 M and 10 M orders
(run on demand: `python3 -m benchmarks.analytics_pipeline [--sizes 100000 1000000 10000000]`).

Per size, a synthetic history of three years is written to local disk in the layout the jobs read
(analytics_jobs.rawzone): compacted Parquet per kind and day (orders placed, ~3 % cancelled later), and the
newest day's 30 k orders (at every size) as the NDJSON batches the stream consumer
writes, 100 events each. The jobs' own S3 reader runs on it through a directory-backed client that counts
every request (LIST page, GET, PUT, DELETE) like the S3 API would bill them. Two runs, each in a fresh process
(its peak memory is the process's):
  full   no carried state: the whole history read (analytics_jobs.purchases, rebuild), RFM, the BG/NBD and
         Gamma-Gamma fit, CLV, and the write-back of every customer (the first run);
  daily  the state the full run left, the new day's batches: what a normal night does.
Beside them (printed, not part of the figures above), the order history the other daily jobs carry
(analytics_jobs.history, the campaigns' orders): its rebuild and its daily update, with their S3 requests.
The write-back counts UpdateItems instead of making them (the table is not part of this measurement).
Targets on 2 cores: full at 10 M <= 120 s and <= 6 GB; daily at 10 M <= 15 s; S3 requests per daily run the same
at every size (a constant plus a few per new partition); daily table writes only where figures moved (a segment
or band changed, a number past its tolerance), fewer than a write per customer and job.
The last line: `10M orders: full <s> s, daily <s> s, <n> S3 requests per daily run, <w> table writes, peak <GB> GB`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.verdicts import verdict
from infra.bootstrap import ROOT, ensure_venv

DAYS = 3 * 365
TODAY = "2026-11-30"

CHILD = r"""
import json, sys, time
from benchmarks.analytics_pipeline_run import run
from benchmarks.memory import peak_mb
mode, root, out = sys.argv[1:4]
result = run(mode, root)
result["peak_gb"] = peak_mb() / 1024
open(out, "w").write(json.dumps(result))
"""


def _child(mode: str, root: Path) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([sys.executable, "-c", CHILD, mode, str(root), out.name], check=True, cwd=ROOT)
        return dict(json.loads(Path(out.name).read_text()))


def main() -> int:
    ensure_venv("benchmarks.analytics_pipeline")
    p = argparse.ArgumentParser(prog="python3 -m benchmarks.analytics_pipeline")
    p.add_argument("--sizes", nargs="*", type=int, default=[100_000, 1_000_000, 10_000_000])
    p.add_argument("--dir", default=None, help="keep the synthetic histories here (default: a temporary folder)")
    args = p.parse_args()
    from benchmarks.analytics_pipeline_data import write_history

    base = Path(args.dir or tempfile.mkdtemp(prefix="crm-pipeline-"))
    head = ("orders", "run", "seconds", "peak GB", "S3 requests", "table writes", "customers")
    print(f"{head[0]:>10} {head[1]:<6} {head[2]:>8} {head[3]:>8} {head[4]:>12} {head[5]:>13} {head[6]:>10}")
    results: dict[int, dict[str, dict[str, Any]]] = {}
    for size in args.sizes:
        root = base / f"orders-{size}"
        write_history(root, size, DAYS, TODAY)
        results[size] = {}
        for mode in ("full", "daily"):
            r = _child(mode, root)
            results[size][mode] = r
            print(
                f"{size:>10,} {mode:<6} {r['seconds']:>8.1f} {r['peak_gb']:>8.2f} {int(r['s3_requests']):>12,} "
                f"{int(r['table_writes']):>13,} {int(r['customers']):>10,}",
                flush=True,
            )
            print(f"{'':>10} {'':<6} " + ", ".join(f"{k} {v:.1f} s" for k, v in r["steps"].items()), flush=True)
        results[size]["history"] = h = _child("history", root)
        print(
            f"{'':>10} orders history (campaigns' state): full {h['full']['seconds']:.1f} s, "
            f"{h['full']['s3_requests']:,} requests; daily {h['daily']['seconds']:.1f} s, "
            f"{h['daily']['s3_requests']:,} requests, {h['daily']['orders']:,} orders, peak {h['peak_gb']:.2f} GB",
            flush=True,
        )
    return _verdicts(results)


def _verdicts(results: dict[int, dict[str, dict[str, Any]]]) -> int:
    largest = max(results)
    full, daily = results[largest]["full"], results[largest]["daily"]
    ok = True
    label = f"{largest / 1e6:g}M" if largest >= 1_000_000 else f"{largest / 1e3:g}k"
    if largest >= 10_000_000:
        ok &= verdict(full["seconds"] <= 120, "full rebuild at 10 M <= 120 s", f"{full['seconds']:.1f} s")
        ok &= verdict(full["peak_gb"] <= 6, "full rebuild at 10 M <= 6 GB", f"{full['peak_gb']:.2f} GB")
        ok &= verdict(daily["seconds"] <= 15, "daily run over 10 M <= 15 s", f"{daily['seconds']:.1f} s")
    requests = {size: int(r["daily"]["s3_requests"]) for size, r in results.items()}
    ok &= verdict(
        max(requests.values()) - min(requests.values()) <= 2 * len(requests),
        "S3 requests per daily run independent of the history",
        ", ".join(f"{s:,}: {n}" for s, n in requests.items()),
    )
    history = {size: int(r["history"]["daily"]["s3_requests"]) for size, r in results.items()}
    ok &= verdict(
        max(history.values()) - min(history.values()) <= 2 * len(history),
        "S3 requests per daily update of the order history independent of the history",
        ", ".join(f"{s:,}: {n}" for s, n in history.items()),
    )
    share = daily["table_writes"] / max(2 * daily["customers"], 1)  # two jobs: up to two writes per customer
    ok &= verdict(
        share < 1,
        "daily table writes only for customers whose figures moved, not all",
        f"{int(daily['rfm_writes']):,} RFM + {int(daily['ltv_writes']):,} CLV of {int(daily['customers']):,} "
        f"customers x 2 ({share:.0%})",
    )
    print(
        f"{label} orders: full {full['seconds']:.1f} s, daily {daily['seconds']:.1f} s, "
        f"{int(daily['s3_requests'])} S3 requests per daily run, {int(daily['table_writes'])} table writes, "
        f"peak {max(full['peak_gb'], daily['peak_gb']):.2f} GB"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
