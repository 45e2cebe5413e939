"""The ACD's answer for a caller: the routing configuration and queue metrics (one partition, cached briefly per
container) and the caller card, decided by crm.contact_centre.rules. Items and rules only (no API shapes), so
the ACD's cold start imports nothing else."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from crm.contact_centre import rules
from crm.contact_centre.caller import CallerCard, card_keys, card_of, identify
from crm.contact_centre.models import QueueMetrics, RoutingConfig
from crm.contact_centre.repository import routing_items, routing_keys
from crm.db import CrmItem, Prefetch

CACHE_SECONDS = 20  # well inside the 60 s freshness rule
DEFAULT_QUEUE = "arn:aws:connect:eu-west-1:000000000000:instance/local/queue/general"


@dataclass(frozen=True)
class QueueLoad:
    """A queue's latest metrics and the expected wait computed from them."""

    expected_wait_s: int
    contacts_in_queue: int
    agents_online: int
    agents_available: int
    oldest_contact_age: int
    refreshed_at: str
    source: str  # connect | simulated


_cache: tuple[float, RoutingConfig | None, dict[str, QueueLoad]] | None = None


def _parse(ts: str) -> datetime:
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


def _stale(max_age: float) -> bool:
    return _cache is None or time.monotonic() - _cache[0] > max_age


def _load(m: dict[str, Any]) -> QueueLoad:
    return QueueLoad(
        expected_wait_s=int(m["expected_wait_s"]),
        contacts_in_queue=int(m["contacts_in_queue"]),
        agents_online=int(m["agents_online"]),
        agents_available=int(m["agents_available"]),
        oldest_contact_age=int(m["oldest_contact_age"]),
        refreshed_at=str(m["refreshed_at"]),
        source=str(m["source"]),
    )


def _keep(items: list[CrmItem]) -> None:
    """The routing state from its two items (a Query of the ROUTING partition or a BatchGetItem), cached."""
    global _cache
    config = next((i for i in items if isinstance(i, RoutingConfig)), None)
    loads = next((i for i in items if isinstance(i, QueueMetrics)), None)
    queues = loads.queues.as_dict() if loads else {}
    metrics = {arn: _load(m) for arn, m in queues.items()}
    _cache = (time.monotonic(), config, metrics)


def routing_state(max_age: float = CACHE_SECONDS) -> tuple[RoutingConfig | None, dict[str, QueueLoad]]:
    """Config and metrics: one Query on the ROUTING partition, reused for `max_age` seconds."""
    if _stale(max_age):
        _keep(routing_items())
    assert _cache is not None
    return _cache[1], _cache[2]


def reset_cache() -> None:
    global _cache
    _cache = None


def queues_of(config: RoutingConfig | None) -> rules.Queues:
    if config is None:
        return rules.Queues(DEFAULT_QUEUE, DEFAULT_QUEUE, DEFAULT_QUEUE, {}, {}, {DEFAULT_QUEUE: "general"})
    return rules.Queues(
        config.general,
        config.priority,
        config.partner_desk,
        dict(config.by_language.as_dict()),
        dict(config.by_owner.as_dict()),
        dict(config.names.as_dict()),
    )


def route(phone: str | None, language_hint: str | None = None) -> tuple[CallerCard, rules.Decision]:
    """The ACD's answer in two requests, cold or warm: the phone index, then the card's items and (when the
    cache is stale) the routing state's in one BatchGetItem."""
    customer_id, partner_id = identify(phone)
    stale = _stale(CACHE_SECONDS)
    read = Prefetch([*(card_keys(customer_id) if customer_id else []), *(routing_keys() if stale else [])])
    if stale:
        _keep(read.items())
    caller = (
        card_of(read.items(), customer_id, phone, partner_id)
        if customer_id
        else CallerCard(phone, partner_id=partner_id)
    )
    config, metrics = routing_state()
    decision = rules.decide(
        known=caller.known,
        open_case_owner=caller.open_case_owner,
        partner=caller.partner_id is not None,
        high_value=caller.high_value,
        language=caller.language or language_hint,
        queues=queues_of(config),
        metrics={q: rules.Metric(int(m.expected_wait_s), _parse(m.refreshed_at)) for q, m in metrics.items()},
        now=datetime.now(UTC),
    )
    return caller, decision
