"""A blurb request's life: open until the colleague answers it, or it runs out, or it never left.

Every way out starts from OPEN and is final, so two answers can't both win; the services run
each transition as an UPDATE conditional on the row still being open.
"""

from __future__ import annotations

from enum import StrEnum

# Who wrote a blurb once the writer used forget-me: the blurb stays with the member it was
# written for, no longer attributed ("a former colleague").
FORMER_COLLEAGUE = ""


class BlurbRequestState(StrEnum):
    OPEN = "open"
    WRITTEN = "written"
    DECLINED = "declined"  # the colleague pressed "Not now": the member waits before asking again
    # Closed because the colleague turned requests off: not a "Not now", so no cooldown once they
    # turn requests back on.
    OPTED_OUT = "opted_out"
    EXPIRED = "expired"
    UNSENT = "unsent"  # the DM to the colleague failed: it never reached them, so it doesn't count


class BlurbSetting(StrEnum):
    """What `/mgr-goal blurbs on|off` did to whether people may ask this person for blurbs."""

    TURNED_ON = "turned_on"
    ALREADY_ON = "already_on"
    ALREADY_OFF = "already_off"
    TURNED_OFF = "turned_off"


class NotOpen(ValueError):
    """The request was closed already; `state` says how."""

    def __init__(self, state: BlurbRequestState) -> None:
        super().__init__(f"the request is {state}, not open")
        self.state = state


def _close(state: BlurbRequestState, to: BlurbRequestState) -> BlurbRequestState:
    if state != BlurbRequestState.OPEN:
        raise NotOpen(state)
    return to


def write(state: BlurbRequestState) -> BlurbRequestState:
    """The colleague wrote their blurb."""
    return _close(state, BlurbRequestState.WRITTEN)


def decline(state: BlurbRequestState) -> BlurbRequestState:
    """The colleague pressed "Not now"."""
    return _close(state, BlurbRequestState.DECLINED)


def never(state: BlurbRequestState) -> BlurbRequestState:
    """The colleague pressed "Don't ask me again" (or turned requests off another way)."""
    return _close(state, BlurbRequestState.OPTED_OUT)


def expire(state: BlurbRequestState) -> BlurbRequestState:
    """Nobody answered within the request's 14 days."""
    return _close(state, BlurbRequestState.EXPIRED)


def unsend(state: BlurbRequestState) -> BlurbRequestState:
    """The DM asking the colleague could not be delivered."""
    return _close(state, BlurbRequestState.UNSENT)
