"""Contact records → one interaction per contact on the customer's timeline.

Two triggers (template.yaml): EventBridge "Amazon Connect Contact Event" (handler `on_contact_event`) and the
contact trace record Kinesis stream (handler `on_trace_records`, Powertools batch processing with partial
failures). A trace record of a contact the flow marked as voicemail also starts the voicemail processing.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent
from aws_lambda_powertools.utilities.data_classes.kinesis_stream_event import KinesisStreamRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.aws import client
from crm.config import env
from crm.contact_centre import interactions, voicemail
from crm.contact_centre.connect_api import AudioSource, KinesisVideoAudio

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.KinesisDataStreams)
audio_source: AudioSource = KinesisVideoAudio()


def record_handler(record: KinesisStreamRecord) -> None:
    ctr = record.kinesis.data_as_json()
    merged = interactions.from_trace_record(ctr)
    if ctr.get("Channel") == "CHAT" and env("CHAT_TRANSCRIPT_BUCKET"):
        merged.refresh()
        interactions.attach_chat_transcript(
            merged, env("CHAT_TRANSCRIPT_BUCKET"), env("CHAT_TRANSCRIPT_PREFIX", "chat"), client("s3")
        )
    interaction = interactions.record(merged)
    attrs = ctr.get("Attributes") or {}
    streams = [m for m in ctr.get("MediaStreams") or [] if m.get("Type") == "AUDIO"]
    if attrs.get("crm_voicemail") == "true" and attrs.get("crm_stream_arn") and attrs.get("crm_start_fragment"):
        voicemail.start(interaction, audio_source, attrs["crm_stream_arn"], attrs["crm_start_fragment"])
    elif attrs.get("crm_voicemail") == "true":
        logger.warning("voicemail without a stream", extra={"contact_id": ctr.get("ContactId"), "streams": streams})


@metrics.log_metrics
@logger.inject_lambda_context
def on_trace_records(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)


@metrics.log_metrics
@logger.inject_lambda_context
def on_contact_event(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    detail = EventBridgeEvent(event).detail
    interaction = interactions.record(interactions.from_contact_event(detail))
    return {"contact_id": interaction.contact_id, "customer_id": interaction.customer_id}
