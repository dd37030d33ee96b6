"""The Home tab's check-in line, for every state a check-in row can be in."""

from __future__ import annotations

import datetime as dt

from bot.domain.areas import SkillArea
from bot.domain.checkins import CheckinAnswer, CheckinKind, CheckinState, Pulse
from bot.domain.moves import Effort, Move
from bot.domain.zones import zone_named
from bot.models import CheckIn, Member
from bot.slack import ids
from bot.slack.blocks.checkin import (
    answer_note,
    checkin_message,
    home_checkin_text,
    pause_answered_message,
    pause_prompt_message,
)
from bot.slack.blocks.messages import Message

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


def _move() -> Move:
    return Move(
        id="m",
        title="Teach the team something",
        what="w",
        why="y",
        area=SkillArea.KNOWLEDGE_SHARING,
        effort=Effort.SMALL,
    )


def _action_ids(message: Message) -> list[str]:
    return [
        element["action_id"]
        for block in message.to_dict()["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def test_a_sent_checkin_carries_its_answer_and_pulse_buttons() -> None:
    checkin = CheckIn(id=7, kind=CheckinKind.CHECKIN, state=CheckinState.SENT, pulse=None)
    message = checkin_message(
        checkin, _move(), list_summary="Your list", zone=dt.UTC, next_checkin=None
    )
    assert set(_action_ids(message)) == {ids.CHECKIN_DID_IT, *ids.CHECKIN_ANSWERS}


def test_a_snoozed_checkin_says_until_when_in_the_members_zone() -> None:
    checkin = CheckIn(
        id=7,
        kind=CheckinKind.CHECKIN,
        state=CheckinState.PENDING,
        pulse=Pulse.BEHIND,
        due_at=NOW,
    )
    berlin = zone_named("Europe/Berlin")
    text = str(
        checkin_message(checkin, _move(), list_summary="", zone=berlin, next_checkin=None).to_dict()
    )
    assert "Snoozed until Mon 7 Dec 2026 at 10:00" in text
    assert "You said: *Behind*" in text
    assert ids.CHECKIN_DID_IT not in _action_ids(
        checkin_message(checkin, _move(), list_summary="", zone=berlin, next_checkin=None)
    )


def test_only_a_behind_pulse_gets_a_note() -> None:
    note = answer_note(Pulse.BEHIND)
    assert note is not None and "next week's move will be a small one" in note.text
    assert answer_note(Pulse.ON_TRACK) is None
    assert answer_note(CheckinAnswer.SWAP) is None


def test_the_pause_answer_names_the_next_checkin_in_the_members_zone() -> None:
    berlin = zone_named("Europe/Berlin")
    kept = pause_answered_message(keep_going=True, next_checkin=NOW, zone=berlin)
    assert kept.text == "Great, check-ins are back on. The next one comes Mon 7 Dec 2026 at 10:00."
    paused = pause_answered_message(keep_going=False, next_checkin=None, zone=berlin)
    assert "paused" in paused.text


def test_the_pause_prompt_offers_both_answers() -> None:
    prompt = pause_prompt_message(CheckIn(id=3, kind=CheckinKind.PAUSE_PROMPT))
    assert _action_ids(prompt) == [ids.PAUSE_KEEP_GOING, ids.PAUSE_STOP]
