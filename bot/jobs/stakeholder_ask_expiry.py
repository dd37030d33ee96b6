"""Close stakeholder asks nobody answered within 14 days; the stakeholder's DM loses its
buttons and says so. Nobody else is told."""

from __future__ import annotations

import datetime as dt

from bot.db import Database
from bot.services import stakeholder_ask_dms, stakeholder_asks
from bot.services.messenger import Messenger
from bot.slack.blocks import stakeholder_asks as ask_blocks

BATCH = 50


def expire_stakeholder_asks(
    *, db: Database, messenger: Messenger, now: dt.datetime, batch: int = BATCH
) -> dict[str, int]:
    """Take overdue asks a batch per transaction (`queue.take_batch`, so two processes never
    take the same one) until none are left; the count, for the tick's report."""
    expired = 0
    while True:
        with db.session() as session:
            taken = stakeholder_asks.expire_asks(session, now=now, limit=batch)
            closed = [(ask, ask_blocks.ask_expired(ask)) for ask in taken]
        expired += len(taken)
        for ask, message in closed:
            stakeholder_ask_dms.close_dm(messenger=messenger, ask=ask, message=message)
        if len(taken) < batch:
            return {"stakeholder_asks_expired": expired} if expired else {}
