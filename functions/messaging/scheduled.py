"""Invoked by one-time EventBridge Scheduler schedules (template.yaml): a scheduled campaign launch."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.messaging import campaigns

logger = Logger()


@logger.inject_lambda_context
def launch_campaign(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return campaigns.launch(event["campaign_id"]).model_dump(mode="json")
