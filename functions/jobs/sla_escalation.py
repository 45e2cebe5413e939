"""Scheduled (EventBridge, template.yaml): escalate cases about to breach their SLA and notify their owners."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.cases.escalation import escalate_due

logger = Logger()
metrics = Metrics()


@metrics.log_metrics
@logger.inject_lambda_context
@event_source(data_class=EventBridgeEvent)
def handler(event: EventBridgeEvent, context: LambdaContext) -> dict[str, Any]:
    report = escalate_due()
    metrics.add_metric(name="CasesEscalated", unit=MetricUnit.Count, value=report["escalated"])
    metrics.add_metric(name="CasesBreached", unit=MetricUnit.Count, value=report["breached"])
    logger.info("escalation run", extra={"scheduled_at": event.time, **report})
    return report
