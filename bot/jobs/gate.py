"""The send gate: when Slack rejects the bot's token, stop sending for a while.

Some errors are about the bot, not about the person or channel it writes to: a revoked or wrong
token fails every send alike. Marking each due member unreachable (or switching a channel's
digest off) for them would punish everyone for the operator's problem, and sending the rest of
the batch would only hammer Slack. So a token error closes this process's gate: check-ins,
reminders and digests stop, their rows stay due, and the gate reopens after 1, 2, 4, 8, then 15
minutes; the first send after that tries the token again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import TypeVar

from bot.domain.delivery import Outcome, Posted
from bot.domain.retry import retry_delay

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class SendGate:
    """Per process and shared by every sender in it; thread-safe."""

    def __init__(self) -> None:
        self.closed_until: dt.datetime | None = None
        self.trips = 0  # token errors in a row, for the backoff
        self.proven = False  # a send went through since start or since the last trip
        self._lock = threading.Lock()

    def is_open(self, now: dt.datetime) -> bool:
        with self._lock:
            return self.closed_until is None or now >= self.closed_until

    def trip(self, error: str, now: dt.datetime) -> None:
        """Close the gate with backoff; logs once per closing, however many senders saw it."""
        with self._lock:
            if self.closed_until is not None and now < self.closed_until:
                return
            self.trips += 1
            self.proven = False
            self.closed_until = until = now + retry_delay(self.trips)
        log.error(
            "Slack rejected the bot token (%s); pausing sends until %s. Check SLACK_BOT_TOKEN.",
            error,
            f"{until:%Y-%m-%d %H:%M} UTC",
        )

    def heard(self, posted: Posted, now: dt.datetime) -> None:
        """How a send went: a token error closes the gate; any answer from Slack about the
        recipient (sent, or undeliverable) proves the token works."""
        if posted.outcome is Outcome.TOKEN_REJECTED:
            self.trip(posted.error, now)
        elif posted.outcome is not Outcome.FAILED:
            self.passed()

    def passed(self) -> None:
        """Slack accepted the token: reset the backoff."""
        with self._lock:
            self.trips = 0
            self.proven = True

    def fan_out(self, pool: Executor, items: Sequence[T], send: Callable[[T], R]) -> list[R]:
        """`send` every item on the pool; until the token is known to work, the first goes
        alone, so a bad token costs one request rather than one per worker."""
        first = [send(items[0])] if items and not self.proven else []
        return first + list(pool.map(send, items[len(first) :]))
