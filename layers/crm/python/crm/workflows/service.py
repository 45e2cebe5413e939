"""Workflow definitions (admins): a draft edited freely, published as a numbered revision that runs from then on,
disabled and published again; their runs with each step; a manual start and a signed inbound start.

Publishing writes the revision, the workflow and its trigger pointer in one transaction; a run reads the
revision it started with, so publishing a change never alters a run under way."""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from crm.db import CrmItem, check_version, new_id, now_iso, transaction
from crm.errors import Forbidden, NotAuthenticated, NotFound, ValidationFailed, VersionConflict
from crm.workflows import records, repository, schemas, starts
from crm.workflows.checks import check_definition
from crm.workflows.models import Run, Workflow


def _definition(d: schemas.Definition) -> str:
    return json.dumps(d.model_dump(mode="json", by_alias=True, exclude_none=True), sort_keys=True)


def workflow_out(w: Workflow) -> schemas.WorkflowOut:
    published = json.loads(w.published) if w.published else None
    inbound = (published or json.loads(w.draft))["trigger"]["type"] == "inbound"
    from crm.messaging.public import public_url

    return schemas.WorkflowOut(
        workflow_id=w.workflow_id,
        name=w.name,
        description=w.description,
        status=w.status,
        draft=schemas.Definition.model_validate_json(w.draft),
        published=schemas.Definition.model_validate(published) if published else None,
        published_revision=int(w.published_revision) if w.published_revision is not None else None,
        inbound_url=public_url(f"/hooks/workflows/{w.workflow_id}") if inbound else None,
        created_at=w.created_at,
        created_by=w.created_by,
        updated_at=w.updated_at,
        version=int(w.version),
    )


def create(data: schemas.WorkflowIn, actor: str) -> schemas.WorkflowCreated:
    at, secret = now_iso(), "wfsec_" + secrets.token_urlsafe(32)
    w = repository.new_workflow(
        new_id(),
        at,
        name=data.name,
        description=data.description,
        status="draft",
        draft=_definition(data.definition),
        secret=secret,
        created_by=actor,
        updated_at=at,
    )
    with transaction("workflow id collision, retry") as tx:
        tx.save(w, condition=CrmItem.pk.does_not_exist())
    return schemas.WorkflowCreated(workflow=workflow_out(w), secret=secret)


def _save(w: Workflow, writes: list[tuple[str, CrmItem]]) -> None:
    with transaction(lambda: VersionConflict("the workflow was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(w)
        for kind, item in writes:
            if kind == "put":
                tx.save(item)
            else:
                tx.delete(item)


def change(workflow_id: str, patch: schemas.WorkflowPatch, expected: int | None) -> schemas.WorkflowOut:
    w = repository.load(workflow_id)
    check_version(int(w.version), expected, "workflow")
    given = patch.model_fields_set - {"version"}
    if "name" in given and patch.name is None:
        raise ValidationFailed("name cannot be removed", {"name": "required"})
    if "definition" in given and patch.definition is None:
        raise ValidationFailed("definition cannot be removed", {"definition": "required"})
    if patch.name is not None:
        w.name = patch.name
    if "description" in given:
        w.description = patch.description
    if patch.definition is not None:
        w.draft = _definition(patch.definition)
    w.updated_at = now_iso()
    _save(w, [])
    return workflow_out(w)


def _live_keys(w: Workflow) -> set[str]:
    """Where the published workflow's trigger pointers are now."""
    if not w.published or w.status != "published":
        return set()
    return repository.trigger_keys(json.loads(w.published)["trigger"])


def publish(workflow_id: str, expected: int | None, actor: str) -> schemas.WorkflowOut:
    """The draft becomes the next revision and runs from now on (checked against what it names first)."""
    w = repository.load(workflow_id)
    check_version(int(w.version), expected, "workflow")
    draft = json.loads(w.draft)
    check_definition(draft)
    revision, at = int(w.published_revision or 0) + 1, now_iso()
    old_keys, new_keys = _live_keys(w), repository.trigger_keys(draft["trigger"])
    writes: list[tuple[str, CrmItem]] = [
        ("put", repository.new_revision(workflow_id, revision, definition=w.draft, published_at=at, published_by=actor))
    ]
    writes += [("delete", repository.pointer(key, workflow_id)) for key in sorted(old_keys - new_keys)]
    writes += [("put", repository.new_pointer(k, workflow_id, revision, w.draft, w.name)) for k in sorted(new_keys)]
    w.published, w.published_revision, w.status, w.updated_at = w.draft, revision, "published", at
    _save(w, writes)
    return workflow_out(w)


def disable(workflow_id: str, expected: int | None) -> schemas.WorkflowOut:
    """No new runs start (runs under way finish); publishing again enables it."""
    w = repository.load(workflow_id)
    check_version(int(w.version), expected, "workflow")
    writes: list[tuple[str, CrmItem]] = [("delete", repository.pointer(k, workflow_id)) for k in sorted(_live_keys(w))]
    w.status, w.updated_at = "disabled", now_iso()
    _save(w, writes)
    return workflow_out(w)


def get(workflow_id: str) -> schemas.WorkflowOut:
    return workflow_out(repository.load(workflow_id))


def list_workflows(limit: int, cursor: str | None) -> schemas.WorkflowPage:
    found, nxt = repository.workflows_page(limit, cursor)
    return schemas.WorkflowPage(items=[workflow_out(w) for w in found], next=nxt)


def _trigger_out(t: dict[str, Any]) -> schemas.RunTrigger:
    event = t.get("event") or {}
    return schemas.RunTrigger(
        type=t["type"],
        event_type=t.get("event_type"),
        event_id=event.get("event_id") or (str(event["id"]) if t["type"] == "inbound" and event.get("id") else None),
        period=t.get("period"),
        field=t.get("field"),
        date=t.get("date"),
        by=t.get("by"),
    )


def run_out(r: Run, with_steps: bool = False) -> schemas.RunOut:
    steps = repository.steps_of(r.run_id) if with_steps else []
    return schemas.RunOut(
        run_id=r.run_id,
        workflow_id=r.workflow_id,
        revision=int(r.revision),
        status=r.status,
        trigger=_trigger_out(json.loads(r.trigger)),
        entity=r.entity,
        record_id=r.record_id,
        started_at=r.started_at,
        ended_at=r.ended_at,
        error=r.error,
        steps=[
            schemas.RunStepOut(
                seq=int(s.seq),
                step=s.step,
                type=s.action,
                outcome=s.outcome,
                detail=s.detail,
                at=s.at,
            )
            for s in steps
        ],
    )


def list_runs(workflow_id: str, limit: int, cursor: str | None) -> schemas.RunPage:
    repository.load(workflow_id)
    found, nxt = repository.runs_page(workflow_id, limit, cursor)
    return schemas.RunPage(items=[run_out(r) for r in found], next=nxt)


def get_run(workflow_id: str, run_id: str) -> schemas.RunOut:
    r = repository.load_run(run_id)
    if r.workflow_id != workflow_id:
        raise NotFound(f"no run {run_id}", {"run_id": "unknown"})
    return run_out(r, with_steps=True)


def _running(workflow_id: str, kind: str) -> tuple[Workflow, dict[str, Any]]:
    w = repository.load(workflow_id)
    published = json.loads(w.published) if w.published and w.status == "published" else None
    if published is None or published["trigger"]["type"] != kind:
        raise NotFound(f"no published {kind} workflow {workflow_id}", {"workflow_id": f"not a {kind} workflow"})
    return w, published


def run_manually(workflow_id: str, data: schemas.ManualRunIn, actor: str, readable: set[str]) -> schemas.RunStarted:
    """`readable`: the entities the caller may read; a workflow on another entity is refused (403)."""
    w, published = _running(workflow_id, "manual")
    entity = published["trigger"]["entity"]
    if entity not in readable:
        raise Forbidden(f"reading {entity} records is not allowed for this user")
    if not data.record_id or not records.record(entity, data.record_id, {}):
        raise ValidationFailed(f"no {entity} {data.record_id}", {"record_id": f"an existing {entity}'s id"})
    info = {"type": "manual", "by": actor, "event": {"by": actor}}
    run_id, started = starts.start(
        workflow_id, int(w.published_revision), f"manual|{new_id(16)}", info, entity, data.record_id
    )
    return schemas.RunStarted(run_id=run_id, started=started)


def run_inbound(workflow_id: str, body: bytes, signature: str | None) -> schemas.RunStarted:
    """A signed call from another system (X-CRM-Signature with the workflow's secret); the payload is `event.*`.
    Its `id` (or the body's hash) names the run, so a resent call starts nothing new."""
    from crm.webhooks.public import verify_signature

    w, published = _running(workflow_id, "inbound")
    if not signature or not verify_signature(w.secret, signature, body):
        raise NotAuthenticated("the signature does not match", {"signature": "refused"})
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise ValidationFailed("the body is not JSON", {"body": "a JSON object"}) from exc
    if not isinstance(payload, dict):
        raise ValidationFailed("the body is not a JSON object", {"body": "a JSON object"})
    trigger = published["trigger"]
    entity, record_id = trigger.get("entity"), None
    if entity:
        field = trigger["record_field"]
        record_id = str(payload.get(field) or "")
        if not record_id or not records.record(entity, record_id, payload):
            raise ValidationFailed(f"no {entity} {record_id}", {field: f"an existing {entity}'s id"})
    occasion = f"inbound|{payload.get('id') or hashlib.sha256(body).hexdigest()}"
    info = {"type": "inbound", "event": payload}
    run_id, started = starts.start(workflow_id, int(w.published_revision), occasion, info, entity, record_id)
    return schemas.RunStarted(run_id=run_id, started=started)


def manual_workflows(entity: str) -> schemas.ManualList:
    """The published manual workflows of an entity (the buttons on its page): one Query."""
    found = repository.pointers(repository.manual_key(entity))
    return schemas.ManualList(
        items=[schemas.ManualOut(workflow_id=p.workflow_id, name=p.name or p.workflow_id) for p in found]
    )


def templates() -> schemas.WorkflowTemplateList:
    from crm.workflows.templates import TEMPLATES

    return schemas.WorkflowTemplateList(items=[schemas.WorkflowTemplateOut.model_validate(t) for t in TEMPLATES])
