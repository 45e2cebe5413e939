"""What benchmarks/cold_start.py starts its fresh processes from, laid out as Lambda lays a function out: the API
package and the layer as `infra.build` produces them (for this machine's architecture), unpacked; the Connect
hooks' code as `sam build` copies it (source only); a "runtime" directory holding only what Lambda's Python
runtime brings (boto3 and its dependencies); and the events of the first request each function answers, against
moto built from template.yaml with a customer to read."""

from __future__ import annotations

import json
import platform
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.bootstrap import ROOT

# The first request each API function answers: a typical read of its contexts, by route module.
READS: dict[str, tuple[str, dict[str, str]]] = {
    "platform": ("/me", {}),
    "customers": ("/customers/{customer_id}", {}),
    "catalog": ("/products", {}),
    "cases": ("/cases", {"status": "open"}),
    "contact_centre": ("/agent/screen-pop", {"phone": "{phone}"}),  # the seeded caller's number
    "sales": ("/leads", {"status": "new"}),
    "suppliers": ("/suppliers", {}),
    "partners": ("/partners", {}),
    "messaging": ("/newsletters", {}),
    "knowledge": ("/kb/articles", {}),
    "customer_portal": ("/me/profile", {}),  # as the seeded customer, signed in to the portal
}
# What Lambda's python3.11 runtime brings besides the standard library (the layer shadows those it also has).
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six.py")


@dataclass
class Layout:
    task: Path  # the API package, unpacked (LAMBDA_TASK_ROOT)
    connect: Path  # the Connect hooks' code
    layer: Path  # /opt/python
    runtime: Path


def build(work: Path, reuse: bool) -> Layout:
    from infra.build import build_api, build_layer

    layout = Layout(work / "task", work / "connect", work / "layer" / "python", work / "runtime")
    if reuse and layout.task.exists() and layout.layer.exists() and layout.runtime.exists():
        return layout
    build_layer(work / "layer", f"manylinux2014_{platform.machine()}")
    shutil.rmtree(layout.task, ignore_errors=True)
    with zipfile.ZipFile(build_api(work / "api")) as z:
        z.extractall(layout.task)
    shutil.rmtree(layout.connect, ignore_errors=True)
    shutil.copytree(ROOT / "functions" / "connect", layout.connect, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(layout.runtime, ignore_errors=True)
    layout.runtime.mkdir(parents=True)
    site = Path(next(p for p in sys.path if p.endswith("site-packages")))
    for name in RUNTIME_PACKAGES:
        (layout.runtime / name).symlink_to(site / name)
    return layout


@dataclass
class Subject:
    label: str
    handler: str  # module.attribute, as template.yaml's Handler
    path: list[Path]  # sys.path entries before the runtime's
    env: dict[str, str]
    event: dict[str, Any]


def subjects(layout: Layout, session: dict[str, Any]) -> list[Subject]:
    """Every API function (its typical read) and the Connect flow hooks (a known caller), with the environment
    template.yaml gives each, pointed at the benchmark's moto."""
    from chalicelib.table import SPECS
    from crm.auth import is_allowed
    from infra.gateway_auth import claim_strings, verifier_for
    from infra.template import api_functions, served_route_modules
    from infra.users import id_token, link_portal_user
    from tests.api_events import api_event
    from tests.connect_events import call

    stack, users = session["stack"], session["users"]
    base = _base_env(session)
    client_id = stack.physical("UserPoolClient")
    verifier = verifier_for("eu-west-1", stack.physical("UserPool"), session["url"])
    specs = {(s.method, s.path): s for s in SPECS}
    out = []
    for logical, res in sorted(api_functions(stack.template).items()):
        module = next(m for m in served_route_modules(res) if m in READS)
        path, template = READS[module]
        query = {k: v.format(phone=session["phone"]) for k, v in template.items()}
        spec = specs[("GET", path)]
        params = {"customer_id": session["customer_id"]} if "{customer_id}" in spec.path else {}
        if module == "customer_portal":
            pool = stack.physical("UserPool")
            email = link_portal_user(pool, "eu-west-1", "portal@bench.example", session["customer_id"])
            token = id_token(stack.physical("CustomerPortalClient"), email, region="eu-west-1")
        else:
            group = next(g for g in users if spec.permission is None or is_allowed(_principal(g), spec.permission))
            token = id_token(client_id, users[group], region="eu-west-1")
        event = api_event("GET", spec.path, params, query, token, claim_strings(verifier.verify(token)))
        env = {**base, **stack.environment(logical), **_lambda_env(logical, layout.task)}
        out.append(Subject(f"{logical} GET {spec.path}", "app.app", [layout.task, layout.layer], env, event))
    customers = next(s for s in out if s.label.startswith("ApiCustomersFunction"))
    every_route = {k: v for k, v in customers.env.items() if k != "API_ROUTES"}  # one function for all
    out.append(
        Subject(
            "(one function serving every route) GET /customers/{customer_id}",
            "app.app",
            customers.path,
            every_route,
            customers.event,
        )
    )
    for logical, handler in (("AcdFunction", "acd.handler"), ("IvrFunction", "ivr.handler")):
        env = {**base, **stack.environment(logical), **_lambda_env(logical, layout.connect)}
        parameters = {"intent": "opening_hours"} if logical == "IvrFunction" else None
        event = call(session["phone"], parameters=parameters)
        out.append(Subject(f"{logical} known caller", handler, [layout.connect, layout.layer], env, event))
    return out


def _lambda_env(function: str, task_root: Path) -> dict[str, str]:
    """What Lambda's runtime sets in every function's environment (libraries such as the X-Ray SDK read it to
    know they run in Lambda: without LAMBDA_TASK_ROOT the SDK starts its own sampling clients)."""
    return {
        "AWS_LAMBDA_FUNCTION_NAME": function,
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.11",
        "LAMBDA_TASK_ROOT": str(task_root),
        "LAMBDA_RUNTIME_DIR": "/var/runtime",
    }


def _principal(group: str) -> Any:
    from crm.auth import Principal

    return Principal(sub="bench", email=f"{group}@crm.local", groups=frozenset({group}))


def _base_env(session: dict[str, Any]) -> dict[str, str]:
    from infra.local import local_aws_environment

    return {
        **local_aws_environment(session["url"]),
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_REGION": "eu-west-1",
        "PUBLIC_API_URL": "https://api.example.com",
        "LOG_LEVEL": "INFO",
        "POWERTOOLS_TRACE_DISABLED": "false",  # Tracing: Active, as deployed
        "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000",
        "_X_AMZN_TRACE_ID": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        "PYTHONDONTWRITEBYTECODE": "1",  # the code and layer directories are read-only in Lambda
    }


def seed(session: dict[str, Any]) -> None:
    """A customer with a phone and a PIN (the reads and the known caller), and a routing configuration."""
    from crm.contact_centre import ivr
    from crm.contact_centre.service import put_config
    from crm.customers import schemas, service

    q = "arn:aws:connect:eu-central-1:123456789012:instance/i/queue/"
    put_config(
        {"general": q + "g", "priority": q + "p", "partner_desk": q + "d", "by_language": {}, "by_owner": {}},
        "bench",
    )
    phone = "+4930555000111"
    body = schemas.CustomerCreate(kind="company", name="Bench AG", phones=[phone], address={"country": "DE"})
    customer = service.create_customer(body, "bench")
    ivr.set_pin(customer.customer_id, "4321")
    session.update(customer_id=customer.customer_id, phone=phone)


BASELINE = r"""
import json, os, sys, time
import boto3
client = boto3.client("dynamodb")
initialised = time.time()
client.get_item(TableName=os.environ["TABLE_NAME"], Key={"pk": {"S": "BENCH"}, "sk": {"S": "BENCH"}})
answered = time.time()
print("BENCH " + json.dumps({"initialised": initialised, "answered": answered, "status": 200}), flush=True)
"""


def result_of(stdout: str) -> dict[str, Any]:
    """The child's measurement line; everything else it printed is the application's own logging."""
    line = next(line for line in reversed(stdout.splitlines()) if line.startswith("BENCH "))
    return dict(json.loads(line[len("BENCH ") :]))
