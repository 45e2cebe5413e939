"""Several Lambda functions serve the one API: each, started as Lambda starts it (its API_ROUTES from
template.yaml), imports only the route modules it serves, registers exactly its template routes, and never the
analytics libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from infra.bootstrap import ROOT
from infra.template import api_functions, api_routes, load, served_route_modules

TEMPLATE = load()
PROBE = """
import json, sys
import app
print(json.dumps({
    "routes": sorted([m, p] for p, methods in app.app.routes.items() for m in methods),
    "modules": sorted(m for m in sys.modules if m.startswith(("chalicelib.", "crm."))),
    "heavy": sorted(m for m in ("pandas", "numpy", "pyarrow", "scipy", "aws_xray_sdk") if m in sys.modules),
}))
"""


def _start(routes: str) -> dict[str, list]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POWERTOOLS_")}
    env.update(API_ROUTES=routes, POWERTOOLS_TRACE_DISABLED="true", PUBLIC_API_URL="https://crm.test")
    env["PYTHONPATH"] = str(ROOT / "functions" / "api")
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=ROOT / "functions" / "api", capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("function", sorted(api_functions(TEMPLATE)))
def test_an_api_function_imports_only_the_routes_it_serves(function):
    modules = served_route_modules(TEMPLATE["Resources"][function])
    started = _start(",".join(modules))
    assert {tuple(r) for r in started["routes"]} == api_routes(TEMPLATE, function)
    loaded_routes = {m for m in started["modules"] if m.startswith("chalicelib.routes.")}
    assert loaded_routes == {f"chalicelib.routes.{m}" for m in modules}
    assert "chalicelib.table" not in started["modules"]  # the whole route table is for documents and tests
    assert started["heavy"] == []


def test_a_typo_in_api_routes_stops_the_cold_start_naming_it():
    env = {**os.environ, "API_ROUTES": "customers,custmers", "PYTHONPATH": str(ROOT / "functions" / "api")}
    out = subprocess.run(
        [sys.executable, "-c", "import app"], env=env, cwd=ROOT / "functions" / "api", capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "API_ROUTES names no route module custmers" in out.stderr
