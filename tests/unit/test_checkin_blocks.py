"""The Home tab's check-in line, for every state a check-in row can be in."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.domain.areas import SkillArea
from bot.domain.checkins import CheckinAnswer, CheckinKind, CheckinState, Pulse
from bot.domain.moves import CatchUp, Effort, Move, MoveKind
from bot.domain.zones import zone_named
from bot.models import CheckIn, Member
from bot.slack import ids
from bot.slack.blocks.checkin import (
    answer_note,
    checkin_message,
    did_it_modal,
    home_checkin_text,
    pause_answered_message,
    pause_prompt_message,
    reminder_message,
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


CATCH_UP = Move(
    id="stakeholder-catch-up",
    title="Catch up with {who}",
    what="{last} Ask them for 15 minutes.",
    why="Silence from {who} & co. reads as no news.",
    area=SkillArea.VISIBILITY,
    effort=Effort.SMALL,
    kind=MoveKind.CATCH_UP,
)


def _catch_up_checkin() -> CheckIn:
    return CheckIn(
        id=7,
        kind=CheckinKind.CHECKIN,
        state=CheckinState.SENT,
        week="2026-W50",
        move_id=CATCH_UP.id,
        stakeholder_user_id="U3",
        core_work_first=False,
    )


def test_a_catch_up_dm_mentions_the_stakeholder_outside_the_plain_text_header() -> None:
    about = CatchUp("U3", last_contact=dt.date(2026, 10, 12), added=dt.date(2026, 9, 1))
    move = dataclasses.replace(CATCH_UP, about=about)
    message = checkin_message(
        _catch_up_checkin(), move, list_summary="Your list", zone=dt.UTC, next_checkin=None
    ).to_dict()
    blocks = message["blocks"]
    assert isinstance(blocks, list)
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Catch up with a stakeholder", "emoji": True},
    }
    assert blocks[1]["text"]["text"] == (
        "*This week:* Catch up with <@U3>. You last talked on Mon 12 Oct 2026. "
        "Ask them for 15 minutes."
    )
    assert "Silence from <@U3> &amp; co." in blocks[2]["elements"][0]["text"]
    assert message["text"] == "This week's leadership move: Catch up with <@U3>"
    reminder = reminder_message(move)
    assert "*Catch up with <@U3>*" in str(reminder.to_dict())
    modal = did_it_modal(_catch_up_checkin(), move, []).to_dict()
    assert modal["blocks"][0]["text"]["text"] == "*Catch up with <@U3>*"


def test_a_catch_up_never_contacted_or_no_longer_listed_says_what_it_knows() -> None:
    never = dataclasses.replace(CATCH_UP, about=CatchUp("U3", None, dt.date(2026, 9, 1)))
    gone = dataclasses.replace(CATCH_UP, about=CatchUp("U3", None, None))
    texts = [
        checkin_message(_catch_up_checkin(), move, list_summary="L", zone=dt.UTC, next_checkin=None)
        .blocks[1]
        .to_dict()["text"]["text"]
        for move in (never, gone)
    ]
    assert texts == [
        "*This week:* Catch up with <@U3>. You haven't logged a conversation since you added "
        "them on Tue 1 Sep 2026. Ask them for 15 minutes.",
        "*This week:* Catch up with <@U3>. Ask them for 15 minutes.",
    ]
    line = home_checkin_text(_member(), _catch_up_checkin(), never, now=NOW)
    assert "*This week:* Catch up with <@U3> (waiting for you in our Messages tab)" in line
