"""The values a run sees: its record (as the owning context answers it), the record's customer, and the trigger's
payload. Read through the contexts' public modules; a record that is gone reads as empty."""

from __future__ import annotations

from typing import Any

from crm.errors import NotFound
from crm.workflows.rules import Values


def _customer(customer_id: str | None) -> dict[str, Any]:
    from crm.customers.public import get_customer

    if not customer_id:
        return {}
    try:
        return get_customer(customer_id).model_dump(mode="json")
    except NotFound:
        return {}


def _opportunity(opportunity_id: str) -> dict[str, Any]:
    from crm.sales.public import get_opportunity

    try:
        return dict(get_opportunity(opportunity_id).model_dump(mode="json"))
    except NotFound:
        return {}


def _case(case_id: str) -> dict[str, Any]:
    from crm.cases.public import get_case

    try:
        return get_case(case_id).model_dump(mode="json")
    except NotFound:
        return {}


def _lead(lead_id: str) -> dict[str, Any]:
    from crm.sales.public import get_lead

    try:
        return dict(get_lead(lead_id).model_dump(mode="json"))
    except NotFound:
        return {}


def _order(order_id: str, customer_id: str | None) -> dict[str, Any]:
    from crm.orders.public import customer_order

    if not customer_id:
        return {}
    try:
        return customer_order(customer_id, order_id).model_dump(mode="json")
    except NotFound:
        return {}


def record(entity: str | None, record_id: str | None, event: dict[str, Any]) -> dict[str, Any]:
    if not entity or not record_id:
        return {}
    if entity == "customer":
        return _customer(record_id)
    if entity == "opportunity":
        return _opportunity(record_id)
    if entity == "case":
        return _case(record_id)
    if entity == "lead":
        return _lead(record_id)
    return _order(record_id, event.get("customer_id"))


def values(entity: str | None, record_id: str | None, event: dict[str, Any]) -> Values:
    rec = record(entity, record_id, event)
    customer = rec if entity == "customer" else _customer(rec.get("customer_id") or event.get("customer_id"))
    return {"record": rec, "customer": customer, "event": event}
