"""Lambda entry points of the scheduled analytics jobs (template.yaml's ImageConfig.Command names them): each logs
with Powertools (structured JSON, the invocation's context) and publishes how long the job ran and what it
counted as EMF metrics, like every other function of the CRM."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from analytics_jobs import handlers

logger = Logger(service="analytics")
metrics = Metrics(service="analytics")

Job = Callable[[dict[str, Any]], dict[str, Any]]


def _counts(result: dict[str, Any]) -> dict[str, int]:
    return {k: v for k, v in result.items() if isinstance(v, int) and not isinstance(v, bool)}


def entry_point(name: str, job: Job) -> Callable[[dict[str, Any], LambdaContext], dict[str, Any]]:
    """The job as a Lambda handler: its run time and integer results (customers, rules, ...) become metrics."""

    @logger.inject_lambda_context(clear_state=True)
    @metrics.log_metrics
    def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        started = time.perf_counter()
        metrics.clear_metrics()  # a warm container's next run starts without the last run's dimensions
        result = job(event or {})
        metrics.add_dimension(name="job", value=name)
        metrics.add_metric(name="JobSeconds", unit=MetricUnit.Seconds, value=round(time.perf_counter() - started, 3))
        for key, value in _counts(result).items():
            metrics.add_metric(name=key, unit=MetricUnit.Count, value=value)
        logger.info("job finished", extra={"job": name, "counts": _counts(result)})
        return result

    return handler


def _report(event: dict[str, Any]) -> dict[str, Any]:
    """The schedule passes {"period": "weekly"} or {"period": "monthly"}."""
    from analytics_jobs import report

    return report.run(event.get("period", "weekly"))


compaction_handler = entry_point("compaction", lambda event: handlers.run_compaction())
rfm_handler = entry_point("rfm", lambda event: handlers.run_rfm())
ltv_handler = entry_point("ltv", lambda event: handlers.run_ltv())
basket_handler = entry_point("basket", lambda event: handlers.run_basket())
trends_handler = entry_point("trends", lambda event: handlers.run_trends())
price_effect_handler = entry_point("price_effect", lambda event: handlers.run_price_effect())
campaigns_handler = entry_point("campaigns", lambda event: handlers.run_campaigns())
churn_handler = entry_point("churn", lambda event: handlers.run_churn())
report_handler = entry_point("report", _report)


def _service(name: str) -> Job:
    def job(event: dict[str, Any]) -> dict[str, Any]:
        from analytics_jobs import service_handlers

        result: dict[str, Any] = getattr(service_handlers, f"run_{name}")()
        return result

    return job


channels_handler = entry_point("channels", _service("channels"))
lifecycle_handler = entry_point("lifecycle", _service("lifecycle"))
service_handler = entry_point("service", _service("service"))
