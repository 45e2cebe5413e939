"""What each step does, through the owning context's public module. Every write carries the actor
`workflow:<id>` (so the workflow is not started again by its own change) and an id derived from the run and the
step, so a step retried after a failure does not do its work twice. An action returns what the run's history
shows; it raises ActionFailed (retried by the state machine) when the work could not be done."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from crm.errors import ActionFailed, CrmError, VersionConflict
from crm.workflows import repository
from crm.workflows.rules import Values, fill


@dataclass(frozen=True)
class Context:
    run_id: str
    workflow_id: str
    step: str  # the step's position label
    values: Values
    entity: str | None = None  # the kind of the run's record

    @property
    def actor(self) -> str:
        return f"workflow:{self.workflow_id}"

    def key(self, size: int = 24) -> str:
        return hashlib.sha256(f"{self.run_id}|{self.step}".encode()).hexdigest()[:size]

    @property
    def customer_id(self) -> str | None:
        return self.values.get("customer", {}).get("customer_id")


def _customer_change(ctx: Context, changes: dict[str, Any]) -> str:
    from crm.customers.public import update_profile

    if not ctx.customer_id:
        return "skipped: no customer"
    update_profile(ctx.customer_id, changes, ctx.actor)
    ctx.values["customer"].update({k: v for k, v in changes.items() if k != "custom"})
    return "changed " + ", ".join(sorted(changes))


def update_fields(step: dict[str, Any], ctx: Context) -> str:
    changes: dict[str, Any] = {}
    for name, given in step["fields"].items():
        value = fill(given, ctx.values) if isinstance(given, str) else given
        if name.startswith("custom."):
            changes.setdefault("custom", {})[name.split(".", 1)[1]] = value
        else:
            changes[name] = value
    return _customer_change(ctx, changes)


def assign_owner(step: dict[str, Any], ctx: Context) -> str:
    """The owner of the record's customer, or of the record itself (a lead or an opportunity: lead routing),
    becomes the next of the team in turn."""
    if step.get("of") == "record":
        return _assign_record(step, ctx)
    if not ctx.customer_id:
        return "skipped: no customer"
    return _customer_change(ctx, {"owner": _next_of(step, ctx)})


def _next_of(step: dict[str, Any], ctx: Context) -> str:
    """One atomic counter per step (repository.take_turn), so concurrent runs take different people."""
    team = step["team"]
    return str(team[(repository.take_turn(ctx.workflow_id, ctx.step) - 1) % len(team)])


def _assign_record(step: dict[str, Any], ctx: Context) -> str:
    from crm.sales.public import assign_owner as assign

    record_id = ctx.values.get("record", {}).get(f"{ctx.entity}_id")
    if not ctx.entity or not record_id:
        return "skipped: no record"
    owner = _next_of(step, ctx)
    try:
        detail = assign(ctx.entity, record_id, owner)
    except VersionConflict as exc:  # changed meanwhile: the state machine tries the step again
        raise ActionFailed(exc.message) from exc
    if not detail.startswith("skipped"):
        ctx.values["record"]["owner"] = owner  # later steps (a task for the owner) see the new one
    return detail


def add_tag(step: dict[str, Any], ctx: Context) -> str:
    tags = list(ctx.values.get("customer", {}).get("tags") or [])
    if step["tag"] in tags:
        return "skipped: tagged already"
    return _customer_change(ctx, {"tags": [*tags, step["tag"]]})


def _owner(ctx: Context) -> str | None:
    return ctx.values.get("record", {}).get("owner") or ctx.values.get("customer", {}).get("owner")


def create_task(step: dict[str, Any], ctx: Context) -> str:
    from crm.tasks.public import ensure_task

    assignee = _owner(ctx) if step.get("assignee", "owner") == "owner" else step["assignee"]
    if not assignee:
        raise ActionFailed("the record has no owner to give the task to")
    due = (datetime.now(UTC) + timedelta(days=int(step.get("due_in_days", 1)))).isoformat(timespec="seconds")
    record = ctx.values.get("record", {})
    related = {k: str(record[k]) for k in ("opportunity_id", "case_id", "order_id") if record.get(k)}
    task_id = "wf" + ctx.key(22)
    ensure_task(
        task_id,
        subject=fill(step["subject"], ctx.values)[:200],
        assignee=assignee,
        due_at=due,
        customer_id=ctx.customer_id,
        related={**related, "workflow_id": ctx.workflow_id},
        notes=fill(step["notes"], ctx.values) if step.get("notes") else None,
        created_by=ctx.actor,
        kind="task",
    )
    return f"task {task_id} for {assignee}"


def _recipient(ctx: Context, email: bool) -> tuple[list[str], dict[str, Any], bool]:
    """(addresses, the values its template fills, consent to marketing). A lead is written to at its own
    address, as B2B nurturing is (suppressions and unsubscribes still apply); a customer at the first of theirs,
    with the consent they gave."""
    record, customer = ctx.values.get("record", {}), ctx.values.get("customer", {})
    if record.get("lead_id"):
        address = record.get("email") if email else record.get("phone")
        return ([address] if address else []), _flat(record), True
    addresses = (customer.get("emails") if email else customer.get("phones")) or []
    consent = (customer.get("consent") or {}).get("email_marketing" if email else "sms_marketing", False)
    values = {**_flat(customer), **{f"record_{k}": v for k, v in _flat(record).items()}}
    values.update({f"custom_{k}": v for k, v in (customer.get("custom") or {}).items()})
    return addresses, values, bool(consent)


def _flat(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if isinstance(v, str | int | float)}


def send_message(step: dict[str, Any], ctx: Context) -> str:
    """Through messaging's send: once per run and step, suppression and (for marketing) consent respected."""
    from crm.messaging.public import send_email, send_sms

    email = step["type"] == "send_email"
    to, values, consent = _recipient(ctx, email)
    if not to:
        return f"skipped: no {'email' if email else 'phone'} to write to"
    send = send_email if email else send_sms
    result = send(
        send_id="wf-" + ctx.key(),
        to=to[0],
        template=step["template"],
        lang=ctx.values.get("customer", {}).get("language") or "en",
        values=values,
        marketing=bool(step.get("marketing")),
        consent=consent,
        customer_id=ctx.customer_id,
        actor=ctx.actor,
    )
    return f"{result.status}{': ' + result.reason if result.reason else ''}"


def create_case(step: dict[str, Any], ctx: Context) -> str:
    from crm.cases.public import open_case

    if not ctx.customer_id:
        return "skipped: no customer"
    case = open_case(
        {
            "customer_id": ctx.customer_id,
            "subject": fill(step["subject"], ctx.values)[:200],
            "description": fill(step["description"], ctx.values) if step.get("description") else None,
            "channel": "web",
            "category": step.get("category") or "question",
            "priority": step.get("priority", "normal"),
            "owner": _owner(ctx),
        },
        ctx.actor,
    )
    return f"case {case.case_id}"


def call_webhook(step: dict[str, Any], ctx: Context) -> str:
    from crm.webhooks.public import deliver_now

    record = ctx.values.get("record", {})
    detail = {
        "event_id": f"{ctx.run_id}|{ctx.step}",
        "workflow_id": ctx.workflow_id,
        "run_id": ctx.run_id,
        "record": {k: v for k, v in record.items() if k.endswith("_id") or k in ("stage", "status", "amount")},
        "trigger": ctx.values.get("event", {}),
    }
    status = deliver_now(step["webhook_id"], "WorkflowStep", detail, "wf-" + ctx.key())
    return f"delivered: HTTP {status}"


ACTIONS = {
    "update_fields": update_fields,
    "assign_owner": assign_owner,
    "add_tag": add_tag,
    "create_task": create_task,
    "send_email": send_message,
    "send_sms": send_message,
    "create_case": create_case,
    "webhook": call_webhook,
}


def act(step: dict[str, Any], ctx: Context) -> str:
    """Run one action; a domain error (a value the customer's fields refuse) fails the step without retrying."""
    try:
        return ACTIONS[step["type"]](step, ctx)
    except CrmError as exc:
        raise StepRefused(f"{exc.message} {exc.fields or ''}".strip()) from exc


class StepRefused(Exception):
    """The owning context refused the action: retrying cannot help, the run fails with this reason."""
