"""Workflows in the single table (keys: repository.py, docs/access-patterns.md).

WORKFLOW#<id>        WORKFLOW             the definition being edited and the published one (gsi1 WORKFLOWS)
WORKFLOW#<id>        REVISION#<n>         a published definition as it was published (runs name it)
WFTRIGGER#<what>     <workflow id>        a published workflow's trigger: event#<type>, or clock (schedules, dates)
WFRUN#<run id>       RUN                  a run: its trigger, where it is, its outcome (gsi1 WFRUNS#<workflow>)
WFRUN#<run id>       STEP#<seq>           one step of a run: what it did or why it failed
WFTURN#<id>#<step>   TURN                 the round robin's count for one assign step
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, VersionAttribute

from crm.db import CrmItem


class Workflow(CrmItem, discriminator="workflow"):
    workflow_id = UnicodeAttribute()
    name = UnicodeAttribute()
    description = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # draft | published | disabled
    draft = UnicodeAttribute()  # JSON of a schemas.Definition
    published = UnicodeAttribute(null=True)
    published_revision = NumberAttribute(null=True)
    secret = UnicodeAttribute()  # an inbound trigger's signing secret
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    version = VersionAttribute()


class Revision(CrmItem, discriminator="workflow_revision"):
    workflow_id = UnicodeAttribute()
    revision = NumberAttribute()
    definition = UnicodeAttribute()
    published_at = UnicodeAttribute()
    published_by = UnicodeAttribute()


class TriggerPointer(CrmItem, discriminator="workflow_trigger"):
    workflow_id = UnicodeAttribute()
    name = UnicodeAttribute(null=True)  # as published
    revision = NumberAttribute()
    definition = UnicodeAttribute()
    last = UnicodeAttribute(null=True)  # the clock's last period run (day, week or month)


class Run(CrmItem, discriminator="workflow_run"):
    run_id = UnicodeAttribute()
    workflow_id = UnicodeAttribute()
    revision = NumberAttribute()
    status = UnicodeAttribute()  # running | waiting | succeeded | failed
    trigger = UnicodeAttribute()  # JSON: what started it
    entity = UnicodeAttribute(null=True)
    record_id = UnicodeAttribute(null=True)
    cursor = UnicodeAttribute(null=True)  # JSON path of the next step; null: at the end
    seq = NumberAttribute(default=0)  # steps recorded
    started_at = UnicodeAttribute()
    ended_at = UnicodeAttribute(null=True)
    error = UnicodeAttribute(null=True)


class RunStep(CrmItem, discriminator="workflow_step"):
    seq = NumberAttribute()
    step = UnicodeAttribute()
    action = UnicodeAttribute()  # the step's type
    outcome = UnicodeAttribute()  # done | skipped | waiting | failed
    detail = UnicodeAttribute(null=True)
    at = UnicodeAttribute()


class Turn(CrmItem, discriminator="workflow_turn"):
    n = NumberAttribute(default=0)
