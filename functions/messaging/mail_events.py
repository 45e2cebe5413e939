"""Mail coming back (template.yaml): SES feedback over SNS (bounces, complaints → suppression), inbound email
stored by the SES receipt rule in S3 (→ the sender's timeline), inbound SMS over SNS (STOP → opt-out)."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes import S3Event, SNSEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.config import env
from crm.messaging import inbound

logger = Logger()
_s3: Any = None


def s3() -> Any:
    global _s3
    if _s3 is None:
        import boto3

        _s3 = boto3.client("s3")
    return _s3


@logger.inject_lambda_context
@event_source(data_class=SNSEvent)
def on_feedback(event: SNSEvent, context: LambdaContext) -> dict[str, Any]:
    suppressed = [a for r in event.records for a in inbound.record_feedback(json.loads(r.sns.message))]
    logger.info("mail feedback", extra={"suppressed": len(suppressed)})
    return {"suppressed": suppressed}


@logger.inject_lambda_context
@event_source(data_class=S3Event)
def on_inbound_email(event: S3Event, context: LambdaContext) -> dict[str, Any]:
    out = []
    for r in event.records:
        raw = s3().get_object(Bucket=r.s3.bucket.name, Key=r.s3.get_object.key)["Body"].read()
        out.append(
            inbound.record_inbound_email(raw, env("MAIL_BUCKET", r.s3.bucket.name), s3(), raw_key=r.s3.get_object.key)
        )
    return {"messages": out}


@logger.inject_lambda_context
@event_source(data_class=SNSEvent)
def on_inbound_sms(event: SNSEvent, context: LambdaContext) -> dict[str, Any]:
    return {"messages": [inbound.record_inbound_sms(json.loads(r.sns.message)) for r in event.records]}
