"""Scheduled every minute (template.yaml): Connect's current queue metrics into the routing partition, so the
ACD picks the eligible queue with the lowest expected wait. Without CONNECT_INSTANCE_ID (the local stack) a
simulated source is used and the stored metrics say so (source=simulated)."""

from __future__ import annotations

import os
import random
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.contact_centre.service import ConnectMetrics, MetricsSource, refresh_metrics

logger = Logger()


class SimulatedMetrics:
    """For the local stack only: plausible, changing queue loads."""

    name = "simulated"

    def current(self, queue_arns: list[str]) -> dict[str, dict[str, int]]:
        return {
            a: {
                "contacts_in_queue": random.randint(0, 6),
                "agents_online": random.randint(1, 5),
                "agents_available": random.randint(0, 2),
                "oldest_contact_age": random.randint(0, 240),
            }
            for a in queue_arns
        }


def source() -> MetricsSource:
    instance = os.environ.get("CONNECT_INSTANCE_ID", "")
    return ConnectMetrics(instance) if instance else SimulatedMetrics()


@logger.inject_lambda_context
@event_source(data_class=EventBridgeEvent)
def handler(event: EventBridgeEvent, context: LambdaContext) -> dict[str, Any]:
    report = refresh_metrics(source())
    logger.info("queue metrics refreshed", extra=report)
    return report
