"""Invoked by the one-time EventBridge Scheduler schedule the IVR created: the promised callback becomes a
Connect task for agents (client token = contact id) and a CRM call task."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.contact_centre.callbacks import run_callback
from crm.contact_centre.connect_api import ConnectTasks, Tasks

logger = Logger()
tasks: Tasks = ConnectTasks()


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return run_callback(event["contact_id"], tasks)
