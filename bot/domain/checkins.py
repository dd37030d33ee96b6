"""The weekly check-in's states and the member's answers, as pure transitions.

A check-in row is created `pending`, claimed and sent (`sent`), and then answered: done, skipped,
snoozed (back to `pending`, due again tomorrow), or its move swapped (still `sent`). A row Slack
can't deliver becomes `undeliverable`; one its week outran before it went out, `expired`. The
pause prompt (asked after silent weeks) is a row of its own kind, answered once.

Services load the row, call a transition here, and save what it returns; a transition the state
doesn't allow raises `CheckinRefused` with a message safe to show the member.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.domain.schedule import local_instant

REMIND_AFTER = dt.timedelta(days=2)
UNANSWERED_BEFORE_ASKING = 3


class CheckinState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DONE = "done"
    SKIPPED = "skipped"
    UNDELIVERABLE = "undeliverable"
    EXPIRED = "expired"  # never delivered, and its week has passed: retired, never sent late


class CheckinKind(StrEnum):
    CHECKIN = "checkin"
    PAUSE_PROMPT = "pause_prompt"


class Pulse(StrEnum):
    """How the member's core work is going, answered beside any check-in."""

    ON_TRACK = "on_track"
    STRETCHED = "stretched"
    BEHIND = "behind"


class CheckinAnswer(StrEnum):
    """The check-in buttons that change its state in place (besides Did it and the pulse)."""

    SWAP = "swap"
    SNOOZE = "snooze"
    SKIP = "skip"


class CheckinRefused(Exception):
    """The check-in's state doesn't allow this answer; the message is safe to show."""


ALREADY_ANSWERED = "This week's check-in is already answered."
ALREADY_DONE = "You already logged this week's move. Nice work!"
PROMPT_ANSWERED = "You've already answered that."
NOTHING_TO_SNOOZE_TO = (
    "Your next check-in comes before then, so there's nothing to snooze to. "
    "Skip this one, or do it when you can and press Did it."
)
PICK_A_PULSE = "Pick on track, stretched or behind."


class Answerable(Protocol):
    """What the transitions read of a check-in (a `bot.models.CheckIn` is one)."""

    @property
    def kind(self) -> str: ...

    @property
    def state(self) -> str: ...

    @property
    def answered_at(self) -> dt.datetime | None: ...


@dataclass(frozen=True)
class Answered:
    """A check-in after an answer: its state, and when it was first answered (a reminder is
    never owed after an answer)."""

    state: CheckinState
    answered_at: dt.datetime


@dataclass(frozen=True)
class Snoozed(Answered):
    """Back in the queue, due again at `due_at`."""

    due_at: dt.datetime


def _answered(checkin: Answerable, state: str, now: dt.datetime) -> Answered:
    return Answered(CheckinState(state), checkin.answered_at or now)


def _require_sent_checkin(checkin: Answerable) -> None:
    if checkin.state != CheckinState.SENT or checkin.kind != CheckinKind.CHECKIN:
        raise CheckinRefused(ALREADY_ANSWERED)


def swap(checkin: Answerable, *, now: dt.datetime) -> Answered:
    """Another move for this week: only while the check-in waits for an answer."""
    _require_sent_checkin(checkin)
    return _answered(checkin, CheckinState.SENT, now)


def swapped_moves(shown: Iterable[str], new_move: str) -> str:
    """The `shown_moves` column after a swap: every move shown so far, the new one last."""
    return ",".join([*shown, new_move])


def snooze(
    checkin: Answerable,
    *,
    now: dt.datetime,
    at: dt.time,
    zone: ZoneInfo,
    next_checkin: dt.datetime | None,
) -> Snoozed:
    """Due again at the member's check-in time `at` tomorrow (the day after, if that moment
    has passed), unless the next check-in comes first."""
    _require_sent_checkin(checkin)
    today = now.astimezone(zone).date()
    again = local_instant(today + dt.timedelta(days=1), at, zone)
    if again <= now:
        again = local_instant(today + dt.timedelta(days=2), at, zone)
    if next_checkin is not None and again >= next_checkin:
        raise CheckinRefused(NOTHING_TO_SNOOZE_TO)
    return Snoozed(CheckinState.PENDING, checkin.answered_at or now, due_at=again)


def skip(checkin: Answerable, *, now: dt.datetime) -> Answered:
    """Skipped this week; a snoozed (pending) check-in can be skipped too."""
    if (
        checkin.state not in (CheckinState.SENT, CheckinState.PENDING)
        or checkin.kind != CheckinKind.CHECKIN
    ):
        raise CheckinRefused(ALREADY_ANSWERED)
    return _answered(checkin, CheckinState.SKIPPED, now)


def pulse(checkin: Answerable, *, chosen: str, now: dt.datetime) -> tuple[Pulse, Answered]:
    """The member's pulse, any time: it leaves the check-in's state as it is."""
    if chosen not in Pulse.__members__.values():
        raise CheckinRefused(PICK_A_PULSE)
    return Pulse(chosen), _answered(checkin, checkin.state, now)


def may_do(checkin: Answerable) -> None:
    """Whether the Did it modal may open: only for a check-in waiting for its answer."""
    if checkin.state != CheckinState.SENT:
        raise CheckinRefused(ALREADY_ANSWERED)


def did_it(checkin: Answerable, *, now: dt.datetime) -> Answered:
    """The week's move is done; once per check-in."""
    if checkin.state == CheckinState.DONE:
        raise CheckinRefused(ALREADY_DONE)
    return _answered(checkin, CheckinState.DONE, now)


def answer_pause_prompt(checkin: Answerable, *, now: dt.datetime) -> Answered:
    """The "shall I pause?" question is answered once, whichever way."""
    if checkin.kind != CheckinKind.PAUSE_PROMPT or checkin.state == CheckinState.DONE:
        raise CheckinRefused(PROMPT_ANSWERED)
    return _answered(checkin, CheckinState.DONE, now)


def unanswered_streak(newest_first: Iterable[Answerable]) -> int:
    """Check-ins delivered and never answered, counted back from the newest."""
    streak = 0
    for checkin in newest_first:
        if (
            checkin.kind != CheckinKind.CHECKIN
            or checkin.answered_at is not None
            or checkin.state != CheckinState.SENT
        ):
            break
        streak += 1
    return streak


def should_ask_to_pause(newest_first: Iterable[Answerable]) -> bool:
    """Stop and ask instead of sending a fourth check-in nobody reads."""
    return unanswered_streak(newest_first) >= UNANSWERED_BEFORE_ASKING
