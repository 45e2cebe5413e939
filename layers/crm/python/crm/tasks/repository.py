"""Task keys and queries: the only module that spells TASK#, CAL#, REMIND#, ACTIVITY# (the key design is in
models.py's docstring and docs/access-patterns.md)."""

from __future__ import annotations

from datetime import datetime

from crm.db import get_or_404
from crm.tasks.models import Task

TASK_SK = "TASK"


def task_pk(task_id: str) -> str:
    return f"TASK#{task_id}"


def iso_week(at: str) -> str:
    y, w, _ = datetime.fromisoformat(at.replace("Z", "+00:00")).isocalendar()
    return f"{y}-W{w:02d}"


def index_task(t: Task) -> None:
    """An assignee's calendar (gsi1); reminders by day while one is due (gsi2); done work by ISO week (gsi3)."""
    t.pk, t.sk = task_pk(t.task_id), TASK_SK
    anchor = t.start_at or t.due_at
    t.gsi1pk, t.gsi1sk = f"CAL#{t.assignee}", f"{anchor}#{t.task_id}"
    if t.status == "open" and t.remind_at and not t.reminder_sent_at:
        t.gsi2pk, t.gsi2sk = f"REMIND#{t.remind_at[:10]}", f"{t.remind_at}#{t.task_id}"
    else:
        t.gsi2pk = t.gsi2sk = None
    if t.status == "done" and t.done_at:
        t.gsi3pk, t.gsi3sk = f"ACTIVITY#{iso_week(t.done_at)}", f"{t.assignee}#{t.done_at}#{t.task_id}"
    else:
        t.gsi3pk = t.gsi3sk = None


def load_task(task_id: str) -> Task:
    return get_or_404(Task, task_pk(task_id), TASK_SK, f"task {task_id} does not exist", {"task_id": "unknown"})


def calendar_of(user: str, lo: str, hi: str) -> list[Task]:
    return list(Task.gsi1.query(f"CAL#{user}", Task.gsi1sk.between(lo, hi)))


def done_in_week(week: str) -> list[Task]:
    return list(Task.gsi3.query(f"ACTIVITY#{week}"))


def reminders_due(day: str, upper: str) -> list[Task]:
    """Reminders of one day due at or before `upper`."""
    return list(Task.gsi2.query(f"REMIND#{day}", Task.gsi2sk <= f"{upper}#~"))
