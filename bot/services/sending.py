"""What a failed send does to its queued row: the one place a Messenger error is recorded.

Check-ins and digest posts are both claimed from the queue and sent through the Messenger; when
Slack refuses or can't be reached, the row is given back (the bot's token was rejected: not the
recipient's doing), marked undeliverable (the person or channel can't receive it: don't
retry), or marked failed (retry with backoff). Each kind of row says how with a `Ledger`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from bot.db import Database
from bot.domain.delivery import Outcome, Posted, classify
from bot.services.messenger import MessengerError, SendFailed
from bot.services.queue import Claim

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ledger:
    """How one kind of queued row records a failed send."""

    release: Callable[[Session, Claim], object]
    undeliverable: Callable[[Session, Claim, str, dt.datetime], object]
    failed: Callable[[Session, Claim, str, dt.datetime], object]


def record_failure(
    db: Database,
    ledger: Ledger,
    *,
    claim: Claim,
    error: MessengerError,
    to: Literal["person", "channel"],
    what: str,
    now: dt.datetime,
) -> Posted:
    """Record why the send of `what` ("check-in for U1") failed; returns what happened."""
    if not isinstance(error, SendFailed):
        detail = str(error)
        with db.session() as session:
            ledger.failed(session, claim, detail, now)
        return Posted(Outcome.FAILED, detail)
    outcome = classify(error.code, to=to)
    with db.session() as session:
        if outcome is Outcome.TOKEN_REJECTED:
            ledger.release(session, claim)
        elif outcome is Outcome.UNDELIVERABLE:
            log.warning("%s undeliverable: %s", what, error.code)
            ledger.undeliverable(session, claim, error.code, now)
        else:
            ledger.failed(session, claim, error.code, now)
    return Posted(outcome, error.code)
