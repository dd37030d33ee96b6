"""The one time-zone fallback and the one way a local moment is written."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.domain.zones import UTC, is_zone_name, local_day, local_when, zone_named


def test_an_unknown_or_missing_zone_falls_back_to_utc() -> None:
    assert zone_named("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    assert zone_named("Mars/Olympus_Mons") is UTC
    assert zone_named("../etc/passwd") is UTC
    assert zone_named("") is UTC
    assert zone_named(None) is UTC


def test_only_known_zone_names_are_stored() -> None:
    assert is_zone_name("America/New_York")
    assert not is_zone_name("Mars/Olympus_Mons")
    assert not is_zone_name("")


def test_a_moment_is_written_in_the_readers_zone() -> None:
    instant = dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC)
    assert local_when(instant, ZoneInfo("Europe/Berlin")) == "Tue 8 Dec 2026 at 00:30"
    assert local_day(instant, ZoneInfo("America/New_York")) == dt.date(2026, 12, 7)
