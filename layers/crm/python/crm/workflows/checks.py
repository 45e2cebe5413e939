"""What a definition names must exist when it is published: a date trigger's field (a filterable custom date
field of its entity), each webhook step's subscription, a record with an owner for an owner step that names it.
A 400 names the place: definition.steps.2.then.0.webhook_id."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from crm.errors import ValidationFailed


def _steps(steps: list[dict[str, Any]], prefix: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for i, step in enumerate(steps):
        where = f"{prefix}.{i}"
        yield where, step
        if step["type"] == "branch":
            yield from _steps(step.get("then", []), f"{where}.then")
            yield from _steps(step.get("otherwise", []), f"{where}.otherwise")


def _date_field(trigger: dict[str, Any]) -> None:
    from crm.customfields.public import field_kind

    kind = field_kind(trigger["entity"], trigger["field"])
    if kind != ("date", True):
        why = "no such field" if kind is None else "must be a filterable date field"
        raise ValidationFailed(f"{trigger['entity']}.{trigger['field']}: {why}", {"definition.trigger.field": why})


def _webhook(webhook_id: str, where: str) -> None:
    from crm.webhooks.public import exists

    if not exists(webhook_id):
        raise ValidationFailed(f"no webhook {webhook_id}", {f"{where}.webhook_id": "unknown webhook"})


def check_definition(definition: dict[str, Any]) -> None:
    trigger = definition["trigger"]
    if trigger["type"] == "date":
        _date_field(trigger)
    for where, step in _steps(definition["steps"], "definition.steps"):
        if step["type"] == "webhook":
            _webhook(step["webhook_id"], where)
        if step["type"] == "assign_owner" and step.get("of") == "record" and _entity(trigger) not in OWNED:
            why = "the record's owner: a lead or an opportunity trigger"
            raise ValidationFailed(f"{where}: {why}", {f"{where}.of": why})
    if trigger["type"] == "schedule" and _needs_record(definition["steps"]):
        raise ValidationFailed(
            "a schedule has no record: its steps cannot change one or write to a customer",
            {"definition.trigger": "use a date trigger to run per record"},
        )


OWNED = ("lead", "opportunity")  # records with an owner of their own


def _entity(trigger: dict[str, Any]) -> str | None:
    from crm.workflows.rules import entity_of

    return entity_of(trigger["event"])[0] if trigger["type"] == "event" else trigger.get("entity")


RECORD_STEPS = {"update_fields", "assign_owner", "add_tag", "send_email", "send_sms", "create_case"}


def _needs_record(steps: list[dict[str, Any]]) -> bool:
    return any(step["type"] in RECORD_STEPS for _, step in _steps(steps, ""))
