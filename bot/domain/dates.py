"""Due dates as people type them: ISO, `in 3 weeks`, `in 10 days`, `tomorrow`, or a weekday."""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(r"^in\s+(\d{1,3})\s+(day|days|week|weeks|month|months)$")
DATE_HELP = "Use a date like `2026-12-15`, `in 3 weeks`, `in 10 days`, `tomorrow` or `friday`."


class DateParseError(ValueError):
    pass


def day_label(day: dt.date) -> str:
    """How every reply names a day: `Mon 23 Nov 2026`."""
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b %Y')}"


def weekday_index(text: str) -> int | None:
    key = text.strip().lower()
    if len(key) < 3:
        return None
    matches = [index for index, name in enumerate(WEEKDAYS) if name.startswith(key)]
    return matches[0] if len(matches) == 1 else None


def parse_due(text: str, today: dt.date) -> dt.date:
    """Read a due date relative to the member's local `today`; a weekday means the next one."""
    key = " ".join(text.lower().split())
    if not key:
        raise DateParseError(f"The due date is empty. {DATE_HELP}")
    if key == "today":
        return today
    if key == "tomorrow":
        return today + dt.timedelta(days=1)
    if (match := _RELATIVE.match(key)) is not None:
        count, unit = int(match.group(1)), match.group(2)
        days = count * (1 if unit.startswith("day") else 7 if unit.startswith("week") else 30)
        return today + dt.timedelta(days=days)
    if (weekday := weekday_index(key.removeprefix("next "))) is not None:
        ahead = (weekday - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    try:
        return dt.date.fromisoformat(key)
    except ValueError:
        raise DateParseError(f"I couldn't read `{text}` as a date. {DATE_HELP}") from None


def looks_like_date(text: str) -> bool:
    """Whether text after `due` was meant as a date, so a failure is an error, not item text."""
    key = text.strip().lower()
    return bool(
        re.match(r"^(\d|in\s+\d|today|tomorrow|next\s)", key)
        or weekday_index(key.split(" ", 1)[0]) is not None
    )


def cooldown_window(days: int) -> dt.timedelta:
    """How far back to look for a "Not now" that may still hold: the cooldown, plus a day's
    slack because it ends at the start of a local day, never later."""
    return dt.timedelta(days=days + 1)


def ask_again_on(
    declined_at: dt.datetime, *, days: int, now: dt.datetime, zone: dt.tzinfo
) -> tuple[dt.date, dt.date] | None:
    """After a "Not now" at `declined_at`: (the local day it was said, the first local day
    one may ask again) while that day is still ahead, else None."""
    declined_on = declined_at.astimezone(zone).date()
    again = declined_on + dt.timedelta(days=days)
    return (declined_on, again) if now.astimezone(zone).date() < again else None
