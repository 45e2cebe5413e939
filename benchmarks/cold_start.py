"""Cold starts as deployed (run on demand: `python3 -m benchmarks.cold_start [--runs 9] [--reuse]`).

Each API function and each Connect flow hook is started the way Lambda starts it: the packages `infra.build`
produces (for this machine's architecture) unpacked in a fresh directory, the layer on the path, only boto3 and
s3transfer from the runtime, `PYTHONDONTWRITEBYTECODE=1` (Lambda's directories are read-only: what is not shipped
as bytecode is compiled again every time), X-Ray tracing on with Lambda's trace header, and the environment
template.yaml gives the function. What is timed is the cold request: process start -> module init -> the first
request answered (a typical read of the function's contexts through the real handler, token verification
included, against moto built from template.yaml), median of N fresh processes, beside the baseline measured the
same way in the same run: `import boto3`, a DynamoDB client, one GetItem. Ratio target <= 1.5 for every function.

Before that, DynamoDB requests per read (GET /customers/{id} and its 360: target 1 each), counted in-process
through botocore's event hooks. The last line: `worst API function init ratio <r> (as deployed)`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.verdicts import quiet_logs, verdict
from infra.bootstrap import ROOT, ensure_venv
from tests.api_events import LAMBDA_CHILD


@dataclass
class Runner:
    """One thing to start cold: its code, arguments, path, environment and event; its timings so far."""

    label: str
    command: list[str]
    env: dict[str, str]
    cwd: Path
    event: dict
    inits: list[float] = field(default_factory=list)
    answers: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)

    def once(self) -> None:
        from benchmarks.cold_start_setup import result_of

        started = time.time()
        out = subprocess.run(
            self.command, input=json.dumps(self.event), env=self.env, cwd=self.cwd, capture_output=True, text=True
        )
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-3000:])
        r = result_of(out.stdout)
        self.inits.append(r["initialised"] - started)
        self.answers.append(r["answered"] - started)
        self.statuses.add(r["status"])

    @property
    def init(self) -> float:
        return statistics.median(self.inits)

    @property
    def cold(self) -> float:
        return statistics.median(self.answers)


def runner(label: str, code: str, argv: list[str], path: list[Path], env: dict[str, str], event: dict) -> Runner:
    child_env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    child_env.update(env)
    child_env["PYTHONPATH"] = os.pathsep.join(str(p) for p in path)
    return Runner(label, [sys.executable, "-S", "-c", code, *argv], child_env, path[0], event)


def measure(runs: int, reuse: bool, work: Path, session: dict) -> tuple[float, bool]:
    """Round-robin: each round starts every function and the baseline once, so a slow spell of the machine
    weighs on all of them alike instead of on whichever ran during it."""
    from benchmarks import cold_start_setup as setup

    layout = setup.build(work, reuse)
    setup.seed(session)
    subjects = setup.subjects(layout, session)
    baseline = runner("baseline", setup.BASELINE, [], [layout.runtime], {**subjects[0].env}, {})
    runners = [baseline] + [
        runner(s.label, LAMBDA_CHILD, [s.handler], [*s.path, layout.runtime], s.env, s.event) for s in subjects
    ]
    for _ in range(runs):
        for r in runners:
            r.once()
    print(f"\ncold request as deployed (tracing on, bytecode as shipped), median of {runs} fresh processes each")
    print(f"{'function and first request':58} {'init s':>7} {'answer s':>9} {'ratio':>6}  status")
    print(f"{'baseline: import boto3, a client, one GetItem':58} {baseline.init:7.3f} {baseline.cold:9.3f}")
    ratios: dict[str, float] = {}
    for r in runners[1:]:
        ratios[r.label] = r.cold / baseline.cold
        status = ",".join(map(str, sorted(r.statuses)))
        print(f"{r.label:58} {r.init:7.3f} {r.cold:9.3f} {ratios[r.label]:6.2f}  {status}", flush=True)
        if any(code >= 300 for code in r.statuses):
            raise RuntimeError(f"{r.label} answered {status}: the benchmark must time a successful read")
    print()
    ok = all(
        [
            verdict(ratio <= 1.5, f"{label.split()[0]} cold request <= 1.5x the baseline", f"{ratio:.2f}x")
            for label, ratio in ratios.items()
            if not label.startswith("(")  # the single-function row is the comparison, not a target
        ]
    )
    return max(r for label, r in ratios.items() if label.startswith("Api")), ok


def count_requests(session: dict) -> bool:
    """DynamoDB requests per read, in-process against moto (the app serving every route, as the tests run it)."""
    from chalice.test import Client

    from infra.gateway_auth import gateway, verifier_for
    from infra.request_count import dynamodb_requests
    from infra.users import id_token

    sys.path.insert(0, str(ROOT / "functions" / "api"))
    from app import app
    from crm.customers import schemas, service
    from infra.seed import demo_customers

    data, _ = demo_customers(1)[0]
    c = service.create_customer(data, "bench", force=True)
    for i in range(30):
        service.add_note(c.customer_id, schemas.NoteIn(summary=f"note {i}"), "bench")
    stack = session["stack"]
    token = id_token(stack.physical("UserPoolClient"), session["users"]["agent"], region="eu-west-1")
    h = {"Authorization": f"Bearer {token}"}
    print("DynamoDB requests per API call (target 1 each)")
    found: list[tuple[str, int]] = []
    with Client(app) as client:
        verifier = verifier_for("eu-west-1", stack.physical("UserPool"), session["url"])
        client.http._local_gateway = gateway(app, client.http._config, verifier)  # API Gateway's authorizer
        client.http.get("/health")
        for path in (f"/customers/{c.customer_id}", f"/customers/{c.customer_id}/360"):
            with dynamodb_requests() as counts:
                r = client.http.get(path, headers=h)
            assert r.status_code == 200, r.body
            print(f"GET {path.replace(c.customer_id, '{id}'):28} {sum(counts.values())}  {dict(counts)}")
            found.append((path.replace(c.customer_id, "{id}"), sum(counts.values())))
    return all([verdict(n <= 1, f"GET {path} makes 1 DynamoDB request", str(n)) for path, n in found])


def main() -> int:
    ensure_venv("benchmarks.cold_start")
    p = argparse.ArgumentParser(prog="python3 -m benchmarks.cold_start")
    p.add_argument("--runs", type=int, default=9)
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "crm-cold-start")
    p.add_argument("--reuse", action="store_true", help="reuse the packages a previous run built in --work")
    args = p.parse_args()
    quiet_logs()
    sys.path.insert(0, str(ROOT))
    import tests.conftest as harness  # moto + template resources + demo users, as the tests use

    session = harness.start_session()
    try:
        requests_ok = count_requests(session)
        worst, starts_ok = measure(args.runs, args.reuse, args.work, session)
    finally:
        session["server"].stop()
    print(f"worst API function init ratio {worst:.2f} (as deployed)")
    return 0 if requests_ok and starts_ok else 1


if __name__ == "__main__":
    sys.exit(main())
