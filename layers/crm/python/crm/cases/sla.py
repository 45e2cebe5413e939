"""Business-hours arithmetic for SLA targets. Pure functions over a calendar, unit-tested by hand.

A calendar has a time zone, opening hours per weekday (a day without hours is closed) and holidays. Targets are
business minutes: "60 minutes" on a Friday 17:30 in a Mon-Fri 08:00-18:00 calendar is due Monday 08:30. All
arithmetic runs on UTC instants of each day's opening window, so daylight-saving changes are handled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_DAYS_AHEAD = 800  # a target further out than this is a configuration error, not a loop


@dataclass(frozen=True)
class Calendar:
    calendar_id: str
    timezone: str
    hours: dict[str, tuple[time, time]]  # weekday -> (open, close); close 00:00 means midnight
    holidays: frozenset[date] = field(default_factory=frozenset)

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The day's opening window as UTC instants, or None when closed."""
        if day in self.holidays or DAYS[day.weekday()] not in self.hours:
            return None
        opens, closes = self.hours[DAYS[day.weekday()]]
        tz = ZoneInfo(self.timezone)
        start = datetime.combine(day, opens, tz)
        end = (
            datetime.combine(day + timedelta(days=1), time(0), tz)
            if closes == time(0)
            else datetime.combine(day, closes, tz)
        )
        return start.astimezone(UTC), end.astimezone(UTC)


ALWAYS = Calendar("24x7", "UTC", {d: (time(0), time(0)) for d in DAYS})


def add_business_minutes(start: datetime, minutes: int, cal: Calendar) -> datetime:
    """The instant `minutes` business minutes after `start` (UTC-aware)."""
    remaining = timedelta(minutes=minutes)
    tz = ZoneInfo(cal.timezone)
    day = start.astimezone(tz).date() - timedelta(days=1)  # a window that began yesterday may still be open
    cursor = start
    for _ in range(MAX_DAYS_AHEAD):
        win = cal.window(day)
        day += timedelta(days=1)
        if win is None or win[1] <= cursor:
            continue
        begin = max(cursor, win[0])
        available = win[1] - begin
        if remaining <= available:
            return begin + remaining
        remaining -= available
        cursor = win[1]
    raise ValueError(f"calendar {cal.calendar_id} has no business time within {MAX_DAYS_AHEAD} days")


def business_minutes_between(a: datetime, b: datetime, cal: Calendar) -> int:
    """Business minutes in [a, b) (0 when b <= a)."""
    if b <= a:
        return 0
    tz = ZoneInfo(cal.timezone)
    day = a.astimezone(tz).date() - timedelta(days=1)
    last = b.astimezone(tz).date()
    total = timedelta()
    while day <= last:
        win = cal.window(day)
        day += timedelta(days=1)
        if win is None:
            continue
        lo, hi = max(a, win[0]), min(b, win[1])
        if hi > lo:
            total += hi - lo
    return int(total.total_seconds() // 60)


@dataclass(frozen=True)
class Policy:
    priority: str
    first_response_minutes: int
    resolution_minutes: int
    calendar_id: str
    warn_minutes: int  # escalate this long before a target is missed


DEFAULT_CALENDARS = {
    "24x7": ALWAYS,
    "business": Calendar("business", "Europe/Berlin", {d: (time(8), time(18)) for d in DAYS[:5]}),
}
DEFAULT_POLICIES = {
    "urgent": Policy("urgent", 30, 240, "24x7", 15),
    "high": Policy("high", 60, 480, "business", 30),
    "normal": Policy("normal", 240, 1440, "business", 60),
    "low": Policy("low", 480, 2400, "business", 120),
}
PRIORITIES = tuple(DEFAULT_POLICIES)
