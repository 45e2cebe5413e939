"""Task rules: who may see and change a task, reminders, completion into the weekly activity index, the
calendar query and the reminder run (scheduled).

A user sees and changes the tasks assigned to them or created by them; managers and admins see everyone's.
"""

from __future__ import annotations

import contextlib
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pynamodb.exceptions import PutError

from crm.customers.public import new_entry
from crm.db import CrmItem, check_version, new_id, now_iso, transaction
from crm.errors import Conflict, Forbidden, NotFound, ValidationFailed, VersionConflict
from crm.notify import notify
from crm.tasks import schemas
from crm.tasks.models import Task
from crm.tasks.repository import calendar_of, done_in_week, index_task, load_task, reminders_due
from crm.tasks.schemas import iso

KEYS = (
    "task_id",
    "kind",
    "subject",
    "notes",
    "assignee",
    "due_at",
    "start_at",
    "end_at",
    "location",
    "remind_at",
    "reminder_sent_at",
    "customer_id",
    "status",
    "outcome",
    "done_at",
    "created_at",
    "created_by",
    "updated_at",
)


def task_out(t: Task) -> schemas.TaskOut:
    return schemas.TaskOut.model_validate(
        {
            **{k: getattr(t, k) for k in KEYS},
            "related": t.related.as_dict() if t.related is not None else None,
            "version": int(t.version),
        }
    )


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _remind_at(t: Task, minutes: int | None) -> None:
    if minutes is None:
        return
    anchor = _parse(t.start_at or t.due_at or "")
    t.remind_at = iso(anchor - timedelta(minutes=minutes))
    t.reminder_sent_at = None


def create_task(data: schemas.TaskIn, actor: str) -> schemas.TaskOut:
    at = now_iso()
    task_id = new_id()
    t = Task(
        task_id=task_id,
        kind=data.kind,
        subject=data.subject,
        notes=data.notes,
        assignee=data.assignee or actor,
        due_at=iso(data.due_at) if data.due_at else None,
        start_at=iso(data.start_at) if data.start_at else None,
        end_at=iso(data.end_at) if data.end_at else None,
        location=data.location,
        customer_id=data.customer_id,
        related=data.related.model_dump(exclude_none=True) if data.related else None,
        status="open",
        created_at=at,
        created_by=actor,
        updated_at=at,
    )
    _remind_at(t, data.remind_minutes_before)
    index_task(t)
    with transaction("task id collision, retry") as tx:
        tx.save(t, condition=CrmItem.pk.does_not_exist())
    return task_out(t)


def _load(task_id: str, actor: str, see_all: bool) -> Task:
    t = load_task(task_id)
    if not see_all and actor not in (t.assignee, t.created_by):
        raise NotFound(f"task {task_id} does not exist", {"task_id": "unknown"})  # not yours: as if absent
    return t


def get_task(task_id: str, actor: str, see_all: bool) -> schemas.TaskOut:
    return task_out(_load(task_id, actor, see_all))


def _save(t: Task, extra: list[CrmItem] | None = None) -> None:
    index_task(t)
    with transaction(lambda: VersionConflict("the task was changed meanwhile; reload it", {"version": "stale"})) as tx:
        tx.save(t)
        for item in extra or []:
            tx.save(item)


def update_task(
    task_id: str, patch: schemas.TaskPatch, expected: int | None, actor: str, see_all: bool
) -> schemas.TaskOut:
    t = _load(task_id, actor, see_all)
    check_version(t.version, expected, "task")
    if t.status != "open":
        raise Conflict(f"task {task_id} is {t.status}", {"status": t.status})
    changes = patch.model_dump(exclude_unset=True, exclude={"version", "remind_minutes_before"})
    for name, value in changes.items():
        if value is None and name in ("subject", "assignee", "status"):
            raise ValidationFailed(f"{name} cannot be removed", {name: "required"})
        setattr(t, name, iso(value) if isinstance(value, datetime) else value)
    if t.kind in schemas.TIMED and t.start_at and t.end_at and t.end_at <= t.start_at:
        raise ValidationFailed("end_at must be after start_at", {"end_at": "before start_at"})
    if "remind_minutes_before" in patch.model_fields_set:
        if patch.remind_minutes_before is None:
            t.remind_at = None
        else:
            _remind_at(t, patch.remind_minutes_before)
    elif {"start_at", "due_at"} & set(changes) and t.remind_at and not t.reminder_sent_at:
        raise ValidationFailed(
            "the reminder would no longer match; send remind_minutes_before with the new time",
            {"remind_minutes_before": "required when rescheduling"},
        )
    t.updated_at = now_iso()
    _save(t)
    return task_out(t)


def complete_task(task_id: str, data: schemas.CompleteIn, actor: str, see_all: bool) -> schemas.TaskOut:
    t = _load(task_id, actor, see_all)
    if t.status == "done":
        return task_out(t)
    if t.status == "cancelled":
        raise Conflict(f"task {task_id} was cancelled", {"status": "cancelled"})
    at = now_iso()
    t.status, t.done_at, t.outcome, t.updated_at = "done", at, data.outcome, at
    extra: list[CrmItem] = []
    if t.customer_id and t.kind in ("call", "meeting", "email", "appointment"):
        extra.append(
            new_entry(
                t.customer_id,
                t.kind,
                f"{t.kind.capitalize()}: {t.subject}",
                body=t.outcome,
                actor=t.assignee,
                occurred_at=at,
                ref={"task_id": t.task_id},
            )
        )
    _save(t, extra)
    return task_out(t)


def calendar(user: str, start: date, end: date) -> schemas.CalendarOut:
    lo, hi = start.isoformat(), (end + timedelta(days=1)).isoformat()
    items = [task_out(t) for t in calendar_of(user, lo, hi)]
    return schemas.CalendarOut.model_validate({"user": user, "items": items})


def team_activity(week: str) -> schemas.ActivityReport:
    """Done activities of one ISO week, counted per rep and kind: one Query on the week's partition."""
    try:
        date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
    except ValueError as exc:
        raise ValidationFailed(f"{week} is not an ISO week", {"week": "no such week"}) from exc
    tasks = done_in_week(week)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for t in tasks:
        counts[t.assignee][t.kind] += 1
    reps = [{"rep": rep, "total": sum(c.values()), "by_kind": dict(c)} for rep, c in sorted(counts.items())]
    return schemas.ActivityReport.model_validate({"week": week, "reps": reps, "items": [task_out(t) for t in tasks]})


def check_calendar_access(user: str, actor: str, see_all: bool) -> None:
    if user != actor and not see_all:
        raise Forbidden("only managers read other users' calendars", {"user": "not yours"})


def send_due_reminders(now: datetime | None = None) -> dict[str, Any]:
    """Claim each due reminder (conditional write, so a reminder goes out at most once even if two runs overlap),
    then notify the assignee. Reads the reminder partitions of yesterday and today only."""
    now = now or datetime.now(UTC)
    upper = iso(now)
    sent, skipped, ids = 0, 0, []
    for day in (now.date() - timedelta(days=1), now.date()):
        for t in reminders_due(day.isoformat(), upper):
            t.reminder_sent_at = upper
            try:
                _save(t)
            except VersionConflict:
                skipped += 1
                continue
            when = t.start_at or t.due_at
            notify(
                t.assignee,
                "task_reminder",
                f"Reminder: {t.subject}",
                f"{t.kind.capitalize()} '{t.subject}' at {when}" + (f" ({t.location})" if t.location else ""),
                {"task_id": t.task_id},
            )
            sent += 1
            ids.append(t.task_id)
    return {"sent": sent, "skipped": skipped, "task_ids": ids}


def follow_up_task(
    task_id: str,
    *,
    subject: str,
    assignee: str,
    due_at: str,
    customer_id: str | None,
    related: dict[str, str],
    notes: str | None = None,
    created_by: str,
    kind: str = "call",
) -> Task:
    """A follow-up call task under a caller-chosen id, built and indexed but not saved: the caller saves it once
    (condition: it does not exist), alone or inside its own transaction."""
    at = now_iso()
    t = Task(
        task_id=task_id,
        kind=kind,
        subject=subject,
        notes=notes,
        assignee=assignee,
        due_at=due_at,
        customer_id=customer_id,
        related=related,
        status="open",
        created_at=at,
        created_by=created_by,
        updated_at=at,
    )
    index_task(t)
    return t


def ensure_task(task_id: str, **fields: Any) -> bool:
    """A task created once under a caller-chosen id (follow_up_task's fields); False when it existed already."""
    try:
        follow_up_task(task_id, **fields).save(condition=CrmItem.pk.does_not_exist())
    except PutError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def ensure_call_task(
    task_id: str,
    *,
    subject: str,
    assignee: str,
    due_at: str,
    customer_id: str | None,
    contact_id: str,
    notes: str | None = None,
    created_by: str,
) -> str:
    """A follow-up call task created once under a caller-chosen id (a retried event creates nothing new)."""
    t = follow_up_task(
        task_id,
        subject=subject,
        assignee=assignee,
        due_at=due_at,
        customer_id=customer_id,
        related={"contact_id": contact_id},
        notes=notes,
        created_by=created_by,
    )
    with contextlib.suppress(PutError):
        t.save(condition=CrmItem.pk.does_not_exist())
    return task_id
