"""Routing service: the routing configuration and queue metrics (one partition, cached briefly per container),
the ACD answer for a caller, and the metrics refresh that a schedule runs against Connect.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from crm.aws import client
from crm.config import get_settings
from crm.contact_centre import rules
from crm.contact_centre.caller import CallerCard, card_keys, card_of, find_caller, identify, load_card
from crm.contact_centre.models import QueueMetrics, RoutingConfig
from crm.contact_centre.repository import (
    load_interaction,
    queue_metrics,
    routing_config,
    routing_items,
    routing_keys,
)
from crm.contact_centre.schemas import RoutingConfigOut, ScreenPop, screen_pop_body
from crm.contactinfo import normalize_phone
from crm.customers.public import customer_360
from crm.db import CrmItem, Prefetch, now_iso
from crm.errors import ValidationFailed

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


def put_config(data: dict[str, Any], actor: str) -> RoutingConfigOut:
    routing_config(updated_at=now_iso(), updated_by=actor, **data).save()
    reset_cache()
    return get_config()


def get_config() -> RoutingConfigOut:
    config, metrics = routing_state(max_age=0)
    q = queues_of(config)
    return RoutingConfigOut.model_validate(
        {
            "general": q.general,
            "priority": q.priority,
            "partner_desk": q.partner_desk,
            "by_language": q.by_language,
            "by_owner": q.by_owner,
            "names": q.names,
            "aht_seconds": int(config.aht_seconds) if config else 300,
            "metrics": {
                arn: {
                    "expected_wait_s": int(m.expected_wait_s),
                    "contacts_in_queue": int(m.contacts_in_queue),
                    "agents_online": int(m.agents_online),
                    "refreshed_at": m.refreshed_at,
                    "source": m.source,
                }
                for arn, m in metrics.items()
            },
        }
    )


class MetricsSource(Protocol):
    name: str

    def current(self, queue_arns: list[str]) -> dict[str, dict[str, int]]:
        """queue ARN -> {contacts_in_queue, agents_online, agents_available, oldest_contact_age}"""


class ConnectMetrics:
    """Amazon Connect GetCurrentMetricData (boto3 client created on first use)."""

    name = "connect"

    def __init__(self, instance_id: str, client: Any = None) -> None:
        self.instance_id, self._client = instance_id, client

    def current(self, queue_arns: list[str]) -> dict[str, dict[str, int]]:
        if self._client is None:
            self._client = client("connect")
        wanted = ["CONTACTS_IN_QUEUE", "AGENTS_ONLINE", "AGENTS_AVAILABLE", "OLDEST_CONTACT_AGE"]
        response = self._client.get_current_metric_data(
            InstanceId=self.instance_id,
            Filters={"Queues": [a.rsplit("/", 1)[-1] for a in queue_arns], "Channels": ["VOICE"]},
            Groupings=["QUEUE"],
            CurrentMetrics=[{"Name": n, "Unit": "SECONDS" if n == "OLDEST_CONTACT_AGE" else "COUNT"} for n in wanted],
        )
        by_id = {a.rsplit("/", 1)[-1]: a for a in queue_arns}
        out: dict[str, dict[str, int]] = {}
        for row in response.get("MetricResults", []):
            arn = row["Dimensions"]["Queue"].get("Arn") or by_id.get(row["Dimensions"]["Queue"]["Id"], "")
            values = {c["Metric"]["Name"].lower(): int(c.get("Value") or 0) for c in row.get("Collections", [])}
            out[arn] = {
                "contacts_in_queue": values.get("contacts_in_queue", 0),
                "agents_online": values.get("agents_online", 0),
                "agents_available": values.get("agents_available", 0),
                "oldest_contact_age": values.get("oldest_contact_age", 0),
            }
        return out


def refresh_metrics(source: MetricsSource) -> dict[str, Any]:
    """Read current metrics for every configured queue and store them with their expected wait."""
    config, _ = routing_state(max_age=0)
    q = queues_of(config)
    arns = sorted({q.general, q.priority, q.partner_desk, *q.by_language.values(), *q.by_owner.values()})
    aht = int(config.aht_seconds) if config else 300
    at = now_iso()
    current = source.current(arns)
    loads = {
        arn: {
            **v,
            "expected_wait_s": rules.expected_wait(
                v["contacts_in_queue"], v["agents_online"], v["agents_available"], v["oldest_contact_age"], aht
            ),
            "refreshed_at": at,
            "source": source.name,
        }
        for arn, v in current.items()
    }
    queue_metrics(loads).save()
    reset_cache()
    return {"queues": len(current), "source": source.name, "refreshed_at": at}


def screen_pop(phone: str | None, contact_id: str | None) -> ScreenPop:
    """What the agent sees when a contact arrives: the caller card and the customer's 360 (one Query)."""
    contact = None
    if contact_id:
        i = load_interaction(contact_id)
        contact = {
            "contact_id": i.contact_id,
            "channel": i.channel,
            "initiated_at": i.initiated_at,
            "queue": i.queue,
            "caller": i.caller,
        }
        card = load_card(i.customer_id, i.caller) if i.customer_id else find_caller(i.caller)
    else:
        try:
            e164 = normalize_phone(phone or "", get_settings().default_phone_region)
        except ValueError as exc:
            raise ValidationFailed("phone is not valid", {"phone": str(exc)}) from exc
        card = find_caller(e164)
    view = customer_360(card.customer_id, 10) if card.customer_id else None
    return screen_pop_body(card, view, contact)
