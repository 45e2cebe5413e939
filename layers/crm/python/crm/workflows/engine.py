"""One step of the state machine (WorkflowStateMachine in template.yaml): continue a run from where it is, step by
step, until it waits, ends or has done STEPS_PER_CALL steps; answer the machine what to do next.

The run item holds the position, so the machine's state is only {run_id, status, wake_at}. A step is recorded
after it is done and the position moves past it in the same write, so a retried call starts at the first step
not yet recorded; the actions' own ids (actions.py) cover a call that did the work but died before recording it.
A StepRefused fails the run at once; any other exception is the machine's to retry (Retry), and after the last
try its Catch calls `fail`, which records the error and puts the run in WorkflowDLQ (alarmed)."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from crm.aws import client
from crm.config import required
from crm.db import now_iso
from crm.workflows import actions, records, repository, rules
from crm.workflows.models import Run

STEPS_PER_CALL = 25


def _record(run: Run, step: str, kind: str, outcome: str, detail: str | None) -> None:
    run.seq = int(run.seq or 0) + 1
    repository.new_step(
        run.run_id, int(run.seq), step=step, action=kind, outcome=outcome, detail=detail, at=now_iso()
    ).save()


def _state(run: Run, wake_at: str | None = None) -> dict[str, Any]:
    return {"run_id": run.run_id, "status": run.status, **({"wake_at": wake_at} if wake_at else {})}


def _wake_at(step: dict[str, Any], values: rules.Values) -> datetime:
    base = datetime.now(UTC)
    if step.get("until"):
        raw = rules.lookup(values, step["until"])
        if raw:
            base = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
            base = base if base.tzinfo else base.replace(tzinfo=UTC)
    return base + timedelta(minutes=int(step.get("minutes") or 0))


def _finish(run: Run, status: str, error: str | None = None) -> None:
    run.status, run.ended_at, run.error, run.cursor = status, now_iso(), error, None
    run.save()


def advance(run_id: str) -> dict[str, Any]:
    run = repository.load_run(run_id)
    if run.status in ("succeeded", "failed"):
        return _state(run)
    definition = json.loads(repository.load_revision(run.workflow_id, int(run.revision)).definition)
    steps = definition["steps"]
    trigger = json.loads(run.trigger)
    values = records.values(run.entity, run.record_id, trigger.get("event") or {})
    position = json.loads(run.cursor) if run.cursor else None
    for _ in range(STEPS_PER_CALL):
        if position is None:
            _finish(run, "succeeded")
            return _state(run)
        step = rules.step_at(steps, position) or {}
        label = rules.label(position)
        if step["type"] == "wait":
            wake = _wake_at(step, values)
            position = rules.after(steps, position)
            run.cursor, run.status = json.dumps(position), "waiting"
            if wake > datetime.now(UTC):
                _record(run, label, "wait", "waiting", f"until {wake.isoformat(timespec='seconds')}")
                run.save()
                return _state(run, wake.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))  # Wait takes RFC 3339 with Z
            _record(run, label, "wait", "done", "the time had passed")
            continue
        if step["type"] == "branch":
            arm = "then" if rules.all_hold(step.get("conditions", []), values) else "otherwise"
            _record(run, label, "branch", "done", arm)
            position = rules.into(steps, position, arm)
        else:
            ctx = actions.Context(run.run_id, run.workflow_id, label, values, run.entity)
            try:
                detail = actions.act(step, ctx)
            except actions.StepRefused as exc:
                _record(run, label, step["type"], "failed", str(exc)[:500])
                _finish(run, "failed", str(exc)[:500])
                _dead_letter(run)
                return _state(run)
            _record(run, label, step["type"], "skipped" if detail.startswith("skipped") else "done", detail[:500])
            position = rules.after(steps, position)
        run.cursor, run.status = (json.dumps(position) if position is not None else None), "running"
        run.save()
    return _state(run)


def fail(run_id: str, error: dict[str, Any]) -> dict[str, Any]:
    """The machine gave up on a step (its retries spent): the run fails and goes to the dead-letter queue."""
    run = repository.load_run(run_id)
    if run.status in ("succeeded", "failed"):
        return _state(run)
    cause = str(error.get("Cause") or error.get("Error") or "failed")
    with contextlib.suppress(ValueError, AttributeError):
        cause = str(json.loads(cause).get("errorMessage") or cause)
    position = json.loads(run.cursor) if run.cursor else []
    _record(run, rules.label(position), "error", "failed", cause[:500])
    _finish(run, "failed", cause[:500])
    _dead_letter(run)
    return _state(run)


def _dead_letter(run: Run) -> None:
    body = {"run_id": run.run_id, "workflow_id": run.workflow_id, "error": run.error, "at": run.ended_at}
    client("sqs").send_message(QueueUrl=required("WORKFLOW_DLQ_URL"), MessageBody=json.dumps(body))
