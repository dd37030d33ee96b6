"""Time zones: the one fallback for a stored zone name, and how a local time is written.

A member's and a digest's zone come from Slack and are stored as IANA names; a name this
machine doesn't know (an old tzdata, a hand-edited row) falls back to UTC everywhere alike.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.dates import day_label

UTC = ZoneInfo("UTC")


def zone_named(name: str | None) -> ZoneInfo:
    """The zone called `name`; UTC when there is none or this machine doesn't know it."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def is_zone_name(name: str) -> bool:
    """Whether `name` is a zone this machine knows (what Slack sends is stored only then)."""
    return bool(name) and zone_named(name).key == name


def local_when(instant: dt.datetime, zone: dt.tzinfo) -> str:
    """How every reply names a moment: `Mon 23 Nov 2026 at 09:00`, in the reader's zone."""
    local = instant.astimezone(zone)
    return f"{day_label(local.date())} at {local.strftime('%H:%M')}"


def local_day(instant: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """The reader's calendar day at `instant`."""
    return instant.astimezone(zone).date()
