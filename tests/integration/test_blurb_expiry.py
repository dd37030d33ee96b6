"""Expiring blurb requests takes a batch at a time, like every other scheduled job."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.db import Database
from bot.models import BlurbRequest
from bot.services import blurbs
from tests.support import factories

NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)


def _member_with_overdue_requests(db: Database, count: int) -> None:
    with db.session() as session:
        owner = factories.member(session, now=NOW)
        for n in range(count):
            factories.blurb_request(
                session,
                owner=owner,
                colleague_user_id=f"U{100 + n}",
                expires_at=NOW - dt.timedelta(days=1),
                now=NOW - dt.timedelta(days=15),
            )


def test_expiry_takes_at_most_a_batch_and_then_the_rest(db: Database) -> None:
    """On Postgres a LIMIT inside `IN (subquery)` could be re-run per row and take every
    overdue request at once; a batch must be a batch."""
    _member_with_overdue_requests(db, 5)
    with db.session() as session:
        assert len(blurbs.expire_requests(session, now=NOW, limit=2)) == 2
    with db.session() as session:
        assert len(blurbs.expire_requests(session, now=NOW, limit=20)) == 3
    with db.session() as session:
        states = session.scalar(select(func.count()).where(BlurbRequest.state == blurbs.EXPIRED))
        assert states == 5
