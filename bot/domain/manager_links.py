"""A manager link's life: asked, then accepted or declined (or expired, unanswered after 14
days); an accepted link lasts until either side unlinks it or the member's next manager accepts.

PENDING and ACTIVE are the only states anything can leave, and every way out is final, so two
answers can't both win; the services run each transition as an UPDATE conditional on the row
still being in the state it left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum

# A request nobody answered within this many days expires (as stakeholder asks do).
REQUEST_DAYS = 14
EXPIRES_AFTER = dt.timedelta(days=REQUEST_DAYS)


class LinkState(StrEnum):
    PENDING = "pending"  # asked; the manager sees and can do nothing yet
    ACTIVE = "active"  # the manager accepted: the one link that grants access
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # the member asked someone else, or turned it off, before an answer
    ENDED = "ended"  # unlinked by either side, or replaced by a newly accepted manager
    UNSENT = "unsent"  # the DM to the manager failed: it never reached them
    EXPIRED = "expired"  # nobody answered within REQUEST_DAYS


class EndedBy(StrEnum):
    """Who ended an active link."""

    MEMBER = "member"
    MANAGER = "manager"
    REPLACED = "replaced"  # the member's new manager accepted


Transition = Callable[[LinkState], LinkState]


class WrongState(ValueError):
    """The link is not in the state the transition leaves; `state` says where it is."""

    def __init__(self, state: LinkState) -> None:
        super().__init__(f"the link is {state}")
        self.state = state


def _from(state: LinkState, origin: LinkState, to: LinkState) -> LinkState:
    if state != origin:
        raise WrongState(state)
    return to


def accept(state: LinkState) -> LinkState:
    """The person asked pressed Accept."""
    return _from(state, LinkState.PENDING, LinkState.ACTIVE)


def decline(state: LinkState) -> LinkState:
    """The person asked pressed Decline."""
    return _from(state, LinkState.PENDING, LinkState.DECLINED)


def withdraw(state: LinkState) -> LinkState:
    """The member asked someone else, or ran `manager off`, before an answer came."""
    return _from(state, LinkState.PENDING, LinkState.WITHDRAWN)


def unsend(state: LinkState) -> LinkState:
    """The DM asking could not be delivered."""
    return _from(state, LinkState.PENDING, LinkState.UNSENT)


def expire(state: LinkState) -> LinkState:
    """Nobody answered within REQUEST_DAYS."""
    return _from(state, LinkState.PENDING, LinkState.EXPIRED)


def expires_at(requested_at: dt.datetime) -> dt.datetime:
    """When a request asked at `requested_at` can no longer be answered (derived, not stored:
    a request's deadline never moves)."""
    return requested_at + EXPIRES_AFTER


def end(state: LinkState) -> LinkState:
    """Either side unlinked, or a new manager accepted."""
    return _from(state, LinkState.ACTIVE, LinkState.ENDED)


def grants_access(state: LinkState) -> bool:
    """Only an accepted, unended link lets the manager see or do anything."""
    return state == LinkState.ACTIVE
