"""What every Amazon Connect hook shares: tolerant parsing of the contact-flow event, a time budget with a
documented fallback, and the flat string map Connect accepts (< 32 KB). A hook never raises.

Powertools' ConnectContactFlowEvent reads the event; fields its enums do not know (channels TASK and EMAIL,
initiation methods such as QUEUE_TRANSFER), a missing MediaStreams, Queue as string/object/null and a withheld
number are read from the raw event with defaults.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes.connect_contact_flow_event import ConnectContactFlowEvent

from crm.config import env
from crm.contactinfo import normalize_phone

logger = Logger()
metrics = Metrics()
MAX_BYTES = 32 * 1024
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="hook")


def budget_seconds() -> float:
    """The hook's own deadline (Connect gives up after 8 s): HOOK_BUDGET_SECONDS, default 3."""
    try:
        return min(7.0, max(0.2, float(env("HOOK_BUDGET_SECONDS", "3"))))
    except ValueError:
        return 3.0


@dataclass
class ContactInput:
    contact_id: str
    channel: str
    initiation_method: str
    caller: str | None  # E.164, or None when withheld or not a phone
    raw_caller: str | None
    queue_arn: str | None
    queue_name: str | None
    attributes: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)
    instance_arn: str | None = None
    stream_arn: str | None = None
    start_fragment: str | None = None


def _safe(read: Callable[[], Any], default: Any = None) -> Any:
    try:
        return read()
    except (KeyError, ValueError, TypeError, AttributeError):
        return default


def _e164(address: str | None) -> str | None:
    if not address or address.lower() in ("anonymous", "withheld", "private", "unknown", "+"):
        return None
    try:
        return normalize_phone(address)
    except ValueError:
        return None


def parse(event: dict[str, Any]) -> ContactInput:
    ev = ConnectContactFlowEvent(event)
    raw = (event.get("Details") or {}).get("ContactData") or {}
    queue = raw.get("Queue")
    queue_arn = queue.get("ARN") if isinstance(queue, dict) else queue if isinstance(queue, str) else None
    queue_name = queue.get("Name") if isinstance(queue, dict) else None
    endpoint = raw.get("CustomerEndpoint") or {}
    address = endpoint.get("Address") if isinstance(endpoint, dict) else None
    audio = _safe(lambda: raw["MediaStreams"]["Customer"]["Audio"], {}) or {}
    return ContactInput(
        contact_id=_safe(lambda: ev.contact_data.contact_id) or str(raw.get("ContactId") or "unknown"),
        channel=str(raw.get("Channel") or "VOICE"),  # TASK / EMAIL are beyond the data class's enum
        initiation_method=str(raw.get("InitiationMethod") or "UNKNOWN"),  # QUEUE_TRANSFER etc. likewise
        caller=_e164(address) if (endpoint or {}).get("Type", "TELEPHONE_NUMBER") == "TELEPHONE_NUMBER" else None,
        raw_caller=address,
        queue_arn=queue_arn,
        queue_name=queue_name,
        attributes={str(k): str(v) for k, v in (_safe(lambda: ev.contact_data.attributes, {}) or {}).items()},
        parameters={str(k): str(v) for k, v in (_safe(lambda: ev.parameters, {}) or {}).items()},
        instance_arn=raw.get("InstanceARN"),
        stream_arn=audio.get("StreamARN"),
        start_fragment=audio.get("StartFragmentNumber"),
    )


def flat(result: dict[str, Any]) -> dict[str, str]:
    """Connect takes a flat map of strings; None is dropped, the whole stays under 32 KB."""
    out = {
        str(k): v if isinstance(v, str) else json.dumps(v, default=str) if isinstance(v, dict | list) else str(v)
        for k, v in result.items()
        if v is not None
    }
    while len(json.dumps(out).encode()) > MAX_BYTES and out:
        longest = max(out, key=lambda k: len(out[k]))
        out[longest] = out[longest][: len(out[longest]) // 2]
    return out


def run(
    name: str, event: dict[str, Any], work: Callable[[ContactInput], dict[str, Any]], fallback: dict[str, str]
) -> dict[str, str]:
    """Parse, run `work` within the budget, and always answer: the result, or the fallback with the fault."""
    started = time.perf_counter()
    budget = budget_seconds()
    try:
        contact = parse(event)
        logger.append_keys(contact_id=contact.contact_id, hook=name)
    except Exception as exc:
        logger.exception("unreadable contact-flow event")
        return flat({**fallback, "crm_fault": f"bad_event:{type(exc).__name__}"})
    future = _pool.submit(work, contact)
    try:
        result = flat(future.result(timeout=budget))
        fault = None
    except FutureTimeout:
        fault = "timeout"
    except Exception as exc:
        logger.exception("hook failed")
        fault = f"error:{type(exc).__name__}"
    elapsed = time.perf_counter() - started
    metrics.add_metric(name=f"{name}Latency", unit=MetricUnit.Milliseconds, value=elapsed * 1000)
    if fault:
        logger.warning("fallback answer", extra={"fault": fault, "ms": round(elapsed * 1000)})
        metrics.add_metric(name=f"{name}Fallbacks", unit=MetricUnit.Count, value=1)
        return flat({**fallback, "crm_fault": fault, "crm_contact_id": contact.contact_id})
    return result
