"""Starting runs: from a domain event (WorkflowTriggerFunction), the hourly clock (schedules and date fields), a
person (the API) or a signed inbound call. Each occasion has one run id (rules.run_id): the run item is created
once (a condition), and the execution takes the same name, so a redelivered event or a repeated hour starts
nothing new.

Loop guard: a workflow is never started by a change it made itself (the event's actor is `workflow:<id>`), and
a workflow runs at most RUNS_PER_RECORD_DAY times a day for one record, which stops two workflows that keep
triggering each other."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime
from typing import Any

from pynamodb.exceptions import PutError

from crm.aws import client
from crm.config import required
from crm.db import CrmItem, now_iso
from crm.throttle import allow
from crm.workflows import records, repository, rules

RUNS_PER_RECORD_DAY = 20


def start(
    workflow_id: str,
    revision: int,
    occasion: str,
    trigger: dict[str, Any],
    entity: str | None = None,
    record_id: str | None = None,
) -> tuple[str, bool]:
    """(run id, whether this call started it)."""
    run_id = rules.run_id(workflow_id, occasion)
    run = repository.new_run(
        run_id,
        workflow_id,
        now_iso(),
        revision=revision,
        status="running",
        trigger=json.dumps(trigger, default=str),
        entity=entity,
        record_id=record_id,
        cursor=json.dumps([0]),
        seq=0,
    )
    try:
        run.save(condition=CrmItem.pk.does_not_exist())
    except PutError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
        return run_id, False
    sfn = client("stepfunctions")
    with contextlib.suppress(sfn.exceptions.ExecutionAlreadyExists):
        sfn.start_execution(
            stateMachineArn=required("WORKFLOW_STATE_MACHINE_ARN"), name=run_id, input=json.dumps({"run_id": run_id})
        )
    return run_id, True


def _guarded(workflow_id: str, record_id: str | None, actor: str | None) -> bool:
    if actor == f"workflow:{workflow_id}":
        return True
    return bool(record_id) and not allow(f"workflow#{workflow_id}", str(record_id), RUNS_PER_RECORD_DAY, 86400)


def on_event(event_type: str, detail: dict[str, Any]) -> list[str]:
    """Start every published workflow on this event type whose conditions hold; the run ids started."""
    found = repository.pointers(repository.event_key(event_type))
    if not found:
        return []
    entity, id_field = rules.entity_of(event_type)
    record_id = detail.get(id_field)
    values = records.values(entity, record_id, detail)
    started = []
    for p in found:
        definition = json.loads(p.definition)
        if not rules.all_hold(definition.get("conditions", []), values):
            continue
        if _guarded(p.workflow_id, record_id, detail.get("actor")):
            continue
        once = definition["trigger"].get("once_per_record") and record_id
        occasion = f"record|{record_id}" if once else f"event|{detail.get('event_id')}"
        trigger = {"type": "event", "event_type": event_type, "event": detail}
        run_id, new = start(p.workflow_id, int(p.revision), occasion, trigger, entity, record_id)
        if new:
            started.append(run_id)
    return started


def _dated(p: Any, trigger: dict[str, Any], at: datetime) -> list[str]:
    from crm.customfields.public import records_with

    day = rules.date_wanted(trigger, at.date()).isoformat()
    conditions = json.loads(p.definition).get("conditions", [])
    started = []
    for record_id in records_with(trigger["entity"], trigger["field"], day):
        if not rules.all_hold(conditions, records.values(trigger["entity"], record_id, {})):
            continue
        info = {"type": "date", "field": trigger["field"], "date": day, "event": {"date": day}}
        occasion = f"date|{day}|{record_id}"
        run_id, new = start(p.workflow_id, int(p.revision), occasion, info, trigger["entity"], record_id)
        started += [run_id] if new else []
    return started


def on_clock(at: datetime | None = None) -> list[str]:
    """The hourly clock: each schedule and date trigger whose period is due and not yet run (run once)."""
    at = at or datetime.now(UTC)
    started = []
    for p in repository.pointers(repository.CLOCK):
        trigger = json.loads(p.definition)["trigger"]
        period = rules.schedule_period(trigger, at)
        if period is None or p.last == period:
            continue
        if trigger["type"] == "date":
            started += _dated(p, trigger, at)
        else:
            info = {"type": "schedule", "period": period, "event": {"at": at.isoformat(timespec="seconds")}}
            run_id, new = start(p.workflow_id, int(p.revision), f"schedule|{period}", info)
            started += [run_id] if new else []
        repository.mark_run(p, period)
    return started
