"""Cold start and request counts of the API function (run on demand: `python3 -m benchmarks.cold_start`).

1. Init: a fresh process imports the handler module (app.py with its module-level objects), median of N runs,
   beside `import boto3; boto3.client("dynamodb")` measured the same way in the same run; ratio (target <= 1.5).
   Measured twice: tracing off (local/tests) and tracing on (as deployed: the X-Ray SDK loads at init).
2. DynamoDB requests made by GET /customers/{id} and GET /customers/{id}/360 (target 1 each), counted through
   botocore's event hooks against moto built from template.yaml.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

from benchmarks.verdicts import quiet_logs, verdict
from infra.bootstrap import ROOT, ensure_venv

APP_INIT = "import time; t=time.perf_counter(); import app; print(time.perf_counter()-t)"
BASELINE = (
    "import time; t=time.perf_counter(); import boto3; boto3.client('dynamodb', region_name='eu-west-1'); "
    "print(time.perf_counter()-t)"
)
LAMBDA_ENV = {
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_REGION": "eu-west-1",
    "TABLE_NAME": "crm-table",
    "IDEMPOTENCY_TABLE_NAME": "crm-idempotency",
    "COGNITO_USER_POOL_ID": "eu-west-1_example",
    "COGNITO_CLIENT_ID": "example",
    "PUBLIC_API_URL": "https://api.example.com",
    "POWERTOOLS_SERVICE_NAME": "crm-api",
    "AWS_LAMBDA_FUNCTION_NAME": "crm-api",
}


def _median_seconds(code: str, runs: int, extra_env: dict[str, str]) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_"))}
    env.update(LAMBDA_ENV)
    env.update(extra_env)
    env["PYTHONPATH"] = str(ROOT / "functions" / "api")
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT / "functions" / "api", capture_output=True, text=True
        )
        if out.returncode != 0:
            raise RuntimeError(out.stderr)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def measure_init(runs: int) -> None:
    print(f"init, median of {runs} fresh processes")
    print(f"{'what':44} {'seconds':>8} {'ratio':>7}")
    baseline = _median_seconds(BASELINE, runs, {})
    results: list[tuple[str, float]] = []
    print(f"{'baseline: import boto3; client(dynamodb)':44} {baseline:8.3f} {1:7.2f}")
    for label, env in (
        ("API app.py, tracing off (local, tests)", {"POWERTOOLS_TRACE_DISABLED": "true"}),
        ("API app.py, tracing on (as deployed)", {"POWERTOOLS_TRACE_DISABLED": "false"}),
    ):
        t = _median_seconds(APP_INIT, runs, env)
        print(f"{label:44} {t:8.3f} {t / baseline:7.2f}")
        results.append((label, t / baseline))
    print()
    for label, ratio in results:
        verdict(ratio <= 1.5, f"{label} init <= 1.5x the baseline", f"{ratio:.2f}x")


def count_requests() -> None:
    quiet_logs()
    sys.path.insert(0, str(ROOT))
    from chalice.test import Client

    import tests.conftest as harness  # moto server + template resources + demo users, as the tests use

    harness.SESSION.update(harness.start_session())  # moto + template resources + demo users, as the tests use
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
    stack = harness.SESSION["stack"]
    token = id_token(stack.physical("UserPoolClient"), harness.SESSION["users"]["agent"], region="eu-west-1")
    h = {"Authorization": f"Bearer {token}"}
    print("\nDynamoDB requests per API call (target 1 each)")
    found: list[tuple[str, int]] = []
    with Client(app) as client:
        client.http.get("/health")
        for path in (f"/customers/{c.customer_id}", f"/customers/{c.customer_id}/360"):
            with dynamodb_requests() as counts:
                r = client.http.get(path, headers=h)
            assert r.status_code == 200, r.body
            print(f"GET {path.replace(c.customer_id, '{id}'):28} {sum(counts.values())}  {dict(counts)}")
            found.append((path.replace(c.customer_id, "{id}"), sum(counts.values())))
    print()
    for path, n in found:
        verdict(n <= 1, f"GET {path} makes 1 DynamoDB request", str(n))
    harness.SESSION["server"].stop()


def main() -> int:
    ensure_venv("benchmarks.cold_start")
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=9)
    args = p.parse_args()
    measure_init(args.runs)
    count_requests()
    return 0


if __name__ == "__main__":
    sys.exit(main())
