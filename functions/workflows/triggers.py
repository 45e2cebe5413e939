"""WorkflowTriggerQueue -> runs (crm.workflows.starts): each domain event from the CRM bus starts the published
workflows on its type whose conditions hold; the hourly clock (`{"clock": true}`) starts the schedules and date
fields due. A message whose handling raises is reported alone (partial batch response) and, after
maxReceiveCount, lands in WorkflowTriggerDLQ (alarmed). Redelivery starts nothing twice (one run per event)."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.workflows.starts import on_clock, on_event

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    event = json.loads(record.body)
    started = on_event(str(event.get("detail-type")), event.get("detail") or {})
    if started:
        metrics.add_metric(name="WorkflowRunsStarted", unit=MetricUnit.Count, value=len(started))
        logger.info("workflow runs started", extra={"event": event.get("detail-type"), "runs": started})


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> Any:
    if event.get("clock"):
        started = on_clock()
        metrics.add_metric(name="WorkflowRunsStarted", unit=MetricUnit.Count, value=len(started))
        logger.info("workflow clock", extra={"runs": started})
        return {"started": len(started)}
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
