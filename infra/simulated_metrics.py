"""The local stack's stand-in for Amazon Connect's queue metrics: plausible, changing queue loads refreshed on the
metrics function's rate, so the ACD has waits to compare. In AWS, QueueMetricsFunction (deployed only with a
Connect instance) reads the real ones."""

from __future__ import annotations

import random
from typing import Any


class SimulatedMetrics:
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


def refresh() -> dict[str, Any]:
    from crm.contact_centre.service import refresh_metrics

    return refresh_metrics(SimulatedMetrics())
