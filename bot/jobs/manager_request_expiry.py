"""Close manager-link requests nobody answered within 14 days: the manager's DM loses its
Accept / Decline and says so, and the member is told once, with how to ask again."""

from __future__ import annotations

import datetime as dt

from bot.db import Database
from bot.services import manager_asks, manager_links
from bot.services.messenger import Messenger

BATCH = 50


def expire_manager_requests(
    *, db: Database, messenger: Messenger, now: dt.datetime, batch: int = BATCH
) -> dict[str, int]:
    """Take overdue requests a batch per transaction (`queue.take_batch`, so two processes
    never take the same one, and a request is told about once) until none are left; the count,
    for the tick's report. The DMs go after the commit: a failed one is only logged."""
    expired = 0
    while True:
        with db.session() as session:
            taken = manager_links.expire_requests(session, now=now, limit=batch)
        expired += len(taken)
        for link in taken:
            manager_asks.tell_expired(messenger=messenger, link=link)
        if len(taken) < batch:
            return {"manager_requests_expired": expired} if expired else {}
