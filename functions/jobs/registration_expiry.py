"""Scheduled (EventBridge, template.yaml): expire approved deal registrations past their protection window."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.partners.registrations import expire_due

logger = Logger()
metrics = Metrics()


@metrics.log_metrics
@logger.inject_lambda_context
@event_source(data_class=EventBridgeEvent)
def handler(event: EventBridgeEvent, context: LambdaContext) -> dict[str, Any]:
    report = expire_due()
    metrics.add_metric(name="RegistrationsExpired", unit=MetricUnit.Count, value=report["expired"])
    logger.info("expiry run", extra={"scheduled_at": event.time, **report})
    return report
