"""Request and response shapes for tasks, the calendar and the team activity view."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, model_validator

from crm.shapes import Actor, Id, LongText, Name, Out, Strict

Kind = Literal["task", "call", "meeting", "email", "appointment"]
TIMED = ("meeting", "appointment")  # these have start and end; the others have a due time


class Related(Strict):
    case_id: Id | None = None
    opportunity_id: Id | None = None
    lead_id: Id | None = None
    order_id: Id | None = None


class _TaskFields(Strict):
    subject: Name | None = None
    notes: LongText | None = None
    assignee: Actor | None = None
    due_at: AwareDatetime | None = None
    start_at: AwareDatetime | None = None
    end_at: AwareDatetime | None = None
    location: Annotated[str, Field(max_length=200)] | None = None
    remind_minutes_before: Annotated[int, Field(ge=0, le=60 * 24 * 14)] | None = Field(
        default=None, description="reminder this long before the start (or due time); omit for none"
    )

    @model_validator(mode="after")
    def _times(self) -> _TaskFields:
        if self.start_at and self.end_at and self.end_at <= self.start_at:
            raise ValueError("end_at must be after start_at")
        return self


class TaskIn(_TaskFields):
    kind: Kind = "task"
    subject: Name
    customer_id: Id | None = None
    related: Related | None = None

    @model_validator(mode="after")
    def _kind_times(self) -> TaskIn:
        if self.kind in TIMED and not (self.start_at and self.end_at):
            raise ValueError(f"a {self.kind} needs start_at and end_at")
        if self.kind not in TIMED and not self.due_at:
            raise ValueError(f"a {self.kind} needs due_at")
        return self


class TaskPatch(_TaskFields):
    status: Literal["open", "cancelled"] | None = None
    version: int | None = None


class CompleteIn(Strict):
    outcome: LongText | None = None


class CalendarQuery(Strict):
    user: Actor | None = Field(default=None, description="defaults to the caller; others need a manager")
    from_: date = Field(alias="from")
    to: date

    @model_validator(mode="after")
    def _range(self) -> CalendarQuery:
        if self.to < self.from_:
            raise ValueError("to is before from")
        if (self.to - self.from_).days > 92:
            raise ValueError("at most 92 days")
        return self


class ActivityQuery(Strict):
    week: Annotated[str, Field(pattern=r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$", description="ISO week, e.g. 2026-W48")]


class RelatedOut(Out):
    case_id: str | None = None
    opportunity_id: str | None = None
    lead_id: str | None = None
    order_id: str | None = None
    contact_id: str | None = Field(default=None, description="the Amazon Connect contact (callbacks, voicemail)")
    campaign_id: str | None = Field(default=None, description="the campaign whose survey asked for a call back")


class TaskOut(Out):
    task_id: str
    kind: str
    subject: str
    notes: str | None = None
    assignee: str
    due_at: str | None = None
    start_at: str | None = None
    end_at: str | None = None
    location: str | None = None
    remind_at: str | None = None
    reminder_sent_at: str | None = None
    customer_id: str | None = None
    related: RelatedOut | None = None
    status: str
    outcome: str | None = None
    done_at: str | None = None
    created_at: str
    created_by: str
    updated_at: str
    version: int


class CalendarOut(Out):
    user: str
    items: list[TaskOut]


class RepActivity(Out):
    rep: str
    total: int
    by_kind: dict[str, int]


class ActivityReport(Out):
    week: str
    reps: list[RepActivity]
    items: list[TaskOut]


def iso(dt: datetime) -> str:
    from datetime import UTC

    return dt.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
