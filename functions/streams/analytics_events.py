"""DynamoDB stream -> the analytics bucket's raw zone (template.yaml): orders, payments, returns, interactions,
campaign events and custom values not marked personal as NDJSON, one object per kind and day of each delivered
batch (crm.analytics_events.batches; a batch delivered again is the same object, and compaction keeps each event
id once). A record whose projection fails is reported alone (partial batch response); a failed write fails the
batch, which Lambda retries. No personal data beyond ids."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.analytics_events import batches, custom_events, raw_events
from crm.aws import client
from crm.config import required
from crm.customfields.public import ENTITIES, shareable_keys

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
_pending: list[dict[str, Any]] = []
_shared: dict[str, set[str]] = {}  # per entity, the fields not marked personal (read once per batch)


def record_handler(record: DynamoDBRecord) -> None:
    stream = record.dynamodb
    old, new = (stream.old_image or None, stream.new_image or None) if stream else (None, None)
    _pending.extend(raw_events(old, new))
    entity = str((new or old or {}).get("type"))
    if entity in ENTITIES and (new or {}).get("custom") != (old or {}).get("custom"):
        if entity not in _shared:
            _shared[entity] = shareable_keys(entity)
        _pending.extend(custom_events(entity, old, new, _shared[entity]))


@metrics.log_metrics
@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    _pending.clear()
    _shared.clear()
    response = process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    written = batches(_pending)
    for key, body in written:
        client("s3").put_object(
            Bucket=required("ANALYTICS_BUCKET"),
            Key=key,
            Body=body,
            ContentType="application/x-ndjson",
            ServerSideEncryption="aws:kms",
        )
    if _pending:
        metrics.add_metric(name="RawEvents", unit=MetricUnit.Count, value=len(_pending))
        metrics.add_metric(name="RawBatches", unit=MetricUnit.Count, value=len(written))
    return response
