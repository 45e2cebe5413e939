"""Step Functions runs for real in the local stack and the tests: moto's own ASL interpreter (its "parser" mode)
runs the template's state machine, and its Lambda tasks reach the template's handlers in this process, the way
the local stack runs every other function (moto's Lambda would need Docker). Nothing here is deployed."""

from __future__ import annotations

import json
import os
import traceback
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from infra.provision import Stack

_STACK: dict[str, Stack] = {}


def _invoke(
    self: Any, function_name: str, qualifier: str | None, body: Any, headers: Any, response_headers: Any
) -> bytes:
    """LambdaBackend.invoke for the template's functions: the handler, in process; an error as Lambda reports it."""
    from infra.functions import Context, handler

    stack = _STACK["stack"]
    name = function_name.rsplit(":", 1)[-1]
    logical = name.removeprefix(f"{stack.name}-")
    event = json.loads(body) if body else {}
    try:
        result = handler(stack, logical)(event, Context(name))
    except Exception as exc:  # what Lambda answers for an unhandled error: the state machine's Retry sees it
        response_headers["x-amz-function-error"] = "Unhandled"
        error = {
            "errorMessage": str(exc),
            "errorType": type(exc).__name__,
            "stackTrace": traceback.format_tb(exc.__traceback__)[-3:],
        }
        return json.dumps(error).encode()
    return json.dumps(result).encode()


def _get_function(self: Any, name_or_arn: str, qualifier: str | None = None) -> Any:
    """The template's functions exist for moto's callers (Secrets Manager's rotation looks its function up)."""
    try:
        return _ORIGINAL["get_function"](self, name_or_arn, qualifier)
    except Exception:
        stack = _STACK.get("stack")
        name = name_or_arn.rsplit(":", 1)[-1]
        if stack is None or name.removeprefix(f"{stack.name}-") not in stack.template["Resources"]:
            raise
        return SimpleNamespace(function_arn=name_or_arn)  # only its existence is asked for; invoke() is _invoke


_ORIGINAL: dict[str, Any] = {}


def enable() -> None:
    """Before any resource is made: moto executes state machines and runs their Lambda tasks here."""
    from moto.awslambda.models import LambdaBackend
    from moto.core.config import default_user_config

    _ORIGINAL.setdefault("get_function", LambdaBackend.get_function)
    default_user_config["stepfunctions"]["execute_state_machine"] = True
    # moto's interpreter calls Lambda through its own server: tell it where that server listens
    os.environ["MOTO_PORT"] = str(urlsplit(os.environ["AWS_ENDPOINT_URL"]).port)
    LambdaBackend.invoke = _invoke  # type: ignore[method-assign]
    LambdaBackend.get_function = _get_function  # type: ignore[method-assign]


def install(stack: Stack) -> None:
    """The stack whose handlers the tasks run; its state machines made again after a restored state (moto's
    executions, threads included, are not kept)."""
    import boto3

    from infra.provision import state_machine

    _STACK["stack"] = stack
    sfn = boto3.client("stepfunctions", region_name=stack.region)
    for logical, res in stack.template["Resources"].items():
        if res["Type"] != "AWS::Serverless::StateMachine":
            continue
        try:
            sfn.describe_state_machine(stateMachineArn=stack.physical(logical))
        except sfn.exceptions.StateMachineDoesNotExist:
            props = {
                k: v for k, v in res["Properties"].items() if k in ("Name", "Definition", "DefinitionSubstitutions")
            }
            state_machine(sfn, stack.resolver.resolve(props))
