"""DynamoDB stream -> audit trail: one AuditEntry per change of a customer-related item (crm.privacy.audit).

Powertools batch processing reports only the failed records (ReportBatchItemFailures); after bounded retries the
event source mapping sends a poison record to AuditTrailDLQ, whose alarm pages operations.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.privacy.audit import project

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def record_handler(record: DynamoDBRecord) -> None:
    stream = record.dynamodb
    if stream is None:
        return
    created = stream.approximate_creation_date_time
    at = datetime.fromtimestamp(created, UTC) if created else None
    entry = project(
        str(record.event_name.name if record.event_name else ""),
        str(stream.sequence_number),
        stream.old_image,
        stream.new_image,
        at,
    )
    if entry is not None:
        entry.save()
        metrics.add_metric(name="AuditEntries", unit=MetricUnit.Count, value=1)


@metrics.log_metrics
@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
