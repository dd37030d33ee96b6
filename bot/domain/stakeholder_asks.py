"""A stakeholder ask's life: "what would you need to see from me?" sent to a member of
management, open until they answer it, say "Not now", or it runs out.

Every way out starts from OPEN and is final, so two answers can't both win; the services run
each transition as an UPDATE conditional on the row still being open.
"""

from __future__ import annotations

from enum import StrEnum


class AskState(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    DECLINED = "declined"  # "Not now": the member waits before asking this person again
    EXPIRED = "expired"
    UNSENT = "unsent"  # the DM never reached them, so it doesn't count as asked


class NotOpen(ValueError):
    """The ask was closed already; `state` says how."""

    def __init__(self, state: AskState) -> None:
        super().__init__(f"the ask is {state}, not open")
        self.state = state


def _close(state: AskState, to: AskState) -> AskState:
    if state != AskState.OPEN:
        raise NotOpen(state)
    return to


def answer(state: AskState) -> AskState:
    """The stakeholder said what they would need to see."""
    return _close(state, AskState.ANSWERED)


def decline(state: AskState) -> AskState:
    """The stakeholder pressed "Not now"."""
    return _close(state, AskState.DECLINED)


def expire(state: AskState) -> AskState:
    """Nobody answered within the ask's 14 days."""
    return _close(state, AskState.EXPIRED)


def unsend(state: AskState) -> AskState:
    """The DM asking the stakeholder could not be delivered."""
    return _close(state, AskState.UNSENT)
