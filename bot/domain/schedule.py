"""Weekly slots in a member's own time zone, computed with zoneinfo.

A slot is a local weekday and wall-clock time. 09:00 local stays 09:00 local across
daylight-saving changes; a wall time that doesn't exist that day (spring forward) fires at the
same instant the clocks jump to, i.e. moved forward by the gap; a wall time that happens twice
(fall back) fires once, at its first occurrence.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def local_instant(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of wall time `at` on `day` in `zone` (fold=0: first occurrence)."""
    naive = dt.datetime.combine(day, at.replace(tzinfo=None, fold=0))
    return naive.replace(tzinfo=zone).astimezone(dt.UTC)


def next_slot(*, after: dt.datetime, weekday: int, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The first slot strictly after `after` (an aware instant), as an aware UTC datetime."""
    local_day = after.astimezone(zone).date()
    # Start a day early: `after` may be late on the local day before the slot's UTC date.
    day = local_day - dt.timedelta(days=1)
    for _ in range(16):
        if day.weekday() == weekday:
            instant = local_instant(day, at, zone)
            if instant > after:
                return instant
        day += dt.timedelta(days=1)
    raise AssertionError("a weekly slot always exists within 16 days")


def week_key(instant: dt.datetime, zone: ZoneInfo) -> str:
    """The member's local ISO week of an instant, e.g. "2026-W48": one check-in per key."""
    year, week, _ = instant.astimezone(zone).isocalendar()
    return f"{year}-W{week:02d}"
