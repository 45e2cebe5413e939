"""Task routes: tasks, calls, meetings and appointments, the calendar and the activity report."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.tasks import schemas as ts
from crm.tasks import service as tasks

routes = Routes(__name__)


@routes.route(
    "/tasks",
    "POST",
    permission=Permission.TASK,
    summary="A task, call, meeting or appointment, with an optional reminder",
    body=ts.TaskIn,
    response=ts.TaskOut,
    status=201,
    idempotent=True,
)
def create_task(call: Call[ts.TaskIn, None]) -> ts.TaskOut:
    return tasks.create_task(call.body, call.actor)


@routes.route(
    "/tasks/{task_id}",
    "GET",
    permission=Permission.TASK,
    summary="A task (yours, or any for managers)",
    response=ts.TaskOut,
)
def get_task(call: Call[None, None], task_id: str) -> ts.TaskOut:
    return tasks.get_task(task_id, call.actor, call.may(Permission.TEAM_ACTIVITY_READ))


@routes.route(
    "/tasks/{task_id}",
    "PATCH",
    permission=Permission.TASK,
    summary="Reschedule, reassign, change the reminder or cancel a task",
    body=ts.TaskPatch,
    response=ts.TaskOut,
    headers=["If-Match"],
)
def update_task(call: Call[ts.TaskPatch, None], task_id: str) -> ts.TaskOut:
    return tasks.update_task(
        task_id, call.body, call.if_match(call.body.version), call.actor, call.may(Permission.TEAM_ACTIVITY_READ)
    )


@routes.route(
    "/tasks/{task_id}/complete",
    "POST",
    permission=Permission.TASK,
    summary="Mark done (calls and meetings land on the customer's timeline)",
    body=ts.CompleteIn,
    response=ts.TaskOut,
)
def complete_task(call: Call[ts.CompleteIn, None], task_id: str) -> ts.TaskOut:
    return tasks.complete_task(task_id, call.body, call.actor, call.may(Permission.TEAM_ACTIVITY_READ))


@routes.route(
    "/calendar",
    "GET",
    permission=Permission.TASK,
    summary="A user's tasks and appointments in a date range",
    query=ts.CalendarQuery,
    response=ts.CalendarOut,
)
def get_calendar(call: Call[None, ts.CalendarQuery]) -> ts.CalendarOut:
    user = call.query.user or call.actor
    tasks.check_calendar_access(user, call.actor, call.may(Permission.TEAM_ACTIVITY_READ))
    return tasks.calendar(user, call.query.from_, call.query.to)


@routes.route(
    "/activities",
    "GET",
    permission=Permission.TEAM_ACTIVITY_READ,
    summary="Done activities per rep in an ISO week (managers)",
    query=ts.ActivityQuery,
    response=ts.ActivityReport,
)
def team_activity(call: Call[None, ts.ActivityQuery]) -> ts.ActivityReport:
    return tasks.team_activity(call.query.week)
