"""Knowledge base translations changed (table stream, filtered to them) -> the search index rebuilt from every
published translation (crm.knowledge.public.rebuild_index); hourly as well, so an index that a slower, older
rebuild overwrote is current again within the hour.

A batch is one rebuild however many records it holds: the index is built from the table, not from the records,
so no single record can fail (the answer's `batchItemFailures` is empty). A failed rebuild raises: the event
source mapping retries the batch and, after its retries, sends it to KnowledgeIndexDLQ; a failed hourly run goes
to AsyncFailuresDLQ (both alarms page operations).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.knowledge.public import rebuild_index

logger = Logger()
metrics = Metrics()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    changes = len(event.get("Records") or [])
    indexed = rebuild_index()
    metrics.add_metric(name="ArticlesIndexed", unit=MetricUnit.Count, value=indexed)
    logger.info("knowledge index rebuilt", extra={"changes": changes, "indexed": indexed})
    return {"batchItemFailures": [], "changes": changes, "indexed": indexed}
