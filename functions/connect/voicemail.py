"""Transcribe "Transcribe Job State Change" (EventBridge, template.yaml) → the voicemail's transcript on the
timeline, a Connect callback task (idempotent: client token = contact id), a CRM task and a notification."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.contact_centre import voicemail
from crm.contact_centre.connect_api import ConnectTasks, Tasks

logger = Logger()
metrics = Metrics()
tasks: Tasks = ConnectTasks()


@metrics.log_metrics
@logger.inject_lambda_context
@event_source(data_class=EventBridgeEvent)
def handler(event: EventBridgeEvent, context: LambdaContext) -> dict[str, Any]:
    job = event.detail.get("TranscriptionJobName", "")
    status = event.detail.get("TranscriptionJobStatus")
    if not job.startswith("vm-") or status != "COMPLETED":
        logger.info("ignored", extra={"job": job, "status": status})
        return {"ignored": job, "status": status}
    return voicemail.complete(job, tasks)
