"""Close blurb requests nobody answered within 14 days; the colleague's DM loses its buttons."""

from __future__ import annotations

import datetime as dt

from bot.db import Database
from bot.services import blurb_asks, blurbs
from bot.services.messenger import Messenger
from bot.slack.blocks import blurbs as blurb_blocks

BATCH = 50


def expire_blurb_requests(
    *, db: Database, messenger: Messenger, now: dt.datetime, batch: int = BATCH
) -> dict[str, int]:
    """Take overdue requests a batch per transaction (`queue.take_batch`, so two processes
    never take the same one) until none are left; the counts, for the tick's report."""
    expired = 0
    while True:
        with db.session() as session:
            taken = blurbs.expire_requests(session, now=now, limit=batch)
        expired += len(taken)
        for request in taken:
            blurb_asks.close_dm(
                messenger=messenger, request=request, message=blurb_blocks.request_expired(request)
            )
        if len(taken) < batch:
            return {"blurb_requests_expired": expired} if expired else {}
