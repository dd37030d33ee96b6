"""The Home tab's check-in line, for every state a check-in row can be in."""

from __future__ import annotations

import datetime as dt

from bot.domain.areas import SkillArea
from bot.domain.checkins import CheckinKind, CheckinState
from bot.domain.moves import Effort, Move
from bot.models import CheckIn, Member
from bot.slack.blocks.checkin import home_checkin_text

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


def _member() -> Member:
    return Member(
        team_id="T1",
        user_id="U1",
        timezone="Europe/Berlin",
        checkin_weekday=0,
        checkin_time=dt.time(9, 0),
        paused=False,
        next_checkin_at=NOW + dt.timedelta(days=7),
    )


def test_a_retired_checkin_says_it_was_never_sent() -> None:
    """A check-in its week outran (an outage) is retired; Home says so in words."""
    checkin = CheckIn(
        kind=CheckinKind.CHECKIN, state=CheckinState.EXPIRED, week="2026-W49", move_id="m"
    )
    move = Move(
        id="m",
        title="Teach the team something",
        what="w",
        why="y",
        area=SkillArea.KNOWLEDGE_SHARING,
        effort=Effort.SMALL,
    )
    line = home_checkin_text(_member(), checkin, move, now=NOW)
    assert "Teach the team something" in line
    assert "(expired)" not in line
    assert "not sent" in line
