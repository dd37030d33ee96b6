"""Close manager-link requests nobody answered within 14 days: the manager's DM loses its
Accept / Decline and says so, and the member is told once, with how to ask again."""

from __future__ import annotations

import datetime as dt

from bot.db import Database
from bot.jobs.batches import in_batches
from bot.services import manager_asks, manager_links
from bot.services.messenger import Messenger

BATCH = 50


def expire_manager_requests(
    *, db: Database, messenger: Messenger, now: dt.datetime, batch: int = BATCH
) -> dict[str, int]:
    """Close overdue requests a batch at a time (`in_batches`); the DMs go after each commit,
    and a failed one is only logged. The count, for the tick's report."""
    expired = in_batches(
        db=db,
        take=lambda session, limit: manager_links.expire_requests(session, now=now, limit=limit),
        tell=lambda link: manager_asks.tell_expired(messenger=messenger, link=link),
        batch=batch,
    )
    return {"manager_requests_expired": expired} if expired else {}
