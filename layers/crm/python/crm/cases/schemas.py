"""Request and response shapes for cases and SLA settings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from crm.customfields.public import CustomValues
from crm.shapes import Actor, Id, LongText, Out, Page, Strict

Priority = Literal["low", "normal", "high", "urgent"]
Status = Literal["new", "open", "pending", "resolved", "closed"]
Subject = Annotated[str, Field(min_length=1, max_length=200)]
Minutes = Annotated[int, Field(ge=1, le=60 * 24 * 90)]
HHMM = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


Team = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[\w][\w .&/-]*$")]


class CaseIn(Strict):
    customer_id: Id
    subject: Subject
    description: LongText | None = None
    channel: Literal["web", "phone", "email", "chat", "partner"]
    category: Literal["complaint", "question", "return", "incident"]
    priority: Priority = "normal"
    owner: Actor | None = Field(default=None, description="defaults to the creator")
    team: Team | None = Field(default=None, description="the team that works the case; by default from the category")
    order_id: Id | None = None
    custom: CustomValues | None = None


class CasePatch(Strict):
    subject: Subject | None = None
    priority: Priority | None = None
    owner: Actor | None = None
    team: Team | None = None
    category: Literal["complaint", "question", "return", "incident"] | None = None
    custom: CustomValues | None = None
    version: int | None = None


class CommentIn(Strict):
    body: Annotated[str, Field(min_length=1, max_length=8000)]
    public: bool = Field(default=True, description="visible to the customer; the first public reply is the response")


class CaseStatusIn(Strict):
    status: Literal["open", "pending", "resolved", "closed"]
    note: LongText | None = None
    version: int | None = None


class CaseQuery(Page):
    owner: Actor | None = None
    status: Status | None = None
    breached: bool | None = Field(default=None, description="true = cases that missed a target, newest breach first")


class PolicyIn(Strict):
    first_response_minutes: Minutes
    resolution_minutes: Minutes
    calendar_id: Id = "business"
    warn_minutes: Minutes = 30


class DayHours(Strict):
    open: HHMM
    close: HHMM = Field(description="00:00 means midnight")


class CalendarIn(Strict):
    timezone: Annotated[str, Field(min_length=1, max_length=64)]
    hours: dict[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], DayHours]
    holidays: Annotated[list[Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]], Field(max_length=200)] = []

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"{value!r} is not an IANA time zone") from exc
        return value

    @field_validator("hours")
    @classmethod
    def _order(cls, value: dict[str, DayHours]) -> dict[str, DayHours]:
        for day, h in value.items():
            if h.close != "00:00" and h.close <= h.open:
                raise ValueError(f"{day}: close must be after open")
        return value


class CommentOut(Out):
    comment_id: str
    author: str
    body: str
    public: bool
    created_at: str


class SlaTargets(Out):
    calendar_id: str
    first_response_minutes: int
    resolution_minutes: int
    warn_minutes: int


class CaseEvent(Out):
    event: str
    at: str
    actor: str
    note: str | None = None
    from_value: str | None = None
    to_value: str | None = None


class PolicyOut(SlaTargets):
    priority: str


class DayHoursOut(Out):
    open: str
    close: str


class SlaCalendarOut(Out):
    timezone: str
    hours: dict[str, DayHoursOut] = Field(description="mon..sun -> opening hours; a missing day is closed")
    holidays: list[str]


class CaseOut(Out):
    case_id: str
    customer_id: str
    subject: str
    description: str | None = None
    channel: str
    category: str
    priority: str
    status: str
    allowed_transitions: list[str] = Field(
        default=[],
        description="the statuses POST /cases/{case_id}/status accepts from this one (none when closed), as on orders",
    )
    owner: str | None = None
    team: str
    order_id: str | None = None
    custom: CustomValues = {}
    sla: SlaTargets
    first_response_due: str
    resolution_due: str
    first_responded_at: str | None = None
    resolved_at: str | None = None
    paused_at: str | None = None
    first_response_breached: bool
    resolution_breached: bool
    breached_at: str | None = None
    escalation_level: int
    escalated_at: str | None = None
    history: list[CaseEvent]
    comments: list[CommentOut] = []
    created_at: str
    created_by: str | None = None
    updated_at: str
    version: int


class CasePage(Out):
    items: list[CaseOut]
    next: str | None = None


class SlaSettings(Out):
    policies: dict[str, PolicyOut] = Field(description="priority -> its SLA targets")
    calendars: dict[str, SlaCalendarOut] = Field(description="calendar id -> business hours and holidays")


class EscalationReport(Out):
    checked: int
    escalated: int
    breached: int
    notified: int
    case_ids: list[str]
