"""Close blurb requests nobody answered within 14 days; the colleague's DM loses its buttons."""

from __future__ import annotations

import datetime as dt

from bot.db import Database
from bot.jobs.batches import in_batches
from bot.services import blurb_asks, blurbs
from bot.services.messenger import Messenger
from bot.slack.blocks import blurbs as blurb_blocks

BATCH = 50


def expire_blurb_requests(
    *, db: Database, messenger: Messenger, now: dt.datetime, batch: int = BATCH
) -> dict[str, int]:
    """Close overdue requests a batch at a time (`in_batches`); the count, for the tick's
    report."""
    expired = in_batches(
        db=db,
        take=lambda session, limit: blurbs.expire_requests(session, now=now, limit=limit),
        tell=lambda request: blurb_asks.close_dm(
            messenger=messenger, request=request, message=blurb_blocks.request_expired(request)
        ),
        batch=batch,
    )
    return {"blurb_requests_expired": expired} if expired else {}
