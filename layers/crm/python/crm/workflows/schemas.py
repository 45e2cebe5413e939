"""The workflows API's shapes: a definition is a trigger, conditions on it, and a list of steps (actions, waits and
branches, nested). The engine (engine.py) and the rules (rules.py) read these shapes; docs/workflows.md explains
them with examples."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from crm.events import EventType
from crm.shapes import Id, Name, Out, Page, Strict
from crm.workflows.rules import entity_of

Entity = Literal["customer", "lead", "opportunity", "case", "order"]
Path = Annotated[
    str,
    Field(
        pattern=r"^(record|customer|event)\.[a-z][a-z0-9_]{0,39}(\.[a-z][a-z0-9_]{0,39})?$",
        description="record.<field>, customer.<field> (the record's customer), event.<field> (the trigger's "
        "payload); custom fields as record.custom.<key>",
    ),
]
Op = Literal[
    "eq",
    "ne",
    "gt",
    "gte",
    "lt",
    "lte",
    "in",
    "contains",
    "is_set",
    "is_not_set",
    "changed",
    "changed_to",
    "changed_from",
]
Scalar = str | int | float | bool | None
Text = Annotated[str, Field(min_length=1, max_length=500, description="{record.x}/{customer.x}/{event.x} filled")]
Username = Annotated[str, Field(min_length=1, max_length=254)]


class Condition(Strict):
    field: Path
    op: Op
    value: Scalar | list[Scalar] = Field(default=None, description="not used by is_set, is_not_set and changed")


Conditions = Annotated[list[Condition], Field(max_length=20, description="all must hold")]


class EventTrigger(Strict):
    type: Literal["event"]
    event: EventType = Field(description="a domain event from the table's stream (docs/events.md)")
    more_events: Annotated[list[EventType], Field(max_length=10)] = Field(
        default_factory=list, description="other events of the same entity that start it too"
    )
    once_per_record: bool = Field(
        default=False, description="run at most once for a record (a lead nurtured once, however often it changes)"
    )

    @model_validator(mode="after")
    def _one_entity(self) -> EventTrigger:
        if len({entity_of(e)[0] for e in [self.event, *self.more_events]}) > 1:
            raise ValueError("more_events: every event of a trigger is about the same kind of record")
        return self


class ScheduleTrigger(Strict):
    type: Literal["schedule"]
    every: Literal["day", "week", "month"]
    hour: Annotated[int, Field(ge=0, le=23, description="UTC")] = 6
    weekday: Annotated[int, Field(ge=0, le=6, description="0 = Monday; for every week")] | None = None
    day: Annotated[int, Field(ge=1, le=28, description="day of the month; for every month")] | None = None

    @model_validator(mode="after")
    def _when(self) -> ScheduleTrigger:
        if (self.every == "week") != (self.weekday is not None) or (self.every == "month") != (self.day is not None):
            raise ValueError("weekday is for every week and day for every month, and each needs its own")
        return self


class DateTrigger(Strict):
    type: Literal["date"]
    entity: Entity
    field: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", description="a filterable custom date field")]
    offset_days: Annotated[int, Field(ge=-730, le=730, description="-60: 60 days before the date")] = 0
    hour: Annotated[int, Field(ge=0, le=23, description="UTC")] = 6


class ManualTrigger(Strict):
    type: Literal["manual"]
    entity: Entity


class InboundTrigger(Strict):
    type: Literal["inbound"]
    entity: Entity | None = Field(default=None, description="the record the payload names, if any")
    record_field: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")] | None = Field(
        default=None, description="the payload's field that holds the record's id"
    )

    @model_validator(mode="after")
    def _record(self) -> InboundTrigger:
        if (self.entity is None) != (self.record_field is None):
            raise ValueError("entity and record_field go together")
        return self


Trigger = Annotated[
    EventTrigger | ScheduleTrigger | DateTrigger | ManualTrigger | InboundTrigger, Field(discriminator="type")
]


class UpdateFields(Strict):
    type: Literal["update_fields"]
    fields: Annotated[
        dict[
            Annotated[str, Field(pattern=r"^(language|preferred_channel|industry|needs|custom\.[a-z][a-z0-9_]*)$")],
            Scalar | list[str],
        ],
        Field(
            min_length=1,
            max_length=20,
            description="the customer's fields: language, preferred_channel, industry, needs, custom.<key>",
        ),
    ]


class AssignOwner(Strict):
    type: Literal["assign_owner"]
    team: Annotated[list[Username], Field(min_length=1, max_length=50, description="taken in turn (round robin)")]
    of: Literal["customer", "record"] = Field(
        default="customer", description="whose owner: the record's customer, or the record (a lead or opportunity)"
    )


class CreateTask(Strict):
    type: Literal["create_task"]
    subject: Text
    notes: Annotated[str, Field(max_length=2000)] | None = None
    due_in_days: Annotated[int, Field(ge=0, le=365)] = 1
    assignee: Username = Field(default="owner", description="a user, or `owner`: the record's owner")


class SendMessage(Strict):
    type: Literal["send_email", "send_sms"]
    template: Annotated[str, Field(min_length=1, max_length=100, description="a message template's name")]
    marketing: bool = Field(default=False, description="marketing: needs consent, adds the unsubscribe")


class AddTag(Strict):
    type: Literal["add_tag"]
    tag: Annotated[str, Field(min_length=1, max_length=50)]


class CreateCase(Strict):
    type: Literal["create_case"]
    subject: Text
    description: Annotated[str, Field(max_length=2000)] | None = None
    priority: Literal["low", "normal", "high", "urgent"] = "normal"
    category: Annotated[str, Field(max_length=50)] | None = None


class CallWebhook(Strict):
    type: Literal["webhook"]
    webhook_id: Id = Field(description="an outbound webhook subscription: its URL and signing secret")


class Wait(Strict):
    type: Literal["wait"]
    minutes: Annotated[int, Field(ge=0, le=525600)] = 0
    until: Path | None = Field(default=None, description="a date or time field; minutes are added to it")

    @model_validator(mode="after")
    def _some(self) -> Wait:
        if not self.minutes and not self.until:
            raise ValueError("a wait needs minutes or until")
        return self


class Branch(Strict):
    type: Literal["branch"]
    conditions: Conditions = Field(description="all hold: the `then` steps run, otherwise the `otherwise` steps")
    then: list[Step] = Field(default_factory=list, max_length=50)
    otherwise: list[Step] = Field(default_factory=list, max_length=50)

    # one schema for requests and answers (a recursive model would otherwise get Branch-Input and Branch-Output)
    model_config = Strict.model_config | {"json_schema_mode_override": "validation"}


Step = Annotated[
    UpdateFields | AssignOwner | CreateTask | SendMessage | AddTag | CreateCase | CallWebhook | Wait | Branch,
    Field(discriminator="type"),
]
Branch.model_rebuild()


class Definition(Strict):
    model_config = Strict.model_config | {"json_schema_mode_override": "validation"}

    trigger: Trigger
    conditions: Conditions = []
    steps: Annotated[list[Step], Field(min_length=1, max_length=50)]


class WorkflowIn(Strict):
    name: Name
    description: Annotated[str, Field(max_length=1000)] | None = None
    definition: Definition


class WorkflowPatch(Strict):
    name: Name | None = None
    description: Annotated[str, Field(max_length=1000)] | None = None
    definition: Definition | None = Field(default=None, description="the draft; publish makes it the running version")
    version: int | None = None


class WorkflowOut(Out):
    workflow_id: str
    name: str
    description: str | None = None
    status: Literal["draft", "published", "disabled"]
    draft: Definition = Field(description="the definition being edited")
    published: Definition | None = Field(default=None, description="the running definition, if any")
    published_revision: int | None = Field(default=None, description="runs name the revision they ran")
    inbound_url: str | None = Field(default=None, description="for an inbound trigger: where to POST")
    created_at: str
    created_by: str
    updated_at: str
    version: int


class WorkflowCreated(Out):
    workflow: WorkflowOut
    secret: str = Field(description="shown once: an inbound trigger's callers sign with it (X-CRM-Signature)")


class WorkflowPage(Out):
    items: list[WorkflowOut]
    next: str | None = None


class WorkflowQuery(Page):
    pass


class ManualRunIn(Strict):
    record_id: Id | None = Field(default=None, description="the record, for a manual trigger on an entity")


class RunStepOut(Out):
    seq: int
    step: str = Field(description="where in the definition: 0, 2.then.1, ...")
    type: str
    outcome: Literal["done", "skipped", "waiting", "failed"]
    detail: str | None = None
    at: str


class RunTrigger(Out):
    type: Literal["event", "schedule", "date", "manual", "inbound"]
    event_type: str | None = Field(default=None, description="the domain event's type")
    event_id: str | None = Field(default=None, description="the domain event's or the inbound call's id")
    period: str | None = Field(default=None, description="the schedule's day, ISO week or month")
    field: str | None = Field(default=None, description="the date field")
    date: str | None = Field(default=None, description="the date field's value that was due")
    by: str | None = Field(default=None, description="who started a manual run")


class RunOut(Out):
    run_id: str
    workflow_id: str
    revision: int
    status: Literal["running", "waiting", "succeeded", "failed"]
    trigger: RunTrigger = Field(description="what started it")
    entity: str | None = None
    record_id: str | None = None
    started_at: str
    ended_at: str | None = None
    error: str | None = None
    steps: list[RunStepOut] = []


class RunPage(Out):
    items: list[RunOut]
    next: str | None = None


class RunStarted(Out):
    run_id: str
    started: bool = Field(description="false: a run for the same trigger exists already (the same run_id)")


class WorkflowTemplateOut(Out):
    template_id: str
    name: str
    description: str
    definition: Definition


class WorkflowTemplateList(Out):
    items: list[WorkflowTemplateOut]


class ManualOut(Out):
    workflow_id: str
    name: str


class ManualList(Out):
    items: list[ManualOut]


class ManualQuery(Strict):
    entity: Entity
