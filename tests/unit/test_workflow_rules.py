"""The workflows' pure rules: conditions as an admin writes them, texts filled, the walk through nested branches,
when the hourly clock runs a schedule or a date trigger, and run ids that make a repeated occasion one run."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crm.workflows import rules

VALUES = {
    "record": {"amount": "48000.00", "stage": "closed_won", "tags": ["vip"], "custom": {"contract_end": "2027-02-01"}},
    "customer": {"name": "Acme GmbH", "consent": {"email_marketing": True}, "owner": None},
    "event": {"changed_fields": ["industry", "custom"], "previous_stage": "negotiation"},
}


@pytest.mark.parametrize(
    ("condition", "holds"),
    [
        ({"field": "record.amount", "op": "gte", "value": 1000}, True),
        ({"field": "record.amount", "op": "lt", "value": "1000"}, False),
        ({"field": "record.stage", "op": "eq", "value": "closed_won"}, True),
        ({"field": "record.stage", "op": "in", "value": ["closed_lost", "closed_won"]}, True),
        ({"field": "record.tags", "op": "contains", "value": "vip"}, True),
        ({"field": "record.custom.contract_end", "op": "lte", "value": "2027-03-01"}, True),  # dates as ISO text
        ({"field": "customer.consent.email_marketing", "op": "eq", "value": True}, True),
        ({"field": "customer.owner", "op": "is_not_set"}, True),
        ({"field": "customer.name", "op": "is_set"}, True),
        ({"field": "record.industry", "op": "changed"}, True),  # named in changed_fields
        ({"field": "record.custom.region", "op": "changed"}, True),  # custom values change as `custom`
        ({"field": "record.stage", "op": "changed_to", "value": "closed_won"}, True),  # previous_stage differs
        ({"field": "record.stage", "op": "changed_to", "value": "closed_lost"}, False),
        ({"field": "record.stage", "op": "changed_from", "value": "negotiation"}, True),
        ({"field": "record.stage", "op": "changed_from", "value": "proposal"}, False),
        ({"field": "record.industry", "op": "changed_from", "value": "x"}, False),  # no previous value in the event
        ({"field": "record.name", "op": "changed"}, False),
        ({"field": "record.missing", "op": "gt", "value": 1}, False),  # an absent value never compares
    ],
)
def test_conditions_read_the_record_its_customer_and_the_event(condition, holds):
    assert rules.holds(condition, VALUES) is holds


def test_texts_are_filled_and_a_missing_value_is_blank():
    text = "Renew {customer.name} by {record.custom.contract_end}{record.nothing}; {customer.unknown.deep}!"
    assert rules.fill(text, VALUES) == "Renew Acme GmbH by 2027-02-01; !"


STEPS = [
    {"type": "add_tag", "tag": "a"},
    {
        "type": "branch",
        "conditions": [],
        "then": [{"type": "add_tag", "tag": "t0"}, {"type": "add_tag", "tag": "t1"}],
        "otherwise": [],
    },
    {"type": "add_tag", "tag": "z"},
]


def test_the_walk_goes_into_the_arm_taken_and_back_out_to_the_next_step():
    assert rules.after(STEPS, [0]) == [1]
    assert rules.into(STEPS, [1], "then") == [1, "then", 0]
    assert rules.step_at(STEPS, [1, "then", 1]) == {"type": "add_tag", "tag": "t1"}
    assert rules.after(STEPS, [1, "then", 0]) == [1, "then", 1]
    assert rules.after(STEPS, [1, "then", 1]) == [2]  # the arm's end: the step after the branch
    assert rules.into(STEPS, [1], "otherwise") == [2]  # an empty arm
    assert rules.after(STEPS, [2]) is None
    assert rules.label([1, "then", 0]) == "1.then.0"


def test_the_clock_runs_each_period_once_from_its_hour():
    daily = {"type": "schedule", "every": "day", "hour": 6}
    assert rules.schedule_period(daily, datetime(2026, 12, 3, 5, tzinfo=UTC)) is None
    assert rules.schedule_period(daily, datetime(2026, 12, 3, 6, tzinfo=UTC)) == "2026-12-03"
    assert rules.schedule_period(daily, datetime(2026, 12, 3, 23, tzinfo=UTC)) == "2026-12-03"  # caught up later
    weekly = {"type": "schedule", "every": "week", "weekday": 2, "hour": 9}  # Wednesdays
    assert rules.schedule_period(weekly, datetime(2026, 12, 1, 12, tzinfo=UTC)) is None  # Tuesday
    assert rules.schedule_period(weekly, datetime(2026, 12, 2, 9, tzinfo=UTC)) == "2026-W49"
    assert rules.schedule_period(weekly, datetime(2026, 12, 5, 0, tzinfo=UTC)) == "2026-W49"
    monthly = {"type": "schedule", "every": "month", "day": 15, "hour": 0}
    assert rules.schedule_period(monthly, datetime(2026, 12, 14, 23, tzinfo=UTC)) is None
    assert rules.schedule_period(monthly, datetime(2026, 12, 15, 0, tzinfo=UTC)) == "2026-12"
    dated = {"type": "date", "entity": "customer", "field": "contract_end", "offset_days": -60, "hour": 6}
    assert rules.schedule_period(dated, datetime(2026, 12, 3, 7, tzinfo=UTC)) == "2026-12-03"
    assert rules.date_wanted(dated, date(2026, 12, 3)) == date(2027, 2, 1)  # 60 days before that date


def test_one_run_per_workflow_and_occasion():
    assert rules.run_id("w1", "event|e1") == rules.run_id("w1", "event|e1")
    assert rules.run_id("w1", "event|e1") != rules.run_id("w2", "event|e1") != rules.run_id("w1", "event|e2")
    assert len(rules.run_id("w1", "x")) == 32  # a valid Step Functions execution name
