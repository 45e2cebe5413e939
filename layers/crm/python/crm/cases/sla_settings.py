"""SLA settings: targets per priority in business minutes and the calendars they run on (defaults apply until
an admin sets one)."""

from __future__ import annotations

from datetime import date, time

from crm.cases import schemas
from crm.cases.models import SlaCalendarItem, SlaPolicyItem
from crm.cases.repository import calendar_keys, policy_keys, sla_items
from crm.cases.sla import (
    DEFAULT_CALENDARS,
    DEFAULT_POLICIES,
    Calendar,
    Policy,
)
from crm.db import now_iso
from crm.errors import NotFound, ValidationFailed

TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"open", "pending", "resolved"}),
    "open": frozenset({"pending", "resolved"}),
    "pending": frozenset({"open", "resolved"}),
    "resolved": frozenset({"closed", "open"}),
    "closed": frozenset(),
}


def load_settings() -> tuple[dict[str, Policy], dict[str, Calendar]]:
    """Policies and calendars: the defaults, overridden by what admins stored (one Query on the SLA partition)."""
    policies, calendars = dict(DEFAULT_POLICIES), dict(DEFAULT_CALENDARS)
    for item in sla_items():
        if isinstance(item, SlaPolicyItem):
            policies[item.priority] = Policy(
                item.priority,
                int(item.first_response_minutes),
                int(item.resolution_minutes),
                item.calendar_id,
                int(item.warn_minutes),
            )
        elif isinstance(item, SlaCalendarItem):
            hours = {
                d: (time.fromisoformat(h["open"]), time.fromisoformat(h["close"]))
                for d, h in item.hours.as_dict().items()
            }
            holidays = frozenset(date.fromisoformat(d) for d in item.holidays or [])
            calendars[item.calendar_id] = Calendar(item.calendar_id, item.timezone, hours, holidays)
    return policies, calendars


def sla_settings() -> schemas.SlaSettings:
    policies, calendars = load_settings()
    return schemas.SlaSettings.model_validate(
        {
            "policies": {p: vars(v) for p, v in policies.items()},
            "calendars": {
                c: {
                    "timezone": v.timezone,
                    "holidays": sorted(str(d) for d in v.holidays),
                    "hours": {
                        d: {"open": h[0].strftime("%H:%M"), "close": h[1].strftime("%H:%M")} for d, h in v.hours.items()
                    },
                }
                for c, v in calendars.items()
            },
        }
    )


def put_policy(priority: str, data: schemas.PolicyIn, actor: str) -> schemas.SlaSettings:
    if priority not in DEFAULT_POLICIES:
        raise NotFound(f"priority {priority} does not exist", {"priority": f"one of {list(DEFAULT_POLICIES)}"})
    _, calendars = load_settings()
    if data.calendar_id not in calendars:
        raise ValidationFailed(f"calendar {data.calendar_id} does not exist", {"calendar_id": "unknown calendar"})
    if data.resolution_minutes < data.first_response_minutes:
        raise ValidationFailed(
            "resolution cannot come before the first response",
            {"resolution_minutes": "less than first_response_minutes"},
        )
    policy = SlaPolicyItem(priority=priority, **data.model_dump(), updated_at=now_iso(), updated_by=actor)
    policy_keys(policy)
    policy.save()
    return schemas.SlaSettings.model_validate(sla_settings())


def put_calendar(calendar_id: str, data: schemas.CalendarIn, actor: str) -> schemas.SlaSettings:
    if not data.hours:
        raise ValidationFailed("a calendar needs opening hours on at least one day", {"hours": "empty"})
    calendar = SlaCalendarItem(
        calendar_id=calendar_id,
        timezone=data.timezone,
        hours={d: h.model_dump() for d, h in data.hours.items()},
        holidays=data.holidays,
        updated_at=now_iso(),
        updated_by=actor,
    )
    calendar_keys(calendar)
    calendar.save()
    return schemas.SlaSettings.model_validate(sla_settings())
