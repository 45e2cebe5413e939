"""Contact-centre service: the routing configuration (staff edit it), the screen pop, and the metrics refresh
that a schedule runs against Connect. The ACD's own answer lives in crm.contact_centre.routing."""

from __future__ import annotations

from typing import Any, Protocol

from crm.aws import client
from crm.config import get_settings
from crm.contact_centre import rules
from crm.contact_centre.caller import CallerCard, card_of, identify, identify_dialled
from crm.contact_centre.repository import (
    load_interaction,
    queue_metrics,
    routing_config,
)
from crm.contact_centre.routing import queues_of, reset_cache, routing_state
from crm.contact_centre.schemas import RoutingConfigOut, ScreenPop, screen_pop_body
from crm.customers import public as customers
from crm.db import now_iso
from crm.errors import ValidationFailed


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


SCREEN_POP_TIMELINE = 10  # newest timeline entries the agent sees


def screen_pop(phone: str | None, contact_id: str | None) -> ScreenPop:
    """What the agent sees when a contact arrives: the caller card and the customer's 360, from the phone index
    (or the contact) and one Query of the customer's partition, which holds the card's items too."""
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
        caller = i.caller
        customer_id, partner_id = (i.customer_id, None) if i.customer_id else identify(i.caller)
    else:
        try:
            caller, customer_id, partner_id = identify_dialled(phone or "", get_settings().default_phone_region)
        except ValueError as exc:
            raise ValidationFailed("phone is not valid", {"phone": str(exc)}) from exc
    if customer_id is None:
        return screen_pop_body(CallerCard(caller, partner_id=partner_id), None, contact)
    items = customers.partition_360(customer_id, SCREEN_POP_TIMELINE)
    card = card_of(items, customer_id, caller, partner_id)
    view = customers.view_360(customer_id, items, SCREEN_POP_TIMELINE) if card.customer_id else None
    return screen_pop_body(card, view, contact)
