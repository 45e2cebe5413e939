"""Amazon Connect hooks, measured (run on demand: `python3 -m benchmarks.connect_hooks`).

1. Init: a fresh process imports each hook module, median of N runs, beside `import boto3;
   boto3.client("dynamodb")` measured the same way in the same run; ratio (target <= 1.5).
2. DynamoDB requests per invocation (target <= 2), counted through botocore's event hooks against moto built
   from template.yaml: ACD for a known caller (routing state cached, as in a warm container, and cold), IVR
   verify, order status, balance.
3. In-process invocation time of each hook against a bare GetItem on the same moto server (median, ratio).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from benchmarks.verdicts import quiet_logs, verdict
from infra.bootstrap import ROOT, ensure_venv

HOOKS = {"acd": "AcdFunction", "ivr": "IvrFunction"}
CODE = "import time; t=time.perf_counter(); import {m}; print(time.perf_counter()-t)"
BASELINE = (
    "import time; t=time.perf_counter(); import boto3; boto3.client('dynamodb', region_name='eu-west-1'); "
    "print(time.perf_counter()-t)"
)
ENV = {
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_REGION": "eu-west-1",
    "TABLE_NAME": "crm-table",
    "POWERTOOLS_SERVICE_NAME": "connect",
    "AWS_LAMBDA_FUNCTION_NAME": "hook",
    "POWERTOOLS_TRACE_DISABLED": "true",
}


def _median(code: str, runs: int) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_"))}
    env.update(ENV)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "functions" / "connect"), str(ROOT / "layers" / "crm" / "python")])
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT / "functions" / "connect", capture_output=True, text=True
        )
        if out.returncode != 0:
            raise RuntimeError(out.stderr)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def measure_init(runs: int) -> None:
    print(f"init, median of {runs} fresh processes")
    print(f"{'what':44} {'seconds':>8} {'ratio':>7}")
    base = _median(BASELINE, runs)
    print(f"{'baseline: import boto3; client(dynamodb)':44} {base:8.3f} {1:7.2f}")
    ratios = {}
    for module in ("acd", "ivr", "contact_events", "voicemail"):
        t = _median(CODE.format(m=module), runs)
        ratios[module] = t / base
        print(f"{module + '.py':44} {t:8.3f} {t / base:7.2f}")
    print()
    for module, ratio in ratios.items():
        verdict(ratio <= 1.5, f"{module}.py init <= 1.5x the baseline", f"{ratio:.2f}x")


def measure_invocations(repeat: int) -> None:
    quiet_logs()
    sys.path.insert(0, str(ROOT))
    import tests.conftest as harness

    harness.SESSION.update(harness.start_session())  # moto + template resources + demo users, as the tests use
    from crm.contact_centre import ivr as ivr_domain
    from crm.contact_centre.routing import reset_cache
    from crm.contact_centre.service import put_config
    from crm.customers import schemas, service
    from infra.functions import Context, handler
    from infra.request_count import dynamodb_requests
    from tests.connect_events import call

    stack = harness.SESSION["stack"]
    q = "arn:aws:connect:eu-central-1:123456789012:instance/i/queue/"
    put_config(
        {
            "general": q + "g",
            "priority": q + "p",
            "partner_desk": q + "d",
            "by_language": {"pl": q + "pl"},
            "by_owner": {},
            "names": {},
            "aht_seconds": 300,
        },
        "bench",
    )
    body = schemas.CustomerCreate(
        kind="company", name="Bench AG", phones=["+4930555000111"], address={"country": "DE", "postal_code": "10115"}
    )
    c = service.create_customer(body, "bench")
    ivr_domain.set_pin(c.customer_id, "4321")
    acd, ivr = handler(stack, "AcdFunction"), handler(stack, "IvrFunction")
    attrs = {"crm_customer_id": c.customer_id}
    verified = ivr(
        call("+4930555000111", contact_id="b1", parameters={"intent": "verify", "digits": "4321"}, attributes=attrs),
        Context("ivr"),
    )
    signed = {**attrs, "crm_verified": verified["crm_verified"], "crm_sig": verified["crm_sig"]}
    cases = {
        "ACD known caller, warm": (acd, call("+4930555000111")),
        "IVR verify (right PIN)": (
            ivr,
            call(
                "+4930555000111", contact_id="b1", attributes=attrs, parameters={"intent": "verify", "digits": "4321"}
            ),
        ),
        "IVR order status": (
            ivr,
            call(
                "+4930555000111",
                contact_id="b1",
                attributes=signed,
                parameters={"intent": "order_status", "digits": "2026000001"},
            ),
        ),
        "IVR balance": (
            ivr,
            call("+4930555000111", contact_id="b1", attributes=signed, parameters={"intent": "balance"}),
        ),
    }
    print("\nDynamoDB requests per invocation (target <= 2)")
    reset_cache()
    with dynamodb_requests() as counts:
        acd(call("+4930555000111"), Context("acd"))
    print(f"{'ACD known caller, cold (routing state read)':44} {sum(counts.values()):3}  {dict(counts)}")
    requests = {"ACD known caller, cold": sum(counts.values())}
    for label, (fn, event) in cases.items():
        with dynamodb_requests() as counts:
            fn(event, Context("hook"))
        print(f"{label:44} {sum(counts.values()):3}  {dict(counts)}")
        requests[label] = sum(counts.values())

    from crm.customers.models import Customer

    def timed(f: object) -> float:
        samples = []
        for _ in range(repeat):
            t = time.perf_counter()
            f()  # type: ignore[operator]
            samples.append(time.perf_counter() - t)
        return statistics.median(samples)

    bare = timed(lambda: Customer.get(f"CUST#{c.customer_id}", "PROFILE"))
    print(f"\nin-process invocation, median of {repeat} (same moto server)")
    print(f"{'bare GetItem':44} {bare * 1000:8.1f} ms {1:7.2f}")
    for label, (fn, event) in cases.items():
        t = timed(lambda fn=fn, event=event: fn(event, Context("hook")))
        print(f"{label:44} {t * 1000:8.1f} ms {t / bare:7.2f}")
    print()
    for label, n in requests.items():
        verdict(n <= 2, f"{label}: <= 2 DynamoDB requests", str(n))
    harness.SESSION["server"].stop()


def main() -> int:
    ensure_venv("benchmarks.connect_hooks")
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--repeat", type=int, default=25)
    args = p.parse_args()
    measure_init(args.runs)
    measure_invocations(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
