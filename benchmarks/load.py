"""Bounded load test against the running local stack (run on demand: `python3 -m infra.local` in one terminal,
then `python3 -m benchmarks.load [--users 10] [--minutes 3]`).

locust (installed into the venv on first use) runs salesperson users (benchmarks/locustfile.py) headless for the
given time; every write's id is kept. Afterwards every write is read back: each customer by id and by its email,
each order with its total, each note on its customer's timeline. Prints requests, throughput, latency
percentiles, the error rate and how many writes were found. The local API's workers each serve one request at a
time (like Lambda containers) over moto, so the throughput is the emulator's, not AWS's; the error rate and the
found writes are what this proves.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from benchmarks.verdicts import verdict
from infra.bootstrap import ROOT, ensure_venv


def _ensure_locust() -> None:
    if subprocess.run([sys.executable, "-c", "import locust"], capture_output=True).returncode:
        print("installing locust for the load test ...", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "locust>=2.30"], check=True)


def _client(api_url: str, token: str):
    import requests

    s = requests.Session()
    s.headers.update({"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    return lambda method, path, body=None: s.request(
        method, api_url + path, timeout=60, data=json.dumps(body) if body is not None else None
    )


def verify(api_url: str, token: str, writes: list[dict]) -> dict[str, list[int]]:
    """kind -> [found, total]."""
    call = _client(api_url, token)
    result: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    notes_by_customer: dict[str, set[str]] = defaultdict(set)
    for w in writes:
        if w["kind"] == "customer":
            result["customer"][1] += 1
            by_id = call("GET", f"/customers/{w['customer_id']}").status_code == 200
            found = call("GET", f"/customers/lookup?email={w['email']}").json()["items"]
            result["customer"][0] += by_id and [c["customer"]["customer_id"] for c in found] == [w["customer_id"]]
        elif w["kind"] == "order":
            result["order"][1] += 1
            r = call("GET", f"/orders/{w['order_id']}")
            result["order"][0] += r.status_code == 200 and r.json()["grand_total"] == w["total"]
        else:
            result["note"][1] += 1
            notes_by_customer[w["customer_id"]].add(w["entry_id"])
    for cid, wanted in notes_by_customer.items():
        seen, cursor = set(), None
        while True:
            page = call("GET", f"/customers/{cid}/timeline?limit=100" + (f"&cursor={cursor}" if cursor else "")).json()
            seen |= {e["entry_id"] for e in page["items"]}
            cursor = page.get("next")
            if not cursor:
                break
        result["note"][0] += len(wanted & seen)
    return dict(result)


def main() -> int:
    ensure_venv("benchmarks.load")
    ap = argparse.ArgumentParser(prog="python3 -m benchmarks.load")
    ap.add_argument("--users", type=int, default=10)
    ap.add_argument("--minutes", type=float, default=3)
    ap.add_argument("--state-file", default=str(ROOT / ".local" / "stack.json"))
    a = ap.parse_args()
    _ensure_locust()
    from infra.fuzz import tokens_for

    state = json.loads(Path(a.state_file).read_text())
    tokens = tokens_for(state)
    manager = _client(state["api_url"], tokens["manager"])
    sku = "LOAD-1"
    manager("POST", "/products", {"sku": sku, "name": "Load widget", "category": "tools", "tax_rate": "0.19"})
    manager(
        "POST",
        "/price-lists",
        {"name": "Load", "currency": "EUR", "valid_from": "2026-01-01", "prices": [{"sku": sku, "unit_price": "9.90"}]},
    )
    with tempfile.TemporaryDirectory() as tmp:
        writes_file, prefix = Path(tmp) / "writes.jsonl", Path(tmp) / "stats"
        env = {**os.environ, "LOAD_TOKEN": tokens["sales"], "LOAD_SKU": sku, "LOAD_WRITES": str(writes_file)}
        print(f"{a.users} users for {a.minutes:g} min against {state['api_url']} ...", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "-u",
                str(a.users),
                "-r",
                str(a.users),
                "-t",
                f"{int(a.minutes * 60)}s",
                "--host",
                state["api_url"],
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            env=env,
            check=False,
        )
        rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").read_text().splitlines()))
        writes = [json.loads(line) for line in writes_file.read_text().splitlines()] if writes_file.exists() else []
    total = next(r for r in rows if r["Name"] == "Aggregated")
    requests_n, failures = int(total["Request Count"]), int(total["Failure Count"])
    print(
        f"\n{requests_n} requests, {float(total['Requests/s']):.1f}/s, failures {failures} "
        f"({failures / max(requests_n, 1):.2%}); latency ms p50 {total['50%']} p95 {total['95%']} "
        f"p99 {total['99%']} max {float(total['Max Response Time']):.0f}"
    )
    for r in rows:
        if r["Name"] != "Aggregated":
            print(
                f"  {r['Name']:<32} {r['Request Count']:>6}  p50 {r['50%']:>5} ms  p95 {r['95%']:>5} ms  "
                f"failures {r['Failure Count']}"
            )
    found = verify(state["api_url"], tokens["manager"], writes)
    lost = sum(t - f for f, t in found.values())
    print("writes found afterwards: " + ", ".join(f"{k} {f}/{t}" for k, (f, t) in sorted(found.items())))
    print()
    ok = verdict(failures == 0, "no failed request", f"{failures} of {requests_n}")
    ok &= verdict(
        lost == 0,
        "every write read back",
        f"{sum(f for f, _ in found.values())} of {sum(t for _, t in found.values())}",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
