"""Weekly slots across time zones and 2026's daylight-saving changes."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.schedule import next_slot, week_key

MONDAY, SUNDAY = 0, 6
NINE = dt.time(9, 0)

# Each zone's 2026 daylight-saving weeks (and two zones that have none).
ZONES_AND_WEEKS = {
    "America/New_York": [
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 9),
        dt.date(2026, 10, 26),
        dt.date(2026, 11, 2),
    ],
    "Europe/Berlin": [
        dt.date(2026, 3, 23),
        dt.date(2026, 3, 30),
        dt.date(2026, 10, 19),
        dt.date(2026, 10, 26),
    ],
    "Australia/Sydney": [
        dt.date(2026, 3, 30),
        dt.date(2026, 4, 6),
        dt.date(2026, 9, 28),
        dt.date(2026, 10, 5),
    ],
    "Asia/Kolkata": [dt.date(2026, 3, 30), dt.date(2026, 10, 26)],
    "Pacific/Kiritimati": [dt.date(2026, 3, 30), dt.date(2026, 10, 26)],
    "Pacific/Pago_Pago": [dt.date(2026, 3, 30), dt.date(2026, 10, 26)],
}


def _weekly(zone: ZoneInfo, start: dt.datetime, count: int, weekday: int, at: dt.time):
    slots, after = [], start
    for _ in range(count):
        after = next_slot(after=after, weekday=weekday, at=at, zone=zone)
        slots.append(after)
    return slots


@pytest.mark.parametrize("zone_name", sorted(ZONES_AND_WEEKS))
def test_nine_local_every_monday_of_2026(zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    start = dt.datetime(2025, 12, 31, tzinfo=dt.UTC)
    slots = _weekly(zone, start, 53, MONDAY, NINE)
    local = [s.astimezone(zone) for s in slots]
    assert all(t.weekday() == MONDAY and t.time() == NINE for t in local)
    days = [t.date() for t in local]
    assert all(b - a == dt.timedelta(days=7) for a, b in itertools.pairwise(days))
    for week in ZONES_AND_WEEKS[zone_name]:
        assert week in days  # the Mondays around each change are there, at 09:00 local


def test_berlin_spring_forward_gap_moves_forward() -> None:
    zone = ZoneInfo("Europe/Berlin")  # 2026-03-29 02:00 -> 03:00
    slot = next_slot(
        after=dt.datetime(2026, 3, 28, tzinfo=dt.UTC),
        weekday=SUNDAY,
        at=dt.time(2, 30),
        zone=zone,
    )
    assert slot.astimezone(zone).replace(tzinfo=None) == dt.datetime(2026, 3, 29, 3, 30)


def test_new_york_fall_back_repeat_fires_once() -> None:
    zone = ZoneInfo("America/New_York")  # 2026-11-01 01:00-02:00 happens twice
    after = dt.datetime(2026, 10, 31, tzinfo=dt.UTC)
    first = next_slot(after=after, weekday=SUNDAY, at=dt.time(1, 30), zone=zone)
    assert first == dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)  # 01:30 EDT
    following = next_slot(after=first, weekday=SUNDAY, at=dt.time(1, 30), zone=zone)
    assert following.astimezone(zone).date() == dt.date(2026, 11, 8)


def test_kiritimati_monday_is_sunday_in_utc() -> None:
    zone = ZoneInfo("Pacific/Kiritimati")  # UTC+14
    slot = next_slot(
        after=dt.datetime(2026, 11, 22, tzinfo=dt.UTC), weekday=MONDAY, at=NINE, zone=zone
    )
    assert slot == dt.datetime(2026, 11, 22, 19, 0, tzinfo=dt.UTC)
    assert week_key(slot, zone) == "2026-W48"


@given(
    st.datetimes(
        min_value=dt.datetime(2026, 1, 1),
        max_value=dt.datetime(2027, 12, 31),
        timezones=st.just(dt.UTC),
    ),
    st.sampled_from(sorted(ZONES_AND_WEEKS)),
    st.integers(0, 6),
    st.times(),
)
def test_next_slot_is_the_first_matching_instant_after(
    after: dt.datetime, zone_name: str, weekday: int, at: dt.time
) -> None:
    zone = ZoneInfo(zone_name)
    slot = next_slot(after=after, weekday=weekday, at=at, zone=zone)
    assert after < slot <= after + dt.timedelta(days=8)
    assert slot.astimezone(zone).weekday() == weekday
