"""Records with custom values changed (table stream, filtered to the entities that have them) -> the generic
index of their filterable fields' values (crm.customfields.public.reindex: pointer items put and deleted).

Powertools batch processing reports only the failed records (ReportBatchItemFailures); after bounded retries the
event source mapping sends a poison record to CustomIndexDLQ, whose alarm pages operations. A redelivered record
writes the same pointers again (idempotent).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.customfields.public import ENTITIES, filterable_keys, reindex

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
_keys: dict[str, set[str]] = {}  # per entity, its filterable fields (read once per batch)


def record_handler(record: DynamoDBRecord) -> None:
    stream = record.dynamodb
    new, old = (stream.new_image, stream.old_image) if stream else ({}, {})
    entity = str((new or old or {}).get("type"))
    if entity not in ENTITIES or (new or {}).get("custom") == (old or {}).get("custom"):
        return
    if entity not in _keys:
        _keys[entity] = filterable_keys(entity)
    writes = reindex(entity, old or None, new or None, _keys[entity])
    metrics.add_metric(name="CustomIndexWrites", unit=MetricUnit.Count, value=writes)


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    _keys.clear()
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
