"""`python3 -m infra.fuzz [--examples N] [--state-file F]`: schemathesis against the running local stack.

Every operation of the API's own OpenAPI document, called with generated input (valid and invalid, by hypothesis)
as each Cognito group, and every response checked: no 5xx, status code, content type, headers and body as the
document declares. The test suite runs it with few examples per operation and group
(tests/e2e/test_fuzz.py); this command is the longer run (default 25 examples each).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infra.bootstrap import ROOT, ensure_venv


@dataclass
class FuzzReport:
    calls: int = 0
    by_status: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    called: set[tuple[str, str, str]] = field(default_factory=set)  # (method, path, group) called at least once

    @property
    def server_errors(self) -> int:
        return sum(n for s, n in self.by_status.items() if s >= 500)


def fuzz(api_url: str, tokens: dict[str, str], examples: int, seed: int = 2026) -> FuzzReport:
    """`tokens`: group -> ID token. Unsafe operations run too: the stack is a throwaway."""
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
    ]
    import requests

    # the document as the API serves it; from_url would leave out the document's own operation
    schema = schemathesis.openapi.from_dict(requests.get(f"{api_url}/openapi.json", timeout=60).json())
    report = FuzzReport()
    session = None  # a fresh connection per call: chalice's local server answers HEAD with a body
    started = time.perf_counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        for group, token in tokens.items():
            _run_operation(operation, api_url, session, group, token, examples, seed, checks, report)
    report.seconds = time.perf_counter() - started
    return report


def _run_operation(
    operation: Any,
    api_url: str,
    session: Any,
    group: str,
    token: str,
    examples: int,
    seed: int,
    checks: list[Any],
    report: FuzzReport,
) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    headers = {"Authorization": f"Bearer {token}"}
    seen: set[str] = set()

    @hseed(seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        response = case.call(base_url=api_url, session=session, headers=headers, timeout=60)
        report.calls += 1
        report.by_status[response.status_code] += 1
        report.called.add((operation.method.upper(), operation.path, group))
        try:
            case.validate_response(response, checks=checks, headers=headers)
        except (Exception, BaseExceptionGroup) as exc:
            kind = type(exc).__name__ + ":" + str(exc).splitlines()[0][:160]
            if kind not in seen:
                seen.add(kind)
                report.failures.append(
                    f"{operation.label} as {group}: {str(exc)[:600]}\n    -> "
                    f"{response.status_code} {response.text[:300]}"
                )

    run()


def tokens_for(state: dict[str, Any]) -> dict[str, str]:
    import boto3

    idp = boto3.client(
        "cognito-idp",
        region_name=state["region"],
        endpoint_url=state["moto_url"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    out = {}
    for group, email in state["users"].items():
        auth = idp.initiate_auth(
            ClientId=state["client_id"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": state["password"]},
        )
        out[group] = auth["AuthenticationResult"]["IdToken"]
    return out


def main() -> int:
    ensure_venv("infra.fuzz")
    ap = argparse.ArgumentParser(prog="python3 -m infra.fuzz")
    ap.add_argument("--examples", type=int, default=25, help="generated cases per operation and group")
    ap.add_argument("--state-file", default=str(ROOT / ".local" / "stack.json"), help="the running stack's state")
    a = ap.parse_args()
    state = json.loads(Path(a.state_file).read_text())
    report = fuzz(state["api_url"], tokens_for(state), a.examples)
    print(
        f"{report.calls} calls in {report.seconds:.0f} s; statuses {dict(sorted(report.by_status.items()))}; "
        f"{report.server_errors} server errors; {len(report.failures)} failed checks"
    )
    for f in report.failures:
        print(" -", f)
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
