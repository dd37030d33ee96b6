"""Close stakeholder asks nobody answered within 14 days; the stakeholder's DM loses its
buttons and says so. Nobody else is told."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from bot.db import Database
from bot.jobs.batches import in_batches
from bot.models import StakeholderAsk
from bot.services import stakeholder_ask_dms, stakeholder_asks
from bot.services.messenger import Messenger
from bot.slack.blocks import stakeholder_asks as ask_blocks
from bot.slack.blocks.messages import Message

BATCH = 50


def expire_stakeholder_asks(
    *, db: Database, messenger: Messenger, now: dt.datetime, batch: int = BATCH
) -> dict[str, int]:
    """Close overdue asks a batch at a time (`in_batches`); the count, for the tick's report."""

    def take(session: Session, limit: int) -> list[tuple[StakeholderAsk, Message]]:
        # Each DM's text is built in the transaction that took the ask.
        taken = stakeholder_asks.expire_asks(session, now=now, limit=limit)
        return [(ask, ask_blocks.ask_expired(ask)) for ask in taken]

    expired = in_batches(
        db=db,
        take=take,
        tell=lambda closed: stakeholder_ask_dms.close_dm(
            messenger=messenger, ask=closed[0], message=closed[1]
        ),
        batch=batch,
    )
    return {"stakeholder_asks_expired": expired} if expired else {}
