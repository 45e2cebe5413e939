"""Business-hours SLA arithmetic, checked against hand-computed deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from crm.cases.sla import ALWAYS, DAYS, Calendar, add_business_minutes, business_minutes_between

BERLIN = Calendar("b", "Europe/Berlin", {d: (time(8), time(18)) for d in DAYS[:5]}, frozenset({date(2026, 12, 25)}))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "minutes", "due"),
    [
        # Tue 2026-11-24 10:00 Berlin (09:00 UTC) + 60 min -> 11:00 Berlin
        (utc(2026, 11, 24, 9, 0), 60, utc(2026, 11, 24, 10, 0)),
        # Fri 17:30 Berlin + 60 min: 30 min Friday, 30 min Monday from 08:00 -> Mon 08:30 Berlin = 07:30 UTC
        (utc(2026, 11, 27, 16, 30), 60, utc(2026, 11, 30, 7, 30)),
        # Saturday night: nothing counts until Monday 08:00
        (utc(2026, 11, 28, 22, 0), 1, utc(2026, 11, 30, 7, 1)),
        # before opening: the clock starts at 08:00
        (utc(2026, 11, 24, 5, 0), 600, utc(2026, 11, 24, 17, 0)),
        # 1440 business minutes = 2.4 ten-hour days: Tue 08:00 -> Thu 12:00 Berlin
        (utc(2026, 11, 24, 7, 0), 1440, utc(2026, 11, 26, 11, 0)),
        # Christmas (Friday) is a holiday: Thu 17:00 + 120 -> Thu 1 h + Mon 28 Dec 1 h = 09:00 Berlin
        (utc(2026, 12, 24, 16, 0), 120, utc(2026, 12, 28, 8, 0)),
        # DST ends Sun 2026-10-25: Fri 23 Oct 17:00 CEST (15:00 UTC) + 120 -> Mon 26 Oct 09:00 CET = 08:00 UTC
        (utc(2026, 10, 23, 15, 0), 120, utc(2026, 10, 26, 8, 0)),
    ],
)
def test_add_business_minutes(start, minutes, due):
    assert add_business_minutes(start, minutes, BERLIN) == due


def test_always_open_calendar_is_plain_clock_time():
    assert add_business_minutes(utc(2026, 11, 28, 23, 50), 30, ALWAYS) == utc(2026, 11, 29, 0, 20)


def test_minutes_between_counts_only_open_hours():
    # Fri 16:00 Berlin -> Mon 09:00 Berlin: 2 h Friday + 1 h Monday
    assert business_minutes_between(utc(2026, 11, 27, 15, 0), utc(2026, 11, 30, 8, 0), BERLIN) == 180
    assert business_minutes_between(utc(2026, 11, 30, 8, 0), utc(2026, 11, 27, 15, 0), BERLIN) == 0


def test_a_calendar_without_hours_is_an_error_not_a_hang():
    closed = Calendar("x", "UTC", {})
    with pytest.raises(ValueError, match="no business time"):
        add_business_minutes(utc(2026, 1, 1), 10, closed)
