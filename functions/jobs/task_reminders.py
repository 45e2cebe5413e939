"""Scheduled (EventBridge, template.yaml): send task and appointment reminders that are due."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.tasks.service import send_due_reminders

logger = Logger()
metrics = Metrics()


@metrics.log_metrics
@logger.inject_lambda_context
@event_source(data_class=EventBridgeEvent)
def handler(event: EventBridgeEvent, context: LambdaContext) -> dict[str, Any]:
    report = send_due_reminders()
    metrics.add_metric(name="RemindersSent", unit=MetricUnit.Count, value=report["sent"])
    logger.info("reminder run", extra={"scheduled_at": event.time, **report})
    return report
