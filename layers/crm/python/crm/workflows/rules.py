"""Pure rules of workflows: reading a path in the run's values, conditions, filling texts, walking the steps
(a position is a list like [2, "then", 0]), which period a schedule is due for, and the deterministic run ids
that make a redelivered trigger start nothing new."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

Values = dict[str, dict[str, Any]]  # "record", "customer", "event" -> fields
Position = list[int | str]
_PLACEHOLDER = re.compile(r"\{((?:record|customer|event)\.[a-z0-9_.]+)\}")


def lookup(values: Values, path: str) -> Any:
    """The value at record.x, customer.custom.y, event.z (None when absent)."""
    head, *rest = path.split(".")
    current: Any = values.get(head) or {}
    for part in rest:
        current = current.get(part) if isinstance(current, dict) else None
    return current


def _number(v: Any) -> Decimal | None:
    if isinstance(v, bool) or v is None:
        return None
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return None


def _compare(op: str, actual: Any, expected: Any) -> bool:
    """Numbers as numbers; anything else (dates and times) as its ISO text. An absent value never compares."""
    if actual is None or expected is None:
        return False
    a, e = _number(actual), _number(expected)
    if a is not None and e is not None:
        return {"gt": a > e, "gte": a >= e, "lt": a < e, "lte": a <= e}[op]
    x, y = str(actual), str(expected)
    return {"gt": x > y, "gte": x >= y, "lt": x < y, "lte": x <= y}[op]


def _equal(actual: Any, expected: Any) -> bool:
    a, e = _number(actual), _number(expected)
    return a == e if a is not None and e is not None else actual == expected


def _changed(values: Values, path: str) -> bool:
    """The trigger's event says the field changed: it names it, or carries its previous value."""
    field = path.split(".", 1)[1] if path.startswith("record.") else path
    event = values.get("event") or {}
    top = field.split(".")[0]
    names = event.get("changed_fields") or []
    if field in names or top in names:
        return True
    previous = event.get(f"previous_{field}")
    return previous is not None and previous != lookup(values, path)


def holds(condition: dict[str, Any], values: Values) -> bool:
    op, path, expected = condition["op"], condition["field"], condition.get("value")
    actual = lookup(values, path)
    if op in ("is_set", "is_not_set"):
        present = actual not in (None, "", [])
        return present if op == "is_set" else not present
    if op == "changed":
        return _changed(values, path)
    if op == "changed_to":
        return _changed(values, path) and _equal(actual, expected)
    if op == "changed_from":  # the event carries the field's previous value (previous_stage, previous_status...)
        previous = (values.get("event") or {}).get(f"previous_{path.split('.', 1)[1]}")
        return previous is not None and _equal(previous, expected) and not _equal(actual, expected)
    if op in ("eq", "ne"):
        return _equal(actual, expected) == (op == "eq")
    if op == "in":
        return any(_equal(actual, e) for e in (expected or []))
    if op == "contains":
        return expected in actual if isinstance(actual, list | str) and expected is not None else False
    return _compare(op, actual, expected)


def all_hold(conditions: list[dict[str, Any]], values: Values) -> bool:
    return all(holds(c, values) for c in conditions)


def fill(text: str, values: Values) -> str:
    """{record.name}, {customer.custom.contract_end}, {event.amount}: a missing value is blank."""

    def one(match: re.Match[str]) -> str:
        v = lookup(values, match.group(1))
        return "" if v is None else str(v)

    return _PLACEHOLDER.sub(one, text)


def step_at(steps: list[dict[str, Any]], position: Position) -> dict[str, Any] | None:
    current: Any = steps
    for i, part in enumerate(position):
        if isinstance(part, str):
            current = current.get(part, [])
            continue
        if not isinstance(current, list) or part >= len(current):
            return None
        current = current[part]
        if i == len(position) - 1:
            return dict(current)
    return None


def after(steps: list[dict[str, Any]], position: Position) -> Position | None:
    """The position that follows a finished step (its next sibling, or its branch's next sibling); None: the end."""
    pos = list(position)
    while pos:
        siblings = steps if len(pos) == 1 else (step_at(steps, pos[:-2]) or {}).get(str(pos[-2]), [])
        index = int(pos[-1])
        if index + 1 < len(siblings):
            return [*pos[:-1], index + 1]
        pos = pos[:-2]
    return None


def into(steps: list[dict[str, Any]], position: Position, arm: str) -> Position | None:
    """A branch's first step in the arm taken ("then" or "otherwise"); the step after the branch when that arm
    is empty."""
    branch = step_at(steps, position) or {}
    return [*position, arm, 0] if branch.get(arm) else after(steps, position)


def label(position: Position) -> str:
    return ".".join(str(p) for p in position)


def run_id(workflow_id: str, occasion: str) -> str:
    """One run per workflow and occasion (an event id, a schedule's hour, a date and record, a caller's key)."""
    return hashlib.sha256(f"{workflow_id}|{occasion}".encode()).hexdigest()[:32]


def schedule_period(trigger: dict[str, Any], at: datetime) -> str | None:
    """The period (day, ISO week or month) whose run is due at `at` (UTC), None before its time. The clock runs a
    period once (the trigger keeps the last one), so a missed hour is caught up at the next."""
    hour = int(trigger.get("hour", 6))
    if trigger["type"] == "date" or trigger["every"] == "day":
        return at.date().isoformat() if at.hour >= hour else None
    if trigger["every"] == "week":
        year, week, weekday = at.isocalendar()
        reached = (weekday - 1, at.hour) >= (int(trigger["weekday"]), hour)
        return f"{year}-W{week:02d}" if reached else None
    reached = (at.day, at.hour) >= (int(trigger["day"]), hour)
    return f"{at.year}-{at.month:02d}" if reached else None


def date_wanted(trigger: dict[str, Any], today: date) -> date:
    """The field's date whose records run today: 60 days before the date (offset -60) runs for today + 60."""
    return today - timedelta(days=int(trigger.get("offset_days", 0)))


ENTITY_OF_EVENT = {
    "Customer": "customer",
    "Order": "order",
    "Payment": "order",
    "Refund": "order",
    "Case": "case",
    "Opportunity": "opportunity",
    "Lead": "lead",
}


def entity_of(event_type: str) -> tuple[str, str]:
    """(entity, the detail's id field) of a domain event type."""
    for prefix, entity in ENTITY_OF_EVENT.items():
        if event_type.startswith(prefix):
            return entity, f"{entity}_id"
    raise ValueError(event_type)
