"""DynamoDB stream (filtered to cases whose new status is resolved) -> the customer is asked for their CSAT
(crm.feedback.public.request_csat): once per case, by email in their language or else by SMS, with a signed
one-click link per rating.

Powertools batch processing reports only the failed records (ReportBatchItemFailures); after bounded retries the
event source mapping sends a poison record to CaseFeedbackDLQ, whose alarm pages operations. A retried record
sends nothing twice (the survey and its send are keyed by the case).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.feedback.public import request_csat

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def record_handler(record: DynamoDBRecord) -> None:
    stream = record.dynamodb
    new, old = (stream.new_image, stream.old_image) if stream else ({}, {})
    if not new or new.get("status") != "resolved" or (old or {}).get("status") == "resolved":
        return  # not the moment a case became resolved
    outcome = request_csat(
        str(new["case_id"]),
        str(new["customer_id"]),
        str(new.get("owner") or ""),
        str(new.get("subject") or ""),
        str(new.get("category") or ""),
        str(new.get("priority") or ""),
    )
    logger.info("csat requested", extra={"case_id": new["case_id"], "outcome": outcome})
    metrics.add_metric(name="CsatRequests", unit=MetricUnit.Count, value=1)


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
