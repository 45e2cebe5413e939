"""Case items in the single table (keys: docs/access-patterns.md).

CASE#<id>   CASE                 the case with its SLA snapshot, timers, breach flags and status history
                                 gsi1 CASES#OWNER#<owner> / <status>#<created_at>#<id>   (an owner's cases)
                                 gsi2 CASES#STATUS#<status> / <next_due>#<id>   (by status, soonest deadline first:
                                      the escalation job reads only what is due within its window)
                                 gsi3 CASES#BREACHED / <breached_at>#<id>   (sparse: only breached cases)
CASE#<id>   COMMENT#<at>#<id>    a comment (public = visible to the customer; the first public one is the response)
CUST#<id>   OPENCASE             the customer's newest running case (the phone channel routes to its owner; read
                                 by key with the caller card in one BatchGetItem)
CUST#<id>   !CASE#<created>#<id> each of the customer's cases, its subject and status (the customer portal lists
                                 them; "!" sorts below the timeline, so the 360's Query never reaches them)
SLA         POLICY#<priority>    SLA targets per priority (defaults apply until an admin sets one)
SLA         CALENDAR#<id>        business hours, time zone and holidays
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    VersionAttribute,
)

from crm.db import CrmItem


class SlaSnapshot(MapAttribute):
    """The policy in force when the case was opened (later policy edits do not move existing deadlines)."""

    first_response_minutes = NumberAttribute()
    resolution_minutes = NumberAttribute()
    calendar_id = UnicodeAttribute()
    warn_minutes = NumberAttribute()


class CaseEvent(MapAttribute):
    at = UnicodeAttribute()
    actor = UnicodeAttribute(null=True)
    event = UnicodeAttribute()  # opened | status | priority | owner | escalated | breached | responded
    from_value = UnicodeAttribute(null=True)
    to_value = UnicodeAttribute(null=True)
    note = UnicodeAttribute(null=True)


class Case(CrmItem, discriminator="case"):
    case_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    subject = UnicodeAttribute()
    description = UnicodeAttribute(null=True)
    channel = UnicodeAttribute()  # web | phone | email | chat | partner
    category = UnicodeAttribute()  # complaint | question | return | incident
    priority = UnicodeAttribute()  # low | normal | high | urgent
    status = UnicodeAttribute()  # new | open | pending | resolved | closed
    owner = UnicodeAttribute(null=True)
    team = UnicodeAttribute(null=True)  # who works it (cases.teams.team_of when not set)
    custom = MapAttribute[str, Any](null=True)  # values of the admin-defined fields (crm.customfields)
    order_id = UnicodeAttribute(null=True)
    partner_id = UnicodeAttribute(null=True)
    sla = SlaSnapshot()
    first_response_due = UnicodeAttribute()
    resolution_due = UnicodeAttribute()
    first_responded_at = UnicodeAttribute(null=True)
    resolved_at = UnicodeAttribute(null=True)
    paused_at = UnicodeAttribute(null=True)
    first_response_breached = BooleanAttribute(default=False)
    resolution_breached = BooleanAttribute(default=False)
    breached_at = UnicodeAttribute(null=True)
    escalation_level = NumberAttribute(default=0)  # 0 none, 1 about to breach, 2 breached
    escalated_at = UnicodeAttribute(null=True)
    history = ListAttribute(of=CaseEvent, default=list)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute()
    version = VersionAttribute()


class CaseComment(CrmItem, discriminator="case_comment"):
    comment_id = UnicodeAttribute()
    case_id = UnicodeAttribute()
    author = UnicodeAttribute()
    body = UnicodeAttribute()
    public = BooleanAttribute(default=True)
    created_at = UnicodeAttribute()


class SlaPolicyItem(CrmItem, discriminator="sla_policy"):
    priority = UnicodeAttribute()
    first_response_minutes = NumberAttribute()
    resolution_minutes = NumberAttribute()
    calendar_id = UnicodeAttribute()
    warn_minutes = NumberAttribute()
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute(null=True)


class SlaCalendarItem(CrmItem, discriminator="sla_calendar"):
    calendar_id = UnicodeAttribute()
    timezone = UnicodeAttribute()
    hours = MapAttribute[str, Any]()  # weekday -> {"open": "08:00", "close": "18:00"}
    holidays = ListAttribute[str](default=list)
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute(null=True)


class OpenCase(CrmItem, discriminator="open_case"):
    customer_id = UnicodeAttribute()
    case_id = UnicodeAttribute()
    owner = UnicodeAttribute(null=True)
    subject = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class CaseRef(CrmItem, discriminator="customer_case"):
    customer_id = UnicodeAttribute()
    case_id = UnicodeAttribute()
    subject = UnicodeAttribute()
    status = UnicodeAttribute()
    category = UnicodeAttribute()
    priority = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
