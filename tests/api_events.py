"""API Gateway's REST proxy event as it invokes an API function, for tests and benchmarks that call a function's
handler the way Lambda does (a fresh process, the real handler)."""

from __future__ import annotations

import uuid
from typing import Any


def api_event(
    method: str, resource: str, path_parameters: dict[str, str], query: dict[str, str], token: str, claims: dict
) -> dict[str, Any]:
    """API Gateway's REST proxy event, as it invokes each API function (the authorizer's verified claims in it)."""
    path = resource.format(**path_parameters)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json", "Host": "api.example.com"}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} or None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/prod{path}",
            "stage": "prod",
            "requestId": str(uuid.uuid4()),
            "identity": {"sourceIp": "203.0.113.7"},
            "authorizer": {"claims": claims},
        },
        "body": None,
        "isBase64Encoded": False,
    }


# A fresh process invoking a handler as Lambda does: `python -c LAMBDA_CHILD module.attribute < event.json`; it
# prints one `BENCH {...}` line with when init ended, when the answer came and its status.
LAMBDA_CHILD = r"""
import importlib, json, os, sys, time
module, attribute = sys.argv[1].rsplit(".", 1)
handler = getattr(importlib.import_module(module), attribute)
initialised = time.time()

class Context:
    function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:" + function_name
    memory_limit_in_mb = 512
    aws_request_id = "cold-start-benchmark"
    log_group_name = "/aws/lambda/" + function_name
    log_stream_name = "bench"
    def get_remaining_time_in_millis(self):
        return 15000

answer = handler(json.loads(sys.stdin.read()), Context())
answered = time.time()
status = answer.get("statusCode", 200) if isinstance(answer, dict) else 200
print("BENCH " + json.dumps({"initialised": initialised, "answered": answered, "status": status}), flush=True)
"""
