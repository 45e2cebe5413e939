"""Workflows to start from (the console's "New from template"): common automations, as plain definitions."""

from __future__ import annotations

from typing import Any

STILL_OPEN = [  # a nurtured lead that has not answered, unsubscribed, been converted or disqualified
    {"field": "record.status", "op": "in", "value": ["new", "working", "qualified"]},
    {"field": "record.replied_at", "op": "is_not_set"},
    {"field": "record.unsubscribed_at", "op": "is_not_set"},
]

TEMPLATES: list[dict[str, Any]] = [
    {
        "template_id": "lead-nurturing",
        "name": "Lead nurturing",
        "description": "Web leads with an email and a score of 30 or more get three emails a few days apart "
        "(templates `nurture_1`, `nurture_2`, `nurture_3`), once per lead, whether the score is reached at capture "
        "or later; a reply, an unsubscribe, a conversion or a disqualification stops the series.",
        "definition": {
            "trigger": {
                "type": "event",
                "event": "LeadCreated",
                "more_events": ["LeadUpdated"],
                "once_per_record": True,
            },
            "conditions": [
                {"field": "record.source", "op": "eq", "value": "web"},
                {"field": "record.score", "op": "gte", "value": 30},
                {"field": "record.email", "op": "is_set"},
                *STILL_OPEN,
            ],
            "steps": [
                {"type": "send_email", "template": "nurture_1", "marketing": True},
                {"type": "wait", "minutes": 3 * 24 * 60},
                {
                    "type": "branch",
                    "conditions": STILL_OPEN,
                    "then": [
                        {"type": "send_email", "template": "nurture_2", "marketing": True},
                        {"type": "wait", "minutes": 4 * 24 * 60},
                        {
                            "type": "branch",
                            "conditions": STILL_OPEN,
                            "then": [{"type": "send_email", "template": "nurture_3", "marketing": True}],
                            "otherwise": [],
                        },
                    ],
                    "otherwise": [],
                },
            ],
        },
    },
    {
        "template_id": "lead-routing",
        "name": "Lead routing",
        "description": "Each new lead goes to the next of the sales team in turn, who owns it from then on and gets "
        "a task to call it the same day.",
        "definition": {
            "trigger": {"type": "event", "event": "LeadCreated"},
            "steps": [
                {"type": "assign_owner", "team": ["sales1@example.com", "sales2@example.com"], "of": "record"},
                {"type": "create_task", "subject": "Call the new lead {record.last_name} {record.company}"},
            ],
        },
    },
    {
        "template_id": "renewal-task",
        "name": "Renewal task before the contract ends",
        "description": "60 days before a customer's contract end date (a filterable custom date field "
        "`contract_end`), a task for the account owner.",
        "definition": {
            "trigger": {"type": "date", "entity": "customer", "field": "contract_end", "offset_days": -60, "hour": 6},
            "conditions": [{"field": "record.status", "op": "eq", "value": "active"}],
            "steps": [
                {
                    "type": "create_task",
                    "subject": "Renewal: {customer.name}'s contract ends on {customer.custom.contract_end}",
                    "due_in_days": 7,
                    "assignee": "owner",
                }
            ],
        },
    },
    {
        "template_id": "won-follow-up",
        "name": "Won deal: hand-over task and thank-you email",
        "description": "When an opportunity is won: a task for its owner to arrange delivery, and the "
        "customer's thank-you email (template `deal_won`).",
        "definition": {
            "trigger": {"type": "event", "event": "OpportunityWon"},
            "conditions": [],
            "steps": [
                {"type": "create_task", "subject": "Hand over {record.name} to delivery", "due_in_days": 2},
                {"type": "send_email", "template": "deal_won", "marketing": False},
            ],
        },
    },
    {
        "template_id": "new-customer-welcome",
        "name": "Welcome series for new customers",
        "description": "A welcome email, three days later a second one to those who agreed to marketing "
        "(templates `welcome` and `welcome_tips`), and a tag.",
        "definition": {
            "trigger": {"type": "event", "event": "CustomerCreated"},
            "conditions": [],
            "steps": [
                {"type": "send_email", "template": "welcome", "marketing": False},
                {"type": "wait", "minutes": 3 * 24 * 60},
                {
                    "type": "branch",
                    "conditions": [{"field": "customer.consent.email_marketing", "op": "eq", "value": True}],
                    "then": [{"type": "send_email", "template": "welcome_tips", "marketing": True}],
                    "otherwise": [],
                },
                {"type": "add_tag", "tag": "welcomed"},
            ],
        },
    },
    {
        "template_id": "escalated-case-owner",
        "name": "Escalated cases to the duty team",
        "description": "When a case is escalated, its customer is assigned to the next of the duty team in turn "
        "and a task is created for them.",
        "definition": {
            "trigger": {"type": "event", "event": "CaseEscalated"},
            "conditions": [{"field": "record.priority", "op": "in", "value": ["high", "urgent"]}],
            "steps": [
                {"type": "assign_owner", "team": ["duty1@example.com", "duty2@example.com"]},
                {"type": "create_task", "subject": "Escalated: {record.subject}", "due_in_days": 0},
            ],
        },
    },
]
