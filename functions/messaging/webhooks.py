"""WebhookQueue -> deliveries (crm.webhooks.delivery): events from the CRM bus (an EventBridge rule's target) go
to every matching subscription; retries come back through the same queue with their delay. A message whose
handling raises is reported alone (partial batch response); after maxReceiveCount it goes to WebhookDLQ, whose
alarm pages operations. Receivers de-duplicate on X-CRM-Delivery."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.webhooks.delivery import handle

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    outcomes = handle(json.loads(record.body))
    for outcome in outcomes:
        metrics.add_metric(name=f"Webhooks{outcome.capitalize()}", unit=MetricUnit.Count, value=1)
    if outcomes:
        logger.info("webhook deliveries", extra={"outcomes": outcomes})


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
