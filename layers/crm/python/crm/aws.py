"""AWS clients, created once per container on first use (a cold start pays only for what it calls; boto3
itself is imported on the first call), and the one-time EventBridge Scheduler schedule several contexts use."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from crm.config import Variable, env, required

_clients: dict[str, Any] = {}


def client(name: str) -> Any:
    """The container's boto3 client for a service (endpoint and region from the environment)."""
    if name not in _clients:
        import boto3

        make: Any = boto3.client  # typed per service by boto3-stubs; here the service is a parameter
        _clients[name] = make(name)
    return _clients[name]


def schedule_once(
    name: str, at: datetime, target_env: Variable, payload: dict[str, Any], scheduler: Any = None
) -> bool:
    """A one-time schedule that invokes the function named by the environment variable `target_env` at `at`
    (UTC) with `payload`, and deletes itself after running. False when no target is configured."""
    target = env(target_env)
    if not target:
        return False
    (scheduler or client("scheduler")).create_schedule(
        Name=name[:64],
        GroupName=env("SCHEDULE_GROUP", "default"),
        ScheduleExpression=f"at({at.strftime('%Y-%m-%dT%H:%M:%S')})",
        ScheduleExpressionTimezone="UTC",
        FlexibleTimeWindow={"Mode": "OFF"},
        ActionAfterCompletion="DELETE",
        Target={"Arn": target, "RoleArn": required("SCHEDULER_ROLE_ARN"), "Input": json.dumps(payload)},
    )
    return True
