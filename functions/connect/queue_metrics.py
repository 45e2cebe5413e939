"""Scheduled every minute (template.yaml, only where a Connect instance is configured): Connect's current queue
metrics into the routing partition, so the ACD picks the eligible queue with the lowest expected wait."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.config import required
from crm.contact_centre.service import ConnectMetrics, refresh_metrics

logger = Logger()
INSTANCE_ID = required("CONNECT_INSTANCE_ID")  # set by the template; without it this function is not deployed


@logger.inject_lambda_context
@event_source(data_class=EventBridgeEvent)
def handler(event: EventBridgeEvent, context: LambdaContext) -> dict[str, Any]:
    report = refresh_metrics(ConnectMetrics(INSTANCE_ID))
    logger.info("queue metrics refreshed", extra=report)
    return report
