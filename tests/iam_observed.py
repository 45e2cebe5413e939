"""Least privilege, checked against what the API really calls: while the integration tests drive the app, every
AWS request a route makes is recorded under the API function that serves the route (template.yaml's API_ROUTES);
at the session's end each function's policy must allow every action it was seen to take (DynamoDB also on the
right table). moto enforces no IAM, so without this a function split off with too narrow a policy would pass
every test and fail in AWS."""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Any

import botocore.client

SEEN: dict[str, set[tuple[str, str]]] = defaultdict(set)  # function -> {(IAM action, table logical id or "")}
_serving = threading.local()  # per thread: the function serving its request (a state machine's thread serves none)
_tables: dict[str, str] = {}  # physical table name -> logical id

_DYNAMODB_PARTS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}
_RENAMED = {
    ("s3", "ListObjectsV2"): "ListBucket",
    ("s3", "ListObjects"): "ListBucket",
    ("s3", "ListObjectVersions"): "ListBucketVersions",
    ("s3", "HeadObject"): "GetObject",
    ("sqs", "SendMessageBatch"): "SendMessage",
    ("dynamodb", "TransactGetItems"): "GetItem",
}


def iam_actions(service: str, operation: str, params: dict[str, Any]) -> list[str]:
    """The IAM actions AWS checks for one API call (the few that differ from the operation's name)."""
    if service == "dynamodb" and operation == "TransactWriteItems":
        return sorted({f"dynamodb:{_DYNAMODB_PARTS[k]}" for item in params["TransactItems"] for k in item})
    if service == "s3" and operation == "DeleteObject" and params.get("VersionId"):
        return ["s3:DeleteObjectVersion"]
    if service == "scheduler" and operation == "CreateSchedule":
        return ["scheduler:CreateSchedule", "iam:PassRole"]
    return [f"{service}:{_RENAMED.get((service, operation), operation)}"]


def _tables_of(params: dict[str, Any]) -> set[str]:
    names = {params["TableName"]} if "TableName" in params else set()
    names |= set(params.get("RequestItems", {}))
    for item in params.get("TransactItems", []):
        names |= {part["TableName"] for part in item.values()}
    return {_tables.get(n, n) for n in names}


def install(app: Any, stack: Any) -> None:
    """Record the AWS calls of every request the in-process app serves from now on."""
    from chalicelib.table import MODULE_OF
    from infra.template import api_functions, resources_of_type, served_route_modules

    _tables.update({stack.physical(t): t for t in resources_of_type(stack.template, "AWS::DynamoDB::Table")})
    function_of = {m: name for name, res in api_functions(stack.template).items() for m in served_route_modules(res)}

    @app.middleware("http")
    def observe(event: Any, get_response: Any) -> Any:
        route = (event.method, event.context.get("resourcePath"))
        _serving.function = function_of[MODULE_OF[route]] if route in MODULE_OF else ""
        try:
            return get_response(event)
        finally:
            _serving.function = ""

    original = botocore.client.BaseClient._make_api_call

    def recorded(self: Any, operation: str, params: dict[str, Any]) -> Any:
        function = getattr(_serving, "function", "")
        if function:
            service = self.meta.service_model.signing_name
            tables = _tables_of(params) if service == "dynamodb" else {""}
            SEEN[function].update((a, t) for a in iam_actions(service, operation, params) for t in tables)
        return original(self, operation, params)

    botocore.client.BaseClient._make_api_call = recorded


def _logical(resource: Any) -> str:
    """The logical id a policy resource points at (!GetAtt X.Arn, !Sub "${X.Arn}/...", !Ref X), else ""."""
    if isinstance(resource, dict):
        key, arg = next(iter(resource.items()))
        if key == "Fn::GetAtt":
            return str(arg[0])
        if key == "Ref":
            return str(arg)
        if key == "Fn::Sub" and isinstance(arg, str) and arg.startswith("${"):
            return arg[2:].split(".")[0].split("}")[0]
    return ""


def allowed(function: dict[str, Any]) -> set[tuple[str, str]]:
    """(action, logical resource) pairs a function's policy grants; DynamoDB by table, the rest by action."""
    out: set[tuple[str, str]] = set()
    for policy in function["Properties"].get("Policies", []):
        for st in policy.get("Statement", []):
            actions = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
            resources = st["Resource"] if isinstance(st["Resource"], list) else [st["Resource"]]
            for a in actions:
                targets = {_logical(r) for r in resources} if a.startswith("dynamodb:") else {""}
                out |= {(a, t) for t in targets}
    return out


def missing(template: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Per API function, what it was seen to do that its policy does not allow."""
    from infra.template import api_functions

    functions = api_functions(template)
    gaps = {name: sorted(seen - allowed(functions[name])) for name, seen in SEEN.items()}
    return {name: gap for name, gap in gaps.items() if gap}
