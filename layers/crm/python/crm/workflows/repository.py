"""Workflow keys: the only module that spells WORKFLOW#, WORKFLOWS, REVISION#, WFTRIGGER#, WFRUN#, WFRUNS#, STEP#
and WFTURN# (models.py's docstring)."""

from __future__ import annotations

from typing import Any

from crm.db import decode_cursor, encode_cursor, get_or_404
from crm.workflows.models import Revision, Run, RunStep, TriggerPointer, Turn, Workflow

WORKFLOWS = "WORKFLOWS"
CLOCK = "clock"
MAX_PER_TRIGGER = 100  # an event reads its type's published workflows in one Query: a bound on that read


def workflow_pk(workflow_id: str) -> str:
    return f"WORKFLOW#{workflow_id}"


def new_workflow(workflow_id: str, created_at: str, **fields: Any) -> Workflow:
    return Workflow(
        pk=workflow_pk(workflow_id),
        sk="WORKFLOW",
        gsi1pk=WORKFLOWS,
        gsi1sk=f"{created_at}#{workflow_id}",
        workflow_id=workflow_id,
        created_at=created_at,
        **fields,
    )


def load(workflow_id: str) -> Workflow:
    return get_or_404(
        Workflow, workflow_pk(workflow_id), "WORKFLOW", f"no workflow {workflow_id}", {"workflow_id": "unknown"}
    )


def workflows_page(limit: int, cursor: str | None) -> tuple[list[Workflow], str | None]:
    page = Workflow.gsi1.query(WORKFLOWS, limit=limit, last_evaluated_key=decode_cursor(cursor, {"gsi1pk": WORKFLOWS}))
    return list(page), encode_cursor(page.last_evaluated_key)


def new_revision(workflow_id: str, revision: int, **fields: Any) -> Revision:
    return Revision(
        pk=workflow_pk(workflow_id),
        sk=f"REVISION#{revision:06d}",
        workflow_id=workflow_id,
        revision=revision,
        **fields,
    )


def load_revision(workflow_id: str, revision: int) -> Revision:
    return get_or_404(
        Revision, workflow_pk(workflow_id), f"REVISION#{revision:06d}", "no such revision", {"revision": "unknown"}
    )


def event_key(event_type: str) -> str:
    return f"event#{event_type}"


def trigger_keys(trigger: dict[str, Any]) -> set[str]:
    """Where a published workflow is found: by each of its events' types, among those the hourly clock looks
    at, or among the manual ones of its entity (the console's buttons); an inbound workflow by its id alone."""
    if trigger["type"] == "event":
        return {event_key(e) for e in [trigger["event"], *trigger.get("more_events", [])]}
    if trigger["type"] == "manual":
        return {manual_key(trigger["entity"])}
    return {CLOCK} if trigger["type"] in ("schedule", "date") else set()


def manual_key(entity: str) -> str:
    return f"manual#{entity}"


def new_pointer(key: str, workflow_id: str, revision: int, definition: str, name: str) -> TriggerPointer:
    return TriggerPointer(
        pk=f"WFTRIGGER#{key}",
        sk=workflow_id,
        workflow_id=workflow_id,
        revision=revision,
        definition=definition,
        name=name,
    )


def pointer(key: str, workflow_id: str) -> TriggerPointer:
    return TriggerPointer(pk=f"WFTRIGGER#{key}", sk=workflow_id)


def pointers(key: str) -> list[TriggerPointer]:
    return list(TriggerPointer.query(f"WFTRIGGER#{key}", limit=MAX_PER_TRIGGER))


def run_pk(run_id: str) -> str:
    return f"WFRUN#{run_id}"


def new_run(run_id: str, workflow_id: str, started_at: str, **fields: Any) -> Run:
    return Run(
        pk=run_pk(run_id),
        sk="RUN",
        gsi1pk=f"WFRUNS#{workflow_id}",
        gsi1sk=f"{started_at}#{run_id}",
        run_id=run_id,
        workflow_id=workflow_id,
        started_at=started_at,
        **fields,
    )


def load_run(run_id: str) -> Run:
    return get_or_404(Run, run_pk(run_id), "RUN", f"no run {run_id}", {"run_id": "unknown"})


def new_step(run_id: str, seq: int, **fields: Any) -> RunStep:
    return RunStep(pk=run_pk(run_id), sk=f"STEP#{seq:05d}", seq=seq, **fields)


def steps_of(run_id: str) -> list[RunStep]:
    return list(RunStep.query(run_pk(run_id), RunStep.sk.startswith("STEP#")))


def runs_page(workflow_id: str, limit: int, cursor: str | None) -> tuple[list[Run], str | None]:
    """Newest first."""
    pk = f"WFRUNS#{workflow_id}"
    page = Run.gsi1.query(
        pk, scan_index_forward=False, limit=limit, last_evaluated_key=decode_cursor(cursor, {"gsi1pk": pk})
    )
    return list(page), encode_cursor(page.last_evaluated_key)


def take_turn(workflow_id: str, step: str) -> int:
    """The next number of one assign step's round robin (1, 2, ...): one atomic ADD, so concurrent runs differ."""
    turn = Turn(pk=f"WFTURN#{workflow_id}#{step}", sk="TURN")
    turn.update(actions=[Turn.n.add(1)])  # pynamodb sets the new value on the item
    return int(turn.n)


def mark_run(p: TriggerPointer, period: str) -> None:
    """The clock ran this trigger's period (not a new version of the workflow)."""
    p.update(actions=[TriggerPointer.last.set(period)])
