"""DynamoDB stream -> the analytics bucket's raw zone (template.yaml): orders, payments, returns, interactions and
campaign events as JSON lines, one object per event keyed by its id (an event seen twice is stored once), with
partial batch failures so one bad record is retried alone. No personal data beyond ids."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.analytics_events import body, object_key, raw_events
from crm.aws import client
from crm.config import required

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def record_handler(record: DynamoDBRecord) -> None:
    stream = record.dynamodb
    events = raw_events(stream.old_image if stream else None, stream.new_image if stream else None)
    for e in events:
        client("s3").put_object(
            Bucket=required("ANALYTICS_BUCKET"),
            Key=object_key(e),
            Body=body(e),
            ContentType="application/x-ndjson",
            ServerSideEncryption="aws:kms",
        )
    if events:
        metrics.add_metric(name="RawEvents", unit=MetricUnit.Count, value=len(events))


@metrics.log_metrics
@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
