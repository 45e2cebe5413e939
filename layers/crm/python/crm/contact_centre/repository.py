"""Contact-centre keys and queries: the only module that spells CONNECT#, CALLBACK#, ROUTING, PHONE#... and the
customer partition's CARD item (the key design is in models.py's docstring and docs/access-patterns.md)."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import DoesNotExist

from crm.contact_centre.models import Callback, CustomerCard, Interaction, QueueMetrics, RoutingConfig
from crm.customers.public import customer_pk
from crm.db import CrmItem, get_or_404

ROUTING_PK = "ROUTING"
CARD_SK = "CARD"


def phone_index(phone: str) -> str:
    """gsi1: customer identifiers and partner contacts' phones share it, so one Query finds a caller."""
    return f"PHONE#{phone}"


def partner_phone_sk(phone: str) -> str:
    return f"!ID#PHONE#{phone}"


def items_with_phone(phone: str, limit: int) -> list[CrmItem]:
    return list(CrmItem.gsi1.query(phone_index(phone), limit=limit))


def customer_card(customer_id: str) -> CustomerCard:
    """The customer's card, for UpdateItem (lock, PIN) without reading it."""
    return CustomerCard(pk=customer_pk(customer_id), sk=CARD_SK)


def new_interaction(contact_id: str) -> Interaction:
    return Interaction(pk=f"CONNECT#{contact_id}", sk="CONTACT")


def load_interaction(contact_id: str) -> Interaction:
    return get_or_404(
        Interaction, f"CONNECT#{contact_id}", "CONTACT", f"contact {contact_id} is not known", {"contact_id": "unknown"}
    )


def find_interaction(contact_id: str) -> Interaction | None:
    try:
        return Interaction.get(f"CONNECT#{contact_id}", "CONTACT")
    except DoesNotExist:
        return None


def callback_key(contact_id: str) -> tuple[str, str]:
    return f"CALLBACK#{contact_id}", "CALLBACK"


def load_callback(contact_id: str) -> Callback:
    return Callback.get(*callback_key(contact_id))


def find_callback(contact_id: str) -> Callback | None:
    try:
        return load_callback(contact_id)
    except DoesNotExist:
        return None


def routing_items() -> list[CrmItem]:
    """Config and every queue's metrics: one Query on the ROUTING partition."""
    return list(CrmItem.query(ROUTING_PK))


def routing_keys() -> list[tuple[str, str]]:
    """The same two items by key, for a BatchGetItem with the caller's card."""
    return [(ROUTING_PK, "CONFIG"), (ROUTING_PK, "METRICS")]


def card_key(customer_id: str) -> tuple[str, str]:
    return customer_pk(customer_id), CARD_SK


def routing_config(**fields: Any) -> RoutingConfig:
    return RoutingConfig(pk=ROUTING_PK, sk="CONFIG", **fields)


def queue_metrics(queues: dict[str, dict[str, Any]]) -> QueueMetrics:
    return QueueMetrics(pk=ROUTING_PK, sk="METRICS", queues=queues)
