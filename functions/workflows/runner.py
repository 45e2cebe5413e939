"""WorkflowStateMachine's task (crm.workflows.engine): `{"run_id"}` continues a run and answers its status (and
`wake_at` while it waits); `{"run_id", "error"}` comes from the machine's Catch once a step's retries are spent,
and records the failure."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.workflows.engine import advance, fail

logger = Logger()
metrics = Metrics()


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    run_id = str(event["run_id"])
    logger.append_keys(run_id=run_id)
    if "error" in event:
        state = fail(run_id, event["error"] or {})
        logger.warning("workflow run failed", extra={"error": event["error"]})
    else:
        state = advance(run_id)
    if state["status"] in ("succeeded", "failed"):
        metrics.add_metric(name=f"WorkflowRuns{state['status'].capitalize()}", unit=MetricUnit.Count, value=1)
    return state
