"""DynamoDB stream -> EventBridge: publish customer, order, case and opportunity events on the CRM bus.

Powertools batch processing reports failed records only (ReportBatchItemFailures), so one bad record is retried
(and finally sent to the DLQ by the event source mapping) without blocking the records after it.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.aws import client
from crm.config import required
from crm.events import SOURCE, project

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def record_handler(record: DynamoDBRecord) -> None:
    stream = record.dynamodb
    events = project(stream.old_image if stream else None, stream.new_image if stream else None)
    if not events:
        return
    entries = [
        {
            "Source": SOURCE,
            "DetailType": e.detail_type,
            "Detail": json.dumps(e.detail),
            "EventBusName": required("EVENT_BUS_NAME"),
        }
        for e in events
    ]
    response = client("events").put_events(Entries=entries)
    if response.get("FailedEntryCount"):
        raise RuntimeError(f"EventBridge refused {response['FailedEntryCount']} of {len(entries)} events")
    metrics.add_metric(name="DomainEventsPublished", unit=MetricUnit.Count, value=len(entries))


@metrics.log_metrics
@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
