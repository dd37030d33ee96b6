"""Team digests, pure: a digest post's states and how it moves between them, and what a
digest shows of a shared win.

A post row is created `pending` for one digest and week; a sender claims it, then settles it
once: `sent` (posted), `empty` (nothing was shared, or the digest went off meanwhile: nothing
posted) or `undeliverable` (the bot can't post in the channel any more). Failed attempts stay
`pending` and are retried; settled states are final.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo


class DigestPostState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    EMPTY = "empty"
    UNDELIVERABLE = "undeliverable"

    @property
    def settled(self) -> bool:
        return self is not DigestPostState.PENDING


class AlreadySettled(ValueError):
    """A settled post was asked to move again; settled states are final."""


def _from_pending(state: DigestPostState, to: DigestPostState) -> DigestPostState:
    if state.settled:
        raise AlreadySettled(f"a {state} digest post can't become {to}")
    return to


def delivered(state: DigestPostState, *, posted: bool) -> DigestPostState:
    """The send finished: `sent` when a digest was posted, `empty` when there was nothing to."""
    return _from_pending(state, DigestPostState.SENT if posted else DigestPostState.EMPTY)


def undeliverable(state: DigestPostState) -> DigestPostState:
    """The channel can't be reached (bot removed, channel archived): stop, never retry."""
    return _from_pending(state, DigestPostState.UNDELIVERABLE)


@dataclass(frozen=True)
class SharedWin:
    """A shared win as the digest shows it: whose, when, what, and its area."""

    user_id: str
    happened_on: dt.date
    text: str
    area: str | None


@dataclass(frozen=True)
class Preview:
    """What a channel's next digest would post if nothing changed: its wins so far."""

    since: dt.datetime
    zone: ZoneInfo
    wins: list[SharedWin]


class StartResult(StrEnum):
    ON = "on"  # turned on or moved, and the channel was told
    UNCHANGED = "unchanged"  # already on like this: nobody is told twice
    NOT_INVITED = "not_invited"  # the bot isn't in the channel: still off
    REFUSED = "refused"  # Slack didn't take the announcement: still off
    UNREACHABLE = "unreachable"  # Slack couldn't be reached: still off
