"""Mail coming back (template.yaml): SES feedback over SNS (bounces, complaints → suppression), inbound email
stored by the SES receipt rule in S3 (→ the sender's timeline), inbound SMS over SNS (STOP → opt-out)."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes import S3Event, SNSEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.aws import client
from crm.config import env
from crm.messaging import inbound

logger = Logger()


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
        raw = client("s3").get_object(Bucket=r.s3.bucket.name, Key=r.s3.get_object.key)["Body"].read()
        out.append(
            inbound.record_inbound_email(
                raw, env("MAIL_BUCKET", r.s3.bucket.name), client("s3"), raw_key=r.s3.get_object.key
            )
        )
    return {"messages": out}


@logger.inject_lambda_context
@event_source(data_class=SNSEvent)
def on_inbound_sms(event: SNSEvent, context: LambdaContext) -> dict[str, Any]:
    return {"messages": [inbound.record_inbound_sms(json.loads(r.sns.message)) for r in event.records]}
