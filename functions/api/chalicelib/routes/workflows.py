"""Workflows: admins define and publish automations (a trigger, conditions, steps; docs/workflows.md), managers
follow their runs step by step, staff start the manual ones on a record, and other systems start the inbound
ones with a signed call."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.workflows import schemas, service

routes = Routes(__name__)


@routes.route(
    "/workflows",
    "POST",
    permission=Permission.WORKFLOWS_ADMIN,
    summary="Create a workflow as a draft: a trigger (event, schedule, date field, manual, inbound), conditions "
    "and steps; the inbound signing secret is shown once",
    body=schemas.WorkflowIn,
    response=schemas.WorkflowCreated,
    status=201,
)
def create_workflow(call: Call[schemas.WorkflowIn, None]) -> schemas.WorkflowCreated:
    return service.create(call.body, call.actor)


@routes.route(
    "/workflows",
    "GET",
    permission=Permission.WORKFLOWS_READ,
    summary="The workflows, oldest first, with their draft and published definitions",
    query=schemas.WorkflowQuery,
    response=schemas.WorkflowPage,
)
def list_workflows(call: Call[None, schemas.WorkflowQuery]) -> schemas.WorkflowPage:
    return service.list_workflows(call.query.limit, call.query.cursor)


@routes.route(
    "/workflows/templates",
    "GET",
    permission=Permission.WORKFLOWS_ADMIN,
    summary="Workflows to start from (renewal task, won deal follow-up, welcome series, escalations)",
    response=schemas.WorkflowTemplateList,
)
def workflow_templates(call: Call[None, None]) -> schemas.WorkflowTemplateList:
    return service.templates()


@routes.route(
    "/workflows/manual",
    "GET",
    permission=Permission.WORKFLOW_RUN,
    summary="The published manual workflows of an entity: what a record's page offers to run",
    query=schemas.ManualQuery,
    response=schemas.ManualList,
)
def manual_workflows(call: Call[None, schemas.ManualQuery]) -> schemas.ManualList:
    return service.manual_workflows(call.query.entity)


@routes.route(
    "/workflows/{workflow_id}",
    "GET",
    permission=Permission.WORKFLOWS_READ,
    summary="One workflow",
    response=schemas.WorkflowOut,
)
def get_workflow(call: Call[None, None], workflow_id: str) -> schemas.WorkflowOut:
    return service.get(workflow_id)


@routes.route(
    "/workflows/{workflow_id}",
    "PATCH",
    permission=Permission.WORKFLOWS_ADMIN,
    summary="Change a workflow's name or its draft (the published revision runs until the draft is published)",
    body=schemas.WorkflowPatch,
    response=schemas.WorkflowOut,
    headers=["If-Match"],
)
def change_workflow(call: Call[schemas.WorkflowPatch, None], workflow_id: str) -> schemas.WorkflowOut:
    return service.change(workflow_id, call.body, call.if_match(call.body.version))


@routes.route(
    "/workflows/{workflow_id}/publish",
    "POST",
    permission=Permission.WORKFLOWS_ADMIN,
    summary="Publish the draft as the next revision: new runs use it (runs under way keep theirs); 400 names a "
    "date field or webhook that does not exist",
    response=schemas.WorkflowOut,
    headers=["If-Match"],
)
def publish_workflow(call: Call[None, None], workflow_id: str) -> schemas.WorkflowOut:
    return service.publish(workflow_id, call.if_match(), call.actor)


@routes.route(
    "/workflows/{workflow_id}/disable",
    "POST",
    permission=Permission.WORKFLOWS_ADMIN,
    summary="Stop starting runs (runs under way finish); publishing again enables it",
    response=schemas.WorkflowOut,
    headers=["If-Match"],
)
def disable_workflow(call: Call[None, None], workflow_id: str) -> schemas.WorkflowOut:
    return service.disable(workflow_id, call.if_match())


@routes.route(
    "/workflows/{workflow_id}/runs",
    "GET",
    permission=Permission.WORKFLOWS_READ,
    summary="A workflow's runs, newest first: trigger, status, error",
    query=schemas.WorkflowQuery,
    response=schemas.RunPage,
)
def workflow_runs(call: Call[None, schemas.WorkflowQuery], workflow_id: str) -> schemas.RunPage:
    return service.list_runs(workflow_id, call.query.limit, call.query.cursor)


@routes.route(
    "/workflows/{workflow_id}/runs",
    "POST",
    permission=Permission.WORKFLOW_RUN,
    summary="Run a published manual workflow on a record the caller may read (403 otherwise)",
    body=schemas.ManualRunIn,
    response=schemas.RunStarted,
    status=202,
    idempotent=True,
)
def start_workflow_run(call: Call[schemas.ManualRunIn, None], workflow_id: str) -> schemas.RunStarted:
    readable = {entity for entity, permission in READ_OF_ENTITY.items() if call.may(permission)}
    return service.run_manually(workflow_id, call.body, call.actor, readable)


READ_OF_ENTITY = {  # a manual run needs the right to read its record, as the record's own routes ask
    "customer": Permission.CUSTOMER_READ,
    "lead": Permission.LEAD_READ,
    "opportunity": Permission.PIPELINE_READ,
    "case": Permission.CASE_READ,
    "order": Permission.ORDER_READ,
}


@routes.route(
    "/workflows/{workflow_id}/runs/{run_id}",
    "GET",
    permission=Permission.WORKFLOWS_READ,
    summary="One run with each step it took: what it did, skipped, waits for, or why it failed",
    response=schemas.RunOut,
)
def workflow_run(call: Call[None, None], workflow_id: str, run_id: str) -> schemas.RunOut:
    return service.get_run(workflow_id, run_id)


@routes.route(
    "/hooks/workflows/{workflow_id}",
    "POST",
    permission=None,
    summary='Start an inbound workflow (public; X-CRM-Signature: t=<unix time>,v1=<HMAC-SHA256 of "t.body" with '
    "the workflow's secret>, 5 minutes either side); the JSON body is the run's `event`; its `id` makes a resent "
    "call start nothing new; 401 for a bad signature, 404 for no published inbound workflow",
    response=schemas.RunStarted,
    status=202,
)
def inbound_workflow(call: Call[None, None], workflow_id: str) -> schemas.RunStarted:
    return service.run_inbound(workflow_id, call.raw_body, call.headers.get("x-crm-signature"))
